namespace AssessmentScorer.Benchmarks.Qiaocheng;

/// <summary>A computed value: a number, missing (a field not reported) or undefined (a zero denominator).</summary>
public readonly record struct QcValue(decimal Value, IndicatorStatus Status)
{
    public bool Ok => Status == IndicatorStatus.Scored;
}

/// <summary>The rules' actions: the arithmetic and scoring of each kind of indicator, and the grading.</summary>
public static class QcScoring
{
    public static readonly string[] PerformanceScale = ["D", "C", "C+", "C++", "B", "B+", "B++", "A", "A+", "A++"];
    public static readonly string[] InteropScale = ["一级", "二级", "三级", "四级乙等", "四级甲等", "五级乙等", "五级甲等"];

    public static void Set(QcHospital h, QcOutcome outcome) => h.Outcomes[outcome.Index] = outcome;

    public static QcValue Plain(decimal? v) => v is { } d ? new(d, IndicatorStatus.Scored) : new(0, IndicatorStatus.Missing);

    public static QcValue Ratio(decimal? num, decimal? den) =>
        num is not { } n || den is not { } d ? new(0, IndicatorStatus.Missing)
        : d == 0 ? new(0, IndicatorStatus.Undefined)
        : new(n / d, IndicatorStatus.Scored);

    private static QcOutcome Unscored(int i, decimal max, IndicatorStatus status, string target) => new(i, status, null, 0, max, null, target);

    private static QcOutcome PassFail(int i, decimal max, decimal? value, bool met, string target) => new(i, IndicatorStatus.Scored, met, met ? max : 0, max, value, target);

    public static QcOutcome AtLeast(int i, decimal max, decimal? v, decimal bound, string target) =>
        v is { } d ? PassFail(i, max, d, d >= bound, target) : Unscored(i, max, IndicatorStatus.Missing, target);

    public static QcOutcome LevelAtLeast(int i, decimal max, string? level, string[] scale, string bound, string target)
    {
        if (level is null) return Unscored(i, max, IndicatorStatus.Missing, target);
        return PassFail(i, max, null, Array.IndexOf(scale, level) >= Array.IndexOf(scale, bound), target);
    }

    public static QcOutcome RatioAtLeast(int i, decimal max, decimal? num, decimal? den, decimal bound, string target, IndicatorStatus whenUndefined)
    {
        var v = Ratio(num, den);
        if (v.Status == IndicatorStatus.Undefined) return Unscored(i, whenUndefined == IndicatorStatus.NotApplicable ? 0 : max, whenUndefined, target);
        return v.Ok ? PassFail(i, max, v.Value, v.Value >= bound, target) : Unscored(i, max, v.Status, target);
    }

    public static QcOutcome RatioAtMost(int i, decimal max, decimal? num, decimal? den, decimal? bound)
    {
        var v = Ratio(num, den);
        if (!v.Ok) return Unscored(i, max, v.Status, "≤ 全国平均");
        if (bound is not { } b) return Unscored(i, max, IndicatorStatus.Missing, "≤ 全国平均");
        return PassFail(i, max, v.Value, v.Value <= b, $"≤ {b:0.####}");
    }

    /// <summary>All the points at the target, none at <paramref name="from"/>, in proportion between.</summary>
    public static QcOutcome Linear(int i, decimal max, decimal? num, decimal? den, decimal target, decimal from, bool atMost, string text)
    {
        var v = Ratio(num, den);
        if (v.Status == IndicatorStatus.Undefined) return Unscored(i, max, IndicatorStatus.Missing, text);
        if (!v.Ok) return Unscored(i, max, v.Status, text);
        var met = atMost ? v.Value <= target : v.Value >= target;
        if (met) return new(i, IndicatorStatus.Scored, true, max, max, v.Value, text);
        var fraction = (v.Value - from) / (target - from);
        var points = fraction <= 0 ? 0 : fraction >= 1 ? max : max * fraction;
        if (points.Scale > 2) points = Math.Round(points, 2, MidpointRounding.AwayFromZero);   // points to the cent, as the rule-set language says
        return new(i, IndicatorStatus.Scored, false, points, max, v.Value, text);
    }

    /// <summary>a and b and c equals true: false when any is false (whatever else is missing), missing when none is false and one is missing.</summary>
    public static QcOutcome AllTrue(int i, decimal max, bool? a, bool? b, bool? c)
    {
        if (a == false || b == false || c == false) return new(i, IndicatorStatus.Scored, false, 0, max, null, "是");
        if (a is null || b is null || c is null) return Unscored(i, max, IndicatorStatus.Missing, "是");
        return new(i, IndicatorStatus.Scored, true, max, max, null, "是");
    }

    public static QcOutcome Reduction(int i, decimal max, decimal? visits, decimal? baseline, decimal bound, string target)
    {
        var share = Ratio(visits, baseline);
        if (!share.Ok) return Unscored(i, max, share.Status, target);
        var v = 1 - share.Value;
        return PassFail(i, max, v, v >= bound, target);
    }

    /// <summary>Year over year, direction increase: met (all the points) when strictly above last year's value.</summary>
    public static QcOutcome Increase(int i, decimal max, QcValue now, QcValue before)
    {
        if (!now.Ok) return Unscored(i, max, now.Status, "> 上年");
        if (!before.Ok) return Unscored(i, max, before.Status, "> 上年");
        return PassFail(i, max, now.Value, now.Value > before.Value, "> 上年");
    }

    public static QcOutcome Checklist(int i, decimal max, bool? done, DateOnly? completedOn, bool evidence, DateOnly deadline)
    {
        if (done is null) return Unscored(i, max, IndicatorStatus.Missing, "按期完成");
        var met = done.Value && completedOn is { } on && on <= deadline && evidence;
        return new(i, IndicatorStatus.Scored, met, met ? max : 0, max, null, "按期完成");
    }

    private static readonly (string Grade, decimal Min)[] Cutoffs = [("达标", 100), ("基本达标", 80), ("部分达标", 60), ("未达标", decimal.MinValue)];

    /// <summary>The total of the applicable indicators, the grade by the cut-offs on the percentage of the maximum, and pass.</summary>
    public static void Grade(QcHospital h)
    {
        decimal total = 0, maxTotal = 0;
        foreach (var o in h.Outcomes)
        {
            if (o is null || o.Status == IndicatorStatus.NotApplicable) continue;
            total += o.Points;
            maxTotal += o.MaxPoints;
        }
        h.Total = total;
        h.MaxTotal = maxTotal;
        var percent = maxTotal == 0 ? 0 : total / maxTotal * 100;
        foreach (var (grade, min) in Cutoffs)
            if (percent >= min) { h.Grade = grade; break; }
        h.Passed = h.Grade == "达标" && h.PerformanceGrade is { } g && Array.IndexOf(PerformanceScale, g) >= Array.IndexOf(PerformanceScale, "B");
        h.Graded = true;
    }
}
