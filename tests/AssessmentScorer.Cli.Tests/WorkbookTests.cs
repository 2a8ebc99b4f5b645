using System.Data;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ExcelDataReader;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// The results workbook as an assessor's spreadsheet reads it (ExcelDataReader, independent of the writer): numbers are
/// numbers with the places the report shows, headers filter and stay in view, long text wraps, every problem names its place.
/// </summary>
public sealed class WorkbookTests : IDisposable
{
    // ExcelDataReader asks for code page 1252 when it opens any workbook; the reader registers it itself rather than
    // relying on another test (or the CLI's GB18030 decoding) having done so first.
    static WorkbookTests() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-book-");

    public void Dispose() => _dir.Delete(true);

    private string Write(string ruleSet, string example)
    {
        var path = Path.Combine(_dir.FullName, "r.xlsx");
        var (code, _, err) = CliRunner.Run("--rulesets", Repo.RuleSets, "score", "-r", ruleSet, "--format", "xlsx", "--out", path, Repo.At(example));
        code.Should().BeOneOf(new[] { 0, 3 }, err);
        return path;
    }

    /// <summary>Every sheet as a table whose columns are the header row; cells keep the type the reader gives them.</summary>
    internal static DataSet Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var book = new DataSet();
        do
        {
            var table = book.Tables.Add(reader.Name);
            if (!reader.Read()) continue;
            for (var c = 0; c < reader.FieldCount; c++) table.Columns.Add(reader.GetValue(c)?.ToString() ?? $"column {c}", typeof(object));
            while (reader.Read())
            {
                var row = table.NewRow();
                for (var c = 0; c < table.Columns.Count; c++) row[c] = reader.GetValue(c) ?? DBNull.Value;
                table.Rows.Add(row);
            }
        }
        while (reader.NextResult());
        return book;
    }

    [Fact]
    public void Workbook_NumbersAreNumbers_WithTheReportsPlaces()
    {
        var path = Write("cn.sichuan.leshan.shizhong.high-quality@1.0.0", "examples/leshan/district-cohort.json");
        var book = Read(path);

        var summary = book.Tables["汇总 Summary"]!;
        summary.Rows.Count.Should().Be(32);
        summary.Rows[0]["总分 total"].Should().BeOfType<double>();
        summary.Rows[0]["满分 max"].Should().BeOfType<double>();
        summary.Rows.Cast<DataRow>().Where(r => r["上一等级 next grade"] is string { Length: > 0 })
            .Should().OnlyContain(r => r["还差分数 points short"] is double, "the gap to the next grade is a number beside the grade's name");

        var indicators = book.Tables["指标 Indicators"]!;
        var cmi = indicators.Rows.Cast<DataRow>().First(r => (string)r["指标 indicator"] == "cmi" && r["值 value"] is not DBNull);
        cmi["值 value"].Should().BeOfType<double>();
        var share = indicators.Rows.Cast<DataRow>().First(r => (string)r["指标 indicator"] == "minimally_invasive_share" && r["值 value"] is double);
        ((double)share["值 value"]).Should().BeLessThan(1, "a share is stored as a fraction and shown with a percent format");
        indicators.Rows.Cast<DataRow>().Select(r => r["状态 status"]).Should().Contain("已计分");

        // The formats and the layout, read from the file itself.
        using var doc = SpreadsheetDocument.Open(path, false);
        var wb = doc.WorkbookPart!;
        wb.WorkbookStylesPart!.Stylesheet!.NumberingFormats!.Elements<NumberingFormat>().Select(f => f.FormatCode!.Value).Should().Contain("0.00%");
        foreach (var sheet in wb.Workbook.Sheets!.Elements<Sheet>())
        {
            var ws = ((WorksheetPart)wb.GetPartById(sheet.Id!)).Worksheet;
            ws.Descendants<AutoFilter>().Should().ContainSingle($"{sheet.Name} filters on its header row");
            ws.Descendants<Column>().Should().NotBeEmpty($"{sheet.Name} sizes its columns");
        }
    }

    [Fact]
    public void Workbook_Problems_NameTheSubjectOrTheFileRowAndColumn()
    {
        var csv = Path.Combine(_dir.FullName, "in.csv");
        File.WriteAllText(csv, "id,tier,year,emr_level\nH1,tertiary,2025,5\nH2,tertiary,2025,notanumber\n");
        var path = Path.Combine(_dir.FullName, "p.xlsx");
        CliRunner.Run("--rulesets", Repo.RuleSets, "score", "-r", "cn.demo.hospital-basics@1.0.0", "--format", "xlsx", "--out", path, csv);

        var problems = Read(path).Tables["问题 Problems"]!.Rows.Cast<DataRow>().ToList();

        problems.Should().Contain(r => r["机构编码 subject"] as string == "H1" && r["字段 field"] as string == "values.physicians");
        problems.Should().OnlyContain(r => r["机构编码 subject"] is string || r["文件 file"] is string, "every problem names where it is");
    }
}
