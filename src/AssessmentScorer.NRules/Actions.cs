using System.Globalization;
using System.Text;

namespace AssessmentScorer.NRules;

/// <summary>
/// A result that caused an action: which subject, year and property, and the value it had. <see cref="Field"/> is
/// one of <c>grade</c>, <c>passed</c>, <c>total</c>, <c>rank</c>, <c>veto</c> (a fired veto, <see cref="ItemId"/>
/// its id), <c>met</c>, <c>status</c> or <c>points</c> (of the indicator <see cref="ItemId"/>); <see cref="Value"/> is
/// that property as text (<c>B+</c>, <c>false</c>, <c>Missing</c>, <c>3.5</c>, <c>none</c> for null).
/// </summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Year">The assessment year of the result.</param>
/// <param name="Field">The property of the result.</param>
/// <param name="ItemId">The indicator or veto, for those fields; null for the subject's own.</param>
/// <param name="Value">The property's value, as text.</param>
/// <param name="Explanation">The cause in words.</param>
public sealed record Cause(string SubjectId, int Year, string Field, string? ItemId, string Value, Explanation Explanation)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // The factories below word the explanation when it is first read: a large cohort's rules make many causes whose
    // words are never read (a writer reads them once).
    private readonly Func<Explanation>? _explain;
    private Explanation? _explanation = Explanation;

    private Cause(string subjectId, int year, string field, string? itemId, string value, Func<Explanation> explain)
        : this(subjectId, year, field, itemId, value, (Explanation)null!) => _explain = explain;

    /// <summary>The cause in words.</summary>
    public Explanation Explanation { get => _explanation ??= _explain!(); init => _explanation = value; }

    /// <summary>Equal when every property is equal (however the words were produced).</summary>
    public bool Equals(Cause? other) => other is not null && (ReferenceEquals(this, other) || SubjectId == other.SubjectId && Year == other.Year
        && Field == other.Field && ItemId == other.ItemId && Value == other.Value && Equals(Explanation, other.Explanation));

    /// <summary>A hash of the identifying properties.</summary>
    public override int GetHashCode() => HashCode.Combine(SubjectId, Year, Field, ItemId, Value);

    /// <summary>The subject's grade.</summary>
    public static Cause Grade(SubjectFact subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var g = subject.Grade ?? "none";
        return new(subject.SubjectId, subject.Year, "grade", null, g,
            () => new($"{subject.Year}年考核等级 {subject.Grade ?? "无"}", $"grade {subject.Grade ?? "none"} in {subject.Year}"));
    }

    /// <summary>Whether the subject passed.</summary>
    public static Cause Passed(SubjectFact subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var p = Text(subject.Passed);
        return new(subject.SubjectId, subject.Year, "passed", null, p, () => subject.Passed switch
        {
            true => new($"{subject.Year}年考核合格", $"passed in {subject.Year}"),
            false => new($"{subject.Year}年考核不合格", $"not passed in {subject.Year}"),
            _ => new($"{subject.Year}年考核是否合格无法判定", $"pass undecided in {subject.Year}"),
        });
    }

    /// <summary>The subject's total points.</summary>
    public static Cause Total(SubjectFact subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var t = Number(subject.Total);
        return new(subject.SubjectId, subject.Year, "total", null, t,
            () => new($"{subject.Year}年总分 {t}/{Number(subject.MaxTotal)}", $"total {t}/{Number(subject.MaxTotal)} in {subject.Year}"));
    }

    /// <summary>The subject's rank in its stratum.</summary>
    public static Cause Rank(SubjectFact subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var r = subject.Rank?.ToString(Inv) ?? "none";
        return new(subject.SubjectId, subject.Year, "rank", null, r,
            () => new($"{subject.Year}年在 {subject.Stratum ?? "—"} 组 {subject.Of?.ToString(Inv) ?? "—"} 个对象中排第 {r}",
                $"ranked {r} of {subject.Of?.ToString(Inv) ?? "—"} in {subject.Stratum ?? "—"} in {subject.Year}"));
    }

    /// <summary>A veto (一票否决) and whether it fired.</summary>
    public static Cause Veto(VetoFact veto)
    {
        ArgumentNullException.ThrowIfNull(veto);
        var v = Text(veto.Triggered);
        return new(veto.SubjectId, veto.Year, "veto", veto.VetoId, v, () => veto.Triggered == true
            ? new($"{veto.Year}年触发一票否决：{veto.Result.Name}", $"veto {veto.Result.NameEn} fired in {veto.Year}")
            : new($"{veto.Year}年一票否决 {veto.Result.Name}：{(veto.Triggered == false ? "未触发" : "无法判定")}",
                $"veto {veto.Result.NameEn} {(veto.Triggered == false ? "not fired" : "undecided")} in {veto.Year}"));
    }

    /// <summary>Whether an indicator's target was met.</summary>
    public static Cause Met(IndicatorFact indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var r = indicator.Result;
        return new(indicator.SubjectId, indicator.Year, "met", r.Id, Text(r.Met), () =>
        {
            var target = r.Target is null ? "" : $"（目标 {r.Target}）";
            var targetEn = r.Target is null ? "" : $" (target {r.Target})";
            return r.Met switch
            {
                true => new($"{indicator.Year}年 {r.Name} 达标{target}", $"{r.NameEn} met in {indicator.Year}{targetEn}"),
                false => new($"{indicator.Year}年 {r.Name} 未达标{target}", $"{r.NameEn} not met in {indicator.Year}{targetEn}"),
                _ => new($"{indicator.Year}年 {r.Name} 未判定是否达标", $"{r.NameEn} without a verdict in {indicator.Year}"),
            };
        });
    }

    /// <summary>What happened to an indicator (scored, missing, not applicable, undefined, vetoed).</summary>
    public static Cause Status(IndicatorFact indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var r = indicator.Result;
        return new(indicator.SubjectId, indicator.Year, "status", r.Id, r.Status.ToString(), () =>
        {
            var zh = r.Status switch
            {
                IndicatorStatus.Scored => "已计分",
                IndicatorStatus.Missing => "缺少数据",
                IndicatorStatus.NotApplicable => "不适用",
                IndicatorStatus.Undefined => "无法计算",
                _ => "被一票否决",
            };
            return new($"{indicator.Year}年 {r.Name}：{zh}", $"{r.NameEn}: {r.Status} in {indicator.Year}");
        });
    }

    /// <summary>The points an indicator earned.</summary>
    public static Cause Points(IndicatorFact indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var r = indicator.Result;
        var p = Number(r.Points);
        return new(indicator.SubjectId, indicator.Year, "points", r.Id, p,
            () => new($"{indicator.Year}年 {r.Name} 得 {p}/{Number(r.MaxPoints)} 分", $"{r.NameEn} earned {p}/{Number(r.MaxPoints)} in {indicator.Year}"));
    }

    internal static string Text(bool? b) => b switch { true => "true", false => "false", _ => "none" };

    internal static string Number(decimal d) => (d / 1.000000000000000000000000000000000m).ToString(Inv);
}

/// <summary>
/// A consequence a rule drew from results (结果运用), with what caused it. Rules make one with
/// <see cref="RuleContextExtensions.Act"/>; derive from it for an action of the host's own (override <see cref="Kind"/>,
/// <see cref="Summary"/> and, for its own fields, <see cref="Details"/>).
/// </summary>
/// <param name="SubjectId">The subject the action concerns.</param>
/// <param name="Year">The assessment year whose results caused it.</param>
/// <param name="Causes">The results that caused it (at least one).</param>
public abstract record ResultAction(string SubjectId, int Year, IReadOnlyList<Cause> Causes)
{
    /// <summary>A stable name of the kind of action (<c>rectification</c>, <c>funding-coefficient</c> …).</summary>
    public abstract string Kind { get; }

    /// <summary>What is to be done, in Chinese and English (without the causes).</summary>
    public abstract Explanation Summary { get; }

    /// <summary>The rule that made the action (set when the action is recorded).</summary>
    public string? Rule { get; init; }

    /// <summary>The action's own fields as name and text (e.g. <c>deadline</c>, <c>coefficient</c>), for writers.</summary>
    public virtual IReadOnlyList<KeyValuePair<string, string>> Details() => [];

    /// <summary>What is to be done and why: the summary, then every cause.</summary>
    public Explanation Explanation
    {
        get
        {
            var s = Summary;
            var zh = new StringBuilder(s.Zh).Append("。原因：");
            var en = new StringBuilder(s.En).Append(". Because: ");
            for (var i = 0; i < Causes.Count; i++)
            {
                if (i > 0) { zh.Append('；'); en.Append("; "); }
                zh.Append(Causes[i].Explanation.Zh);
                en.Append(Causes[i].Explanation.En);
            }
            return new(zh.Append('。').ToString(), en.Append('.').ToString());
        }
    }
}

/// <summary>A rectification order (整改), for one indicator or (without one) for the subject's results as a whole.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Year">The assessment year.</param>
/// <param name="IndicatorId">The indicator to rectify, or null for the results as a whole.</param>
/// <param name="Deadline">The date by which the rectification is due.</param>
/// <param name="Causes">The results that caused it.</param>
public sealed record Rectification(string SubjectId, int Year, string? IndicatorId, DateOnly Deadline, IReadOnlyList<Cause> Causes)
    : ResultAction(SubjectId, Year, Causes)
{
    /// <inheritdoc />
    public override string Kind => "rectification";

    /// <inheritdoc />
    public override Explanation Summary
    {
        get
        {
            var d = Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return IndicatorId is null
                ? new($"限期整改，{d} 前完成", $"rectify by {d}")
                : new($"{IndicatorId} 限期整改，{d} 前完成", $"rectify {IndicatorId} by {d}");
        }
    }

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> Details() =>
        [new("indicator", IndicatorId ?? ""), new("deadline", Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];
}

/// <summary>A funding coefficient (财政投入、经费核拨): the share of the standard funding the subject receives.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Year">The assessment year.</param>
/// <param name="Coefficient">The coefficient (1 = the standard amount).</param>
/// <param name="Causes">The results that caused it.</param>
public sealed record FundingCoefficient(string SubjectId, int Year, decimal Coefficient, IReadOnlyList<Cause> Causes)
    : ResultAction(SubjectId, Year, Causes)
{
    /// <inheritdoc />
    public override string Kind => "funding-coefficient";

    /// <inheritdoc />
    public override Explanation Summary =>
        new($"经费核拨系数 {Cause.Number(Coefficient)}", $"funding coefficient {Cause.Number(Coefficient)}");

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> Details() => [new("coefficient", Cause.Number(Coefficient))];
}

/// <summary>A reward-pay coefficient (薪酬分配、绩效工资总量、院长年薪): the share of the standard reward pay.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Year">The assessment year.</param>
/// <param name="Coefficient">The coefficient (1 = the standard amount).</param>
/// <param name="Causes">The results that caused it.</param>
public sealed record RewardPayCoefficient(string SubjectId, int Year, decimal Coefficient, IReadOnlyList<Cause> Causes)
    : ResultAction(SubjectId, Year, Causes)
{
    /// <inheritdoc />
    public override string Kind => "reward-pay-coefficient";

    /// <inheritdoc />
    public override Explanation Summary =>
        new($"绩效工资（奖励性薪酬）系数 {Cause.Number(Coefficient)}", $"reward-pay coefficient {Cause.Number(Coefficient)}");

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> Details() => [new("coefficient", Cause.Number(Coefficient))];
}

/// <summary>An interview of the leadership (约谈), about one indicator or (without one) the results as a whole.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Year">The assessment year.</param>
/// <param name="IndicatorId">The indicator the interview is about, or null.</param>
/// <param name="Causes">The results that caused it.</param>
public sealed record Interview(string SubjectId, int Year, string? IndicatorId, IReadOnlyList<Cause> Causes)
    : ResultAction(SubjectId, Year, Causes)
{
    /// <inheritdoc />
    public override string Kind => "interview";

    /// <inheritdoc />
    public override Explanation Summary => IndicatorId is null
        ? new("约谈领导班子", "interview the leadership")
        : new($"就 {IndicatorId} 约谈领导班子", $"interview the leadership about {IndicatorId}");

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, string>> Details() => [new("indicator", IndicatorId ?? "")];
}

/// <summary>A commendation (评优评先).</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Year">The assessment year.</param>
/// <param name="Causes">The results that caused it.</param>
public sealed record Commendation(string SubjectId, int Year, IReadOnlyList<Cause> Causes)
    : ResultAction(SubjectId, Year, Causes)
{
    /// <inheritdoc />
    public override string Kind => "commendation";

    /// <inheritdoc />
    public override Explanation Summary => new("评优评先", "commend");
}
