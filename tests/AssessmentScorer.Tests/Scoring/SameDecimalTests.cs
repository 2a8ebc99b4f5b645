using AssessmentScorer.Scoring;
using FluentAssertions;
using Xunit;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// Re-scoring in place skips a field whose new value equals the one it replaces, deciding equality on the decimals' bits
/// when their scale and sign agree. These check it against decimal equality: equal values written with other scales,
/// zeros of either sign, values that differ only in sign, scale or the high bits, and many random pairs.
/// </summary>
public class SameDecimalTests
{
    public static TheoryData<decimal, decimal> Pairs() => new()
    {
        { 1.0m, 1.00m }, { 1.5m, 1.5m }, { 2m, 3m }, { 0m, 0.000m }, { 0m, -0m }, { -0.00m, 0m }, { 1.10m, 1.1m },
        { 1.1m, 1.2m }, { -1m, 1m }, { 10m, 1.0m }, { 100m, 1.00m }, { decimal.MaxValue, decimal.MaxValue },
        { decimal.MaxValue, decimal.MaxValue - 1 }, { 79228162514264337593543950335m, 7922816251426433759354395033.5m },
        // Equal low 64 bits, different high 32 bits (same scale), and the other way round.
        { 18446744073709551617m, 1m }, { 18446744073709551616m, 36893488147419103232m },
        { 0.0000000000000000000000000001m, 0.0000000000000000000000000002m },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Same_IsDecimalEquality(decimal a, decimal b)
    {
        Engine.GradeRunner.Same(a, b).Should().Be(a == b, $"{a} and {b}");
        Engine.GradeRunner.Same(b, a).Should().Be(a == b, $"{b} and {a}");
    }

    [Fact]
    public void Same_IsDecimalEquality_OnRandomPairs()
    {
        var r = new Random(16);
        for (var k = 0; k < 200_000; k++)
        {
            var a = new decimal(r.Next(0, 4), r.Next(0, 3), r.Next(0, 2), r.Next(2) == 0, (byte)r.Next(0, 4));
            // Often the same value, or the same value at another scale (times a power of ten, one place longer).
            var b = r.Next(3) switch { 0 => a, 1 => a * 1.0m, _ => new decimal(r.Next(0, 4), r.Next(0, 3), r.Next(0, 2), r.Next(2) == 0, (byte)r.Next(0, 4)) };
            Engine.GradeRunner.Same(a, b).Should().Be(a == b, $"{a} and {b}");
        }
    }
}
