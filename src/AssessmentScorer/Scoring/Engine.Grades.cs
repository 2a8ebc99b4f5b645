using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>
/// Grade-only re-scoring, for many scorings of one subject with a few values changed (sensitivity draws and the search
/// for the smallest change): no result, no explanation read, buffers reused, and only the indicators a grade depends on
/// that read a changed field evaluated again.
/// </summary>
internal sealed partial class Engine
{
    private GradePlan? _gradePlan;

    /// <summary>Which indicators a grade depends on, and which of them each field moves (made once per rule set).</summary>
    internal GradePlan Plan => LazyInitializer.EnsureInitialized(ref _gradePlan, () => new GradePlan(_m));

    /// <summary>A subject read once for re-scoring: its values, and its indicators evaluated on them (vetoes not yet applied).</summary>
    internal sealed class Prepared
    {
        public required Submission Submission { get; init; }
        public required Value[] Current { get; init; }
        public Value[]? Previous { get; init; }
        public required SubjectValues Subject { get; init; }
        public required Value[] Indicators { get; init; }
        public required Outcome[] Outcomes { get; init; }
        /// <summary>The context the indicators were evaluated in (on <see cref="Current"/> and <see cref="Indicators"/>), for re-scoring in place.</summary>
        public required EvalContext Ctx { get; init; }
        /// <summary>The submitted values of the slots re-scored in place, kept to put them back (<see cref="GradeRunner.Restore"/>).</summary>
        internal Value[]? Saved;
        /// <summary>
        /// Per indicator, after a re-scoring in place with deferred ratios (<see cref="GradeRunner.DeferRatios"/>): the
        /// denominator when the outcome's value is the numerator of a ratio left undivided; zero otherwise.
        /// </summary>
        internal decimal[]? Denominators;
    }

    /// <summary>What one grade-only scoring leaves: the run (totals, vetoes, exclusion) and its outcomes in the runner's buffer.</summary>
    internal sealed class GradeRunner(Engine engine)
    {
        private readonly Engine _e = engine;
        private readonly Value[] _current = new Value[engine._m.ValueSlots];
        private readonly Value[] _indicators = new Value[engine._m.Indicators.Count];
        private readonly List<Problem> _problems = new();
        private EvalContext? _ctx;
        // The subject loaded in the buffers, and what the last scoring changed: value slots and indicators (plan positions).
        private Prepared? _loaded;
        private readonly int[] _lastSlots = new int[engine._m.ValueSlots];
        private int _lastSlotCount;
        private readonly int[] _lastAffected = new int[engine.Plan.Order.Length];
        private int _lastAffectedCount;
        private readonly ulong[] _mask = new ulong[(engine.Plan.Order.Length + 63) / 64];
        /// <summary>Whether a veto can set every indicator aside (then a re-scoring restores every outcome).</summary>
        private readonly bool _zeroVetoes = engine._m.Vetoes.Any(v => v.Effect == "zero");

        /// <summary>The outcomes of the last scoring (vetoes applied), by indicator index.</summary>
        public readonly Outcome[] Outcomes = new Outcome[engine._m.Indicators.Count];

        /// <summary>The last scoring's run: totals without rank points, veto state, exclusion.</summary>
        public SubjectRun Run;

        /// <summary>Reads <paramref name="s"/> and evaluates every indicator a grade depends on, on the submitted values.</summary>
        public Prepared Prepare(Submission s, bool inCohort)
        {
            var m = _e._m;
            _problems.Clear();
            _problems.AddRange(s.InputProblems);
            var current = _e.ReadValues(s.Values, "values", _problems, null, null);
            var previous = s.Previous is { } p ? _e.ReadValues(p.Values, "previous.values", _problems, null, null) : null;
            var subject = ReadSubject(s.Subject, _problems, new SubjectValues());
            var indicators = new Value[m.Indicators.Count];
            var outcomes = new Outcome[m.Indicators.Count];
            var ctx = new EvalContext(current, previous, subject, s.Year, s.Previous?.Year, indicators);
            var run = NewRun(s, ctx, outcomes, inCohort);
            foreach (var ind in _e.Plan.Order) Evaluate(ind, ref run);
            _problems.Clear();
            return new Prepared { Submission = s, Current = current, Previous = previous, Subject = subject, Indicators = indicators, Outcomes = outcomes, Ctx = ctx };
        }

        /// <summary>
        /// Scores <paramref name="p"/> with the values of <paramref name="slots"/> replaced by <paramref name="values"/>,
        /// evaluating again only the indicators that read a value that differs from the submitted one (directly or
        /// through another indicator); leaves the run in <see cref="Run"/> and returns the grade (before any cohort
        /// ranking: a cut-off grade, or null).
        /// </summary>
        public string? Grade(Prepared p, ReadOnlySpan<int> slots, ReadOnlySpan<decimal> values, bool inCohort)
        {
            var s = p.Submission;
            var plan = _e.Plan;
            var order = plan.Order;
            if (!ReferenceEquals(_loaded, p))
            {
                Array.Copy(p.Current, _current, _current.Length);
                Array.Copy(p.Indicators, _indicators, _indicators.Length);
                Array.Copy(p.Outcomes, Outcomes, Outcomes.Length);
                if (_ctx is null) _ctx = new EvalContext(_current, p.Previous, p.Subject, s.Year, s.Previous?.Year, _indicators);
                else _ctx.Reset(_current, p.Previous, p.Subject, s.Year, s.Previous?.Year);
                _loaded = p;
            }
            else
            {
                // The same subject again: only what the last scoring changed goes back to the submitted values' state.
                foreach (var slot in _lastSlots.AsSpan(0, _lastSlotCount)) _current[slot] = p.Current[slot];
                foreach (var k in _lastAffected.AsSpan(0, _lastAffectedCount))
                {
                    var i = order[k].Index;
                    _indicators[i] = p.Indicators[i];
                    Outcomes[i] = p.Outcomes[i];
                }
                // A veto that zeroes every indicator may have changed any outcome.
                if (_zeroVetoes) Array.Copy(p.Outcomes, Outcomes, Outcomes.Length);
            }
            // The values that differ from the submitted ones, and the indicators that read them.
            var mask = _mask;
            Array.Clear(mask);
            _lastSlotCount = 0;
            for (var k = 0; k < slots.Length; k++)
            {
                var slot = slots[k];
                if (p.Current[slot] is { Kind: VKind.Number } was && Same(was.Num, values[k])) continue;
                _current[slot] = Value.Number(values[k]);
                _lastSlots[_lastSlotCount++] = slot;
                plan.AddReaders(slot, mask);
            }
            _lastAffectedCount = 0;
            for (var w = 0; w < mask.Length; w++)
                for (var bits = mask[w]; bits != 0; bits &= bits - 1)
                    _lastAffected[_lastAffectedCount++] = w * 64 + System.Numerics.BitOperations.TrailingZeroCount(bits);
            _problems.Clear();
            Run = NewRun(s, _ctx!, Outcomes, inCohort);
            if (_e.ExclusionOf(_ctx!) is not null)
            {
                Run.Excluded = true;
                return null;
            }
            foreach (var k in _lastAffected.AsSpan(0, _lastAffectedCount)) Evaluate(order[k], ref Run);
            _e.ZeroVetoes(ref Run);
            _e.Totals(ref Run);
            _e.Vetoes(ref Run);
            if (inCohort) return null;
            _e.SettleGrade(ref Run);
            return Run.Grade;
        }

        /// <summary>Whether <see cref="GradeInPlace"/> may be used: no veto sets every indicator aside (that would need a copy of the outcomes).</summary>
        public bool CanGradeInPlace => !_zeroVetoes;

        /// <summary>
        /// Scores <paramref name="p"/> in place, on its own arrays (no copy): the values of <paramref name="slots"/> become
        /// <paramref name="values"/>, and only the indicators that read a value differing from the one the last in-place
        /// scoring left are evaluated again (the others' outcomes are still those of their unchanged inputs). For many
        /// scorings of every subject of a cohort in turn (sensitivity draws), each subject with the same
        /// <paramref name="slots"/> every time; <see cref="Restore"/> puts the submitted values back. Leaves the run in
        /// <see cref="Run"/>, before any cohort ranking; the outcomes are <c>p.Outcomes</c>.
        /// </summary>
        public void GradeInPlace(Prepared p, ReadOnlySpan<int> slots, ReadOnlySpan<decimal> values)
        {
            if (_zeroVetoes) throw new InvalidOperationException("a zeroing veto needs the copying re-scoring");
            if (_deferrable is not null) p.Denominators ??= new decimal[p.Outcomes.Length];
            var current = p.Current;
            if (p.Saved is null)
            {
                var saved = new Value[slots.Length];
                for (var k = 0; k < slots.Length; k++) saved[k] = current[slots[k]];
                p.Saved = saved;
            }
            var mask = _mask;
            Array.Clear(mask);
            var plan = _e.Plan;
            for (var k = 0; k < slots.Length; k++)
            {
                var slot = slots[k];
                if (current[slot] is { Kind: VKind.Number } was && Same(was.Num, values[k])) continue;
                current[slot] = Value.Number(values[k]);
                plan.AddReaders(slot, mask);
            }
            _deferNow = _deferrable is not null;
            Rescore(p, mask);
            _deferNow = false;
        }

        /// <summary>
        /// Lets <see cref="GradeInPlace"/> leave the value of each indicator marked in <paramref name="byIndicator"/>
        /// (a rank-scored ratio <c>a / b</c> that nothing else reads: <see cref="Sensitivity"/> decides) undivided: its
        /// outcome holds the numerator and <see cref="Prepared.Denominators"/> the denominator, for a ranking that
        /// divides only where an order on doubles is not certain. When the operands are not two numbers, the
        /// denominator is zero or the quotient lies near the end of decimal's range, the value is worked out as always.
        /// </summary>
        public void DeferRatios(bool[] byIndicator) => _deferrable = byIndicator;

        private bool[]? _deferrable;
        private bool _deferNow;
        // The subject a re-scoring in place works on (null in a copying re-scoring).
        private Prepared? _inPlace;

        /// <summary>Puts back the submitted values <see cref="GradeInPlace"/> changed, and the outcomes they give.</summary>
        public void Restore(Prepared p, ReadOnlySpan<int> slots)
        {
            if (p.Saved is not { } saved) return;
            var mask = _mask;
            Array.Clear(mask);
            for (var k = 0; k < slots.Length; k++)
            {
                p.Current[slots[k]] = saved[k];
                _e.Plan.AddReaders(slots[k], mask);
            }
            Rescore(p, mask);
            p.Saved = null;
            p.Denominators = null;
        }

        /// <summary>Evaluates the plan positions in <paramref name="mask"/> on <paramref name="p"/>'s own arrays, then totals and vetoes.</summary>
        private void Rescore(Prepared p, ulong[] mask)
        {
            var order = _e.Plan.Order;
            _problems.Clear();
            _inPlace = p;
            Run = NewRun(p.Submission, p.Ctx, p.Outcomes, inCohort: true);
            // Excluded or not, the indicators are evaluated: the next in-place scoring starts from this state.
            var excluded = _e.ExclusionOf(p.Ctx) is not null;
            for (var w = 0; w < mask.Length; w++)
                for (var bits = mask[w]; bits != 0; bits &= bits - 1)
                    Evaluate(order[w * 64 + System.Numerics.BitOperations.TrailingZeroCount(bits)], ref Run);
            _inPlace = null;
            if (excluded)
            {
                Run.Excluded = true;
                return;
            }
            _e.Totals(ref Run);
            _e.Vetoes(ref Run);
        }

        /// <summary>
        /// Whether two decimals are equal. When their scale and sign agree (a draw's value and the one it replaces almost
        /// always do) their bits decide, with no decimal comparison; otherwise they are compared as decimals.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        internal static bool Same(decimal a, decimal b)
        {
            if (DecimalBits.Identical(a, b)) return true;
            if (DecimalBits.SameFlags(a, b)) return false;
            return a == b;
        }

        private SubjectRun NewRun(Submission s, EvalContext ctx, Outcome[] outcomes, bool inCohort) => new()
        {
            Submission = s, Subject = s.Subject, Year = s.Year, Ctx = ctx, Chunk = outcomes, Offset = 0, Count = outcomes.Length,
            Problems = _problems, InCohort = inCohort, GradeOnly = true,
        };

        private void Evaluate(IndicatorDef ind, ref SubjectRun run)
        {
            ref var o = ref run.Outcomes[ind.Index];
            o = default;
            o.TargetIndex = -1;
            o.BandIndex = -1;
            if (_inPlace?.Denominators is { } denominators)
            {
                denominators[ind.Index] = 0;
                if (_deferNow && _deferrable![ind.Index] && Defer(ind, ref run, ref o, denominators)) return;
            }
            _e.Indicator(ind, ref run, ref o);
        }

        /// <summary>
        /// A rank-scored ratio left undivided: what <see cref="Engine.Indicator"/> leaves for such an indicator in a
        /// cohort (its value, waiting for the ranking), with the numerator standing for the value and the denominator
        /// kept beside it. False (nothing done) when the division would not give a plain number.
        /// </summary>
        private static bool Defer(IndicatorDef ind, ref SubjectRun run, ref Outcome o, decimal[] denominators)
        {
            var (numerator, denominator) = ind.Value!.Ratio!.Value;
            var ctx = run.Ctx;
            var a = numerator(ctx);
            if (a.Kind != VKind.Number) return false;
            var b = denominator(ctx);
            if (b.Kind != VKind.Number || b.Num == 0) return false;
            // Far inside decimal's range (a / b fails beyond 7.9·10^28).
            if (!(Math.Abs((double)a.Num / (double)b.Num) < 1e27)) return false;
            o.Value = a;
            ctx.Indicators[ind.Index] = a;   // read by nothing (a condition of deferring)
            o.Status = IndicatorStatus.Undefined;
            o.Kind = ExplainKind.NoPeers;
            denominators[ind.Index] = b.Num;
            return true;
        }
    }
}

/// <summary>
/// The indicators a grade can depend on (those with points, those vetoes and exclusions read, and every indicator these
/// read), in evaluation order, and for a set of fields the ones among them that read it, directly or through another.
/// </summary>
internal sealed class GradePlan
{
    /// <summary>The indicators a grade depends on, in evaluation order.</summary>
    public readonly IndicatorDef[] Order;
    private readonly Dictionary<string, List<int>> _readersOfField = new(StringComparer.Ordinal);
    private readonly List<int>[] _readersOfIndicator;
    private readonly int[] _position;

    public GradePlan(RuleSetModel m)
    {
        var byId = m.Indicators.ToDictionary(i => i.Id, i => i.Index, StringComparer.Ordinal);
        var n = m.Indicators.Count;
        var reads = new HashSet<int>[n];
        _readersOfIndicator = new List<int>[n];
        for (var i = 0; i < n; i++) { reads[i] = new HashSet<int>(); _readersOfIndicator[i] = new List<int>(); }
        foreach (var ind in m.Indicators)
            foreach (var e in Expressions(ind))
                foreach (var id in e.Indicators)
                    if (byId.TryGetValue(id, out var k) && reads[ind.Index].Add(k)) _readersOfIndicator[k].Add(ind.Index);
        var relevant = new bool[n];
        var todo = new Stack<int>();
        void Mark(int i) { if (!relevant[i]) { relevant[i] = true; todo.Push(i); } }
        foreach (var ind in m.Indicators) if (ind.MaxPoints != 0) Mark(ind.Index);
        foreach (var v in m.Vetoes) foreach (var id in v.When.Indicators) if (byId.TryGetValue(id, out var k)) Mark(k);
        foreach (var x in m.Exclusions) foreach (var id in x.When.Indicators) if (byId.TryGetValue(id, out var k)) Mark(k);
        while (todo.Count > 0) foreach (var k in reads[todo.Pop()]) Mark(k);
        Order = m.EvalOrder.Where(i => relevant[i.Index]).ToArray();
        _position = Enumerable.Repeat(-1, n).ToArray();
        for (var k = 0; k < Order.Length; k++) _position[Order[k].Index] = k;
        foreach (var ind in Order)
            foreach (var f in ind.ReadsFields)
            {
                if (!_readersOfField.TryGetValue(f, out var list)) _readersOfField[f] = list = new List<int>();
                list.Add(ind.Index);
            }
        _readersOfSlot = new ulong[]?[m.ValueSlots];
        foreach (var f in m.Fields)
        {
            if (f.Slot >= m.ValueSlots || !_readersOfField.ContainsKey(f.Id)) continue;
            var bits = new ulong[(Order.Length + 63) / 64];
            foreach (var k in Affected(new[] { f.Id })) bits[k / 64] |= 1UL << (k % 64);
            _readersOfSlot[f.Slot] = bits;
        }
    }

    /// <summary>Every expression of an indicator (the ones the binder collects its read fields from).</summary>
    internal static IEnumerable<CompiledExpr> Expressions(IndicatorDef i)
    {
        if (i.Value is not null) yield return i.Value;
        if (i.AppliesWhen is not null) yield return i.AppliesWhen;
        if (i.MinChange is not null) yield return i.MinChange;
        if (i.PreviousValue is not null) yield return i.PreviousValue;
        if (i.Task?.Check is { } check) yield return check;
        foreach (var t in i.Targets)
        {
            foreach (var e in t.Bound.All) yield return e;
            foreach (var e in t.Upper?.All ?? Enumerable.Empty<CompiledExpr>()) yield return e;
            foreach (var e in t.Tolerance?.All ?? Enumerable.Empty<CompiledExpr>()) yield return e;
            if (t.When is not null) yield return t.When;
        }
        foreach (var e in i.From?.All ?? Enumerable.Empty<CompiledExpr>()) yield return e;
    }

    /// <summary>The fields the grade-relevant indicators read, directly (the indicators they read are in the plan too).</summary>
    public IEnumerable<string> Fields => _readersOfField.Keys;

    /// <summary>Positions in <see cref="Order"/> of the indicators that read any of <paramref name="fields"/>, directly or through another indicator.</summary>
    public int[] Affected(IEnumerable<string> fields)
    {
        var mark = new bool[_position.Length];
        var todo = new Stack<int>();
        foreach (var f in fields)
            if (_readersOfField.TryGetValue(f, out var list))
                foreach (var i in list) if (!mark[i]) { mark[i] = true; todo.Push(i); }
        while (todo.Count > 0)
            foreach (var r in _readersOfIndicator[todo.Pop()])
                if (!mark[r] && _position[r] >= 0) { mark[r] = true; todo.Push(r); }
        var affected = new List<int>();
        for (var k = 0; k < Order.Length; k++) if (mark[Order[k].Index]) affected.Add(k);
        return affected.ToArray();
    }

    /// <summary>Per value slot, the plan positions that read it (directly or through another indicator) as a bit set; null for none.</summary>
    private readonly ulong[]?[] _readersOfSlot;

    /// <summary>Adds to <paramref name="mask"/> the plan positions of the indicators that read value slot <paramref name="slot"/>.</summary>
    public void AddReaders(int slot, ulong[] mask)
    {
        if (_readersOfSlot[slot] is not { } bits) return;
        for (var w = 0; w < mask.Length; w++) mask[w] |= bits[w];
    }

    /// <summary>Whether indicator <paramref name="index"/> is one a grade depends on.</summary>
    public bool IsRelevant(int index) => _position[index] >= 0;
}
