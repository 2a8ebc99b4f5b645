using AssessmentScorer.NRules;

namespace AssessmentScorer.Examples.RulePack;

/// <summary>The actions the pack's rules record, with their causes.</summary>
public static class Make
{
    /// <summary>Rectification because of the grade (and, with <paramref name="indicator"/>, that indicator unmet).</summary>
    public static Rectification Rectification(SubjectFact s, IndicatorFact? indicator) =>
        new(s.SubjectId, s.Year, indicator?.IndicatorId, Illustrative.RectificationDeadline(s.Year),
            indicator is null ? [Cause.Grade(s)] : [Cause.Grade(s), Cause.Met(indicator)]);

    /// <summary>Rectification of an indicator because it was not met.</summary>
    public static Rectification Rectification(IndicatorFact i) =>
        new(i.SubjectId, i.Year, i.IndicatorId, Illustrative.RectificationDeadline(i.Year), [Cause.Met(i)]);

    /// <summary>Reduced reward pay because of the grade.</summary>
    public static RewardPayCoefficient RewardPay(SubjectFact s) => new(s.SubjectId, s.Year, Illustrative.ReducedRewardPay, [Cause.Grade(s)]);

    /// <summary>Reduced reward pay because the performance-grade indicator was not met.</summary>
    public static RewardPayCoefficient RewardPay(IndicatorFact i) => new(i.SubjectId, i.Year, Illustrative.ReducedRewardPay, [Cause.Met(i)]);

    /// <summary>An interview because the same indicator was unmet this year and last.</summary>
    public static Interview Interview(IndicatorFact now, IndicatorFact before) =>
        new(now.SubjectId, now.Year, now.IndicatorId, [Cause.Met(now), Cause.Met(before)]);

    /// <summary>An interview because a veto fired.</summary>
    public static Interview Interview(VetoFact v) => new(v.SubjectId, v.Year, null, [Cause.Veto(v)]);

    /// <summary>A commendation because of the grade (and the pass, where the scheme decides one).</summary>
    public static Commendation Commendation(SubjectFact s) =>
        new(s.SubjectId, s.Year, s.Passed is null ? [Cause.Grade(s)] : [Cause.Grade(s), Cause.Passed(s)]);

    /// <summary>A funding coefficient because of the grade.</summary>
    public static FundingCoefficient Funding(SubjectFact s, decimal coefficient) => new(s.SubjectId, s.Year, coefficient, [Cause.Grade(s)]);

    /// <summary>A request for the data an indicator lacked.</summary>
    public static DataNotice DataNotice(IndicatorFact i) => new(i.SubjectId, i.Year, i.IndicatorId, i.Result.MissingData, [Cause.Status(i)]);
}

/// <summary>The pack's own kind of action: a request to supply the data an indicator lacked (数据质量提醒).</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Year">The assessment year.</param>
/// <param name="IndicatorId">The indicator left unscored.</param>
/// <param name="Fields">The fields that were missing.</param>
/// <param name="Causes">The results that caused it.</param>
public sealed record DataNotice(string SubjectId, int Year, string IndicatorId, IReadOnlyList<string> Fields, IReadOnlyList<Cause> Causes)
    : ResultAction(SubjectId, Year, Causes)
{
    /// <inheritdoc />
    public override string Kind => "data-notice";

    /// <inheritdoc />
    public override Explanation Summary =>
        new($"补报 {IndicatorId} 所需数据（{string.Join("、", Fields)}）", $"supply the data {IndicatorId} needs ({string.Join(", ", Fields)})");

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> Details() => [new("indicator", IndicatorId), new("fields", string.Join(",", Fields))];
}
