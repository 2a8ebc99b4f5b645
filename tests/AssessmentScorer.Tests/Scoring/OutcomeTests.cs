using System.Runtime.CompilerServices;
using AssessmentScorer.Expressions;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>The per-indicator state a cohort keeps for every subject: its size and the parts packed into it.</summary>
public class OutcomeTests
{
    private sealed class Text : DeferredText
    {
        public override Explanation Format(IndicatorDef ind, Value value, string? target, bool? met, decimal points, decimal max, ShowFlags show) => new("zh", "en");
    }

    [Fact]
    public void Outcome_Is64Bytes()
    {
        // A national cohort of 13,000 keeps 56 per subject: every 8 bytes here is 5.8 MB there.
        Unsafe.SizeOf<Outcome>().Should().Be(64);
    }

    [Fact]
    public void Outcome_StatusMetAndNoMax_ShareAByte_EachReadsBackWhatWasSet()
    {
        foreach (var status in Enum.GetValues<IndicatorStatus>())
            foreach (var met in new bool?[] { null, true, false })
                foreach (var noMax in new[] { false, true })
                {
                    var o = new Outcome[1];
                    // Set over other values first, so each setter must clear its own bits.
                    o[0].Status = IndicatorStatus.Vetoed; o[0].Met = !met ?? true; o[0].NoMax = !noMax;
                    o[0].Status = status; o[0].Met = met; o[0].NoMax = noMax;
                    (o[0].Status, o[0].Met, o[0].NoMax).Should().Be((status, met, noMax));
                }
    }

    [Fact]
    public void Outcome_Value_KeepsKindNumberAndText()
    {
        var values = new[] { Value.Missing, Value.Undefined, Value.True, Value.False, Value.Number(-12.345m), Value.Number(0.00m), Value.OfText("done"), Value.Level(3, "四级甲等") };
        foreach (var v in values)
        {
            var o = new Outcome[1];
            o[0].Value = Value.OfText("before");
            o[0].Value = v;
            o[0].Value.Should().Be(v);
            o[0].Value.Num.Scale.Should().Be(v.Num.Scale);
        }
    }

    [Fact]
    public void Outcome_RarerPartsSetInAnyOrder_ReadBackAsSet()
    {
        var explanation = new Explanation("说明", "explanation");
        var deferred = new Text();
        IReadOnlyList<string> missing = Array.AsReadOnly(new[] { "values.physicians" });
        var level = Value.Level(3, "四级甲等");
        // The value's text is kept with the rarer parts: a level set among them (and a number set before it, which has none).
        var setters = new Action<Outcome[]>[] { o => o[0].Explanation = explanation, o => o[0].Deferred = deferred, o => o[0].Missing = missing,
            o => { o[0].Value = Value.Number(2.50m); o[0].Value = level; } };
        // Every subset of the four parts, each set in both orders.
        for (var mask = 0; mask < 16; mask++)
            foreach (var reverse in new[] { false, true })
            {
                var o = new Outcome[1];
                var order = Enumerable.Range(0, 4).Where(k => (mask & (1 << k)) != 0);
                foreach (var k in reverse ? order.Reverse() : order) setters[k](o);

                o[0].Explanation.Should().BeSameAs((mask & 1) != 0 ? explanation : null, $"mask {mask}");
                o[0].Deferred.Should().BeSameAs((mask & 2) != 0 ? deferred : null, $"mask {mask}");
                o[0].Missing.Should().BeSameAs((mask & 4) != 0 ? missing : null, $"mask {mask}");
                o[0].Value.Should().Be((mask & 8) != 0 ? level : default, $"mask {mask}");
                if ((mask & 8) != 0) o[0].Value.Text.Should().BeSameAs(level.Text);
                // A value without text set last takes the text away and leaves the other parts.
                o[0].Value = Value.Number(1m);
                o[0].Value.Text.Should().BeNull();
                o[0].Explanation.Should().BeSameAs((mask & 1) != 0 ? explanation : null, $"mask {mask}");
                o[0].Missing.Should().BeSameAs((mask & 4) != 0 ? missing : null, $"mask {mask}");
            }
    }

    [Fact]
    public void Outcome_PartClearedAgain_LeavesTheOthers()
    {
        var o = new Outcome[1];
        IReadOnlyList<string> missing = new[] { "values.x" };
        o[0].Missing = missing;
        o[0].Explanation = new Explanation("a", "b");
        o[0].Explanation = null;

        o[0].Explanation.Should().BeNull();
        o[0].Missing.Should().BeSameAs(missing);
        o[0].MissingData.Should().Equal("values.x");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true)]
    [InlineData(false)]
    public void Outcome_Met_ReadsBackWhatWasSet(bool? met)
    {
        var o = new Outcome[1];
        o[0].Met = !met ?? true;
        o[0].Met = met;
        o[0].Met.Should().Be(met);
    }
}
