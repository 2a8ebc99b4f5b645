using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>Cohort steps: ranks for rank-scored indicators, percentile grades per stratum, aggregates.</summary>
internal static class Cohort
{
    public static string StratumOf(SubjectRun r, IReadOnlyList<string> by)
    {
        if (by.Count == 0) return "all";
        var s = r.Subject;
        return string.Join("/", by.Select(k => k switch
        {
            "tier" => s.Tier ?? "?",
            "category" => s.Category ?? "?",
            "kind" => s.Kind ?? "?",
            "region" => s.Region ?? "?",
            "ownership" => s.Ownership ?? "?",
            _ => "?",
        }));
    }

    /// <summary>1-based competition ranks (ties share the best rank) of keys, best first.</summary>
    private static int[] Ranks(decimal[] keys, bool higherBetter)
    {
        var n = keys.Length;
        var idx = new int[n];
        for (var i = 0; i < n; i++) idx[i] = i;
        // Sorting a copy of the keys with the indices beside it uses decimal's own comparison (no delegate per compare);
        // negating makes "higher is better" an ascending sort, exactly (decimal negation never rounds).
        var sorted = new decimal[n];
        for (var i = 0; i < n; i++) sorted[i] = higherBetter ? -keys[i] : keys[i];
        Array.Sort(sorted, idx);
        var ranks = new int[n];
        for (var i = 0; i < n; i++)
            ranks[idx[i]] = i > 0 && sorted[i] == sorted[i - 1] ? ranks[idx[i - 1]] : i + 1;
        return ranks;
    }

    /// <summary>Subjects by stratum, in input order within each stratum and strata in order of first appearance.</summary>
    private static List<(string Key, List<SubjectRun> Members)> Strata(SubjectRun[] runs, Func<SubjectRun, bool>? filter = null)
    {
        var groups = new List<(string, List<SubjectRun>)>();
        var byKey = new Dictionary<string, List<SubjectRun>>(StringComparer.Ordinal);
        foreach (var r in runs)
        {
            if (filter is not null && !filter(r)) continue;
            if (!byKey.TryGetValue(r.Stratum!, out var list))
            {
                list = new List<SubjectRun>();
                byKey.Add(r.Stratum!, list);
                groups.Add((r.Stratum!, list));
            }
            list.Add(r);
        }
        return groups;
    }

    public static void RankIndicators(RuleSetModel m, SubjectRun[] runs)
    {
        var by = m.Grading?.StratifyBy ?? Array.Empty<string>();
        // The stratum key is worked out once per subject, not once per ranked indicator.
        foreach (var r in runs) r.Stratum = StratumOf(r, by);
        foreach (var ind in m.Indicators)
        {
            if (!ind.IsCohort) continue;
            var index = ind.Index;
            foreach (var (key, members) in Strata(runs, r => r.Outcomes[index].Status == IndicatorStatus.Undefined && r.Outcomes[index].Value.Kind == VKind.Number))
            {
                var n = members.Count;
                var keys = new decimal[n];
                for (var i = 0; i < n; i++) keys[i] = members[i].Outcomes[index].Value.Num;
                var ranks = Ranks(keys, ind.Direction != "lower");
                var scored = ind.Method == "rank" || ind.Method == "percentile";
                for (var i = 0; i < n; i++)
                {
                    ref var o = ref members[i].Outcomes[index];
                    // Points fall linearly from the best rank (full points) to the worst (none).
                    var share = n == 1 ? 1m : (decimal)(n - ranks[i]) / (n - 1);
                    o.Points = scored ? Math.Round(ind.MaxPoints * share, 2, MidpointRounding.AwayFromZero) : 0;
                    o.Status = IndicatorStatus.Scored;
                    o.Cohort = new CohortStanding(key, ranks[i], n, Math.Round((decimal)ranks[i] / n, 4, MidpointRounding.AwayFromZero));
                    o.Met = null;
                    o.Kind = ExplainKind.Ranked;
                    o.Explanation = null;
                }
            }
        }
    }

    public static void Grade(RuleSetModel m, SubjectRun[] runs)
    {
        var g = m.Grading;
        foreach (var (key, members) in Strata(runs))
        {
            var n = members.Count;
            var totals = new decimal[n];
            for (var i = 0; i < n; i++) totals[i] = members[i].Total;
            var ranks = Ranks(totals, higherBetter: true);
            for (var i = 0; i < n; i++)
            {
                var r = members[i];
                r.Standing = new CohortStanding(key, ranks[i], n, Math.Round((decimal)ranks[i] / n, 4, MidpointRounding.AwayFromZero));
                if (g is null || g.Method != "percentile") continue;
                r.Grade = PercentileGrade(g, ranks[i], n);
            }
        }
    }

    /// <summary>The first grade whose band (top share of the stratum) contains the rank.</summary>
    internal static string? PercentileGrade(GradingDef g, int rank, int n)
    {
        foreach (var grade in g.Grades)
        {
            if (grade.Top is not { } top) return grade.Grade;
            var exact = top * n;
            var cut = g.Rounding switch
            {
                "floor" => Math.Floor(exact),
                "nearest" => Math.Round(exact, MidpointRounding.AwayFromZero),
                _ => Math.Ceiling(exact),
            };
            if (rank <= cut) return grade.Grade;
        }
        return null;
    }

    /// <summary>
    /// What each aggregate reads of one subject (its over, of and denominator values, three per aggregate), taken
    /// while the subject's values are at hand so a cohort need not keep them.
    /// </summary>
    public static Value[] AggregateInputs(RuleSetModel m, EvalContext ctx)
    {
        var inputs = new Value[m.Aggregates.Count * 3];
        for (var i = 0; i < m.Aggregates.Count; i++)
        {
            var a = m.Aggregates[i];
            // Out of scope: the rest is not read (as when aggregates were worked out at the end).
            var over = a.Over?.Fn(ctx) ?? Value.True;
            inputs[i * 3] = over;
            if (over.IsAbsent || !over.AsBool) continue;
            inputs[i * 3 + 1] = a.Of.Fn(ctx);
            inputs[i * 3 + 2] = a.Denominator?.Fn(ctx) ?? Value.Number(0);
        }
        return inputs;
    }

    public static IReadOnlyList<AggregateResult> Aggregates(RuleSetModel m, SubjectRun[] runs)
    {
        var list = new List<AggregateResult>();
        foreach (var a in m.Aggregates)
        {
            var inScope = 0; var counted = 0; var missing = new List<string>();
            decimal sum = 0, denominator = 0; var hits = 0; var overflow = false;
            var k = list.Count * 3;
            foreach (var r in runs)
            {
                var inputs = r.AggregateInputs!;
                var o = inputs[k];
                if (o.IsAbsent) { missing.Add(r.Subject.Id); continue; }
                if (!o.AsBool) continue;
                inScope++;
                var v = inputs[k + 1];
                var d = inputs[k + 2];
                if (v.IsAbsent || d.IsAbsent) { missing.Add(r.Subject.Id); continue; }
                counted++;
                if (a.Kind is "average" or "sum_of" or "ratio_of")
                {
                    var next = Arith.Add(Value.Number(sum), v);
                    var nextDen = Arith.Add(Value.Number(denominator), d);
                    if (next.IsAbsent || nextDen.IsAbsent) overflow = true; else { sum = next.Num; denominator = nextDen.Num; }
                }
                else if (v.AsBool) hits++;
            }
            decimal? value = a.Kind switch
            {
                "average" => counted == 0 || overflow ? null : sum / counted,
                "sum_of" => overflow ? null : sum,
                "ratio_of" => overflow || denominator == 0 ? null : sum / denominator,
                "share_of" => counted == 0 ? null : (decimal)hits / counted,
                _ => hits,
            };
            string? target = null; bool? met = null;
            var first = runs.Length > 0 ? runs[0].Ctx : null;
            // The first case whose condition holds for the cohort (its year); subject attributes are those of the first subject.
            var tc = first is null ? null : a.Targets.FirstOrDefault(t => t.When is null || t.When.Fn(first) is { Kind: VKind.Bool } w && w.AsBool);
            if (tc is not null && value is not null && first is not null)
            {
                var b = tc.Bound.Evaluate(first);
                var u = tc.Upper?.Evaluate(first);
                var tol = tc.Tolerance?.Evaluate(first);
                if (b is { IsAbsent: false } bv)
                {
                    target = Engine.TargetText(tc, bv, u, tol, null, a.Display == Display.Percent);
                    met = Engine.Meets(tc.Op, Value.Number(value.Value), bv, u, tol);
                }
            }
            var display = value is null ? null : Fmt.Number(value.Value, a.Display);
            var what = a.Kind switch { "average" => ("平均", "average"), "share_of" => ("占比", "share"), "sum_of" => ("合计", "total"), "ratio_of" => ("合计比值", "pooled ratio"), _ => ("个数", "count") };
            var scope = a.Over?.Text ?? "all";
            var expl = value is null
                ? new Explanation($"{a.Name.Zh}：范围内（{scope}）没有可用数据", $"{a.Name.En}: no usable data in scope ({scope})")
                : new Explanation(
                    $"{a.Name.Zh}：{scope} 范围内 {inScope} 个对象，{counted} 个有数据，{what.Item1} {display}{(target is null ? "" : met == true ? $"，达到 {target}" : $"，未达到 {target}")}",
                    $"{a.Name.En}: {inScope} subjects in scope ({scope}), {counted} with data, {what.Item2} {display}{(target is null ? "" : met == true ? $", meets {target}" : $", target {target} not met")}");
            list.Add(new AggregateResult(a.Id, a.Name.Zh, a.Name.En, a.Kind, inScope, counted, missing, value is null ? null : Fmt.Normalize(value.Value),
                display, target, met, expl, a.Source));
        }
        return list;
    }
}
