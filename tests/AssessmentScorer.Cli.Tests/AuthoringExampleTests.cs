using System.Text.RegularExpressions;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// The worked example of docs/authoring.md (a draft 1.1.0 of the Qiaocheng scheme beside its tests) and the draft
/// workflow around it: the same --rulesets and paths for every command, the diff, the comparison with its data
/// problems and the version in force.
/// </summary>
public class AuthoringExampleTests
{
    private const string Scheme = "cn.anhui.bozhou.qiaocheng.high-quality";
    private static string R(string rel) => Repo.At(rel);
    private static string Draft => R("docs/authoring/1.1.0.yaml");
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Test_TheExampleTestsFile_PassesAndCountsInheritedIndicatorsAsCoveredByTheParent()
    {
        var (code, stdout, stderr) = Run("test", "--rulesets", R("rulesets"), R("docs/authoring/1.1.0.tests.yaml"));
        code.Should().Be(0, stderr);
        stdout.Should().Contain("4 passed, 0 failed")
            .And.Contain($"{Scheme}@1.1.0: 3/34 indicators exercised by its own tests; 31 more inherited unchanged and exercised by the tests of {Scheme}@1.0.0")
            .And.NotContain("not exercised");
    }

    [Fact]
    public void Test_ARuleFile_RunsTheTestsBesideIt()
    {
        var (code, stdout, _) = Run("test", "--rulesets", R("rulesets"), Draft);
        code.Should().Be(0);
        stdout.Should().Contain("4 passed, 0 failed");
    }

    [Fact]
    public void Test_RulesetsOption_IsTheDirectoryTested()
    {
        var (code, stdout, _) = Run("test", "--rulesets", R("rulesets/demo"));
        code.Should().Be(0);
        stdout.Should().Contain("cn.demo.hospital-basics@1.0.0").And.NotContain("cn.national");
    }

    [Fact]
    public void Validate_NoPaths_ChecksTheRuleSetDirectory()
    {
        var (code, stdout, _) = Run("validate", "--rulesets", R("rulesets/demo"));
        code.Should().Be(0);
        stdout.Should().Contain("cn.demo.hospital-basics@1.0.0").And.Contain("1 file(s) checked: 0 error(s)");
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("test")]
    [InlineData("diff", "a@1.0.0", "b@1.0.0")]
    [InlineData("template", "-r", "cn.demo.hospital-basics", "-f", "csv")]
    [InlineData("score", "-r", "cn.demo.hospital-basics", "x.json")]
    [InlineData("compare", "-r", "cn.demo.hospital-basics", "--against", "cn.demo.hospital-basics@1.0.0", "x.json")]
    public void EveryCommand_MissingRuleSetDirectory_SaysWhereItLooked(params string[] args)
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-rulesets-" + Guid.NewGuid().ToString("N"));
        var (code, _, stderr) = Run(args.Concat(new[] { "--rulesets", missing }).ToArray());
        code.Should().Be(2);
        stderr.Should().Contain($"the rule-set directory '{missing}'").And.Contain("does not exist").And.Contain("--rulesets");
    }

    [Fact]
    public void Score_UnknownVersion_NamesTheDirectoryAndWhatIsLoaded()
    {
        var (code, _, stderr) = Run("score", "--rulesets", R("rulesets/demo"), "-r", "cn.demo.hospital-basics@9.0.0", R("examples/demo/tertiary-hospital.json"));
        code.Should().Be(2);
        stderr.Should().Contain($"in the rule-set directory '{R("rulesets/demo")}'").And.Contain("Loaded: cn.demo.hospital-basics@1.0.0");
    }

    [Fact]
    public void Diff_DraftFile_ShowsTargetsTheLinearFloorTheNewIndicatorAndTheEffectiveDates()
    {
        var (code, stdout, _) = Run("diff", "--rulesets", R("rulesets"), $"{Scheme}@1.0.0", Draft);
        code.Should().Be(0);
        stdout.Should().Contain("~ indicator day_surgery_share target: ≥ 10% → ≥ 15%")
            .And.Contain("~ indicator personnel_share target: ≥ 40% → ≥ 45%")
            .And.Contain("~ indicator personnel_share scoring: from 30% → from 35%")
            .And.Contain("+ indicator telemedicine")
            .And.Contain("+ field telemedicine_consults")
            .And.Contain("effective: 2021-01-01 – 2025-12-31 → 2026-01-01 – …")
            .And.NotContain("appliesTo");
    }

    [Fact]
    public void Compare_CohortOf2025AgainstThe2026Draft_ReportsDataProblemsAndSeparatesTheCauses()
    {
        var (code, stdout, stderr) = Run("compare", "--rulesets", R("rulesets"), "-r", Scheme, "--against", Draft, R("examples/qiaocheng/cohort.json"));
        code.Should().Be(1, "data problems are findings");
        stderr.Should().Contain($"note: {Scheme} → {Scheme}@1.0.0, the version in force in 2025").And.Contain("2 data problem(s)");
        stdout.Should().Contain("数据问题 Data problems")
            .And.Contain($"32 submission(s) are for 2025, outside {Scheme}@1.1.0's effective period 2026-01-01 – …")
            .And.Contain("reads the new field telemedicine_consults, absent from 32 of 32 submission(s): telemedicine cannot be scored there");
        // QC-H01 moves for both reasons: two raised targets (rules) and the new indicator it has no data for.
        stdout.Should().MatchRegex(@"QC-H01 .* 达标 +基本达标 .* rules and data +day_surgery_share, personnel_share +telemedicine \(values\.telemedicine_consults\)");
        stdout.Should().Contain("moved by rule changes 0, by missing data 0, by both 11");
    }

    [Fact]
    public void Compare_NewFieldInTheFile_IsReadAlthoughTheOldVersionDoesNotKnowIt()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var csv = Path.Combine(dir.FullName, "h.csv");
            File.WriteAllText(csv, "id,kind,tier,category,ownership,year,day_surgeries,elective_surgeries,telemedicine_consults\nH1,hospital,tertiary,general,public,2026,150,1000,100\n");
            var (_, stdout, stderr) = Run("compare", "--rulesets", R("rulesets"), "-r", $"{Scheme}@1.0.0", "--against", Draft, csv);
            stdout.Should().NotContain("telemedicine_consults, absent");
            stderr.Should().NotContain("column 'telemedicine_consults'");
            stdout.Should().Contain($"1 submission(s) are for 2026, outside {Scheme}@1.0.0's effective period");
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Score_SchemeAlone_UsesTheVersionInForceInTheSubmissionsYear()
    {
        var (code, stdout, stderr) = Run("score", "--rulesets", R("rulesets"), "-r", "cn.national.tertiary-performance@in-force", "-f", "json", R("examples/national/tertiary-hospital.json"));
        code.Should().BeOneOf(0, 3);
        stderr.Should().MatchRegex(@"note: cn\.national\.tertiary-performance@in-force → cn\.national\.tertiary-performance@1\.1\.0, the version in force in \d{4}");
        stdout.Should().Contain("\"version\": \"1.1.0\"");
    }

    [Fact]
    public void Score_NamedVersionOutsideItsPeriod_WarnsLoudly()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var json = Path.Combine(dir.FullName, "h.json");
            File.WriteAllText(json, """{ "subject": { "id": "H", "kind": "hospital", "tier": "tertiary", "ownership": "public" }, "year": 2026, "values": {} }""");
            var (_, _, stderr) = Run("score", "--rulesets", R("rulesets"), "-r", $"{Scheme}@1.0.0", json);
            stderr.Should().Contain("VERSION NOT IN FORCE").And.Contain($"{Scheme}@1.0.0 is in force 2021-01-01 – 2025-12-31, not in 2026");
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Score_SchemeAloneForAYearNoVersionCovers_IsRefusedWithThePeriods()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var json = Path.Combine(dir.FullName, "old.json");
            File.WriteAllText(json, """{ "subject": { "id": "H", "kind": "hospital", "tier": "tertiary", "ownership": "public" }, "year": 2015, "values": {} }""");
            var (code, _, stderr) = Run("score", "--rulesets", R("rulesets"), "-r", Scheme, json);
            code.Should().Be(2);
            stderr.Should().Contain($"no version of {Scheme} is in force in 2015; versions: 1.0.0 (2021-01-01 – 2025-12-31)");
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void AuthoringGuide_DiffShown_IsWhatTheToolPrints()
    {
        var guide = File.ReadAllText(R("docs/authoring.md"));
        var shown = guide.Split('\n').Where(l => l.StartsWith("~ ", StringComparison.Ordinal) || l.StartsWith("+ ", StringComparison.Ordinal)
            || l.StartsWith("cn.anhui.bozhou.qiaocheng.high-quality@1.0.0 → ", StringComparison.Ordinal)).ToList();
        shown.Should().HaveCountGreaterThan(5);
        var (_, stdout, _) = Run("diff", "--rulesets", R("rulesets"), $"{Scheme}@1.0.0", Draft);
        stdout.Split('\n').Select(l => l.TrimEnd('\r')).Should().Equal(shown.Append(""), "docs/authoring.md shows the diff exactly");
    }
}
