using AssessmentScorer.Tests.Scoring;

namespace AssessmentScorer.Tests.Results;

/// <summary>Results format their text on first read; these pin what that must not change.</summary>
public class LazyTextTests
{
    private static Submission Busy() => DemoSubmissions.Make(v =>
    {
        v["personnel_expenditure"] = 35.5m;
        v.Remove("elective_surgeries");
    }, beds: 820);

    [Fact]
    public void IndicatorResult_With_KeepsTheScorersText()
    {
        var original = Repo.Demo.Score(Busy()).Indicators.First(i => i.Points > 0);
        var copy = original with { Points = original.Points + 1 };

        copy.Explanation.Should().Be(original.Explanation);
        copy.DisplayValue.Should().Be(original.DisplayValue);
        copy.Value.Should().Be(original.Value);
        copy.Points.Should().Be(original.Points + 1);
    }

    [Fact]
    public void IndicatorResult_ScoredTwice_AreEqualWhetherOrNotTextWasRead()
    {
        var a = Repo.Demo.Score(Busy());
        var b = Repo.Demo.Score(Busy());
        _ = a.Indicators.Select(i => i.Explanation).ToList();   // a's text formatted, b's not yet

        for (var i = 0; i < a.Indicators.Count; i++)
        {
            // Lists compare by reference in records (as before lazy text): a missing indicator's MissingData is a new list.
            if (a.Indicators[i].MissingData.Count > 0) continue;
            a.Indicators[i].Equals(b.Indicators[i]).Should().BeTrue(a.Indicators[i].Id);
            a.Indicators[i].GetHashCode().Should().Be(b.Indicators[i].GetHashCode());
        }
        a.Reasons.Should().Equal(b.Reasons);
    }

    [Fact]
    public void Explanation_ReadFromManyThreads_IsTheSameText()
    {
        var result = Repo.Demo.Score(Busy());
        var texts = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, _ => { foreach (var i in result.Indicators) texts.Add(i.Id + "|" + i.Explanation.Zh + "|" + i.DisplayValue); });

        texts.Distinct().Should().HaveCount(result.Indicators.Count);
    }
}
