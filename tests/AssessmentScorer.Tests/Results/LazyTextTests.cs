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
    public void YearOverYearTarget_MadeWhenRead_IsLastYearsValue_AndKeptByACopy()
    {
        // The target of a year-over-year indicator is made from last year's value when first read.
        var r = Repo.Demo.Score(Busy());
        var yoy = r.Indicators.Single(i => i.Id == "in_county_share_up");
        yoy.Target.Should().StartWith("> ").And.EndWith("（上年 / last year）");
        yoy.Target.Should().Be(yoy.Target);
        yoy.Explanation.En.Should().Contain(yoy.Target!);
        // A copy has it (made from the original); replacing it on a copy changes only the copy.
        var copy = yoy with { Points = 0 };
        copy.Target.Should().Be(yoy.Target);
        (yoy with { Target = "> 1" }).Target.Should().Be("> 1");
        r.ToJson().Should().Contain(System.Text.Json.JsonSerializer.Serialize(yoy.Target, new System.Text.Json.JsonSerializerOptions
            { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
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

/// <summary>Results keep compact outcomes and make indicator records, dimensions and reasons when first read.</summary>
public class LazyPartsTests
{
    private static AssessmentResult Scored() => Repo.Demo.Score(DemoSubmissions.Make(v =>
    {
        v["personnel_expenditure"] = 35.5m;
        v.Remove("elective_surgeries");
    }, beds: 820));

    [Fact]
    public void Indicators_ReadTwice_AreEqualRecords_DimensionsAndReasonsAreKept()
    {
        var r = Scored();
        var first = r.Indicators.ToList();
        _ = first.Select(i => i.Explanation).ToList();   // formatted on the first records only
        for (var i = 0; i < first.Count; i++)
        {
            r.Indicators[i].Should().Be(first[i]);
            r.Indicators[i].Explanation.Should().Be(first[i].Explanation);
        }
        r.Indicators.Should().Equal(first);
        r.Reasons.Should().BeSameAs(r.Reasons);
        r.Dimensions.Should().BeSameAs(r.Dimensions);
    }

    [Fact]
    public void Reasons_AndDimensions_AgreeWithTheIndicators()
    {
        var r = Scored();
        r.Reasons.Should().NotBeEmpty();
        foreach (var reason in r.Reasons)
        {
            var ind = r.Indicators.Single(i => i.Id == reason.IndicatorId);
            reason.PointsLost.Should().Be(ind.MaxPoints - ind.Points);
            reason.Explanation.Should().Be(ind.Explanation);
        }
        r.Reasons.Select(x => x.PointsLost).Should().BeInDescendingOrder();
        foreach (var d in r.Dimensions.Where(d => d.Parent is null))
            d.Points.Should().Be(r.Indicators.Where(i => i.Dimension == d.Id).Sum(i => i.Points), d.Id);
    }

    [Fact]
    public void With_CopiesShareWhatTheOriginalHas_AndStayEqual()
    {
        var r = Scored();
        var copy = r with { };
        copy.Should().Be(r);
        copy.Dimensions.Should().BeSameAs(r.Dimensions);
        copy.Reasons.Should().BeSameAs(r.Reasons);

        var changed = r with { Grade = "不合格" };
        changed.Should().NotBe(r);
        changed.Dimensions.Should().BeSameAs(r.Dimensions);
        changed.ToJson().Should().Be(r.ToJson().Replace($"\"grade\": \"{r.Grade}\"", "\"grade\": \"不合格\""));
    }

    [Fact]
    public void Json_IsTheSameBeforeAndAfterThePartsAreRead()
    {
        var untouched = Scored().ToJson();
        var read = Scored();
        _ = read.Indicators.Select(i => i.Explanation).ToList();
        _ = read.Reasons.Select(x => x.Explanation).ToList();
        _ = read.Dimensions;
        read.ToJson().Should().Be(untouched);
    }

    private static CohortResult Cohort() => Repo.Demo.ScoreCohort(new[]
    {
        DemoSubmissions.Make(v => v["personnel_expenditure"] = 35.5m),
        DemoSubmissions.Make(v => v["major_safety_incidents"] = 1),
        DemoSubmissions.Make(v => v.Remove("elective_surgeries"), beds: 820),
    });

    [Fact]
    public void CohortResults_ReadTwice_AreEqual_AndAsScoredAlone()
    {
        var cohort = Cohort();
        var first = cohort.Results.ToList();
        _ = first.Select(r => r.Reasons.Count + r.Dimensions.Count).ToList();   // worked out on the first reads only
        cohort.Results.Should().HaveCount(3);
        for (var i = 0; i < first.Count; i++)
        {
            cohort.Results[i].Should().Be(first[i]);
            cohort.Results[i].Indicators.Should().Equal(first[i].Indicators);
            cohort.Results[i].ToJson().Should().Be(first[i].ToJson());
        }
        // No rank-scored indicators or percentile grades here: each result is what scoring it alone gives, plus its standing.
        var alone = Repo.Demo.Score(DemoSubmissions.Make(v => v["major_safety_incidents"] = 1));
        cohort.Results[1].Should().Be(alone with { Cohort = cohort.Results[1].Cohort });
        cohort.Results[1].Cohort.Should().NotBeNull();
        cohort.Results[1].Passed.Should().BeFalse();
        cohort.Invoking(c => c.Results[3]).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void CohortJson_IsTheSameBeforeAndAfterTheResultsAreRead()
    {
        var untouched = Cohort().ToJson();
        var read = Cohort();
        foreach (var r in read.Results) _ = r.Indicators.Select(i => i.Explanation).ToList();
        read.ToJson().Should().Be(untouched);
        using var stream = new MemoryStream();
        read.WriteJson(stream);
        System.Text.Encoding.UTF8.GetString(stream.ToArray()).Should().Be(untouched);
    }

    [Fact]
    public void Vetoes_NotFired_ShareOneList_AndFiredOnesSayWhy()
    {
        var a = Repo.Demo.Score(DemoSubmissions.Make());
        var b = Repo.Demo.Score(DemoSubmissions.Make());
        a.Vetoes.Should().ContainSingle().Which.Triggered.Should().BeFalse();
        b.Vetoes.Should().BeSameAs(a.Vetoes);

        var fired = Repo.Demo.Score(DemoSubmissions.Make(v => v["major_safety_incidents"] = 1));
        fired.Vetoes.Should().ContainSingle().Which.Triggered.Should().BeTrue();
        fired.Vetoes[0].Explanation.Zh.Should().Contain("已触发").And.Contain("评估不通过");
        fired.Passed.Should().BeFalse();
    }
}
