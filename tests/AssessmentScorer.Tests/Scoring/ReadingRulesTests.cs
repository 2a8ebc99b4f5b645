namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// How the language reads the documents at their edges: one-sided "about" targets, what a zero denominator means,
/// growth from a zero or negative baseline, values shown in full where rounding would contradict the verdict, subjects
/// a rule set does not assess, and the ten national grades.
/// </summary>
public class ReadingRulesTests
{
    private const string Yaml = """
        scheme: t.reading
        version: 1.0.0
        title: { zh: 读法, en: Readings }
        applies_to:
          kind: hospital
          exclude:
            - when: category == 'tcm'
              reason: { zh: 中医医院另行考核, en: TCM hospitals are assessed separately }
        indicators:
          - id: ratio_at_most
            name: { zh: 报销比例, en: Reimbursement }
            value: personnel_expenditure / business_expenditure
            target: { about: 75%, tolerance: 2%, side: at_most }
            points: 10
          - id: ratio_both
            name: { zh: 报销比例稳定, en: Reimbursement steady }
            value: personnel_expenditure / business_expenditure
            target: { about: 75%, tolerance: 2%, side: both }
            points: 10
          - id: day_share
            name: { zh: 日间手术占比, en: Day-surgery share }
            value: day_surgeries / elective_surgeries
            when_undefined: zero
            target: { at_least: 10% }
            points: 10
          - id: cost_share
            name: { zh: 物耗占比, en: Material share }
            value: material_expenditure / business_expenditure
            target: { less_than: 4.6% }
            points: 10
          - id: referrals_up
            name: { zh: 下转增长, en: Down-referral growth }
            value: referrals_down
            score: { method: year_over_year, direction: increase, min_change: 10% }
            points: 10
          - id: balance_up
            name: { zh: 结余增长, en: Balance growth }
            value: surplus
            score: { method: year_over_year, direction: increase, min_change: 10% }
            points: 10
        fields:
          - { id: surplus, name: { zh: 结余, en: Surplus }, type: number }
          - { id: material_expenditure, name: { zh: 物耗, en: Material }, type: number, min: 0 }
        grading:
          method: cutoffs
          grades: [ { grade: 好, min: 30 }, { grade: 差 } ]
        """;

    private static readonly Lazy<CompiledRuleSet> Rs = new(() =>
    {
        var load = RuleSetLoader.Load(Yaml, "t.yaml");
        load.Success.Should().BeTrue(string.Join(" | ", load.Diagnostics));
        return load.RuleSet!;
    });

    private static Submission Make(string category = "general", Action<Dictionary<string, FieldValue>>? change = null, Dictionary<string, FieldValue>? previous = null)
    {
        var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal)
        {
            ["personnel_expenditure"] = 75, ["business_expenditure"] = 100, ["day_surgeries"] = 10, ["elective_surgeries"] = 100,
            ["material_expenditure"] = 4, ["referrals_down"] = 10, ["surplus"] = 10,
        };
        change?.Invoke(values);
        return new Submission(new Subject("h", "医院", "hospital", "tertiary", category, "public", null, null), 2025, values,
            new PreviousPeriod(2024, previous ?? new Dictionary<string, FieldValue> { ["referrals_down"] = 1, ["surplus"] = 1 }));
    }

    private static IndicatorResult Ind(AssessmentResult r, string id) => r.Indicators.Single(i => i.Id == id);

    [Theory]
    [InlineData(77, true, true)]     // 77% = 75% + 2%: the edge of both readings
    [InlineData(78, false, false)]   // above the upper edge: at_most and both fail
    [InlineData(73, true, true)]     // 73% = 75% − 2%
    [InlineData(60, true, false)]    // far below: at_most still meets it (the good side), both does not
    public void About_Side_DecidesWhichWayBeyondTheFigureStillMeetsIt(int personnel, bool atMost, bool both)
    {
        var r = Rs.Value.Score(Make(change: v => v["personnel_expenditure"] = personnel));

        Ind(r, "ratio_at_most").Met.Should().Be(atMost);
        Ind(r, "ratio_at_most").Target.Should().Be("≤ 75% + 2%");
        Ind(r, "ratio_both").Met.Should().Be(both);
        Ind(r, "ratio_both").Target.Should().Be("≈ 75% ± 2%");
    }

    [Fact]
    public void WhenUndefinedZero_ReadsTheValueAsZeroAndSaysSo()
    {
        var r = Rs.Value.Score(Make(change: v => { v["day_surgeries"] = 0; v["elective_surgeries"] = 0; }));
        var i = Ind(r, "day_share");

        i.Status.Should().Be(IndicatorStatus.Scored);
        i.Value.Should().Be(0m);
        i.Met.Should().BeFalse();
        i.MaxPoints.Should().Be(10);
        i.Explanation.Zh.Should().Contain("按 0 计");
        i.Explanation.En.Should().Contain("read as 0");
    }

    [Theory]
    [InlineData(0, 0, false)]    // no change from zero is not 10% growth
    [InlineData(0, 1, true)]     // any rise from zero: no relative change can be worked out, and growth there is
    [InlineData(100, 110, true)]   // exactly +10%
    [InlineData(100, 109, false)]
    public void YearOverYear_MinChangeFromZero_NeedsARise(decimal before, decimal now, bool met)
    {
        var r = Rs.Value.Score(Make(change: v => v["referrals_down"] = now, previous: new() { ["referrals_down"] = before, ["surplus"] = 1 }));

        Ind(r, "referrals_up").Met.Should().Be(met);
    }

    [Theory]
    [InlineData(-100, -90, true)]    // +10% of a deficit of 100 is −90
    [InlineData(-100, -95, false)]   // a smaller deficit, but not by 10%
    [InlineData(-100, -105, false)]  // worse: never met (the old reading's threshold of −110 met it)
    public void YearOverYear_MinChangeOnANegativeBaseline_IsRelativeToItsSize(decimal before, decimal now, bool met)
    {
        var r = Rs.Value.Score(Make(change: v => v["surplus"] = now, previous: new() { ["referrals_down"] = 1, ["surplus"] = before }));

        Ind(r, "balance_up").Met.Should().Be(met);
    }

    [Theory]
    [InlineData(9999, "9.999%", false)]    // rounded it would read 10.00% beside ≥ 10%, not met
    [InlineData(10000, "10.00%", true)]
    [InlineData(9994, "9.99%", false)]     // rounds away from the bound: shown as usual
    public void DisplayValue_ThatWouldContradictTheVerdict_IsShownInFull(int day, string shown, bool met)
    {
        var r = Rs.Value.Score(Make(change: v => { v["day_surgeries"] = day; v["elective_surgeries"] = 100000; }));
        var i = Ind(r, "day_share");

        i.Met.Should().Be(met);
        i.DisplayValue.Should().Be(shown);
        i.Explanation.Zh.Should().Contain(shown);
        r.ToJson().Should().Contain($"\"displayValue\": \"{shown}\"");
    }

    [Theory]
    [InlineData(4.599, "4.599%", true)]     // rounded it would read 4.60% beside < 4.6%, met
    [InlineData(4.6, "4.60%", false)]
    public void DisplayValue_TouchingAStrictBound_IsShownInFull(decimal material, string shown, bool met)
    {
        var r = Rs.Value.Score(Make(change: v => v["material_expenditure"] = material));
        var i = Ind(r, "cost_share");

        i.Met.Should().Be(met);
        i.DisplayValue.Should().Be(shown);
    }

    [Fact]
    public void Excluded_Subject_IsNotAssessedAloneOrInACohort()
    {
        var alone = Rs.Value.Score(Make(category: "tcm"));

        alone.Indicators.Should().OnlyContain(i => i.Status == IndicatorStatus.NotApplicable && i.MaxPoints == 0);
        alone.Indicators[0].Explanation.Zh.Should().Contain("中医医院另行考核");
        alone.MaxTotal.Should().Be(0);
        alone.Grade.Should().BeNull();
        alone.Passed.Should().BeNull();
        alone.Problems.Should().ContainSingle(p => p.Code == "AS5012").Which.Field.Should().Be("subject.category");

        var cohort = Rs.Value.ScoreCohort(new[] { Make(), Make(category: "tcm") }).Results;
        cohort[1].Grade.Should().BeNull();
        cohort[1].Cohort.Should().BeNull();
        cohort[0].Grade.Should().Be(Rs.Value.Score(Make()).Grade);
    }

    [Theory]
    [InlineData("C+")]
    [InlineData("C++")]
    [InlineData("D")]
    public void PerformanceGrade_AcceptsEveryOneOfTheTenNationalGrades(string grade)
    {
        var qiaocheng = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.anhui.bozhou.qiaocheng.high-quality@1.0.0")!;
        var r = qiaocheng.Score(new Submission(new Subject("h", null, "hospital", "tertiary", "general", "public", null, null), 2025,
            new Dictionary<string, FieldValue> { ["performance_grade"] = grade }));

        r.Problems.Should().NotContain(p => p.Code == "AS5008" && p.Field == "values.performance_grade");
        Ind(r, "performance_grade_b").Met.Should().BeFalse("below B is not 「B等级及以上」");
    }

    [Fact]
    public void AggregateDisplayValue_ThatWouldContradictTheVerdict_IsShownInFull()
    {
        // 乐山: pooled nurses per physician about 2, at least 1.8. 1799 ÷ 1000 = 1.799 would read 1.80 beside "≥ 2 − 0.2".
        var leshan = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.sichuan.leshan.shizhong.high-quality@1.0.0")!;
        Submission H(string id, int nurses) => new(new Subject(id, null, "hospital", "tertiary", "general", "public", null, null), 2025,
            new Dictionary<string, FieldValue> { ["registered_nurses"] = nurses, ["physicians"] = 500 });

        var pooled = leshan.ScoreCohort(new[] { H("a", 900), H("b", 899) }).Aggregates.Single(a => a.Id == "nurse_ratio_pooled");

        pooled.Met.Should().BeFalse();
        pooled.DisplayValue.Should().Be("1.799");
    }
}
