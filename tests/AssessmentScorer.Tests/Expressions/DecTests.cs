using AssessmentScorer.Expressions;

namespace AssessmentScorer.Tests.Expressions;

/// <summary>The zero test on a decimal's bits agrees with <c>== 0</c> for every shape of value.</summary>
public class DecTests
{
    public static TheoryData<decimal> Values() => new()
    {
        0m, 0.00000m, -0m, new decimal(0, 0, 0, true, 28), new decimal(0, 0, 0, false, 7),
        1m, -1m, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m,
        new decimal(0, 1, 0, false, 0),            // only bit 32 of the magnitude
        new decimal(0, 0, 1, false, 0),            // only bit 64
        new decimal(0, 0, 1, true, 28),
        decimal.MaxValue, decimal.MinValue, 40.00m, 12345.6789m,
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void IsZero_AgreesWithEquality(decimal d) => Dec.IsZero(d).Should().Be(d == 0m);
}
