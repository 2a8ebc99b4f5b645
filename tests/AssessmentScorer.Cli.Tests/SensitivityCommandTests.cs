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

    [Theory]
    [InlineData("abc")]
    [InlineData("-2%")]
    public void Sensitivity_BadNoise_IsBadUsage(string noise)
    {
        var (code, _, stderr) = Run("sensitivity", "--rulesets", Repo.At("rulesets"), "-r", "cn.demo.hospital-basics", "--noise", noise, Repo.At("examples/demo/tertiary-hospital.json"));
        code.Should().Be(2);
        stderr.Should().Contain($"--noise '{noise}' is not a relative noise");
    }
}
