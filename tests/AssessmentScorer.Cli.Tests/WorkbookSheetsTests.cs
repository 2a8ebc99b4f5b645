using System.Data;
using System.IO.Compression;
using System.Text.Json;
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
            return SheetPart(sheet);
        }

        var fromCharacters = Sheet(true);
        fromCharacters.Should().Equal(Sheet(false));
        fromCharacters.Length.Should().BeGreaterThan(100_000);
    }

    [Fact]
    public void IndicatorSheet_WrittenFromTheOutcomes_IsTheSameBytes_AsFromTheRecords()
    {
        // Every example of examples/ and seeded random submissions (wrong kinds, out of range, fractional, missing, with
        // and without last year's values) for every bundled rule set, each rule set's alone and as a cohort (ranked
        // indicators); and a result built by hand, whose own records are written either way.
        var registry = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;
        var bySet = registry.All.ToDictionary(rs => $"{rs.Scheme}@{rs.Version}", _ => new List<Submission>());
        foreach (var expected in Directory.EnumerateFiles(Repo.Examples, "*.expected.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(expected));
            var set = doc.RootElement.GetProperty("ruleSet");
            using var input = JsonDocument.Parse(File.ReadAllText(expected[..^".expected.json".Length] + ".json"));
            var texts = input.RootElement.ValueKind == JsonValueKind.Array ? input.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList() : [input.RootElement.GetRawText()];
            bySet[$"{set.GetProperty("scheme").GetString()}@{set.GetProperty("version").GetString()}"].AddRange(texts.Select(t => Submission.ParseJson(t).Submission!));
        }
        var rng = new Random(1818);
        var results = new List<AssessmentResult>();
        foreach (var rs in registry.All)
        {
            var subs = bySet[$"{rs.Scheme}@{rs.Version}"];
            for (var i = 0; i < 24; i++) subs.Add(RandomSubmission(rs, rng, i));
            results.AddRange(subs.Select(rs.Score));
            results.AddRange(rs.ScoreCohort(subs).Results);
        }
        var scored = results.Count;
        var first = results[0];
        results.Insert(results.Count / 2, first with
        {
            Indicators = new List<IndicatorResult>
            {
                new IndicatorResult("own_share", "自定比例", "Own share", first.Dimensions.FirstOrDefault()?.Id, 0.4312m, "43.12%", "≥ 40%", true, 5m, 5m,
                    IndicatorStatus.Scored, "threshold", new Explanation("自定", "own"), null, first.Indicators[0].DefinedIn, [], null),
                new IndicatorResult("own_flag", "自定是否", "Own flag", "no_such_dimension", false, "否", "= 是", false, 0m, 2m,
                    IndicatorStatus.Scored, "threshold", new Explanation("自定", "own"), null, first.Indicators[0].DefinedIn, [], null),
                new IndicatorResult("own_level", "自定等级", "Own level", null, "四级甲等", "四级甲等", null, null, 0m, 0m,
                    IndicatorStatus.NotApplicable, "level", new Explanation("自定", "own"), null, first.Indicators[0].DefinedIn, [], null),
                new IndicatorResult("own_missing", "自定缺少", "Own missing", null, null, null, "≤ 3", null, 0m, 4m,
                    IndicatorStatus.Missing, "threshold", new Explanation("自定", "own"), null, first.Indicators[0].DefinedIn, ["values.a", "values.b"], null),
            },
        });

        // The same results with their indicators made into lists of records: the sheet is then written from the records.
        // (The scorer's own results hold their outcomes, not a list of records.)
        results.Count(r => r.Indicators is not List<IndicatorResult>).Should().Be(scored);
        var asRecords = results.Select(r => r.Indicators is List<IndicatorResult> ? r : r with { Indicators = r.Indicators.ToList() }).ToList();

        // What the rows hold: numbers with their places, yes/no, levels and texts, no value; targets given and made
        // from last year's value; met, not met and undecided; every status but vetoed; missing fields named.
        var records = asRecords.SelectMany(r => r.Indicators).ToList();
        records.Should().HaveCountGreaterThan(3000);
        records.Select(i => i.Value?.GetType().Name ?? "null").Distinct().Should().Contain(["Decimal", "Boolean", "String", "null"]);
        records.Select(i => i.Status).Distinct().Should().Contain([IndicatorStatus.Scored, IndicatorStatus.Missing, IndicatorStatus.NotApplicable, IndicatorStatus.Undefined]);
        records.Select(i => i.Met).Distinct().Should().Contain([true, false, null]);
        records.Should().Contain(i => i.DisplayValue != null && i.DisplayValue.EndsWith('%'));
        records.Should().Contain(i => i.Target != null && i.Target.Contains("上年"), "a target made from last year's value");
        records.Should().Contain(i => i.MissingData.Count > 1);

        var fromOutcomes = IndicatorSheet(results);
        fromOutcomes.Should().Equal(IndicatorSheet(asRecords));
        fromOutcomes.Length.Should().BeGreaterThan(500_000);
    }

    /// <summary>The indicator sheet's part of a workbook of <paramref name="results"/>, written in runs as the results workbook writes it.</summary>
    private static byte[] IndicatorSheet(IReadOnlyList<AssessmentResult> results)
    {
        var sheet = new XSheet("指标 Indicators", Tables.IndicatorHeader, results.SelectMany(r => Tables.IndicatorRows(r)))
        {
            Items = new XItems(results.Count, Tables.IndicatorHeader.Length, (i, row) => Tables.IndicatorRows(results[i], row)) { RowCount = i => results[i].Indicators.Count },
        };
        return SheetPart(sheet);
    }

    /// <summary>The sheet's XML part of a workbook of <paramref name="sheet"/> alone.</summary>
    private static byte[] SheetPart(XSheet sheet)
    {
        using var ms = new MemoryStream();
        Xlsx.Write(ms, new[] { sheet });
        ms.Position = 0;
        using var zip = new ZipArchive(ms, ZipArchiveMode.Read);
        using var part = new MemoryStream();
        using (var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()) entry.CopyTo(part);
        return part.ToArray();
    }

    /// <summary>Random values for a rule set's fields: some left out, some of the wrong kind, out of range or fractional; last year's for some.</summary>
    private static Submission RandomSubmission(CompiledRuleSet rs, Random rng, int i)
    {
        FieldValue? Value(DataField f)
        {
            switch (rng.Next(12))
            {
                case 0: return null;
                case 1: return FieldValue.Of(rng.Next(2) == 0 ? "文字" : "x");
                case 2: return FieldValue.Of(rng.Next(-40, 400) / 8m);
            }
            switch (f.Type)
            {
                case "integer" or "number":
                    var lo = f.Min ?? 0m;
                    var hi = f.Max ?? lo + 10_000m;
                    return rng.Next(8) switch
                    {
                        0 => FieldValue.Of(lo - 1),
                        1 => FieldValue.Of(hi + 1),
                        2 => FieldValue.Of(lo + 0.5m),
                        3 => FieldValue.Of(lo),
                        _ => FieldValue.Of(f.Type == "integer" ? Math.Round(lo + (hi - lo) * (decimal)rng.NextDouble()) : Math.Round(lo + (hi - lo) * (decimal)rng.NextDouble(), rng.Next(0, 6))),
                    };
                case "boolean":
                    return FieldValue.Of(rng.Next(2) == 0);
                default:
                    return f.Values is { Count: > 0 } allowed && rng.Next(4) > 0 ? FieldValue.Of(allowed[rng.Next(allowed.Count)]) : FieldValue.Of("任意");
            }
        }
        Dictionary<string, FieldValue> Values(Func<DataField, bool> which)
        {
            var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
            foreach (var f in rs.Fields.Where(which))
                if (Value(f) is { } v) values[f.Id] = v;
            return values;
        }
        var tiers = new[] { "tertiary", "secondary", "primary" };
        var subject = new Subject($"R{i:D3}", $"随机{i}", "hospital", tiers[rng.Next(tiers.Length)], rng.Next(3) == 0 ? "tcm" : "general", "public", "CN-SC", rng.Next(50, 3000));
        return new Submission(subject, 2025, Values(_ => true), rng.Next(3) == 0 ? null : new PreviousPeriod(2024, Values(f => f.Previous)));
    }
}
