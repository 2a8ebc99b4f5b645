using static AssessmentScorer.Tests.Scoring.DemoSubmissions;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>Scoring against the demonstration rule set rulesets/demo/hospital-basics/1.0.0.yaml.</summary>
public class ScorerTests
{
    private static AssessmentResult Score(Submission s) => Repo.Demo.Score(s);

    private static IndicatorResult Indicator(AssessmentResult r, string id) =>
        r.Indicators.Should().ContainSingle(i => i.Id == id).Subject;

    [Fact]
    public void Score_EveryTargetExactlyMet_EarnsEveryPoint()
    {
        var r = Score(Make());

        r.Total.Should().Be(100);
        r.MaxTotal.Should().Be(100);
        r.Grade.Should().Be("优秀");
        r.Passed.Should().BeTrue();
        r.Problems.Should().BeEmpty();
        r.Indicators.Should().OnlyContain(i => i.Status == IndicatorStatus.Scored && i.Met == true && i.Points == i.MaxPoints);
        r.RuleSet.Scheme.Should().Be("cn.demo.hospital-basics");
        r.RuleSet.Version.Should().Be("1.0.0");
    }

    // ---- pass/fail and linear --------------------------------------------------------------------

    [Fact]
    public void Score_ExactlyFortyPercent_MeetsAtLeastFortyPercentAndEarnsFullPoints()
    {
        var i = Indicator(Score(Make(v => { v["personnel_expenditure"] = 40.00m; v["business_expenditure"] = 100.00m; })), "personnel_share");

        i.Value.Should().Be(0.4m);
        i.DisplayValue.Should().Be("40.00%");
        i.Target.Should().Be("≥ 40%");
        i.Met.Should().BeTrue();
        i.Points.Should().Be(20);
        i.MaxPoints.Should().Be(20);
    }

    [Fact]
    public void Score_MetIndicator_ExplainsValueTargetAndPoints()
    {
        var i = Indicator(Score(Make(v => v["personnel_expenditure"] = 43)), "personnel_share");

        i.Met.Should().BeTrue();
        i.Explanation.Zh.Should().Be("人员支出占业务支出比重 43.00% ≥ 40% → 20/20");
        i.Explanation.En.Should().Be("Personnel expenditure share 43.00% ≥ 40% → 20/20");
        i.Source.Should().Be("000_86f4e3f6087374c5.txt 篇4 二(四)14(4)");
    }

    [Theory]
    [InlineData(35, 10)]
    [InlineData(39.99, 19.98)]
    [InlineData(31, 2)]
    [InlineData(30, 0)]
    [InlineData(25, 0)]
    [InlineData(40, 20)]
    [InlineData(60, 20)]
    public void Score_Linear_IsProportionalBetweenFloorAndTarget(double percent, double points)
    {
        var i = Indicator(Score(Make(v => { v["personnel_expenditure"] = (decimal)percent * 100; v["business_expenditure"] = 10_000; })), "personnel_share");

        i.Points.Should().Be((decimal)points);
        i.Met.Should().Be(percent >= 40);
        i.Status.Should().Be(IndicatorStatus.Scored);
    }

    [Fact]
    public void Score_LinearPartialPoints_SaysSoInTheExplanation()
    {
        var i = Indicator(Score(Make(v => v["personnel_expenditure"] = 35)), "personnel_share");
        i.Explanation.En.Should().Be("Personnel expenditure share 35.00%, target ≥ 40% not met, scored linearly between floor and target → 10/20");
    }

    // ---- about with tolerance --------------------------------------------------------------------

    [Theory]
    [InlineData(140, true)]   // 1.4 = 1.3 + 0.1
    [InlineData(141, true)]   // 1.41: beyond the figure in the good direction still meets a one-sided 左右
    [InlineData(120, true)]   // 1.2 = 1.3 − 0.1
    [InlineData(119, false)]
    [InlineData(130, true)]
    public void Score_AboutAtLeast_MetFromTheFigureLessTheTolerance(int nurses, bool met)
    {
        var i = Indicator(Score(Make(v => v["registered_nurses"] = nurses)), "nurse_ratio");

        i.Met.Should().Be(met);
        i.Points.Should().Be(met ? 10 : 0);
        i.Target.Should().Be("≥ 1.3 − 0.1");
    }

    // ---- bands -----------------------------------------------------------------------------------

    [Theory]
    [InlineData(10, 10, true)]
    [InlineData(999, 5, false)]   // of 10000: 9.99%
    [InlineData(500, 5, false)]   // 5% is in the 5%–10% band
    [InlineData(499, 0, false)]
    public void Score_Bands_FromIncludedToExcluded(int daySurgeries, int points, bool met)
    {
        var i = Indicator(Score(Make(v => { v["day_surgeries"] = daySurgeries; v["elective_surgeries"] = daySurgeries == 10 ? 100 : 10_000; })), "day_surgery_share");
        i.Points.Should().Be(points);
        i.Met.Should().Be(met);
    }

    // ---- targets by year -------------------------------------------------------------------------

    [Theory]
    [InlineData(2024, 3, true, "≥ 3")]
    [InlineData(2025, 3, false, "≥ 4")]
    [InlineData(2025, 4, true, "≥ 4")]
    [InlineData(2022, 3, true, "≥ 3")]
    public void Score_ByYearTarget_Secondary_UsesTheLatestYearNotAfterTheAssessmentYear(int year, int emr, bool met, string target)
    {
        var i = Indicator(Score(Make(v => v["emr_level"] = emr, tier: "secondary", year: year)), "emr_level");

        i.Target.Should().Be(target);
        i.Met.Should().Be(met);
        i.Points.Should().Be(met ? 20 : 0);
    }

    [Theory]
    [InlineData(2024, 4, true, "≥ 4")]
    [InlineData(2025, 4, false, "≥ 5")]
    public void Score_ByYearTarget_Tertiary_UsesItsOwnTable(int year, int emr, bool met, string target)
    {
        var i = Indicator(Score(Make(v => v["emr_level"] = emr, tier: "tertiary", year: year)), "emr_level");
        i.Target.Should().Be(target);
        i.Met.Should().Be(met);
    }

    [Fact]
    public void Score_YearBeforeTheFirstByYearEntry_IsNotApplicableAndOutsideTheEffectivePeriod()
    {
        var r = Score(Make(v => v["emr_level"] = 3, year: 2021));

        var i = Indicator(r, "emr_level");
        i.Status.Should().Be(IndicatorStatus.NotApplicable);
        i.MaxPoints.Should().Be(0);
        i.Explanation.En.Should().Be("EMR application level: no target in force for 2021");
        // The task due 2025-12-31 is not judged in 2021 either; both come back in the subject's full points.
        r.MaxTotal.Should().Be(70);
        r.Coverage!.FullPoints.Should().Be(100);
        r.Problems.Should().ContainSingle(p => p.Code == "AS5010").Which.Field.Should().Be("year");
    }

    // ---- levels ----------------------------------------------------------------------------------

    [Theory]
    [InlineData("四级甲等", "tertiary", 15, true)]
    [InlineData("五级甲等", "tertiary", 15, true)]
    [InlineData("四级乙等", "tertiary", 10, false)]
    [InlineData("四级乙等", "secondary", 10, true)]
    [InlineData("三级", "tertiary", 5, false)]
    [InlineData("二级", "tertiary", 0, false)]
    public void Score_Levels_PointsOfTheHighestListedLevelReached(string level, string tier, int points, bool met)
    {
        var i = Indicator(Score(Make(v => v["interop_maturity"] = level, tier: tier)), "interop_level");

        i.Value.Should().Be(level);
        i.Points.Should().Be(points);
        i.Met.Should().Be(met);
        i.Target.Should().Be(tier == "tertiary" ? "≥ 四级甲等" : "≥ 四级乙等");
    }

    // ---- year over year --------------------------------------------------------------------------

    [Fact]
    public void Score_YearOverYear_StrictlyAboveLastYearIsMet()
    {
        var i = Indicator(Score(Make(v => v["in_county_admissions"] = 901)), "in_county_share_up");
        i.Met.Should().BeTrue();
        i.Points.Should().Be(15);
        i.Target.Should().Be("> 90.00%（上年 / last year）");
    }

    [Fact]
    public void Score_YearOverYear_EqualToLastYearIsNotMet()
    {
        var i = Indicator(Score(Make(v => v["in_county_admissions"] = 900)), "in_county_share_up");
        i.Met.Should().BeFalse();
        i.Points.Should().Be(0);
        i.Status.Should().Be(IndicatorStatus.Scored);
    }

    [Fact]
    public void Score_YearOverYear_WithoutPreviousPeriod_IsMissingAndNamesPrevious()
    {
        var r = Score(Make(withPrevious: false));

        var i = Indicator(r, "in_county_share_up");
        i.Status.Should().Be(IndicatorStatus.Missing);
        i.Met.Should().BeNull();
        i.Points.Should().Be(0);
        i.MissingData.Should().Equal("previous");
        r.Problems.Should().ContainSingle(p => p.Field == "previous").Which.Code.Should().Be("AS5011");
        Indicator(r, "personnel_share").Points.Should().Be(20, "the other indicators are still scored");
    }

    [Fact]
    public void Score_YearOverYear_PreviousValueMissing_NamesThePreviousField()
    {
        var s = Make() with { Previous = new PreviousPeriod(2024, new Dictionary<string, FieldValue> { ["insured_admissions"] = 1000 }) };
        var i = Indicator(Score(s), "in_county_share_up");
        i.Status.Should().Be(IndicatorStatus.Missing);
        i.MissingData.Should().Equal("previous.values.in_county_admissions");
    }

    // ---- checklist -------------------------------------------------------------------------------

    [Fact]
    public void Score_TaskDoneOnTheDeadline_EarnsFullPoints()
    {
        var i = Indicator(Score(Make(tasks: new() { ["command_center"] = new TaskReport(true, new DateOnly(2025, 12, 31), new[] { "建设验收报告" }) })), "command_center");
        (i.Status, i.Met, i.Points, i.Value).Should().Be((IndicatorStatus.Scored, (bool?)true, 10m, (object)"on_time"));
        i.Target.Should().Be("2025-12-31 前完成 / done by 2025-12-31");
    }

    [Fact]
    public void Score_TaskDoneADayLate_EarnsLatePoints()
    {
        var i = Indicator(Score(Make(tasks: new() { ["command_center"] = new TaskReport(true, new DateOnly(2026, 1, 1), new[] { "建设验收报告" }) })), "command_center");
        (i.Status, i.Met, i.Points, i.Value).Should().Be((IndicatorStatus.Scored, (bool?)false, 5m, (object)"late"));
        i.Explanation.En.Should().Contain("after the deadline 2025-12-31 → 5/10");
    }

    [Fact]
    public void Score_TaskNotDone_EarnsNothing()
    {
        var i = Indicator(Score(Make(tasks: new() { ["command_center"] = new TaskReport(false, null, Array.Empty<string>()) })), "command_center");
        (i.Status, i.Met, i.Points, i.Value).Should().Be((IndicatorStatus.Scored, (bool?)false, 0m, (object)"not_done"));
    }

    [Fact]
    public void Score_TaskReportedDoneWithoutEvidence_EarnsNothing()
    {
        var i = Indicator(Score(Make(tasks: new() { ["command_center"] = new TaskReport(true, new DateOnly(2025, 6, 1), new[] { " " }) })), "command_center");
        (i.Status, i.Met, i.Points, i.Value).Should().Be((IndicatorStatus.Scored, (bool?)false, 0m, (object)"no_evidence"));
        i.Explanation.En.Should().Contain("reported done, but with 0 distinct evidence document(s) of the 1 needed (建设验收报告)");
    }

    [Fact]
    public void Score_TaskNotReported_IsMissingAndNamesTheTask()
    {
        var r = Score(Make(tasks: new()));

        var i = Indicator(r, "command_center");
        i.Status.Should().Be(IndicatorStatus.Missing);
        i.Points.Should().Be(0);
        i.MissingData.Should().Equal("tasks.command_center");
        r.Problems.Should().ContainSingle(p => p.Field == "tasks.command_center").Which.Code.Should().Be("AS5011");
    }

    [Fact]
    public void Score_TaskDoneWithoutCompletionDate_IsMissingTheDate()
    {
        var r = Score(Make(tasks: new() { ["command_center"] = new TaskReport(true, null, new[] { "建设验收报告" }) }));
        var i = Indicator(r, "command_center");
        i.Status.Should().Be(IndicatorStatus.Missing);
        i.MissingData.Should().Equal("tasks.command_center.completed_on");
    }

    // ---- vetoes and grades -----------------------------------------------------------------------

    [Fact]
    public void Score_VetoFires_FailsAndGivesTheLowestGradeWhateverThePoints()
    {
        var r = Score(Make(v => v["major_safety_incidents"] = 1));

        r.Total.Should().Be(100);
        r.Passed.Should().BeFalse();
        r.Grade.Should().Be("不合格");
        var veto = r.Vetoes.Should().ContainSingle().Subject;
        veto.Id.Should().Be("major_incident");
        veto.Triggered.Should().BeTrue();
        veto.Explanation.En.Should().Be("Veto: Major medical safety incident applies; the assessment fails");
        r.NextGrade.Should().BeNull("a veto, not points, holds the grade back");
    }

    [Fact]
    public void Score_VetoDataMissing_LeavesPassedUndecided()
    {
        var r = Score(Make(v => v.Remove("major_safety_incidents")));
        r.Vetoes.Single().Triggered.Should().BeNull();
        r.Grade.Should().Be("优秀");
        r.Passed.Should().BeNull();
        r.Problems.Should().ContainSingle(p => p.Field == "values.major_safety_incidents").Which.Code.Should().Be("AS5011");
    }

    [Theory]
    [InlineData(40, 140, "四级甲等", 100, "优秀", true)]
    [InlineData(35, 140, "四级甲等", 90, "优秀", true)]
    [InlineData(35, 119, "四级甲等", 80, "良好", true)]
    [InlineData(30, 119, "四级甲等", 70, "合格", true)]
    [InlineData(30, 119, "二级", 55, "不合格", false)]
    public void Score_Total_GivesTheGradeByCutoffAndPassFromTheGrade(int personnel, int nurses, string interop, int total, string grade, bool passed)
    {
        var r = Score(Make(v => { v["personnel_expenditure"] = personnel; v["registered_nurses"] = nurses; v["interop_maturity"] = interop; }));
        r.Total.Should().Be(total);
        r.Grade.Should().Be(grade);
        r.Passed.Should().Be(passed);
    }

    [Fact]
    public void Score_BelowAGrade_SaysHowManyPointsTheNextGradeNeeds()
    {
        var r = Score(Make(v => { v["personnel_expenditure"] = 30; v["registered_nurses"] = 119; }));
        r.Total.Should().Be(70);
        r.Grade.Should().Be("合格");
        r.NextGrade.Should().Be(new GradeGap("良好", 5));
    }

    // ---- bad data: a problem naming the field, the rest still scored ------------------------------

    private static void ShouldStillScoreTheOthers(AssessmentResult r, params string[] affected)
    {
        foreach (var i in r.Indicators.Where(i => !affected.Contains(i.Id)))
            i.Status.Should().Be(IndicatorStatus.Scored, $"{i.Id} does not read the bad value");
        foreach (var id in affected)
            Indicator(r, id).Status.Should().Be(IndicatorStatus.Missing);
    }

    [Fact]
    public void Score_TextInANumberField_IsAS5002NamingTheField()
    {
        var r = Score(Make(v => v["physicians"] = "many"));

        var p = r.Problems.Should().ContainSingle(x => x.Code == "AS5002").Subject;
        p.Field.Should().Be("values.physicians");
        p.Message.Should().Contain("must be a number, not \"many\"");
        Indicator(r, "nurse_ratio").MissingData.Should().Equal("values.physicians");
        ShouldStillScoreTheOthers(r, "nurse_ratio");
    }

    [Fact]
    public void Score_NegativeCount_IsAS5003NamingTheField()
    {
        var r = Score(Make(v => v["registered_nurses"] = -1));

        var p = r.Problems.Should().ContainSingle(x => x.Code == "AS5003").Subject;
        p.Field.Should().Be("values.registered_nurses");
        p.Message.Should().Contain("must be at least 0, not -1");
        ShouldStillScoreTheOthers(r, "nurse_ratio");
    }

    [Fact]
    public void Score_FractionInAWholeCount_IsAS5003NamingTheField()
    {
        var r = Score(Make(v => v["day_surgeries"] = 10.5m));

        var p = r.Problems.Should().ContainSingle(x => x.Code == "AS5003").Subject;
        p.Field.Should().Be("values.day_surgeries");
        p.Message.Should().Contain("must be a whole number, not 10.5");
        ShouldStillScoreTheOthers(r, "day_surgery_share");
    }

    [Fact]
    public void Score_WholeNumberWrittenWithDecimals_IsAccepted()
    {
        var r = Score(Make(v => v["day_surgeries"] = 10.00m));
        r.Problems.Should().BeEmpty();
        Indicator(r, "day_surgery_share").Points.Should().Be(10);
    }

    [Fact]
    public void Score_UnknownLevel_IsAS5008NamingTheField()
    {
        var r = Score(Make(v => v["interop_maturity"] = "四级丙等"));

        var p = r.Problems.Should().ContainSingle(x => x.Code == "AS5008").Subject;
        p.Field.Should().Be("values.interop_maturity");
        p.Message.Should().Contain("not \"四级丙等\"");
        ShouldStillScoreTheOthers(r, "interop_level");
    }

    [Fact]
    public void Score_UnknownTier_IsAS5008NamingSubjectTier()
    {
        var r = Score(Make(tier: "teritary"));

        var p = r.Problems.Should().ContainSingle(x => x.Code == "AS5008").Subject;
        p.Field.Should().Be("subject.tier");
        // The tier picks the target of emr_level and interop_level.
        Indicator(r, "emr_level").MissingData.Should().Equal("subject.tier");
        Indicator(r, "interop_level").MissingData.Should().Equal("subject.tier");
        ShouldStillScoreTheOthers(r, "emr_level", "interop_level");
    }

    [Fact]
    public void Score_NumberInALevelField_IsAS5008()
    {
        var r = Score(Make(v => v["interop_maturity"] = 4));
        r.Problems.Should().ContainSingle(x => x.Code == "AS5008").Which.Field.Should().Be("values.interop_maturity");
    }

    [Fact]
    public void Score_UnknownValueKey_IsAS5004AndEverythingIsScored()
    {
        var r = Score(Make(v => v["persnnel_expenditure"] = 1));

        var p = r.Problems.Should().ContainSingle().Subject;
        (p.Field, p.Code).Should().Be(("values.persnnel_expenditure", "AS5004"));
        r.Total.Should().Be(100);
    }

    [Fact]
    public void Score_SeveralBadValues_ReportsEachAndScoresTheRest()
    {
        var r = Score(Make(v =>
        {
            v["physicians"] = "many";
            v["day_surgeries"] = 10.5m;
            v["bogus"] = true;
        }));

        r.Problems.Select(p => (p.Field, p.Code)).Should().Contain(new[]
        {
            ("values.physicians", "AS5002"),
            ("values.day_surgeries", "AS5003"),
            ("values.bogus", "AS5004"),
        });
        ShouldStillScoreTheOthers(r, "nurse_ratio", "day_surgery_share");
        r.Total.Should().Be(80);
    }

    [Fact]
    public void Score_DivisionByZero_IsReadAsTheRuleSays()
    {
        var r = Score(Make(v => { v["business_expenditure"] = 0; v["elective_surgeries"] = 0; v["day_surgeries"] = 0; v["insured_admissions"] = 0; }));

        // when_undefined: missing — a zero business expenditure is a data error, named as missing data.
        var personnel = Indicator(r, "personnel_share");
        personnel.Status.Should().Be(IndicatorStatus.Missing);
        personnel.MissingData.Should().Equal("values.business_expenditure");
        r.Problems.Should().Contain(p => p.Code == "AS5011" && p.Field == "values.business_expenditure");
        r.DataComplete.Should().BeFalse();
        // when_undefined: not_applicable — no elective surgery is no such activity: out of the maximum.
        var day = Indicator(r, "day_surgery_share");
        day.Status.Should().Be(IndicatorStatus.NotApplicable);
        day.MaxPoints.Should().Be(0);
        day.Explanation.Zh.Should().Contain("分母为零");
        r.MaxTotal.Should().Be(90);
        // No when_undefined: undefined, 0 points, still in the maximum.
        var county = Indicator(r, "in_county_share_up");
        county.Status.Should().Be(IndicatorStatus.Undefined);
        county.Value.Should().BeNull();
        county.Explanation.En.Should().Contain("cannot be computed (division by zero or overflow)");
    }

    [Fact]
    public void Score_SubjectOutsideAppliesTo_IsStillScoredWithAS5009()
    {
        var r = Score(Make(tier: "primary"));
        r.Problems.Should().ContainSingle(p => p.Code == "AS5009").Which.Field.Should().Be("subject.tier");
        Indicator(r, "personnel_share").Points.Should().Be(20);
    }

    [Fact]
    public void Score_HugeValueShownAsPercent_ReturnsAResult()
    {
        var s = Make(v => { v["personnel_expenditure"] = decimal.MaxValue; v["business_expenditure"] = 1; });
        AssessmentResult? r = null;

        var act = () => r = Score(s);

        act.Should().NotThrow();
        var i = Indicator(r!, "personnel_share");
        i.Met.Should().BeTrue();
        i.Points.Should().Be(20);
    }
}
