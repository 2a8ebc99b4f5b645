using AssessmentScorer.Scoring;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>The ziggurat's deviates against the standard normal distribution, and its determinism.</summary>
public class ZigguratTests
{
    [Fact]
    public void Deviates_HaveTheStandardNormalMomentsAndTails()
    {
        const int n = 1_000_000;
        var state = 12345UL;
        double sum = 0, squares = 0, fourth = 0;
        int beyond1 = 0, beyond196 = 0, beyond3 = 0, beyondR = 0, negative = 0;
        for (var k = 0; k < n; k++)
        {
            var z = Ziggurat.Next(ref state);
            (sum, squares, fourth) = (sum + z, squares + z * z, fourth + z * z * z * z);
            var a = Math.Abs(z);
            if (a > 1) beyond1++;
            if (a > 1.96) beyond196++;
            if (a > 3) beyond3++;
            if (a > 3.442619855899) beyondR++;
            if (z < 0) negative++;
        }
        (sum / n).Should().BeApproximately(0, 0.005);
        (squares / n).Should().BeApproximately(1, 0.005);
        (fourth / n).Should().BeApproximately(3, 0.05, "the kurtosis of a normal distribution");
        ((double)negative / n).Should().BeApproximately(0.5, 0.002);
        // Two-sided tail probabilities of N(0, 1): 31.73%, 5%, 0.27%, 0.0576% (the ziggurat's own tail beyond 3.44).
        ((double)beyond1 / n).Should().BeApproximately(0.3173, 0.002);
        ((double)beyond196 / n).Should().BeApproximately(0.05, 0.001);
        ((double)beyond3 / n).Should().BeApproximately(0.0027, 0.0002);
        ((double)beyondR / n).Should().BeApproximately(0.000576, 0.0001);
    }

    [Fact]
    public void Deviates_InNarrowBins_FollowTheDensity()
    {
        // 400,000 deviates in bins of 0.25 from −4 to 4: each bin's count within 5 standard errors of its expectation
        // (the wedges' accept test and the layers' edges included).
        const int n = 400_000;
        var state = 99UL;
        var bins = new int[32];
        for (var k = 0; k < n; k++)
        {
            var z = Ziggurat.Next(ref state);
            if (z is > -4 and < 4) bins[(int)Math.Floor((z + 4) / 0.25)]++;
        }
        for (var b = 0; b < bins.Length; b++)
        {
            var (lo, hi) = (-4 + b * 0.25, -4 + (b + 1) * 0.25);
            var p = Phi(hi) - Phi(lo);
            var expected = n * p;
            Math.Abs(bins[b] - expected).Should().BeLessThan(5 * Math.Sqrt(expected * (1 - p)) + 1, $"bin [{lo}, {hi})");
        }
    }

    [Fact]
    public void Deviates_AreTheSameForTheSameStream()
    {
        var (a, b) = (7UL, 7UL);
        for (var k = 0; k < 1000; k++) Ziggurat.Next(ref a).Should().Be(Ziggurat.Next(ref b));
        var c = 8UL;
        Ziggurat.Next(ref c).Should().NotBe(Ziggurat.Next(ref a), "another stream");
    }

    /// <summary>The standard normal distribution function (Abramowitz and Stegun 7.1.26 on erf: error below 1.5·10^-7).</summary>
    private static double Phi(double x)
    {
        var t = 1 / (1 + 0.3275911 * Math.Abs(x) / Math.Sqrt(2));
        var erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-x * x / 2);
        return 0.5 * (1 + Math.Sign(x) * erf);
    }
}
