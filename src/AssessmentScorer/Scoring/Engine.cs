using System.Collections.Frozen;
using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>
/// Scores submissions against a compiled rule set: reads the model, and writes only the runs and results it makes,
/// its per-thread scratch (<c>Engine.Scratch.cs</c>) and the model's shared memos (an indicator's missing-data memos,
/// a target case's last text), each written whole so that every thread scoring the rule set may read them.
/// </summary>
/// <remarks>
/// The engine's rooms: this file (set-up, single and cohort scoring, the run of one subject); <c>Engine.Inputs.cs</c>
/// (reading a submission); <c>Engine.Methods.cs</c> (scoring one indicator by its method); <c>Explainer.cs</c>
/// (wording); <c>Engine.Totals.cs</c> (vetoes, totals, grade, pass); <c>Engine.Results.cs</c> (the result);
/// <c>Outcome.cs</c> and <c>SubjectRun.cs</c> (outcome and run storage); <c>Engine.Kept.cs</c> (what a single score's result
/// keeps of its outcomes).
/// </remarks>
internal sealed partial class Engine
{
    private readonly RuleSetModel _m;
    private readonly RuleSetRef _ref;
    private readonly FrozenDictionary<string, FieldDef> _fieldsById;

    public Engine(RuleSetModel model, RuleSetRef reference)
    {
        _m = model;
        _ref = reference;
        _fieldsById = model.Fields.ToFrozenDictionary(f => f.Id, StringComparer.Ordinal);
        // Which indicators count towards each dimension (directly or through a sub-dimension), worked out once
        // rather than per result; dimensions without indicators are left out of results.
        var members = new List<(DimensionDef, int[])>();
        foreach (var dim in model.Dimensions)
        {
            var idx = Enumerable.Range(0, model.Indicators.Count).Where(i => InDimension(model.Indicators[i].Dimension, dim.Id)).ToArray();
            if (idx.Length > 0) members.Add((dim, idx));
        }
        _dimensions = members.ToArray();
        _origins = model.Indicators.Select(i => Origin(i.DefinedIn)).ToArray();
        _indicators = model.Indicators.ToArray();
        _hasMax = _indicators.Select(i => i.MaxPoints != 0).ToArray();
        foreach (var i in _indicators) if (i.MaxPoints != 0) _fullMax += i.MaxPoints;
        _horizonTo = model.Merged.Own.EffectiveTo?.Year;
        _fullCoverage = Coverage.Result(model.Grading, _fullMax, _fullMax);
        _vetoResults = model.Vetoes.Select(VetoResultsOf).ToArray();
        _vetoesClear = model.Vetoes.Count == 0 ? Array.Empty<VetoResult>() : Array.AsReadOnly(_vetoResults.Select(v => v[0]).ToArray());
        (_appliesMemo, _whenMemo) = ConditionMemos(_indicators);
        _common = new CommonOutcome?[_indicators.Length];
        _passReadsData = model.Grading?.Pass is { } pass
            && (pass.Fields.Count > 0 || pass.PreviousFields.Count > 0 || pass.Indicators.Count > 0 || pass.SubjectAttributes.Count > 0);
    }

    private readonly VetoResult[][] _vetoResults;
    private readonly IReadOnlyList<VetoResult> _vetoesClear;

    private readonly (DimensionDef Dim, int[] Indicators)[] _dimensions;
    private readonly RuleOrigin[] _origins;

    public AssessmentResult Score(Submission s)
    {
        // Scored in the thread's outcome array; the result keeps a copy of the outcomes that are its own (Engine.Kept.cs).
        var scratch = TakeScratch();
        var run = Run(s, scratch, scratch.Outcomes, inCohort: false);
        Finish(ref run);
        var result = Build(ref run, keep: true);
        Array.Clear(scratch.Outcomes);
        scratch.Clear();
        GiveBack(scratch);
        return result;
    }

    internal (AssessmentResult Result, Outcome[] Outcomes) ScoreDetailed(Submission s)
    {
        var run = Run(s);
        Finish(ref run);
        return (Build(ref run), run.Outcomes.ToArray());
    }

    /// <summary>Subjects read from the input and scored together; a lazy input is never held whole.</summary>
    private const int Block = RunTable.BlockSize;

    public CohortResult ScoreCohort(IEnumerable<Submission> subs, IProgress<int>? progress = null)
    {
        // Phase 1, block by block: each subject is scored and everything that reads its values is done (vetoes,
        // aggregate inputs, the values ranking needs), so the values can go (arrays reused per thread) and so can the
        // input. What stays per subject is its outcomes, problems and totals until the cohort is ranked.
        var known = subs is IReadOnlyCollection<Submission> c ? c.Count : -1;
        var runs = new RunTable();
        var capacity = known >= 0 ? known : Block;   // of the gathered ranked values
        var gathered = new Cohort.RankedValues(_m, capacity);
        var k = _m.Indicators.Count;
        var count = 0;                                   // subjects scored
        var block = new Submission[Block];
        // The context aggregate targets are evaluated in (the cohort's year, and the first subject's attributes): the
        // first subject's own, kept here rather than by its run.
        EvalContext? aggregateContext = null;
        using (var e = subs.GetEnumerator())
        {
            while (true)
            {
                var n = 0;
                while (n < Block && e.MoveNext())
                {
                    block[n] = e.Current ?? throw new ArgumentException($"the submission at index {count + n} of the cohort is null", nameof(subs));
                    n++;
                }
                if (n == 0) break;
                if (count + n > capacity)
                {
                    capacity = Math.Max(capacity * 2, count + n);
                    gathered.Grow(capacity);
                }
                var at = count;
                // One outcome array per block: large enough to live outside the collector's copying generations.
                var chunk = new Outcome[n * k];
                runs.Add(n);
                ForEach(n, i =>
                {
                    ref var run = ref runs[at + i];
                    var first = at + i == 0 && _m.Aggregates.Count > 0;
                    var own = Phase1(block[i], ownContext: first || _passReadsData, chunk, i * k, ref run);
                    if (first) aggregateContext = own;
                    if (!_passReadsData) run.Ctx = null!;
                    gathered.Gather(at + i, run.Outcomes);
                });
                count += n;
                Array.Clear(block, 0, n);
                progress?.Report(count);
            }
        }
        if (capacity != count) gathered.Grow(count);

        var strata = Cohort.Strata(_m, runs);
        Cohort.RankIndicators(runs, strata, gathered);
        Cohort.Grade(_m, runs, strata);
        var aggregates = Cohort.Aggregates(_m, runs, aggregateContext);
        ForEach(runs.Count, i =>
        {
            ref var run = ref runs[i];
            Finish(ref run);
            run.Ctx = null!;   // kept until now only when the pass condition reads values
        });
        // Each subject's result is made from its run when read.
        return new CohortResult(_ref, new CohortResults(this, runs), aggregates);
    }

    /// <summary>
    /// Per indicator, the memo slot of its <c>applies_when</c> (-1: evaluated each time), and of each target case's
    /// <c>when</c> (null: none memoized). A condition that reads only the subject's attributes and the year, written the
    /// same way by several rules (<c>kind == 'hospital' and year >= 2025</c>), is evaluated once per subject
    /// (<see cref="EvalContext.Memoized"/>).
    /// </summary>
    private readonly int[] _appliesMemo;
    private readonly int[]?[] _whenMemo;

    private static (int[] Applies, int[]?[] When) ConditionMemos(IndicatorDef[] indicators)
    {
        // Literals, operators and subject attributes only: no field, indicator, local (grade, totals) or function.
        static bool SubjectOnly(CompiledExpr? e) => e is not null && e.Fields.Count == 0 && e.PreviousFields.Count == 0 && Reads(e.Ast, e);
        static bool Reads(Expr x, CompiledExpr e) => x switch
        {
            NumberLit or StringLit or BoolLit => true,
            Ident id => e.SubjectAttributes.Contains(id.Name),
            Unary u => Reads(u.Operand, e),
            Binary b => Reads(b.Left, e) && Reads(b.Right, e),
            ListLit l => l.Items.All(i => Reads(i, e)),
            _ => false,
        };
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(CompiledExpr? e) { if (SubjectOnly(e)) uses[e!.Text] = uses.GetValueOrDefault(e.Text) + 1; }
        foreach (var ind in indicators)
        {
            Count(ind.AppliesWhen);
            foreach (var t in ind.Targets) Count(t.When);
        }
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        int SlotOf(CompiledExpr? e)
        {
            if (!SubjectOnly(e) || uses[e!.Text] < 2) return -1;
            if (slots.TryGetValue(e.Text, out var slot)) return slot;
            if (slots.Count == 64) return -1;
            slots.Add(e.Text, slots.Count);
            return slots.Count - 1;
        }
        var applies = new int[indicators.Length];
        var when = new int[]?[indicators.Length];
        for (var i = 0; i < indicators.Length; i++)
        {
            var ind = indicators[i];
            applies[ind.Index] = SlotOf(ind.AppliesWhen);
            var cases = ind.Targets.Select(t => SlotOf(t.When)).ToArray();
            if (cases.Any(c => c >= 0)) when[ind.Index] = cases;
        }
        return (applies, when);
    }

    /// <summary>Whether the pass condition reads submitted data (then a cohort keeps each subject's values until it is graded).</summary>
    private readonly bool _passReadsData;

    /// <summary>
    /// Scores one subject of a cohort and does what reads its values (aggregate inputs); lets go of the input. With
    /// <paramref name="ownContext"/> the subject gets a context of its own, returned (the caller keeps it or lets it go);
    /// otherwise it borrows the thread's scratch, handed back here, and null is returned.
    /// </summary>
    private EvalContext? Phase1(Submission s, bool ownContext, Outcome[] chunk, int offset, ref SubjectRun run)
    {
        // The thread's scratch, as a single score takes it: a subject that fails does not give it back, so it leaves
        // nothing of itself for the next one.
        var scratch = ownContext ? null : TakeScratch();
        run = Run(s, scratch, chunk, offset);
        if (_m.Aggregates.Count > 0) run.AggregateInputs = Cohort.AggregateInputs(_m, run.Ctx);
        run.Submission = null;
        run.PreviousYear = run.Ctx.PreviousYear;
        if (scratch is null) return run.Ctx;
        run.Ctx = null!;
        scratch.Clear();
        GiveBack(scratch);
        return null;
    }

    internal static void ForEach(int count, Action<int> body)
    {
        if (count < 512 || Environment.ProcessorCount == 1)
        {
            for (var i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, count, Math.Max(256, count / (Environment.ProcessorCount * 8))),
            range => { for (var i = range.Item1; i < range.Item2; i++) body(i); });
    }

    // ---- phase 1: inputs and indicators --------------------------------------------------------

    private SubjectRun Run(Submission s, Scratch? scratch = null, Outcome[]? chunk = null, int offset = 0, bool? inCohort = null)
    {
        var problems = scratch?.Problems(s.InputProblems) ?? new List<Problem>(s.InputProblems);
        var current = ReadValues(s.Values, "values", problems, scratch?.Current, scratch);
        Value[]? previous = null;
        if (s.Previous is { } p)
        {
            previous = ReadValues(p.Values, "previous.values", problems, scratch?.Previous, scratch);
            if (p.Year >= s.Year) problems.Add(new Problem("previous.year", "AS5007", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the previous period ({p.Year}) is not before the assessment year ({s.Year})")));
        }
        var subject = ReadSubject(s.Subject, problems, scratch?.Subject ?? new SubjectValues());
        var ctx = scratch?.Context(current, previous, subject, s.Year, s.Previous?.Year)
            ?? new EvalContext(current, previous, subject, s.Year, s.Previous?.Year, new Value[_m.Indicators.Count]);
        var run = new SubjectRun { Submission = s, Subject = s.Subject, Year = s.Year, Ctx = ctx,
            Chunk = chunk ?? new Outcome[_m.Indicators.Count], Offset = offset, Count = _m.Indicators.Count, Problems = problems,
            InCohort = inCohort ?? chunk is not null };
        CheckAppliesTo(s, problems);
        if (ExclusionOf(ctx) is { } excluded)
        {
            SetAside(ref run, excluded);
            Totals(ref run);
            run.SettledProblems = Distinct(problems);
            run.Problems = null;
            return run;
        }
        var outcomes = run.Outcomes;
        // Loops over the model's lists index by index here and below: a foreach through the list interface would
        // allocate an enumerator each time (per subject, or per indicator of every subject).
        var order = _m.EvalOrder;
        for (var n = 0; n < order.Count; n++)
        {
            var ind = order[n];
            // Outcome arrays are new or cleared (all zero): only the two "none" markers need setting, not the whole struct.
            ref var o = ref outcomes[ind.Index];
            o.TargetIndex = -1;
            o.BandIndex = -1;
            Indicator(ind, ref run, ref o);
        }
        ZeroVetoes(ref run);
        Totals(ref run);
        Vetoes(ref run);
        // Nothing after this adds problems: they are settled, and the list is let go.
        run.SettledProblems = Distinct(problems);
        run.Problems = null;
        return run;
    }

    /// <summary>The model's indicators as an array, whether each has points, and all their points added in order.</summary>
    private readonly IndicatorDef[] _indicators;
    private readonly bool[] _hasMax;
    private readonly decimal _fullMax;
    /// <summary>The last year of the rule set's effective period, if it has one: coverage asks what applies by then.</summary>
    private readonly int? _horizonTo;
    /// <summary>The coverage of a subject to whom every indicator applies (most subjects): made once, shared by their results.</summary>
    private readonly CoverageResult _fullCoverage;
}
