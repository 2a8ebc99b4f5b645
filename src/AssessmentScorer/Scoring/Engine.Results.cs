using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>Phase 3: the immutable result, and what results compute when first read (dimensions, reasons).</summary>
internal sealed partial class Engine
{
    // ---- phase 3: the immutable result ---------------------------------------------------------

    /// <remarks>
    /// With <paramref name="keep"/> (a single score, whose outcomes are the thread's scratch) the result keeps a copy of
    /// its own outcomes and shares those set aside as for other subjects (<see cref="Kept"/>); otherwise it reads the
    /// run's outcomes where they are.
    /// </remarks>
    internal AssessmentResult Build(ref SubjectRun run, bool keep = false)
    {
        // Indicator results are made from the outcomes when first read (most readers want totals, grades and points).
        var inds = keep ? Kept(run.Outcomes, run.Year, run.Stratum) : new IndicatorList(_m.Indicators, _origins, run.Chunk, run.Offset, run.Year, run.Stratum);
        var vetoes = VetoResults(ref run);
        return new AssessmentResult(this, inds, run.Subject, run.Year, _ref, run.Total, run.MaxTotal, run.Grade, run.Passed,
            vetoes, Gap(ref run), run.SettledProblems!,
            run.StandingOf == 0 ? null : Cohort.Standing(run.Stratum!, run.StandingRank, run.StandingOf),
            run.MaxTotal == _fullMax && run.FullMax == _fullMax ? _fullCoverage : CoverageOf(ref run));
    }

    /// <summary>
    /// The coverage of a subject with some points set aside: the last one made when its points are the same decimals
    /// (bit for bit, scale included: the result shows them), as they are for most subjects of a kind.
    /// </summary>
    private CoverageResult CoverageOf(ref SubjectRun run)
    {
        if (run.FullMax == 0) return Coverage.Result(_m.Grading, run.MaxTotal, run.FullMax, WithoutPeers(run.Outcomes));
        if (_coverages.Find((run.MaxTotal, run.FullMax), static (c, p) => DecimalBits.Identical(c.Points, p.MaxTotal) && DecimalBits.Identical(c.FullPoints, p.FullMax)) is { } kept)
            return kept;
        var made = Coverage.Result(_m.Grading, run.MaxTotal, run.FullMax);
        _coverages.Add(made);
        return made;
    }

    /// <summary>The last 16 coverages made.</summary>
    private readonly RecentMemos<CoverageResult> _coverages = new(16);

    /// <summary>Whether a ranked indicator was set aside for want of peers (scored alone, or alone in its stratum).</summary>
    private static bool WithoutPeers(ReadOnlySpan<Outcome> outcomes)
    {
        foreach (ref readonly var o in outcomes)
            if (o.Kind == ExplainKind.NoPeers && o.Status == IndicatorStatus.NotApplicable) return true;
        return false;
    }

    /// <summary>
    /// The vetoes of a result. A veto's result depends only on whether it fired, so the three possible results of each
    /// veto are made once per rule set, and results where nothing fired share one list.
    /// </summary>
    private IReadOnlyList<VetoResult> VetoResults(ref SubjectRun run)
    {
        if (run.VetoStates is not { } states) return _vetoesClear;
        var list = new VetoResult[states.Length];
        for (var k = 0; k < states.Length; k++) list[k] = _vetoResults[k][states[k]];
        return list;
    }

    private static VetoResult[] VetoResultsOf(VetoDef v)
    {
        var fired = new Explanation($"一票否决：{v.Name.Zh}（已触发），{v.Effect switch { "fail" => "评估不通过", "zero" => "全部指标不得分，评估不通过", _ => $"等级最高为 {v.CapGrade}" }}",
            $"Veto: {v.Name.En} applies; {v.Effect switch { "fail" => "the assessment fails", "zero" => "every indicator scores zero and the assessment fails", _ => $"the grade is capped at {v.CapGrade}" }}");
        return new[]
        {
            new VetoResult(v.Id, v.Name.Zh, v.Name.En, false, v.Effect, v.CapGrade, v.NotTriggered, v.Source),
            new VetoResult(v.Id, v.Name.Zh, v.Name.En, true, v.Effect, v.CapGrade, fired, v.Source),
            new VetoResult(v.Id, v.Name.Zh, v.Name.En, null, v.Effect, v.CapGrade, v.Undecided, v.Source),
        };
    }

    /// <summary>Points per dimension, from a result's outcomes (results call it when first read).</summary>
    internal DimensionResult[] Dimensions(IndicatorList outcomes)
    {
        var dims = new DimensionResult[_dimensions.Length];
        for (var k = 0; k < dims.Length; k++)
        {
            var (dim, members) = _dimensions[k];
            decimal p = 0, mx = 0;
            foreach (var i in members)
            {
                ref readonly var o = ref outcomes.At(i);
                if (o.Points != 0) p += o.Points;
                var m = o.MaxOf(_m.Indicators[i]);
                if (m != 0) mx += m;
            }
            dims[k] = new DimensionResult(dim.Id, dim.Name.Zh, dim.Name.En, dim.Parent, p, mx);
        }
        return dims;
    }

    /// <summary>The five indicators that lost the most points (ties by id), without sorting them all; results call it when first read.</summary>
    internal Reason[] Reasons(IndicatorList list)
    {
        const int Top = 5;
        Span<int> best = stackalloc int[Top];
        Span<decimal> lostOf = stackalloc decimal[Top];
        var count = 0;
        for (var i = 0; i < list.Count; i++)
        {
            ref readonly var r = ref list.At(i);
            var max = r.MaxOf(_m.Indicators[i]);
            if (max == r.Points) continue;
            var lost = max - r.Points;
            if (lost <= 0) continue;
            // Insertion into a sorted window of at most five.
            var at = count;
            while (at > 0 && Before(_m.Indicators[i].Id, lost, _m.Indicators[best[at - 1]].Id, lostOf[at - 1])) at--;
            if (at >= Top) continue;
            for (var j = Math.Min(count, Top - 1); j > at; j--) { best[j] = best[j - 1]; lostOf[j] = lostOf[j - 1]; }
            best[at] = i;
            lostOf[at] = lost;
            if (count < Top) count++;
        }
        if (count == 0) return Array.Empty<Reason>();
        var reasons = new Reason[count];
        for (var k = 0; k < count; k++)
        {
            var d = _m.Indicators[best[k]];
            reasons[k] = new Reason(list, best[k], d.Id, d.Name.Zh, d.Name.En, lostOf[k]);
        }
        return reasons;

        static bool Before(string a, decimal lostA, string b, decimal lostB)
        {
            var c = lostA.CompareTo(lostB);
            return c > 0 || (c == 0 && string.CompareOrdinal(a, b) < 0);
        }
    }

    private static Problem[] Distinct(List<Problem> problems)
    {
        if (problems.Count == 0) return Array.Empty<Problem>();
        if (problems.Count == 1) return problems.ToArray();
        // Problem is a record: equal when field, code and message are. A handful (the usual case) is compared
        // pairwise, first of each kept in order, without a hash set.
        if (problems.Count > 16) return problems.Distinct().ToArray();
        var kept = new List<Problem>(problems.Count);
        foreach (var p in problems)
            if (!kept.Contains(p)) kept.Add(p);
        return kept.ToArray();
    }

    private bool InDimension(string? indicatorDim, string dim)
    {
        var d = indicatorDim;
        var guard = 0;
        while (d is not null && guard++ < 32)
        {
            if (d == dim) return true;
            d = _m.Dimensions.FirstOrDefault(x => x.Id == d)?.Parent;
        }
        return false;
    }

    internal static object? Public(Value v, IndicatorStatus s) => v.Kind switch
    {
        VKind.Number => Fmt.Normalize(v.Num),
        VKind.Bool => v.AsBool,
        VKind.Text or VKind.Level => v.Text,
        _ => null,
    };

    internal static RuleOrigin Origin(Provenance p) => new(p.File, p.Scheme, p.Version, p.Overrides, p.Base is null ? null : Origin(p.Base));
}
