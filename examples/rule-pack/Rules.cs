using AssessmentScorer.NRules;
using NRules.Fluent.Dsl;

namespace AssessmentScorer.Examples.RulePack;

// Every rule matches the year being applied (Current) and names, in its action, the results that caused it.
// The consequences call the static helpers of Make: expression trees cannot hold collection expressions.

/// <summary>000 篇4 二(三)13: a grade below B is a rectification of the results as a whole.</summary>
[Name("grade-below-b.rectification"), Tag("000 篇4 二(三)13")]
public sealed class GradeBelowBRectification : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        SubjectFact s = null!;
        When().Match(() => s, x => x.Current, x => x.GradeBelow(Illustrative.RequiredGrade));
        Then().Do(ctx => ctx.Act(Make.Rectification(s, null)));
    }
}

/// <summary>000 篇4 二(三)13: below grade B, each indicator whose target was not met is rectified.</summary>
[Name("grade-below-b.indicator-rectification"), Tag("000 篇4 二(三)13")]
public sealed class GradeBelowBIndicatorRectification : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        SubjectFact s = null!;
        IndicatorFact i = null!;
        When()
            .Match(() => s, x => x.Current, x => x.GradeBelow(Illustrative.RequiredGrade))
            .Match(() => i, x => x.Current, x => x.SubjectId == s.SubjectId, x => x.Status == IndicatorStatus.Scored, x => x.Met == false);
        Then().Do(ctx => ctx.Act(Make.Rectification(s, i)));
    }
}

/// <summary>002 task 9 (绩效工资总量核定), 004 item 22 (院长薪酬 from the assessment): below grade B, reduced reward pay.</summary>
[Name("grade-below-b.reward-pay"), Tag("002 task 9"), Tag("004 item 22")]
public sealed class GradeBelowBRewardPay : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        SubjectFact s = null!;
        When().Match(() => s, x => x.Current, x => x.GradeBelow(Illustrative.RequiredGrade));
        Then().Do(ctx => ctx.Act(Make.RewardPay(s)));
    }
}

/// <summary>000 篇4 二(三)13 where the scheme scores the performance grade as an indicator (亳州): unmet, rectify it.</summary>
[Name("performance-grade-unmet.rectification"), Tag("000 篇4 二(三)13")]
public sealed class PerformanceGradeUnmetRectification : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        IndicatorFact i = null!;
        When().Match(() => i, x => x.Current, x => x.IndicatorId == Illustrative.PerformanceGradeIndicator, x => x.Met == false);
        Then().Do(ctx => ctx.Act(Make.Rectification(i)));
    }
}

/// <summary>002 task 9, 004 item 22: where the scheme scores the performance grade as an indicator, unmet, reduced reward pay.</summary>
[Name("performance-grade-unmet.reward-pay"), Tag("002 task 9"), Tag("004 item 22")]
public sealed class PerformanceGradeUnmetRewardPay : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        IndicatorFact i = null!;
        When().Match(() => i, x => x.Current, x => x.IndicatorId == Illustrative.PerformanceGradeIndicator, x => x.Met == false);
        Then().Do(ctx => ctx.Act(Make.RewardPay(i)));
    }
}

/// <summary>002 task 9 (领导班子奖惩任免): the same scored indicator (one that carries points) unmet this year and last year, interview the leadership.</summary>
[Name("unmet-two-years.interview"), Tag("002 task 9")]
public sealed class UnmetTwoYearsInterview : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        IndicatorFact now = null!;
        IndicatorFact before = null!;
        When()
            .Match(() => now, x => x.Current, x => x.Status == IndicatorStatus.Scored, x => x.MaxPoints > 0, x => x.Met == false)
            .Match(() => before, x => !x.Current, x => x.SubjectId == now.SubjectId, x => x.IndicatorId == now.IndicatorId,
                x => x.Year == now.Year - 1, x => x.Status == IndicatorStatus.Scored, x => x.Met == false);
        Then().Do(ctx => ctx.Act(Make.Interview(now, before)));
    }
}

/// <summary>002 task 9 (领导班子奖惩任免): a veto (一票否决) fired, interview the leadership.</summary>
[Name("veto.interview"), Tag("002 task 9")]
public sealed class VetoInterview : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        VetoFact v = null!;
        When().Match(() => v, x => x.Current, x => x.Triggered == true);
        Then().Do(ctx => ctx.Act(Make.Interview(v)));
    }
}

/// <summary>000 篇4 二(三)13, 002 task 9 (评优评先): the best grade band, passed (or no pass condition) and no veto fired, commend.</summary>
[Name("top-band.commendation"), Tag("000 篇4 二(三)13"), Tag("002 task 9")]
public sealed class TopBandCommendation : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        SubjectFact s = null!;
        When().Match(() => s, x => x.Current, x => x.GradeBand == 0, x => x.Passed != false, x => x.TriggeredVetoes.Count == 0);
        Then().Do(ctx => ctx.Act(Make.Commendation(s)));
    }
}

/// <summary>004 item 13, 000 篇4 二(三)13 (财政投入、经费核拨): funding coefficient of the best band.</summary>
[Name("funding.top-band"), Tag("004 item 13"), Tag("000 篇4 二(三)13")]
public sealed class FundingTopBand : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        SubjectFact s = null!;
        When().Match(() => s, x => x.Current, x => x.GradeBand == 0);
        Then().Do(ctx => ctx.Act(Make.Funding(s, Illustrative.FundingTopBand)));
    }
}

/// <summary>004 item 13: funding coefficient of the second band.</summary>
[Name("funding.second-band"), Tag("004 item 13"), Tag("000 篇4 二(三)13")]
public sealed class FundingSecondBand : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        SubjectFact s = null!;
        When().Match(() => s, x => x.Current, x => x.GradeBand == 1, x => x.GradeCount > 2);
        Then().Do(ctx => ctx.Act(Make.Funding(s, Illustrative.FundingSecondBand)));
    }
}

/// <summary>004 item 13: funding coefficient of the bands between the second and the worst.</summary>
[Name("funding.middle-bands"), Tag("004 item 13"), Tag("000 篇4 二(三)13")]
public sealed class FundingMiddleBands : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        SubjectFact s = null!;
        When().Match(() => s, x => x.Current, x => x.GradeBand > 1, x => x.GradeBand < x.GradeCount - 1);
        Then().Do(ctx => ctx.Act(Make.Funding(s, Illustrative.FundingMiddleBands)));
    }
}

/// <summary>004 item 13: funding coefficient of the worst band.</summary>
[Name("funding.bottom-band"), Tag("004 item 13"), Tag("000 篇4 二(三)13")]
public sealed class FundingBottomBand : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        SubjectFact s = null!;
        When().Match(() => s, x => x.Current, x => x.GradeBand > 0, x => x.GradeBand == x.GradeCount - 1);
        Then().Do(ctx => ctx.Act(Make.Funding(s, Illustrative.FundingBottomBand)));
    }
}

/// <summary>An action of the pack's own: data an indicator needs was missing, ask for it (数据质量提醒).</summary>
[Name("missing-data.notice")]
public sealed class MissingDataNotice : Rule
{
    /// <inheritdoc />
    public override void Define()
    {
        IndicatorFact i = null!;
        When().Match(() => i, x => x.Current, x => x.Status == IndicatorStatus.Missing);
        Then().Do(ctx => ctx.Act(Make.DataNotice(i)));
    }
}
