using System.Text.Json;
using System.Text.RegularExpressions;
using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// One submission, one result: every output format gives the same total and grade, whatever the format or how many
/// other rows were rejected; several submissions are a cohort unless --alone says otherwise; a run with missing data
/// ends with exit code 3.
/// </summary>
public sealed class ScoreModeTests : IDisposable
{
    private static readonly string Root = Repo.Root;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-mode-");

    public void Dispose() => _dir.Delete(true);

    private string P(string name) => Path.Combine(_dir.FullName, name);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(["--rulesets", Repo.RuleSets, .. args]);

    /// <summary>Total, maximum and grade of the first subject, as each output format shows them.</summary>
    private (string Total, string Max, string Grade) Shown(string format, string reference, string input, params string[] extra)
    {
        var args = new List<string> { "score", "-r", reference, "--format", format };
        args.AddRange(extra);
        if (format is "xlsx" or "html") args.AddRange(new[] { "--out", P("r." + format) });
        args.Add(input);
        var (code, stdout, stderr) = Run(args.ToArray());
        code.Should().BeOneOf(new[] { 0, 1, 3 }, stderr);   // 1 where a row was rejected, 3 where data is missing
        switch (format)
        {
            case "json":
                {
                    var root = JsonDocument.Parse(stdout).RootElement;
                    var r = root.TryGetProperty("results", out var rs) ? rs[0] : root;
                    return (r.GetProperty("total").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture),
                        r.GetProperty("maxTotal").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture),
                        r.GetProperty("grade").ValueKind == JsonValueKind.Null ? "" : r.GetProperty("grade").GetString()!);
                }
            case "csv":
                {
                    var lines = stdout.TrimStart('\uFEFF').TrimEnd().Split("\r\n");
                    var header = lines[0].Split(',');
                    var row = lines[1].Split(',');
                    return (row[Array.IndexOf(header, "总分 total")], row[Array.IndexOf(header, "满分 max")], row[Array.IndexOf(header, "等级 grade")]);
                }
            case "xlsx":
                {
                    var (rows, _, error) = Xlsx.ReadFirstSheet(File.ReadAllBytes(P("r.xlsx")));
                    error.Should().BeNull();
                    var header = rows[0].ToList();
                    return (rows[1][header.IndexOf("总分 total")], rows[1][header.IndexOf("满分 max")], rows[1][header.IndexOf("等级 grade")]);
                }
            case "html":
                {
                    var html = File.ReadAllText(P("r.html"));
                    var m = Regex.Match(html, "<b class=\"total\">([^<]*)</b> / ([^ ]*) 总分 total</div>.*?<b class=\"grade\">([^<]*)</b>", RegexOptions.Singleline);
                    m.Success.Should().BeTrue("the report shows each subject's total and grade");
                    return (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value == "—" ? "" : m.Groups[3].Value);
                }
            default:
                {
                    var m = Regex.Match(stdout, @"总分 Total: (\S+) / (\S+)\s+.*?等级 Grade: (\S+)");
                    m.Success.Should().BeTrue(stdout);
                    return (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value == "—" ? "" : m.Groups[3].Value);
                }
        }
    }

    [Theory]
    [InlineData("cn.national.tertiary-performance@latest", "examples/national/tertiary-hospital.json")]
    [InlineData("cn.anhui.bozhou.qiaocheng.high-quality@1.0.0", "examples/qiaocheng/tertiary-hospital.json")]
    [InlineData("cn.sichuan.leshan.shizhong.high-quality@1.0.0", "examples/leshan/district-cohort.json")]
    public void Score_EveryOutputFormat_SameTotalAndGrade(string reference, string example)
    {
        var input = Path.Combine(Root, example);

        // The terminal table of a cohort is a ranking, not one subject's header: compared for single submissions.
        var formats = File.ReadAllText(input).TrimStart().StartsWith('[') ? new[] { "json", "csv", "xlsx", "html" } : new[] { "json", "table", "csv", "xlsx", "html" };
        var shown = formats.Select(f => (Format: f, Shown: Shown(f, reference, input))).ToList();

        foreach (var (format, s) in shown) s.Should().Be(shown[0].Shown, $"{format} must agree with json");
    }

    [Fact]
    public void Score_OneSubjectAlone_SameAsInACohortOfOneAndAfterARejectedRow()
    {
        // The national tertiary example: alone its ranked indicators have no peers (not applicable), so total 0 of 0 and no
        // grade — and the same when told to score it as a cohort of one, or when another row of the input was rejected.
        var single = Path.Combine(Root, "examples/national/tertiary-hospital.json");
        var withBad = P("with-bad.json");
        var one = File.ReadAllText(single).Trim();
        File.WriteAllText(withBad, $"[{one}, {{\"subject\": {{\"id\": \"bad\"}}, \"year\": \"not a year\"}}]");

        var alone = Shown("json", "cn.national.tertiary-performance@latest", single);
        var cohortOfOne = Shown("json", "cn.national.tertiary-performance@latest", single, "--cohort");
        var csvAfterRejected = Shown("csv", "cn.national.tertiary-performance@latest", withBad);

        alone.Should().Be(("0", "0", ""));
        cohortOfOne.Should().Be(alone);
        csvAfterRejected.Should().Be(alone);
    }

    [Fact]
    public void Score_SeveralSubjects_AloneOnRequest_NoRanksNoAggregates()
    {
        var input = Path.Combine(Root, "examples/leshan/district-cohort.json");

        var (code, stdout, _) = Run("score", "-r", "cn.sichuan.leshan.shizhong.high-quality@1.0.0", "--format", "json", "--alone", input);

        code.Should().Be(3);
        var results = JsonDocument.Parse(stdout).RootElement;
        results.ValueKind.Should().Be(JsonValueKind.Array);
        results.GetArrayLength().Should().Be(32);
        results.EnumerateArray().Should().OnlyContain(r => r.GetProperty("cohort").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public void Score_CohortAndAloneTogether_IsBadUsage()
    {
        var (code, _, stderr) = Run("score", "-r", "cn.demo.hospital-basics@1.0.0", "--cohort", "--alone", Path.Combine(Root, "examples/demo/tertiary-hospital.json"));

        code.Should().Be(2);
        stderr.Should().Contain("--cohort and --alone");
    }

    [Fact]
    public void Score_CompleteData_ExitsZero_MissingData_ExitsThreeAndSaysSo()
    {
        var complete = Run("score", "-r", "cn.demo.hospital-basics@1.0.0", Path.Combine(Root, "examples/demo/tertiary-hospital.json"));
        File.WriteAllText(P("partial.json"), """{ "subject": { "id": "h", "tier": "tertiary" }, "year": 2025, "values": { "emr_level": 5 } }""");
        var partial = Run("score", "-r", "cn.demo.hospital-basics@1.0.0", P("partial.json"));

        complete.Code.Should().Be(0, complete.Err);
        partial.Code.Should().Be(3);
        partial.Err.Should().Contain("1 subject(s) with missing data");
    }
}
