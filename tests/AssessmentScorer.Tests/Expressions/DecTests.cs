using AssessmentScorer.Expressions;

namespace AssessmentScorer.Tests.Expressions;

/// <summary>The zero test on a decimal's bits agrees with <c>== 0</c> for every shape of value.</summary>
public class DecTests
{
    // Each case carries a name: xunit identifies a case by its arguments' text, and 0m and negative zero both print
    // "0", so without the name one of them would be skipped as a duplicate.
    public static TheoryData<string, decimal> Values() => new()
    {
        { "zero", 0m },
        { "zero, scale 5", 0.00000m },
        { "negative zero", new decimal(0, 0, 0, true, 0) },
        { "negative zero, scale 28", new decimal(0, 0, 0, true, 28) },
        { "zero, scale 7", new decimal(0, 0, 0, false, 7) },
        { "one", 1m },
        { "minus one", -1m },
        { "smallest positive", 0.0000000000000000000000000001m },
        { "smallest negative", -0.0000000000000000000000000001m },
        { "only bit 32 of the magnitude", new decimal(0, 1, 0, false, 0) },
        { "only bit 64 of the magnitude", new decimal(0, 0, 1, false, 0) },
        { "only bit 64, negative, scale 28", new decimal(0, 0, 1, true, 28) },
        { "max", decimal.MaxValue },
        { "min", decimal.MinValue },
        { "40.00", 40.00m },
        { "12345.6789", 12345.6789m },
    };

    [Fact]
    public void Values_EveryCase_HasItsOwnName() =>
        Values().Select(row => (string)row[0]).Should().OnlyHaveUniqueItems().And.HaveCount(16);

    [Theory]
    [MemberData(nameof(Values))]
    public void IsZero_AgreesWithEquality(string name, decimal d) => Dec.IsZero(d).Should().Be(d == 0m, name);
}
