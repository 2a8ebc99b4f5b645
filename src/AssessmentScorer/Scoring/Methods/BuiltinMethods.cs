using System.Globalization;
using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring.Methods;

/// <summary><c>pass_fail</c>: all the points when the target is met, none otherwise.</summary>
internal sealed class PassFailMethod : ScoringMethod
{
    public override string Name => "pass_fail";
    public override bool AcceptsText => true;
    public override bool NoTargetMeansNotApplicable => true;

    public override void Bind(MethodBinding b)
    {
        if (b.Targets.Count == 0) b.Needs(b.Raw.At, "a target");
    }

    public override void Points(IndicatorDef ind, TargetCase? chosen, EvalContext ctx, ref Outcome o) =>
        o.Points = o.Met == true ? ind.MaxPoints : 0;
}

/// <summary><c>linear</c>: all the points at the target, none at <c>from</c>, in proportion between.</summary>
internal sealed class LinearMethod : ScoringMethod
{
    public override string Name => "linear";
    public override IReadOnlyList<string> ScoreKeys { get; } = new[] { "from" };
    public override bool NoTargetMeansNotApplicable => true;

    public override void Bind(MethodBinding b)
    {
        if (b.Targets.Count == 0 || b.Targets.Any(t => t.Op is not ("at_least" or "at_most" or "greater_than" or "less_than")))
            b.Needs(b.Raw.At, "targets of at_least, at_most, greater_than or less_than");
        if (b.Raw.Score?.From is null) b.Needs(b.Raw.Score?.At ?? b.Raw.At, "'from', the value that scores zero");
        else b.Floor = b.BindBound(b.Raw.Score.From);
    }

    public override void Points(IndicatorDef ind, TargetCase? chosen, EvalContext ctx, ref Outcome o) =>
        o.Points = o.Met == true ? ind.MaxPoints : Fraction(ind, chosen!, o.Value, ctx);

    public override (string Zh, string En) How(bool? met, decimal points) =>
        met != true && points > 0 ? ("，按线性插值计分", ", scored linearly between floor and target") : ("", "");

    private static decimal Fraction(IndicatorDef ind, TargetCase t, Value v, EvalContext ctx)
    {
        var target = t.Bound.Evaluate(ctx);
        var floor = ind.From!.Evaluate(ctx);
        if (target is not { Kind: VKind.Number } tv || floor is not { Kind: VKind.Number } fv) return 0;
        var fractionValue = Arith.Div(Arith.Sub(v, fv), Arith.Sub(tv, fv));
        if (fractionValue.IsAbsent) return 0;
        var fraction = fractionValue.Num;
        if (fraction <= 0) return 0;
        if (fraction >= 1) fraction = 1;
        return ind.MaxPoints * fraction;
    }
}

/// <summary><c>bands</c>: the points of the band (a range of the value) the value falls in.</summary>
internal sealed class BandsMethod : ScoringMethod
{
    public override string Name => "bands";
    public override IReadOnlyList<string> ScoreKeys { get; } = new[] { "bands" };

    public override void Bind(MethodBinding b)
    {
        var raw = b.Raw;
        var rawBands = raw.Score!.Bands;
        if (rawBands.Count == 0) b.Needs(raw.Score.At, "a list of bands (from, to, points)");
        var bands = b.Bands;
        for (var k = 0; k < rawBands.Count; k++)
        {
            var rb = rawBands[k];
            decimal? lo = rb.From is null ? null : b.ConstNumber(rb.From);
            decimal? hi = rb.To is null ? null : b.ConstNumber(rb.To);
            if (lo is not null && hi is not null && hi <= lo)
                b.Diagnostics.Add(Errors.InvalidValue(rb.At, "band", $"{rb.From!.Text} to {rb.To!.Text}", "'to' above 'from'"));
            if (rb.Points > b.MaxPoints)
                b.Diagnostics.Add(Errors.InvalidValue(rb.At, "band points", rb.Points.ToString(CultureInfo.InvariantCulture), $"at most the indicator's {Fmt.Plain(b.MaxPoints)} points"));
            bands.Add(new Band { Index = k, From = lo, To = hi, Points = rb.Points, FromPercent = (rb.From?.Text ?? rb.To?.Text ?? "").Contains('%') });
        }
        for (var x = 0; x < bands.Count; x++)
            for (var y = x + 1; y < bands.Count; y++)
                if ((bands[x].From ?? decimal.MinValue) < (bands[y].To ?? decimal.MaxValue) && (bands[y].From ?? decimal.MinValue) < (bands[x].To ?? decimal.MaxValue))
                    b.Diagnostics.Add(Errors.OverlappingBands(rawBands[y].At, raw.Id, Text(rawBands[x]), Text(rawBands[y])));
    }

    private static string Text(RawBand b) => $"[{b.From?.Text ?? "−∞"}, {b.To?.Text ?? "+∞"})";

    public override void Points(IndicatorDef ind, TargetCase? chosen, EvalContext ctx, ref Outcome o)
    {
        o.Points = 0;
        var bands = ind.Bands;
        for (var n = 0; n < bands.Count; n++)
            if (bands[n] is var b && b.Contains(o.Value.Num)) { o.Points = b.Points; o.BandIndex = (short)b.Index; break; }
        o.Met ??= o.Points == ind.MaxPoints;
    }

    public override (string Zh, string En) How(bool? met, decimal points) => ("，按区间计分", ", scored by band");
}

/// <summary><c>levels</c>: the points of the highest level reached.</summary>
internal sealed class LevelsMethod : ScoringMethod
{
    public override string Name => "levels";
    public override IReadOnlyList<string> ScoreKeys { get; } = new[] { "levels" };

    public override void Bind(MethodBinding b)
    {
        var raw = b.Raw;
        var valueType = b.ValueType;
        if (raw.Score!.Levels.Count == 0) b.Needs(raw.Score.At, "a 'levels' map of level → points");
        foreach (var lv in raw.Score.Levels)
        {
            int rank;
            if (valueType.Kind == TypeKind.Level) rank = valueType.Scale!.RankOf(lv.Level);
            else rank = int.TryParse(lv.Level, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : -1;
            if (rank < 0)
            {
                b.Diagnostics.Add(valueType.Kind == TypeKind.Level
                    ? Errors.Expression(lv.At, ErrorCodes.UnknownLevel, $"'{lv.Level}' is not a level of {valueType.Scale!.Id} ({string.Join(" < ", valueType.Scale.Levels)})")
                    : Errors.InvalidValue(lv.At, "level", lv.Level, "a whole number level"));
                continue;
            }
            if (lv.Points > b.MaxPoints) b.Diagnostics.Add(Errors.InvalidValue(lv.At, "level points", lv.Points.ToString(CultureInfo.InvariantCulture), $"at most the indicator's {Fmt.Plain(b.MaxPoints)} points"));
            b.Levels.Add((rank, lv.Level, lv.Points));
        }
        b.Levels.Sort((x, y) => x.Rank.CompareTo(y.Rank));
    }

    public override void Points(IndicatorDef ind, TargetCase? chosen, EvalContext ctx, ref Outcome o)
    {
        o.Points = 0;
        for (var li = 0; li < ind.Levels.Count; li++)
            if (o.Value.Num >= ind.Levels[li].Rank) { o.Points = ind.Levels[li].Points; o.BandIndex = (short)li; }
        o.Met ??= o.Points == ind.MaxPoints;
    }

    public override (string Zh, string En) How(bool? met, decimal points) => ("，按级别计分", ", scored by level");
}

/// <summary><c>monitor</c>: shown with its target, never scored.</summary>
internal sealed class MonitorMethod : ScoringMethod
{
    public override string Name => "monitor";
    public override bool GivesPoints => false;
    public override bool AcceptsText => true;

    public override void Points(IndicatorDef ind, TargetCase? chosen, EvalContext ctx, ref Outcome o)
    {
        o.Points = 0;
        o.NoMax = true;
        o.Kind = ExplainKind.Monitor;
    }
}

/// <summary><c>year_over_year</c>: met when the value moves past last year's in the direction asked (by <c>min_change</c>).</summary>
internal sealed class YearOverYearMethod : ScoringMethod
{
    public override string Name => "year_over_year";
    public override IReadOnlyList<string> ScoreKeys { get; } = new[] { "direction", "min_change" };
    public override MethodFlow Flow => MethodFlow.YearOverYear;

    public override void Bind(MethodBinding b)
    {
        var raw = b.Raw;
        if (raw.Score?.Direction is not ("increase" or "decrease"))
            b.Needs(raw.Score?.At ?? raw.At, "direction: increase or decrease");
        if (raw.Score?.MinChange is { } mc) b.MinChange = b.Compile(mc, ExprType.Number);
        if (b.HasValue && b.ValueType.Kind == TypeKind.Number)
            b.PreviousValue = b.Compile(new ExprSource("prev(value)", raw.Value!.At, false, 0), ExprType.Number);
    }
}

/// <summary><c>checklist</c>: a task done by its deadline, with its evidence (<c>late_points</c> when late).</summary>
internal sealed class ChecklistMethod : ScoringMethod
{
    public override string Name => "checklist";
    public override IReadOnlyList<string> ScoreKeys { get; } = new[] { "late_points" };
    public override MethodFlow Flow => MethodFlow.Checklist;
}

/// <summary><c>percentile</c> and <c>rank</c>: points by standing among the stratum's subjects in a cohort.</summary>
internal sealed class RankedMethod(string name) : ScoringMethod
{
    public override string Name => name;
    public override IReadOnlyList<string> ScoreKeys { get; } = new[] { "direction" };
    public override MethodFlow Flow => MethodFlow.Ranked;

    public override void Bind(MethodBinding b)
    {
        if (b.Raw.Score?.Direction is not ("higher" or "lower"))
            b.Needs(b.Raw.Score?.At ?? b.Raw.At, "direction: higher or lower (which end is better)");
    }
}
