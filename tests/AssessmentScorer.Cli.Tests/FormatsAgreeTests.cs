using System.Text;
using System.Text.Json;
using AssessmentScorer.Reports;
using ExcelDataReader;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// The same national cohort through every input format (JSON array, JSON lines, CSV, the filled template workbook) and
/// every output (JSON full, indicators and summary, JSON lines, CSV, xlsx): the same subjects, totals and grades.
/// And the new options: --detail full is today's output byte for byte, --format jsonl is a header line then one result
/// per line, --detail is refused with formats it does not apply to.
/// </summary>
public sealed class FormatsAgreeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-formats-");
    private const string National = "cn.national.tertiary-performance@1.1.0";

    static FormatsAgreeTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => _dir.Delete(true);

    private string P(string name) => Path.Combine(_dir.FullName, name);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(["--rulesets", Repo.RuleSets, .. args]);

    /// <summary>The repository's national cohort written as every input format (the template's columns for the tables).</summary>
    private string[] Inputs()
    {
        var cohort = Repo.At("examples/national/tertiary-cohort.json");
        var subs = SubmissionBatch.ReadJsonArray(File.ReadAllText(cohort)).Submissions;
        var rs = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve(National)!;
        var columns = TemplateWorkbook.Columns(rs);
        var rows = subs.Select(s => (IReadOnlyList<XCell>)columns.Select(c => TemplateWorkbook.Cell(s, c.Id)).ToArray()).ToList();
        File.WriteAllText(P("in.csv"), Tables.Csv(columns.Select(c => c.Header).ToList(), rows));
        using (var fs = File.Create(P("in.xlsx"))) Xlsx.Write(fs, new[] { new XSheet("填报 Data", columns.Select(c => c.Header).ToList(), rows) });
        using (var doc = JsonDocument.Parse(File.ReadAllText(cohort)))
            File.WriteAllText(P("in.jsonl"), string.Concat(doc.RootElement.EnumerateArray().Select(e => JsonSerializer.Serialize(e) + "\n")));
        return new[] { cohort, P("in.jsonl"), P("in.csv"), P("in.xlsx") };
    }

    private static List<(string Id, decimal Total, string? Grade)> FromJson(JsonElement results) =>
        results.EnumerateArray().Select(r => (r.GetProperty("subject").GetProperty("id").GetString()!, r.GetProperty("total").GetDecimal(),
            r.GetProperty("grade").ValueKind == JsonValueKind.Null ? null : r.GetProperty("grade").GetString())).ToList();

    [Fact]
    public void EveryInputAndOutputFormat_SameSubjectsTotalsAndGrades()
    {
        var inputs = Inputs();
        var (code0, full0, err0) = Run("score", "-r", National, "--format", "json", inputs[0]);
        code0.Should().BeOneOf(new[] { 0, 3 }, err0);
        var expected = FromJson(JsonDocument.Parse(full0).RootElement.GetProperty("results"));
        expected.Should().HaveCountGreaterThan(10);
        expected.Select(e => e.Grade).Distinct().Should().HaveCountGreaterThan(1, "the cohort is graded, not all one grade");

        foreach (var input in inputs)
        {
            foreach (var detail in new[] { "full", "indicators", "summary" })
            {
                var (_, json, err) = Run("score", "-r", National, "--format", "json", "--detail", detail, input);
                FromJson(JsonDocument.Parse(json).RootElement.GetProperty("results")).Should().Equal(expected, $"{input} --detail {detail}: {err}");
            }
            var (_, lines, _) = Run("score", "-r", National, "--format", "jsonl", "--detail", "summary", input);
            var results = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            results.Select(r => (r.GetProperty("subject").GetProperty("id").GetString()!, r.GetProperty("total").GetDecimal(),
                r.GetProperty("grade").ValueKind == JsonValueKind.Null ? null : r.GetProperty("grade").GetString())).Should().Equal(expected, input + " jsonl");

            var (_, csv, _) = Run("score", "-r", National, "--format", "csv", input);
            var csvRows = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
            csvRows.Select(c => (c[0], decimal.Parse(c[4], System.Globalization.CultureInfo.InvariantCulture), c[7].Length == 0 ? null : c[7]))
                .Should().Equal(expected, input + " csv");

            var book = P(Path.GetFileNameWithoutExtension(input) + "-out.xlsx");
            Run("score", "-r", National, "--format", "xlsx", "--out", book, input);
            using var stream = File.OpenRead(book);
            using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
            reader.Read().Should().BeTrue();
            var sheet = new List<(string, decimal, string?)>();
            while (reader.Read())
                sheet.Add((reader.GetValue(0)!.ToString()!, Convert.ToDecimal(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
                    reader.GetValue(7)?.ToString() is { Length: > 0 } g ? g : null));
            sheet.Should().Equal(expected, input + " xlsx");
        }
    }

    [Fact]
    public void DetailFull_IsTodaysJsonByteForByte()
    {
        var cohort = Repo.At("examples/national/tertiary-cohort.json");
        var (_, plain, _) = Run("score", "-r", National, "--format", "json", cohort);
        var (_, full, _) = Run("score", "-r", National, "--format", "json", "--detail", "full", cohort);
        full.Should().Be(plain);
        var (_, summary, _) = Run("score", "-r", National, "--format", "json", "--detail", "summary", cohort);
        summary.Length.Should().BeLessThan(plain.Length / 5, "the summary carries no indicators and the rule-set constants once");
        JsonDocument.Parse(summary).RootElement.GetProperty("catalogue").GetProperty("indicators").GetArrayLength().Should().Be(56);
    }

    [Fact]
    public void Jsonl_HeaderLineThenEachResultAsTheJsonWritesIt()
    {
        var cohort = Repo.At("examples/national/tertiary-cohort.json");
        var (_, json, _) = Run("score", "-r", National, "--format", "json", cohort);
        var (code, jsonl, err) = Run("score", "-r", National, "--format", "jsonl", cohort);
        code.Should().BeOneOf(new[] { 0, 3 }, err);
        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var results = JsonDocument.Parse(json).RootElement.GetProperty("results");
        lines.Should().HaveCount(1 + results.GetArrayLength());
        var header = JsonDocument.Parse(lines[0]).RootElement;
        header.GetProperty("detail").GetString().Should().Be("full");
        header.GetProperty("aggregates").GetRawText().Should().Be(JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement.GetProperty("aggregates"),
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        for (var i = 0; i < results.GetArrayLength(); i++)
            lines[1 + i].Should().Be(JsonSerializer.Serialize(results[i], new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("table")]
    public void Detail_WithAFormatItDoesNotApplyTo_IsBadUsage(string format)
    {
        var (code, _, err) = Run("score", "-r", National, "--format", format, "--detail", "summary", Repo.At("examples/national/tertiary-cohort.json"));
        code.Should().Be(2);
        err.Should().Contain("--detail");
    }
}
