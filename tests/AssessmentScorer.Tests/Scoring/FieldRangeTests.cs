using AssessmentScorer.Expressions;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// The check a submitted number passes without a problem (<see cref="FieldDef.Accepts"/>): the same verdict as the range
/// and whole-number rules written out with the nullable bounds, for every kind of bound and the edge values.
/// </summary>
public class FieldRangeTests
{
    private static readonly decimal?[] Bounds = { null, 0m, 0.0m, 5m, -3m, 100m, 99.5m };

    private static readonly decimal[] Values =
    {
        0m, 0.00m, -0m, -0.0m, new decimal(0, 0, 0, true, 3), 1m, -1m, 4.999m, 5m, 5.000m, 5.001m, -3m, -3.0m, -3.01m,
        99.5m, 99.50m, 99.51m, 100m, 100.0m, 100.000000001m, 3.5m, 7.0m, decimal.MaxValue, decimal.MinValue, 0.0000000001m,
    };

    private static FieldDef Field(bool integer, decimal? min, decimal? max) => new()
    {
        Id = "f", Slot = 0, Name = new Bilingual("字段", "field"), Type = ExprType.Number, Integer = integer, Min = min, Max = max,
    };

    private static bool Written(FieldDef f, decimal n) =>
        (!f.Integer || n.Scale == 0 || n == decimal.Truncate(n)) && (f.Min is not { } lo || n >= lo) && (f.Max is not { } hi || n <= hi);

    [Fact]
    public void Accepts_GivesTheVerdictOfTheRulesWrittenOut_ForEveryBoundAndEdge()
    {
        var compared = 0;
        foreach (var integer in new[] { false, true })
            foreach (var min in Bounds)
                foreach (var max in Bounds)
                {
                    var f = Field(integer, min, max);
                    foreach (var n in Values)
                    {
                        f.Accepts(n).Should().Be(Written(f, n), $"integer {integer}, min {min?.ToString() ?? "none"}, max {max?.ToString() ?? "none"}, value {n}");
                        compared++;
                    }
                }
        compared.Should().Be(2 * 7 * 7 * Values.Length);
    }

    [Fact]
    public void Bounds_ReadBackAsGiven()
    {
        var f = Field(false, 0.0m, null);
        f.Min.Should().Be(0m);
        f.Min!.Value.Scale.Should().Be(1);
        f.Max.Should().BeNull();
        Field(true, null, -3m).Max.Should().Be(-3m);
        Field(true, null, null).Min.Should().BeNull();
    }

    [Fact]
    public void NegativeZero_InACountFromZero_IsAccepted_AndANegativeFraction_IsNot()
    {
        var f = Field(true, 0m, null);
        f.Accepts(-0m).Should().BeTrue();
        f.Accepts(new decimal(0, 0, 0, true, 2)).Should().BeTrue();
        f.Accepts(-0.5m).Should().BeFalse();
        f.Accepts(2.50m).Should().BeFalse();
        f.Accepts(2.00m).Should().BeTrue();
    }
}
