using AssessmentScorer.Cli;

namespace AssessmentScorer.Cli.Tests;

public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private static string R(string rel) => Repo.At(rel);

    [Fact]
    public void Score_DemoExampleAsJson_PrintsResultAndExitsZero()
    {
        var (code, stdout, _) = Run("score", "--rulesets", R("rulesets"), "--ruleset", "cn.demo.hospital-basics@latest", "--format", "json", R("examples/demo/tertiary-hospital.json"));
        code.Should().Be(0);
        stdout.Should().Contain("\"scheme\": \"cn.demo.hospital-basics\"").And.Contain("\"total\": 90");
    }

    [Fact]
    public void Score_Table_ShowsTotalGradeAndIndicators()
    {
        var (code, stdout, _) = Run("score", "--rulesets", R("rulesets"), "-r", "cn.demo.hospital-basics@1.0.0", R("examples/demo/tertiary-hospital.json"));
        code.Should().Be(0);
        stdout.Should().Contain("总分 Total: 90 / 100").And.Contain("优秀").And.Contain("人员支出占业务支出比重").And.Contain("43.00%");
    }

    [Fact]
    public void Score_UnknownRuleSet_ExitsTwo()
    {
        var (code, _, stderr) = Run("score", "--rulesets", R("rulesets"), "-r", "cn.nope@latest", R("examples/demo/tertiary-hospital.json"));
        code.Should().Be(2);
        stderr.Should().Contain("no rule set matches 'cn.nope@latest'");
    }

    [Fact]
    public void Score_MalformedSubmission_ExitsOneNamingTheFile()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(bad, "{ \"subject\": { \"id\": \"x\" }, \"year\": ");
        try
        {
            var (code, _, stderr) = Run("score", "--rulesets", R("rulesets"), "-r", "cn.demo.hospital-basics@latest", bad);
            code.Should().Be(1);
            stderr.Should().Contain(bad).And.Contain("AS5001");
        }
        finally { File.Delete(bad); }
    }

    [Fact]
    public void UnknownOption_ExitsTwo()
    {
        Run("score", "--no-such-option").Code.Should().Be(2);
    }

    [Fact]
    public void Validate_BrokenFile_PrintsLocationAndCaretsAndExitsOne()
    {
        var dir = Directory.CreateTempSubdirectory();
        var file = Path.Combine(dir.FullName, "1.0.0.yaml");
        File.WriteAllText(file, "scheme: cn.t\nversion: 1.0.0\ntitle: { zh: 测试, en: Test }\nindicators:\n  - id: a\n    name: { zh: 甲, en: A }\n    value: beds_count / 2\n    target: { at_least: 1 }\n    points: 5\n");
        try
        {
            var (code, _, stderr) = Run("validate", "--rulesets", dir.FullName, file);
            code.Should().Be(1);
            stderr.Should().Contain("(7,12): error AS3002: 'beds_count' is not a declared field");
            stderr.Should().Contain("    value: beds_count / 2").And.Contain("           ^^^^^^^^^^");
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Validate_BundledRuleSets_ExitsZero()
    {
        var (code, stdout, stderr) = Run("validate", R("rulesets"));
        stderr.Should().BeEmpty();
        code.Should().Be(0);
        stdout.Should().Contain("cn.demo.hospital-basics@1.0.0").And.Contain("0 error(s)");
    }

    [Fact]
    public void Test_BundledRuleSets_PassesWithSummaryLine()
    {
        var (code, stdout, _) = Run("test", R("rulesets"));
        code.Should().Be(0);
        stdout.Should().Contain("PASS").And.MatchRegex(@"\d+ passed, 0 failed");
    }

    [Fact]
    public void Test_FailingCase_ExitsOneAndSaysWhy()
    {
        var dir = Directory.CreateTempSubdirectory();
        File.WriteAllText(Path.Combine(dir.FullName, "1.0.0.yaml"), "scheme: cn.t\nversion: 1.0.0\nstatus: published\ntitle: { zh: 测试, en: Test }\nindicators:\n  - id: a\n    name: { zh: 甲, en: A }\n    value: beds_ok\n    target: { at_least: 1 }\n    points: 5\nfields:\n  - { id: beds_ok, type: integer }\n");
        File.WriteAllText(Path.Combine(dir.FullName, "1.0.0.tests.yaml"), "cases:\n  - name: wrong on purpose\n    subject: { id: s }\n    year: 2025\n    values: { beds_ok: 0 }\n    expect: { total: 5 }\n");
        try
        {
            var (code, stdout, _) = Run("test", dir.FullName);
            code.Should().Be(1);
            stdout.Should().Contain("FAIL").And.Contain("total: expected 5, got 0").And.Contain("0 passed, 1 failed");
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Diff_NationalVersions_ShowsTheAddedIndicator()
    {
        var (code, stdout, _) = Run("diff", "--rulesets", R("rulesets"), "cn.national.tertiary-performance@1.0.0", "cn.national.tertiary-performance@1.1.0");
        code.Should().Be(0);
        stdout.Should().Contain("cn.national.tertiary-performance@1.0.0 → cn.national.tertiary-performance@1.1.0").And.Contain("+ indicator key_consumables_share");
    }
}
