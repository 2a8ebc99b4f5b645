using System.Data;
using System.IO.Compression;
using System.Text.RegularExpressions;
using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// The results workbook's two large sheets, made in runs on every core (each run numbering its own rows and reading
/// each indicator's explanation without its record), read back with ExcelDataReader: every subject's rows, in order,
/// say what its results say, and the rows are numbered 1, 2, 3, … with none missing or repeated.
/// </summary>
public sealed class WorkbookSheetsTests : IDisposable
{
    static WorkbookSheetsTests() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-sheets-");

    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void IndicatorAndExplanationRows_AreEachSubjectsOwn_NumberedInOrder()
    {
        var rs = RepeatedCohort.RuleSet();
        var cohort = RepeatedCohort.Score(rs, 300);   // ten runs of 32 subjects, the last one short
        var path = Path.Combine(_dir.FullName, "r.xlsx");
        using (var file = File.Create(path)) WorkbookReport.Write(file, cohort.Results, cohort.Aggregates, Array.Empty<InputProblem>(), rs);
        var book = WorkbookTests.Read(path);

        var indicators = book.Tables["指标 Indicators"]!.Rows.Cast<DataRow>().ToList();
        var explanations = book.Tables["说明 Explanations"]!.Rows.Cast<DataRow>().ToList();
        var (ir, er) = (0, 0);
        foreach (var r in cohort.Results)
        {
            foreach (var i in r.Indicators)
            {
                indicators[ir]["机构编码 id"].Should().Be(r.Subject.Id);
                indicators[ir]["指标 indicator"].Should().Be(i.Id);
                (indicators[ir]["得分 points"] is double p ? (decimal)p : -1).Should().Be(i.Points, $"row {ir + 2}");
                ir++;
                explanations[er]["机构编码 id"].Should().Be(r.Subject.Id);
                explanations[er]["指标 indicator"].Should().Be(i.Id);
                explanations[er]["说明"].Should().Be(i.Explanation.Zh);
                explanations[er]["Explanation"].Should().Be(i.Explanation.En);
                er++;
            }
            foreach (var v in r.Vetoes)
            {
                explanations[er]["指标 indicator"].Should().Be("veto:" + v.Id);
                explanations[er]["说明"].Should().Be(v.Explanation.Zh);
                er++;
            }
        }
        indicators.Should().HaveCount(ir);
        explanations.Should().HaveCount(er);
        er.Should().Be(ir + cohort.Results.Sum(r => r.Vetoes.Count), "the explanations are the indicators' and the vetoes'");

        using var zip = ZipFile.OpenRead(path);
        foreach (var (sheet, rows) in new[] { ("xl/worksheets/sheet2.xml", ir), ("xl/worksheets/sheet3.xml", er) })
        {
            using var reader = new StreamReader(zip.GetEntry(sheet)!.Open());
            var numbers = Regex.Matches(reader.ReadToEnd(), "<row r=\"(\\d+)\"").Select(m => int.Parse(m.Groups[1].Value)).ToList();
            numbers.Should().Equal(Enumerable.Range(1, rows + 1), $"{sheet} numbers its header and {rows} rows in order");
        }
    }

    [Fact]
    public void ExplanationSheet_WrittenFromTheSentencesCharacters_IsTheSameBytes_AsFromTheirStrings()
    {
        var rs = RepeatedCohort.RuleSet();
        // Results of the scorer, and a few whose indicators are a list of records of their own (written from strings either way).
        var results = RepeatedCohort.Score(rs, 300).Results
            .Select((r, i) => i % 50 == 7 ? r with { Indicators = r.Indicators.ToList() } : r).ToList();
        byte[] Sheet(bool fromCharacters)
        {
            var titles = new Tables.SourceTitles(rs);
            var sheet = new XSheet("说明 Explanations", Tables.ExplanationHeader, results.SelectMany(r => Tables.ExplanationRows(r, titles.Title, new XCell[5])))
            {
                Items = new XItems(results.Count, Tables.ExplanationHeader.Length, (i, row) => Tables.ExplanationRows(results[i], titles.Title, row))
                {
                    Write = fromCharacters ? (i, row, sink) => Tables.WriteExplanationRows(results[i], titles.Title, row, sink) : null,
                },
            };
            sheet.Wrap.UnionWith(new[] { 2, 3 });
            using var ms = new MemoryStream();
            Xlsx.Write(ms, new[] { sheet });
            ms.Position = 0;
            using var zip = new ZipArchive(ms, ZipArchiveMode.Read);
            using var part = new MemoryStream();
            using (var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()) entry.CopyTo(part);
            return part.ToArray();
        }

        var fromCharacters = Sheet(true);
        fromCharacters.Should().Equal(Sheet(false));
        fromCharacters.Length.Should().BeGreaterThan(100_000);
    }
}
