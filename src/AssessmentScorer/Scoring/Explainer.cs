using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>The facts an explanation sentence is made from, kept instead of the sentence until it is read.</summary>
internal abstract class DeferredText
{
    /// <summary>The target text, when it is made from the same facts.</summary>
    public virtual string? Target(IndicatorDef ind) => null;

    public abstract Explanation Format(IndicatorDef ind, Value value, string? target, bool? met, decimal points, decimal max, ShowFlags show);
}

/// <summary>A year-over-year comparison: last year's value.</summary>
/// <remarks>With a minimum change, also that change and the threshold it gives (the scorer compared against it).</remarks>
internal sealed class YearOverYearText(Value before, (Value Change, decimal Threshold)? min) : DeferredText
{
    public override string Target(IndicatorDef ind)
    {
        var increase = ind.Direction == "increase";
        var prevText = Fmt.Value(before, ind.Display);
        if (min is not { } m) return $"{(increase ? ">" : "<")} {prevText}（上年 / last year）";
        var minText = $" {(increase ? "+" : "−")}{Fmt.BoundText(m.Change, percent: true)}";
        return $"{(increase ? "≥" : "≤")} {Fmt.Value(Value.Number(m.Threshold), ind.Display)}（上年 {prevText}{minText} / last year {prevText}{minText}）";
    }

    public override Explanation Format(IndicatorDef ind, Value value, string? target, bool? met, decimal points, decimal max, ShowFlags show)
    {
        var increase = ind.Direction == "increase";
        var valueText = Fmt.Value(value, ind.Display, (show & ShowFlags.Exact) != 0);
        var prevText = Fmt.Value(before, ind.Display);
        var rel = Arith.Div(Arith.Sub(value, before), before);
        var relText = rel.IsAbsent ? "" : $"{(rel.Num >= 0 ? "+" : "")}{Fmt.Number(rel.Num, Display.Percent)}";
        var change = relText.Length == 0 ? "" : $"，同比 {relText}";
        var changeEn = relText.Length == 0 ? "" : $", {relText} on last year";
        var pts = Fmt.PointsOf(points, max);
        return met == true
            ? new($"{ind.Name.Zh} {valueText}（上年 {prevText}{change}）{(increase ? "同比提升" : "同比下降")}达标 → {pts}", $"{ind.Name.En} {valueText} (last year {prevText}{changeEn}) meets {target} → {pts}")
            : new($"{ind.Name.Zh} {valueText}（上年 {prevText}{change}）未达到 {target} → {pts}", $"{ind.Name.En} {valueText} (last year {prevText}{changeEn}), target {target} not met → {pts}");
    }
}

/// <summary>Words explanations and display values; results call it on first read.</summary>
internal static class Explainer
{
    private static readonly Explanation Empty = new("", "");

    public static string? Display(IndicatorDef def, in Value value, ShowFlags show) =>
        value.IsAbsent ? null : Fmt.Value(value, def.Display, (show & ShowFlags.Exact) != 0);

    public static Explanation Format(IndicatorDef ind, ExplainKind kind, Value value, int year, string? target, bool? met,
        decimal points, decimal max, CohortStanding? cohort, IReadOnlyList<string> missing, ShowFlags show)
    {
        switch (kind)
        {
            case ExplainKind.NoPeers:
                {
                    var v = Fmt.Value(value, ind.Display);
                    return new($"{ind.Name.Zh} {v}：不适用（按同组排名计分，同组没有其他可比对象）",
                        $"{ind.Name.En} {v}: not applicable (scored by rank within its group, and no other subject of the group has a value to rank against)");
                }
            case ExplainKind.NoTargetForYear:
                return new($"{ind.Name.Zh}：{year}年没有生效的目标", $"{ind.Name.En}: no target in force for {year}");
            case ExplainKind.Monitor:
                {
                    var valueText = Fmt.Value(value, ind.Display, (show & ShowFlags.Exact) != 0);
                    return target is null
                        ? new($"{ind.Name.Zh} {valueText}（监测指标，不计分）", $"{ind.Name.En} {valueText} (monitored, not scored)")
                        : new($"{ind.Name.Zh} {valueText}，目标 {target}{(met == true ? "，达到" : "，未达到")}（监测指标，不计分）",
                              $"{ind.Name.En} {valueText}, target {target} {(met == true ? "met" : "not met")} (monitored, not scored)");
                }
            case ExplainKind.Scored:
                {
                    var e = Engine.Explain(ind, target, met, points, max, Fmt.Value(value, ind.Display, (show & ShowFlags.Exact) != 0));
                    return (show & ShowFlags.ZeroRead) == 0 ? e
                        : new(e.Zh + "（分母为零，无相关业务，按 0 计）", e.En + " (the denominator is zero: no such activity, read as 0)");
                }
            case ExplainKind.Ranked:
                {
                    var v = Fmt.Value(value, ind.Display);
                    var pts = Fmt.PointsOf(points, max);
                    var c = cohort!;
                    return new($"{ind.Name.Zh} {v}，在 {c.Stratum} 组 {c.Of} 个对象中排第 {c.Rank} → {pts}",
                        $"{ind.Name.En} {v}, ranked {c.Rank} of {c.Of} in {c.Stratum} → {pts}");
                }
            case ExplainKind.Undefined:
                return new($"{ind.Name.Zh}：无法计算（分母为零或数值溢出） → 0/{Fmt.Points(max)}",
                    $"{ind.Name.En}: cannot be computed (division by zero or overflow) → 0/{Fmt.Points(max)}");
            case ExplainKind.MissingData:
                return new($"{ind.Name.Zh}：缺少数据（{string.Join("、", missing)}） → 0/{Fmt.Points(max)}",
                    $"{ind.Name.En}: missing data ({string.Join(", ", missing)}) → 0/{Fmt.Points(max)}");
            default:
                return Empty;
        }
    }
}

/// <summary>Explanation and target wording the scorer chooses while scoring (the rest is worded when read, by <see cref="Explainer"/>).</summary>
internal sealed partial class Engine
{
    internal static Explanation Explain(IndicatorDef ind, string? target, bool? met, decimal points, decimal max, string valueText)
    {
        var pts = Fmt.PointsOf(points, max);
        var how = ind.ScoringMethod.How(met, points);
        if (target is null)
            return new($"{ind.Name.Zh} {valueText}{how.Item1} → {pts}", $"{ind.Name.En} {valueText}{how.Item2} → {pts}");
        if (ind.ValueType.Kind == TypeKind.Bool && target.StartsWith("= ", StringComparison.Ordinal))
        {
            // Yes/no in words, never "true = true": 是（应为 是）, and yes/no in the English sentence.
            static string En(string t) => t switch { "是" => "yes", "否" => "no", _ => t };
            var want = target[2..];
            return met == true
                ? new($"{ind.Name.Zh}：{valueText}（应为{want}）{how.Item1} → {pts}", $"{ind.Name.En}: {En(valueText)} (required: {En(want)}){how.Item2} → {pts}")
                : new($"{ind.Name.Zh}：{valueText}，未达到（应为{want}）{how.Item1} → {pts}", $"{ind.Name.En}: {En(valueText)}, not met (required: {En(want)}){how.Item2} → {pts}");
        }
        return met == true
            ? new($"{ind.Name.Zh} {valueText} {target}{how.Item1} → {pts}", $"{ind.Name.En} {valueText} {target}{how.Item2} → {pts}")
            : new($"{ind.Name.Zh} {valueText}，未达到 {target}{how.Item1} → {pts}", $"{ind.Name.En} {valueText}, target {target} not met{how.Item2} → {pts}");
    }

    /// <summary>The target text, reused while a case's bounds come out the same (most subjects share their targets).</summary>
    private static string TargetTextOf(TargetCase t, in Value b, in Value? upper, in Value? tol, IndicatorDef ind)
    {
        // Constant bounds cannot change from one subject to the next: the indicator is all there is to compare.
        if (t.LastText is { } m && ReferenceEquals(m.Indicator, ind) && (t.Constant || Same(m.Bound, b) && Same(m.Upper, upper) && Same(m.Tolerance, tol))) return m.Text;
        var text = TargetText(t, b, upper, tol, ind);
        if (t.DataFree) t.LastText = new TargetTextMemo(ind, b, upper, tol, text);
        return text;

        // The same value, down to the decimal's scale (which the text shows).
        static bool Same(Value? x, Value? y) => x is not { } a ? y is null : y is { } c && a.Kind == c.Kind && a.Num == c.Num && a.Num.Scale == c.Num.Scale
            && string.Equals(a.Text, c.Text, StringComparison.Ordinal);
    }

    internal static string TargetText(TargetCase t, Value b, Value? upper, Value? tol, IndicatorDef? ind, bool? percentOverride = null)
    {
        var percent = percentOverride ?? (t.Bound.IsPercent || ind?.Display == Display.Percent);
        var bt = Fmt.BoundText(b, percent);
        var usesPrev = t.UsesPrevious;
        var suffix = usesPrev ? "（上年 / last year）" : "";
        return t.Op switch
        {
            "between" => $"{bt}–{Fmt.BoundText(upper!.Value, percent)}",
            "about" => AboutText(t.Side, bt, Fmt.BoundText(tol!.Value, percent || (t.Tolerance?.IsPercent ?? false))),
            _ => $"{Fmt.OpSymbol(t.Op)} {bt}{suffix}",
        };
    }

    /// <summary>An about target: "≈ 2 ± 0.2" when either side meets it, "≥ 1.1 − 0.11" or "≤ 75% + 2%" when one-sided.</summary>
    private static string AboutText(string? side, string bound, string tolerance) => side switch
    {
        "at_least" => $"≥ {bound} − {tolerance}",
        "at_most" => $"≤ {bound} + {tolerance}",
        _ => $"≈ {bound} ± {tolerance}",
    };
}
