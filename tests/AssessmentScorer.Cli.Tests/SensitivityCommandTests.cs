namespace AssessmentScorer.Cli.Tests;

public class SensitivityCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Sensitivity_QiaochengCohort_IsReproducibleAndListsEverySection()
    {
        string[] args = { "sensitivity", "--rulesets", Repo.At("rulesets"), "-r", "cn.anhui.bozhou.qiaocheng.high-quality", "--noise", "2%", "--seed", "3", Repo.At("examples/qiaocheng/cohort.json") };
        var first = Run(args);
        var second = Run(args);
        first.Code.Should().Be(0, first.Err);
        second.Out.Should().Be(first.Out, "the same seed gives the same draws");
        first.Out.Should().Contain("noise 2.0% per field, 1000 draws, seed 3")
            .And.Contain("等级稳定性 Grade stability").And.Contain("摇摆指标 Indicators deciding grades at the margin")
            .And.Contain("分数线附近 Cut-offs");
        // QC-H06 stays 未达标 under every draw and under a single change of up to ±50% of any field.
        first.Out.Should().MatchRegex(@"QC-H06 .* 未达标 +100\.0% +none within ±50%");
    }

    [Fact]
    public void Sensitivity_PercentileGradedCohort_IsRankedAgainInEveryDraw()
    {
        // The national scheme grades by percentile within each category: grades move with the peers' noise too, and the
        // tertiary TCM hospitals, which it does not assess, keep no grade.
        var (code, stdout, stderr) = Run("sensitivity", "--rulesets", Repo.At("rulesets"), "-r", "cn.national.tertiary-performance@1.1.0",
            "--draws", "200", Repo.At("examples/national/tertiary-cohort.json"));
        code.Should().Be(0, stderr);
        // A graded hospital whose grade stays in fewer than 100% of the draws.
        stdout.Should().MatchRegex(@"NAT-T\d+ +\S+ +[ABC]\+{0,2} +\d{1,2}\.\d% ");
        stdout.Should().MatchRegex(@"NAT-T016 .* — +100\.0% +none within ±50%");
        stdout.Should().NotContain("none: no grade moved under this noise");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-2%")]
    public void Sensitivity_BadNoise_IsBadUsage(string noise)
    {
        var (code, _, stderr) = Run("sensitivity", "--rulesets", Repo.At("rulesets"), "-r", "cn.demo.hospital-basics", "--noise", noise, Repo.At("examples/demo/tertiary-hospital.json"));
        code.Should().Be(2);
        stderr.Should().Contain($"--noise '{noise}' is not a relative noise");
    }

    [Fact]
    public void ScoreHtml_WithSensitivity_AddsTheGradeStabilitySection()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var with = Path.Combine(dir.FullName, "with.html");
            var without = Path.Combine(dir.FullName, "without.html");
            string[] common = { "score", "--rulesets", Repo.At("rulesets"), "-r", "cn.anhui.bozhou.qiaocheng.high-quality", "-f", "html" };
            Run(common.Concat(new[] { "--sensitivity", "-o", with, Repo.At("examples/qiaocheng/cohort.json") }).ToArray()).Code.Should().BeOneOf(0, 3);
            Run(common.Concat(new[] { "-o", without, Repo.At("examples/qiaocheng/cohort.json") }).ToArray()).Code.Should().BeOneOf(0, 3);
            var html = File.ReadAllText(with);
            html.Should().Contain("<section id=\"sensitivity\">").And.Contain("等级稳定性 Grade stability").And.Contain("谯城区妇幼保健院");
            File.ReadAllText(without).Should().NotContain("id=\"sensitivity\"");
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Score_SensitivityWithoutHtml_IsBadUsage()
    {
        var (code, _, stderr) = Run("score", "--rulesets", Repo.At("rulesets"), "-r", "cn.demo.hospital-basics", "--sensitivity", Repo.At("examples/demo/tertiary-hospital.json"));
        code.Should().Be(2);
        stderr.Should().Contain("--sensitivity adds a section to the HTML report");
    }
}
