using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>Phase 2: vetoes, totals, grade and pass.</summary>
internal sealed partial class Engine
{
    /// <summary>A veto with effect 'zero' sets every indicator aside (status vetoed, no points) before totals and ranks.</summary>
    private void ZeroVetoes(ref SubjectRun run)
    {
        for (var k = 0; k < _m.Vetoes.Count; k++)
        {
            var v = _m.Vetoes[k];
            if (v.Effect != "zero" || v.When.Fn(run.Ctx) is not { Kind: VKind.Bool } w || !w.AsBool) continue;
            for (var i = 0; i < run.Outcomes.Length; i++)
            {
                ref var o = ref run.Outcomes[i];
                if (o.Status == IndicatorStatus.NotApplicable) continue;
                var name = _m.Indicators[i].Name;
                o.Status = IndicatorStatus.Vetoed;
                o.Points = 0;
                o.Met = null;
                o.Explanation = new($"{name.Zh}：一票否决（{v.Name.Zh}） → 0/{Fmt.Points(o.MaxOf(_m.Indicators[i]))}", $"{name.En}: vetoed ({v.Name.En}) → 0/{Fmt.Points(o.MaxOf(_m.Indicators[i]))}");
            }
            return;
        }
    }

    // ---- phase 2: totals, vetoes, grade, pass --------------------------------------------------

    private void Totals(ref SubjectRun run)
    {
        decimal total = 0;
        var outcomes = run.Outcomes;
        // Most outcomes carry no points (monitored, unscored alone); adding decimal zeros is not free.
        var reduced = false;
        // Which indicators are set aside, and which of those only for this year: all the available and full points
        // depend on (up to 64 indicators; more are added up every time).
        ulong noMax = 0, notYet = 0;
        for (var i = 0; i < outcomes.Length; i++)
        {
            ref readonly var o = ref outcomes[i];
            if (o.Points != 0) total += o.Points;
            if (!o.NoMax) continue;
            if (_hasMax[i]) reduced = true;
            if (i < 64) { noMax |= 1UL << i; if (o.NotYet) notYet |= 1UL << i; }
        }
        run.Total = total;
        // The available points are every indicator's, added in the same order, unless one with points is set aside
        // (not applicable, no target in force): then they are added up for this subject, or taken from the last subjects
        // with the same indicators set aside (added up the same way, so the same decimals to the last digit).
        if (!reduced) { run.MaxTotal = run.FullMax = _fullMax; return; }
        if (outcomes.Length <= 64 && _maxMemo.Find((noMax, notYet), static (m, k) => m.NoMax == k.noMax && m.NotYet == k.notYet) is { } memo)
            { run.MaxTotal = memo.Max; run.FullMax = memo.Full; return; }
        run.MaxTotal = MaxTotal(outcomes);
        run.FullMax = Coverage.FullMax(outcomes, _indicators, run.MaxTotal);
        if (outcomes.Length <= 64) _maxMemo.Add(new MaxMemo(noMax, notYet, run.MaxTotal, run.FullMax));
    }

    /// <summary>
    /// The last 16 <see cref="MaxMemo"/>s (subjects of a scheme fall into a few kinds: hospitals of each category, the
    /// region, those without some activity).
    /// </summary>
    private readonly RecentMemos<MaxMemo> _maxMemo = new(16);

    /// <summary>The available and full points of subjects with these indicators set aside (bit i: indicator i).</summary>
    private sealed record MaxMemo(ulong NoMax, ulong NotYet, decimal Max, decimal Full);

    private decimal MaxTotal(ReadOnlySpan<Outcome> outcomes)
    {
        decimal max = 0;
        for (var i = 0; i < outcomes.Length; i++)
        {
            var m = outcomes[i].MaxOf(_indicators[i]);
            if (m != 0) max += m;
        }
        return max;
    }

    /// <summary>Whether each veto fired; they read only submitted values, so this is done while the values are at hand.</summary>
    private void Vetoes(ref SubjectRun run)
    {
        var g = _m.Grading;
        var ctx = run.Ctx;
        for (var k = 0; k < _m.Vetoes.Count; k++)
        {
            var v = _m.Vetoes[k];
            var w = v.When.Fn(ctx);
            bool? triggered = w.IsAbsent ? null : w.AsBool;
            if (triggered != false) (run.VetoStates ??= new byte[_m.Vetoes.Count])[k] = triggered == true ? (byte)1 : (byte)2;
            if (triggered is null)
            {
                run.VetoUndecided = true;
                foreach (var f in v.When.Fields)
                    if (MissingField(f, ctx.Current) is { } fd)
                        run.Problems!.Add(new Problem(fd.ValuesPath, "AS5011", $"veto {v.Name.Zh} ({v.Id}) needs {fd.ValuesPath}; it was not given or was not valid"));
                continue;
            }
            if (triggered != true) continue;
            if (v.Effect is "fail" or "zero") run.VetoFailed = true;
            else if (v.CapGrade is not null && g is not null && (run.VetoCap is null || g.Scale.RankOf(v.CapGrade) < g.Scale.RankOf(run.VetoCap))) run.VetoCap = v.CapGrade;
        }
    }

    private void Finish(ref SubjectRun run)
    {
        if (run.Excluded) { run.Grade = null; run.Passed = null; return; }
        var g = _m.Grading;
        var withheld = SettleGrade(ref run);
        var failed = run.VetoFailed;
        var undecided = run.VetoUndecided;
        if (failed) { run.Passed = false; return; }
        if (withheld) { run.Passed = null; return; }
        if (g?.Pass is { } pass)
        {
            // No percentile grade (scored alone, or the only subject of its stratum): nothing to pass on.
            if (run.Grade is null && g.Method == "percentile") { run.Passed = null; return; }
            // A pass condition that reads only grade and totals needs no values (a cohort has let them go).
            var ctx = (EvalContext?)run.Ctx ?? NoValues(run.Year, run.PreviousYear);
            ctx.Locals[LocalSlots.Grade] = run.Grade is null ? Value.Missing : Value.Level(g.Scale.RankOf(run.Grade), run.Grade);
            ctx.Locals[LocalSlots.Total] = Value.Number(run.Total);
            ctx.Locals[LocalSlots.MaxTotal] = Value.Number(run.MaxTotal);
            var p = pass.Fn(ctx);
            run.Passed = p.IsAbsent ? null : p.AsBool;
        }
        else run.Passed = _m.Vetoes.Count > 0 ? (undecided ? null : true) : null;
        if (undecided && run.Passed == true) run.Passed = null;
    }

    /// <summary>
    /// The run's grade: by cut-offs (a percentile grade is already set by the cohort), withheld on too small a coverage,
    /// then lowered by vetoes; true when withheld.
    /// </summary>
    private bool SettleGrade(ref SubjectRun run)
    {
        run.Grade = SettleGrade(run.Grade, run.Total, run.MaxTotal, run.FullMax, run.VetoFailed, run.VetoCap, out var withheld);
        return withheld;
    }

    /// <summary>
    /// <see cref="SettleGrade(ref SubjectRun)"/> on the parts of a run: <paramref name="grade"/> is the percentile grade
    /// the cohort gave (ignored when grading by cut-offs).
    /// </summary>
    internal string? SettleGrade(string? grade, decimal total, decimal maxTotal, decimal fullMax, bool vetoFailed, string? vetoCap, out bool withheld)
    {
        var g = _m.Grading;
        if (g is not null && g.Method == "cutoffs") grade = Cutoff(g, total, maxTotal);
        // A grade is never given on an empty or near-empty basis (grading.min_coverage).
        withheld = g is not null && Coverage.Short(g, maxTotal, fullMax);
        if (withheld) grade = null;
        // Precedence: a failing veto wins over any cap; among caps the lowest grade wins.
        if (g is not null && grade is not null)
        {
            if (vetoFailed) grade = g.Grades[^1].Grade;
            else if (vetoCap is not null && g.Scale.RankOf(grade) > g.Scale.RankOf(vetoCap)) grade = vetoCap;
        }
        return grade;
    }

    [ThreadStatic] private static EvalContext? t_noValues;

    /// <summary>A context with no submitted values (a cohort's pass condition reads grade and totals), one per thread.</summary>
    private static EvalContext NoValues(int year, int? previousYear)
    {
        if (t_noValues is null) return t_noValues = EvalContext.WithoutValues(year, previousYear);
        t_noValues.Reset(Array.Empty<Value>(), null, t_noValues.Subject, year, previousYear);
        return t_noValues;
    }

    internal static string? Cutoff(GradingDef g, decimal total, decimal max)
    {
        decimal score;
        if (g.Basis == "percent")
        {
            if (max == 0) return null;
            score = total / max * 100;
        }
        else score = total;
        for (var k = 0; k < g.Grades.Count; k++)
            if (g.Grades[k] is var grade && (grade.Min is null || score >= grade.Min)) return grade.Grade;
        return null;
    }

    private GradeGap? Gap(ref SubjectRun run)
    {
        var g = _m.Grading;
        if (g is null || g.Method != "cutoffs" || run.Grade is null) return null;
        var i = 0;
        while (i < g.Grades.Count && g.Grades[i].Grade != run.Grade) i++;
        if (i == 0 || i == g.Grades.Count) return null;
        var next = g.Grades[i - 1];
        if (next.Min is null) return null;
        var needed = g.Basis == "percent" ? next.Min.Value * run.MaxTotal / 100 - run.Total : next.Min.Value - run.Total;
        if (needed <= 0) return null; // held back by a veto, not by points
        return new GradeGap(next.Grade, Math.Round(needed, 2, MidpointRounding.AwayFromZero));
    }
}
