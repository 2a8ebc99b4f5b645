using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring.Methods;

namespace AssessmentScorer.Scoring;

/// <summary>Scoring one indicator by its method: the target chosen, the verdict, the points; missing and undefined data.</summary>
internal sealed partial class Engine
{
    private void Indicator(IndicatorDef ind, ref SubjectRun run, ref Outcome o)
    {
        var ctx = run.Ctx;
        if (ind.Value is not null)
        {
            o.Value = ind.Value.Fn(ctx);
            ctx.Indicators[ind.Index] = o.Value;
        }
        if (ind.AppliesWhen is { } aw)
        {
            var memo = _appliesMemo[ind.Index];
            var a = memo >= 0 ? ctx.Memoized(memo, aw.Fn) : aw.Fn(ctx);
            if (a.IsAbsent) { Absent(ind, ref run, ref o, a, aw.FieldNames, aw.SubjectAttributeNames, "applies_when", aw.PreviousFieldNames); return; }
            if (!a.AsBool)
            {
                o.Status = IndicatorStatus.NotApplicable; o.NoMax = true; o.Points = 0;
                o.NotYet = Coverage.AppliesLater(aw, ctx, _horizonTo);
                o.Explanation = ind.NotApplicable;
                return;
            }
        }
        if (o.Value.Kind == VKind.Undefined && ind.WhenUndefined != UndefinedReading.Undefined && ReadUndefined(ind, ref run, ref o)) return;
        var method = ind.ScoringMethod;
        var flow = method.Flow;
        if (flow == MethodFlow.Checklist) { Scoring.Checklist.Score(this, ind, ref run, ref o); return; }
        if (o.Value.IsAbsent && flow is MethodFlow.Ranked or MethodFlow.YearOverYear)
            { Absent(ind, ref run, ref o, o.Value, ind.Value!.FieldNames, ind.Value.SubjectAttributeNames, "value", ind.Value.PreviousFieldNames); return; }
        if (flow == MethodFlow.Ranked)
        {
            // Ranked against the other subjects of its stratum with a value. Scored alone there are none: the indicator
            // does not apply (as for the only subject of a stratum in a cohort). In a cohort it waits for the ranking.
            if (run.InCohort) o.Status = IndicatorStatus.Undefined;
            else { o.Status = IndicatorStatus.NotApplicable; o.NoMax = true; }
            o.Kind = ExplainKind.NoPeers;
            return;
        }
        if (flow == MethodFlow.YearOverYear) { YearOverYear(ind, ref run, ref o); return; }

        // Choose the target: the first case whose condition holds.
        TargetCase? chosen = null;
        var targets = ind.Targets;
        var whenMemo = _whenMemo[ind.Index];
        for (var n = 0; n < targets.Count; n++)
        {
            var t = targets[n];
            if (t.When is null) { chosen = t; break; }
            var w = whenMemo is not null && whenMemo[n] >= 0 ? ctx.Memoized(whenMemo[n], t.When.Fn) : t.When.Fn(ctx);
            if (w.IsAbsent) { Absent(ind, ref run, ref o, w, t.When.FieldNames, t.When.SubjectAttributeNames, "target", t.When.PreviousFieldNames); return; }
            if (w.AsBool) { chosen = t; break; }
        }
        if (chosen is null && ind.Targets.Count > 0 && method.NoTargetMeansNotApplicable)
        {
            o.Status = IndicatorStatus.NotApplicable; o.NoMax = true;
            o.NotYet = Coverage.ChosenLater(targets, ctx, _horizonTo);
            o.Explanation = ind.NoTarget;
            return;
        }
        if (chosen is null && o.Value.IsAbsent) { Absent(ind, ref run, ref o, o.Value, ind.Value!.FieldNames, ind.Value.SubjectAttributeNames, "value", ind.Value.PreviousFieldNames); return; }
        bool? met = null;
        if (chosen is not null)
        {
            var status = Bounds(chosen, ctx, out var bound, out var upper, out var tol);
            // A by-year table with no entry for this year: the target is not in force yet, whatever the data.
            if (status is { IsAbsent: false })
            {
                o.Status = IndicatorStatus.NotApplicable; o.NoMax = true; o.NotYet = true;
                o.Kind = ExplainKind.NoTargetForYear;
                return;
            }
            if (o.Value.IsAbsent) { Absent(ind, ref run, ref o, o.Value, ind.Value!.FieldNames, ind.Value.SubjectAttributeNames, "value", ind.Value.PreviousFieldNames); return; }
            if (status is { } st)
                { Absent(ind, ref run, ref o, st, chosen.BoundFields ??= Names(chosen.Bound.All, e => e.Fields), chosen.BoundSubjectAttributes ??= Names(chosen.Bound.All, e => e.SubjectAttributes), "target", chosen.BoundPreviousFields ??= Names(chosen.Bound.All, e => e.PreviousFields)); return; }
            o.TargetIndex = (short)chosen.Index;
            // A grade-only scoring (sensitivity draws) reads points, not texts.
            if (!run.GradeOnly) o.Target = TargetTextOf(chosen, bound, upper, tol, ind);
            met = Meets(chosen.OpKind, o.Value, bound, upper, tol);
            if (!run.GradeOnly && o.Value.Kind == VKind.Number && bound.Kind == VKind.Number && ShownMisleads(ind.Display, chosen.OpKind, o.Value.Num, bound, upper, tol))
                o.ExactDisplay = true;
        }
        o.Met = met;
        o.Status = IndicatorStatus.Scored;
        // The method gives the points (Scoring/Methods); a monitored indicator gives none and is worded as such.
        method.Points(ind, chosen, ctx, ref o);
        if (!method.GivesPoints) return;
        // Points of two places or fewer (a rule's own points, nearly always) are already rounded.
        if (o.Points.Scale > 2) o.Points = Math.Round(o.Points, 2, MidpointRounding.AwayFromZero);
        o.Kind = ExplainKind.Scored;
        return;
    }

    /// <summary>
    /// A value that cannot be computed, read as the rule says (<c>when_undefined</c>): true when that settles the outcome
    /// (not applicable, missing), false when scoring goes on with the value read as 0.
    /// </summary>
    private bool ReadUndefined(IndicatorDef ind, ref SubjectRun run, ref Outcome o)
    {
        switch (ind.WhenUndefined)
        {
            case UndefinedReading.Zero:
                o.Value = Value.Number(0);
                run.Ctx.Indicators[ind.Index] = o.Value;
                o.UndefinedAsZero = true;
                return false;
            case UndefinedReading.NotApplicable:
                o.Status = IndicatorStatus.NotApplicable; o.NoMax = true; o.Points = 0;
                o.Explanation = ind.NoActivity;
                return true;
            default:
                {
                    // Missing data: the fields read as zero are what has to be checked (or given). Subjects with the same
                    // fields at zero share the list and its problems, made once (as for data not given, in Absent).
                    var zero = t_missing ??= new List<string>();
                    zero.Clear();
                    foreach (var f in ind.Value!.FieldNames)
                        if (_fieldsById.TryGetValue(f, out var fd) && fd.Slot < run.Ctx.Current.Length && run.Ctx.Current[fd.Slot] is { Kind: VKind.Number } v && v.Num == 0)
                            zero.Add(fd.ValuesPath);
                    if (zero.Count == 0) zero.Add("value");
                    o.Points = 0; o.Met = null;
                    Missing(ind, ind.ZeroDenominators, zero, static (ind, path) =>
                        $"{ind.Name.Zh} ({ind.Id}) cannot be computed: {path} is 0 (division by zero); it is treated as missing data", ref run, ref o);
                    return true;
                }
        }
    }

    /// <summary>
    /// A case's bounds for this subject; the result is null when they are all there, false when a by-year table has
    /// no entry in force, or the missing or undefined value that stopped them.
    /// </summary>
    private static Value? Bounds(TargetCase t, EvalContext ctx, out Value bound, out Value? upper, out Value? tol)
    {
        bound = default;
        upper = tol = null;
        if (!t.Bound.TryEvaluate(ctx, out var bv)) return Value.False;
        if (bv.IsAbsent) return bv;
        if (t.Upper is not null)
        {
            if (!t.Upper.TryEvaluate(ctx, out var u)) return Value.False;
            if (u.IsAbsent) return u;
            upper = u;
        }
        if (t.Tolerance is not null)
        {
            if (!t.Tolerance.TryEvaluate(ctx, out var x)) return Value.False;
            if (x.IsAbsent) return x;
            tol = x;
        }
        bound = bv;
        return null;
    }

    /// <summary>
    /// Whether the value as shown (rounded to two places) would touch or cross a bound that the value itself does not:
    /// then it is shown in full, so that a shown value never contradicts its verdict.
    /// </summary>
    internal static bool ShownMisleads(Display display, TargetOp op, decimal v, in Value b, in Value? upper, in Value? tol)
    {
        if (display is not (Display.Number or Display.Percent)) return false;
        // Most values lie far from every edge: a check in doubles says so without decimal arithmetic.
        return !FarFromEdges(display, op, v, b.Num, upper?.Num ?? 0, tol?.Num ?? 0) && ShownMisleadsExactly(display, op, v, b, upper, tol);
    }

    /// <summary>
    /// Whether <paramref name="v"/> is certainly further than rounding could move it (half a unit of the last place shown)
    /// from every edge its verdict turns on, judged in doubles with a margin far wider than their rounding error (a
    /// relative 10^-9 of the numbers involved, and as much again as the half unit): false means "not sure", never "near".
    /// </summary>
    internal static bool FarFromEdges(Display display, TargetOp op, decimal v, decimal bound, decimal upper, decimal tol)
    {
        double x = (double)v, b = (double)bound, t = (double)tol;
        var half = display == Display.Percent ? 0.00005 : 0.005;
        var margin = 2 * half + 1e-9 * (1 + Math.Abs(x) + Math.Abs(b) + Math.Abs(t));
        switch (op)
        {
            case TargetOp.About:
                return Math.Abs(x - (b - t)) > margin && Math.Abs(x - (b + t)) > margin;
            case TargetOp.AboutAtLeast:
                return Math.Abs(x - (b - t)) > margin;
            case TargetOp.AboutAtMost:
                return Math.Abs(x - (b + t)) > margin;
            case TargetOp.Between:
                var u = (double)upper;
                return Math.Abs(x - b) > margin && Math.Abs(x - u) > margin + 1e-9 * Math.Abs(u);
            default:
                return Math.Abs(x - b) > margin;
        }
    }

    /// <summary><see cref="ShownMisleads"/> worked out in decimals alone (the general path).</summary>
    internal static bool ShownMisleadsExactly(Display display, TargetOp op, decimal v, in Value b, in Value? upper, in Value? tol)
    {
        // Beyond 10^26 a value has no places left to round (28 significant digits), so it is shown as it is.
        if (display is not (Display.Number or Display.Percent) || Math.Abs(v) > 1e26m) return false;
        // The edges the verdict turns on; rounding moves a value by at most half a unit of the last place shown, so a
        // value further than that from every edge is shown as usual without rounding it here (most values).
        var t = tol?.Num ?? 0;
        var (lo, hi) = op switch
        {
            TargetOp.About => (Dec.SaturatingSub(b.Num, t), Dec.SaturatingAdd(b.Num, t)),
            TargetOp.AboutAtLeast => (Dec.SaturatingSub(b.Num, t), Dec.SaturatingSub(b.Num, t)),
            TargetOp.AboutAtMost => (Dec.SaturatingAdd(b.Num, t), Dec.SaturatingAdd(b.Num, t)),
            TargetOp.Between => (b.Num, upper!.Value.Num),
            _ => (b.Num, b.Num),
        };
        var half = display == Display.Percent ? 0.00005m : 0.005m;
        if (!Near(v, lo, half) && (hi == lo || !Near(v, hi, half))) return false;
        var r = Fmt.Shown(v, display);
        if (r == v) return false;
        return Meets(op, Value.Number(r), b, upper, tol) != Meets(op, Value.Number(v), b, upper, tol) || r == lo || r == hi;
    }

    /// <summary>
    /// Whether <paramref name="v"/> (at most 10^26 in size) is within <paramref name="half"/> of <paramref name="edge"/>: a
    /// plain difference when the edge is below 10^27 too (it cannot overflow), the saturating one otherwise.
    /// </summary>
    private static bool Near(decimal v, decimal edge, decimal half) =>
        Math.Abs(edge) < 1e27m ? Math.Abs(v - edge) <= half : Math.Abs(Dec.SaturatingSub(v, edge)) <= half;

    internal static bool Meets(TargetOp op, in Value v, in Value b, in Value? upper, in Value? tol) => op switch
    {
        TargetOp.AtLeast => v.Num >= b.Num,
        TargetOp.AtMost => v.Num <= b.Num,
        TargetOp.GreaterThan => v.Num > b.Num,
        TargetOp.LessThan => v.Num < b.Num,
        TargetOp.EqualTo => v.Num == b.Num && string.Equals(v.Text, b.Text, StringComparison.Ordinal),
        TargetOp.Between => v.Num >= b.Num && v.Num <= upper!.Value.Num,
        TargetOp.About => Math.Abs(Dec.SaturatingSub(v.Num, b.Num)) <= tol!.Value.Num,
        TargetOp.AboutAtLeast => v.Num >= Dec.SaturatingSub(b.Num, tol!.Value.Num),
        TargetOp.AboutAtMost => v.Num <= Dec.SaturatingAdd(b.Num, tol!.Value.Num),
        _ => false,
    };

    private void YearOverYear(IndicatorDef ind, ref SubjectRun run, ref Outcome o)
    {
        var ctx = run.Ctx;
        var before = ind.PreviousValue!.Fn(ctx);
        if (before.IsAbsent) { Absent(ind, ref run, ref o, before, Array.Empty<string>(), Array.Empty<string>(), "previous", ind.PreviousValue.PreviousFieldNames, previousNeeded: true); return; }
        var increase = ind.Direction == "increase";
        decimal threshold = before.Num;
        (Value, decimal)? min = null;
        if (ind.MinChange is { } mc)
        {
            var m = mc.Fn(ctx);
            if (m.IsAbsent) { Absent(ind, ref run, ref o, m, mc.FieldNames, mc.SubjectAttributeNames, "min_change"); return; }
            // The change is relative to the size of last year's value: from −100, +10% is −90 (not −110).
            var step = Arith.Mul(Value.Number(Math.Abs(before.Num)), m);
            var t = increase ? Arith.Add(before, step) : Arith.Sub(before, step);
            if (t.IsAbsent) { Absent(ind, ref run, ref o, Value.Undefined, Array.Empty<string>(), Array.Empty<string>(), "min_change"); return; }
            threshold = t.Num;
            min = (m, threshold);
        }
        // With no minimum change the value must move past last year's; with one, reaching the threshold is enough. From
        // a zero baseline no relative change can be worked out: any rise (fall) meets it, and no change does not.
        var strict = min is null || before.Num == 0;
        var met = increase ? (strict ? o.Value.Num > threshold : o.Value.Num >= threshold) : (strict ? o.Value.Num < threshold : o.Value.Num <= threshold);
        o.Met = met;
        o.Status = IndicatorStatus.Scored;
        o.Points = met ? ind.MaxPoints : 0;
        if (run.GradeOnly) return;
        var op = increase ? (strict ? TargetOp.GreaterThan : TargetOp.AtLeast) : (strict ? TargetOp.LessThan : TargetOp.AtMost);
        if (ShownMisleads(ind.Display, op, o.Value.Num, Value.Number(threshold), null, null)) o.ExactDisplay = true;
        o.Deferred = new YearOverYearText(before, min);
    }

    /// <summary>An indicator left unscored for missing or undefined data, naming what is missing.</summary>
    internal void Absent(IndicatorDef ind, ref SubjectRun run, ref Outcome o, Value why, string[] fields, string[] subjectAttrs,
        string part, string[]? previousFields = null, bool previousNeeded = false)
    {
        var ctx = run.Ctx;
        o.Points = 0;
        o.Met = null;
        if (why.Kind == VKind.Undefined)
        {
            o.Status = IndicatorStatus.Undefined;
            o.Kind = ExplainKind.Undefined;
            return;
        }
        // The names come once each (an expression's sets, or made unique). The paths are strings kept per field, so
        // the list can be compared with the indicator's earlier ones by reference.
        var missing = t_missing ??= new List<string>();
        missing.Clear();
        foreach (var f in fields)
            if (MissingField(f, ctx.Current) is { } fd) missing.Add(fd.ValuesPath);
        foreach (var a in subjectAttrs)
            if (SubjectMissing(ctx, a)) missing.Add(SubjectPath(a));
        if (previousFields is { Length: > 0 } || previousNeeded)
        {
            if (ctx.Previous is null) missing.Add("previous");
            else if (previousFields is not null)
                foreach (var f in previousFields)
                    if (MissingField(f, ctx.Previous) is { } fd) missing.Add(fd.PreviousPath);
        }
        if (missing.Count == 0)
        {
            // Missing through another indicator: name that indicator's missing data.
            for (var k = 0; k < ind.ReadsFields.Count; k++)
                if (MissingField(ind.ReadsFields[k], ctx.Current) is { } fd) missing.Add(fd.ValuesPath);
            if (missing.Count == 0) missing.Add(part);
        }
        Missing(ind, ind.Missing, missing, static (ind, path) => $"{ind.Name.Zh} ({ind.Id}) needs {path}; it was not given or was not valid", ref run, ref o);
    }

    /// <summary>
    /// Settles <paramref name="o"/> as missing the data at <paramref name="paths"/> (in the order found, repeats allowed),
    /// each name once with its problem (AS5011, worded by <paramref name="message"/>). Most subjects that miss an
    /// indicator's data miss one of a few sets of fields: the names and problems are made once per set, kept in
    /// <paramref name="memos"/> and shared (both are read-only), rather than made again for every subject.
    /// </summary>
    private static void Missing(IndicatorDef ind, RecentMemos<MissingMemo> memos, List<string> paths, Func<IndicatorDef, string, string> message,
        ref SubjectRun run, ref Outcome o)
    {
        var memo = memos.Find(paths, static (m, found) => m.Same(found));
        if (memo is null)
        {
            var names = paths.Distinct(StringComparer.Ordinal).ToArray();
            var problems = new Problem[names.Length];
            for (var k = 0; k < names.Length; k++) problems[k] = new Problem(names[k], "AS5011", message(ind, names[k]));
            memos.Add(memo = new MissingMemo(paths.ToArray(), new MissingNames(names), problems));
        }
        o.Status = IndicatorStatus.Missing;
        o.Missing = memo.Names;
        run.Problems!.AddRange(memo.Problems);
        o.Kind = ExplainKind.MissingData;
    }

    /// <summary>The names several expressions read, once each (a target whose bounds are all missing or undefined).</summary>
    private static string[] Names(IEnumerable<CompiledExpr> exprs, Func<CompiledExpr, IEnumerable<string>> names) =>
        exprs.SelectMany(names).Distinct(StringComparer.Ordinal).ToArray();

    [ThreadStatic] private static List<string>? t_missing;

    /// <summary>The field <paramref name="id"/> when these values lack it (not given or not valid); null otherwise.</summary>
    private FieldDef? MissingField(string id, Value[] values) =>
        _fieldsById.TryGetValue(id, out var fd) && fd.Slot < values.Length && values[fd.Slot].Kind == VKind.Missing ? fd : null;

    private static string SubjectPath(string attr) => attr switch
    {
        "tier" => "subject.tier",
        "category" => "subject.category",
        "kind" => "subject.kind",
        "ownership" => "subject.ownership",
        "region" => "subject.region",
        "beds" => "subject.beds",
        _ => $"subject.{attr}",
    };

    private static bool SubjectMissing(EvalContext ctx, string attr) => attr switch
    {
        "tier" => ctx.Subject.Tier.IsAbsent,
        "category" => ctx.Subject.Category.IsAbsent,
        "kind" => ctx.Subject.Kind.IsAbsent,
        "ownership" => ctx.Subject.Ownership.IsAbsent,
        "region" => ctx.Subject.Region.IsAbsent,
        "beds" => ctx.Subject.Beds.IsAbsent,
        _ => false,
    };
}
