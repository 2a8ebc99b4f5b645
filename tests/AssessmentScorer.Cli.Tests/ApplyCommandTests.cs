using System.Data;
using System.Text.Json;

namespace AssessmentScorer.Cli.Tests;

/// <summary>apply: a compiled rules assembly over the scored inputs, its actions in every format, clear errors for a bad assembly.</summary>
public sealed class ApplyCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-apply-");
    private static readonly string Pack = typeof(AssessmentScorer.Examples.RulePack.GradeBelowBRectification).Assembly.Location;

    public void Dispose() => _dir.Delete(true);

    private static (int Code, string Out, string Err) Apply(params string[] more) =>
        CliRunner.Run(new[] { "--rulesets", Repo.RuleSets, "apply", "--rules", Pack, "-r", "cn.anhui.bozhou.qiaocheng.high-quality",
            "--earlier", Repo.At("examples/rule-pack/qiaocheng-2024.json") }.Concat(more).Append(Repo.At("examples/qiaocheng/cohort.json")).ToArray());

    [Fact]
    public void Json_lists_the_actions_with_their_rules_and_causes()
    {
        var (code, stdout, stderr) = Apply("--format", "json");
        code.Should().Be(0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var actions = doc.RootElement.GetProperty("actions").EnumerateArray().ToList();
        doc.RootElement.GetProperty("subjects").GetInt32().Should().Be(32);
        actions.Where(a => a.GetProperty("kind").GetString() == "interview").Select(a => a.GetProperty("subjectId").GetString())
            .Should().Equal("QC-H08", "QC-H13", "QC-H14");
        actions.Should().OnlyContain(a => a.GetProperty("causes").GetArrayLength() > 0 && a.GetProperty("rule").GetString()!.Length > 0);
        stderr.Should().Contain($"{actions.Count} action(s) from 13 rule(s)");
    }

    [Fact]
    public void Csv_has_one_row_per_action_and_xlsx_the_same_rows_with_numbers_as_numbers()
    {
        var (_, json, _) = Apply("--format", "json");
        var count = JsonDocument.Parse(json).RootElement.GetProperty("actions").GetArrayLength();

        var (code, csv, err) = Apply("--format", "csv");
        code.Should().Be(0, err);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(count + 1);
        lines[0].Should().StartWith("机构编码 subject,年度 year,动作 action,规则 rule");
        lines.Should().Contain(l => l.StartsWith("QC-H14,2025,约谈 interview,unmet-two-years.interview,performance_grade_b,", StringComparison.Ordinal));

        var path = Path.Combine(_dir.FullName, "actions.xlsx");
        (code, _, err) = Apply("--format", "xlsx", "--out", path);
        code.Should().Be(0, err);
        var sheet = WorkbookTests.Read(path).Tables[0];
        sheet.TableName.Should().Be("结果运用 Actions");
        sheet.Rows.Count.Should().Be(count);
        var funding = sheet.Rows.Cast<DataRow>().First(r => (string)r["机构编码 subject"] == "QC-H01" && ((string)r["动作 action"]).StartsWith("经费核拨系数", StringComparison.Ordinal));
        funding["系数 coefficient"].Should().Be(1.1d);
    }

    [Fact]
    public void Table_explains_each_action_in_Chinese_then_English()
    {
        var (code, stdout, _) = Apply();
        code.Should().Be(0);
        stdout.Should().Contain("QC-H14 2025  约谈 interview  indicator=performance_grade_b  [unmet-two-years.interview]")
            .And.Contain("interview the leadership about performance_grade_b. Because: ");
    }

    [Fact]
    public void A_missing_file_a_file_that_is_no_assembly_and_an_assembly_without_rules_are_usage_errors_naming_the_file()
    {
        var notAssembly = Path.Combine(_dir.FullName, "rules.dll");
        File.WriteAllText(notAssembly, "not an assembly");
        var noRules = typeof(CompiledRuleSet).Assembly.Location;
        foreach (var (path, message) in new[] { (Path.Combine(_dir.FullName, "missing.dll"), "rules assembly not found"), (notAssembly, "not a .NET assembly"), (noRules, "has no rule classes") })
        {
            var (code, stdout, stderr) = CliRunner.Run("--rulesets", Repo.RuleSets, "apply", "--rules", path, "-r", "cn.demo.hospital-basics", Repo.At("examples/demo/tertiary-hospital.json"));
            code.Should().Be(2);
            stdout.Should().BeEmpty();
            stderr.Should().Contain($"error: --rules {path}: ").And.Contain(message);
        }
    }
}
