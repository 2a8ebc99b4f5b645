using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>Per-thread scratch: value arrays, the subject's context and problems list, and the key table, reused subject after subject.</summary>
internal sealed partial class Engine
{
    /// <summary>
    /// Value arrays one scoring on this thread may reuse: nothing in a result points at them (outcomes copy the values
    /// they need), so a single-subject score hands them back, cleared, instead of leaving ~13 KB to the collector.
    /// </summary>
    private sealed class Scratch(Engine owner)
    {
        public readonly Engine Owner = owner;
        public readonly Value[] Current = new Value[owner._m.ValueSlots], Previous = new Value[owner._m.ValueSlots],
            Indicators = new Value[owner._m.Indicators.Count];
        /// <summary>A single score's outcomes while it is scored (the result copies what it keeps); cleared after each score.</summary>
        public readonly Outcome[] Outcomes = new Outcome[owner._m.Indicators.Count];

        /// <summary>The subject's attributes, its evaluation context and its problems list, reused subject after subject.</summary>
        public readonly SubjectValues Subject = new();
        private EvalContext? _context;
        private readonly List<Problem> _problems = new();

        public EvalContext Context(Value[] current, Value[]? previous, SubjectValues subject, int year, int? previousYear)
        {
            if (_context is null) return _context = new EvalContext(current, previous, subject, year, previousYear, Indicators);
            _context.Reset(current, previous, subject, year, previousYear);
            return _context;
        }

        /// <summary>An empty problems list holding the submission's own problems (the run settles it into an array).</summary>
        public List<Problem> Problems(IReadOnlyList<Problem> input)
        {
            _problems.Clear();
            _problems.AddRange(input);
            return _problems;
        }

        /// <summary>
        /// Fields by key string for values given as a dictionary (the readers' values held by position find their fields
        /// by table instead, <c>Engine.FieldsOf</c>), compared by reference: such dictionaries mostly share one key string
        /// per field (generated data, an embedding system's constants), so a key seen before on this thread needs no
        /// lookup by its text. Keys that are new strings each time are looked up by text; the table is emptied when half full.
        /// </summary>
        private readonly string?[] _keys = new string?[KeyCapacity(owner._fieldsById.Count)];
        private readonly FieldDef?[] _fields = new FieldDef?[KeyCapacity(owner._fieldsById.Count)];
        private int _used;

        private static int KeyCapacity(int fields) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, fields * 4));

        public FieldDef? Field(string key)
        {
            var mask = _keys.Length - 1;
            var i = System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key) & mask;
            while (_keys[i] is { } k)
            {
                if (ReferenceEquals(k, key)) return _fields[i];
                i = (i + 1) & mask;
            }
            var f = Owner._fieldsById.GetValueOrDefault(key);
            if (_used >= _keys.Length / 2)
            {
                Array.Clear(_keys);
                Array.Clear(_fields);
                _used = 0;
                i = System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key) & mask;
            }
            _keys[i] = key;
            _fields[i] = f;
            _used++;
            return f;
        }

        /// <summary>Back to empty, for the next subject on this thread.</summary>
        /// <remarks>
        /// The indicator values are not cleared: each indicator with a value expression writes its value before anything
        /// can read it (indicators are evaluated in dependency order, the value first), and one without is never written.
        /// Nor are the subject's attributes: reading the next subject writes every one of them.
        /// </remarks>
        public void Clear()
        {
            Array.Clear(Current);
            Array.Clear(Previous);
            _problems.Clear();
        }
    }

    /// <summary>
    /// Per thread, the scratch of the last few rule sets scored on it: a service scoring against several rule sets in
    /// turn keeps each one's arrays and known keys rather than making them again at every switch.
    /// </summary>
    [ThreadStatic] private static Scratch?[]? t_scratches;

    /// <summary>This rule set's scratch on this thread, taken out (re-entrancy on a thread, not expected, simply makes another).</summary>
    private Scratch TakeScratch()
    {
        var kept = t_scratches ??= new Scratch?[4];
        for (var i = 0; i < kept.Length; i++)
            if (kept[i] is { } sc && sc.Owner == this) { kept[i] = null; return sc; }
        return new Scratch(this);
    }

    /// <summary>Keeps a scratch for the next score on this thread; when all places are taken, the one in the first place goes.</summary>
    private static void GiveBack(Scratch scratch)
    {
        var kept = t_scratches ??= new Scratch?[4];
        var free = Array.IndexOf(kept, null);
        if (free < 0)
        {
            Array.Copy(kept, 1, kept, 0, kept.Length - 1);
            free = kept.Length - 1;
        }
        kept[free] = scratch;
    }
}
