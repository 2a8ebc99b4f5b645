using System.Collections.Frozen;
using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>How an outcome's explanation is worded; <see cref="Explainer"/> formats it when a result's explanation is first read.</summary>
internal enum ExplainKind : byte { Given, NoPeers, NoTargetForYear, Monitor, Scored, Ranked, Undefined, MissingData }

/// <summary>How an outcome's value is shown: in full (<see cref="Outcome.ExactDisplay"/>), read as zero (<see cref="Outcome.UndefinedAsZero"/>).</summary>
[Flags]
internal enum ShowFlags : byte { None = 0, Exact = 1, ZeroRead = 2 }

/// <summary>
/// The state of one indicator for one subject: a struct kept in one array per subject (a cohort: per block of
/// subjects), which the result reads its indicator results from when they are first read (see <see cref="IndicatorList"/>).
/// Kept to 72 bytes: a national cohort holds one per indicator per subject.
/// </summary>
internal struct Outcome
{
    // The value's parts are kept here rather than as a Value (whose kind byte would take eight bytes of padding), and
    // status, met and "no maximum" share one byte: 72 bytes an outcome rather than 80.
    private decimal _num;
    private string? _text;
    private VKind _valueKind;
    /// <summary>Bits 0-2 the status, bits 3-4 met (0 not decided, 1 not met, 2 met), bit 5 no maximum, bit 6 not yet.</summary>
    private byte _state;

    public Value Value
    {
        readonly get => Value.Of(_valueKind, _num, _text);
        set { _valueKind = value.Kind; _num = value.Num; _text = value.Text; }
    }

    public decimal Points;
    public string? Target;
    /// <summary>
    /// The rarer parts, in one reference: an <see cref="AssessmentScorer.Explanation"/>, a <see cref="DeferredText"/>, the missing
    /// data (a list of paths), or <see cref="Details"/> when more than one is set.
    /// </summary>
    private object? _detail;
    /// <summary>For rank-scored indicators in a cohort: the rank and the number ranked (0 when not ranked).</summary>
    public int Rank, RankedOf;
    /// <summary>For coverage: the target case chosen and the band or level hit (-1 when none).</summary>
    public short TargetIndex;
    public short BandIndex;
    /// <summary>Bits 0-3 the explanation kind, bit 4 shown exactly, bit 5 an undefined value read as zero.</summary>
    private byte _kind;
    public ExplainKind Kind { readonly get => (ExplainKind)(_kind & 15); set => _kind = (byte)(_kind & ~15 | (int)value & 15); }

    public IndicatorStatus Status { readonly get => (IndicatorStatus)(_state & 7); set => _state = (byte)(_state & ~7 | (int)value & 7); }

    public bool? Met
    {
        readonly get => (_state >> 3 & 3) switch { 0 => null, 2 => true, _ => false };
        set => _state = (byte)(_state & ~(3 << 3) | (value is { } m ? (m ? 2 : 1) : 0) << 3);
    }

    /// <summary>No points available (not applicable, monitored): the maximum is 0 rather than the rule's points.</summary>
    public bool NoMax { readonly get => (_state & 1 << 5) != 0; set => _state = (byte)(value ? _state | 1 << 5 : _state & ~(1 << 5)); }

    /// <summary>
    /// Set aside for the assessment year only (a task not yet due, a target not yet in force, a rule that applies from a
    /// later year of the scheme): still part of the subject's full points, which coverage is measured against (bit 6).
    /// </summary>
    public bool NotYet { readonly get => (_state & 1 << 6) != 0; set => _state = (byte)(value ? _state | 1 << 6 : _state & ~(1 << 6)); }

    /// <summary>
    /// The value is shown exactly rather than rounded: rounded, it would touch or cross its target's bound and seem to
    /// contradict the verdict (9.999% is not "10.00%" beside "≥ 10%, not met"). Kept beside the explanation kind.
    /// </summary>
    public bool ExactDisplay { readonly get => (_kind & 1 << 4) != 0; set => _kind = (byte)(value ? _kind | 1 << 4 : _kind & ~(1 << 4)); }

    /// <summary>The value could not be computed (a zero denominator) and was read as 0 (<c>when_undefined: zero</c>).</summary>
    public bool UndefinedAsZero { readonly get => (_kind & 1 << 5) != 0; set => _kind = (byte)(value ? _kind | 1 << 5 : _kind & ~(1 << 5)); }

    /// <summary>How the value is shown (<see cref="ExactDisplay"/>, <see cref="UndefinedAsZero"/>).</summary>
    public readonly ShowFlags Show => (ShowFlags)(_kind >> 4 & 3);

    /// <summary>Set directly for the rarer outcomes; otherwise formatted from <see cref="Kind"/> when first read.</summary>
    public Explanation? Explanation
    {
        readonly get => _detail switch { AssessmentScorer.Explanation e => e, Details d => d.Explanation, _ => null };
        set => _detail = Details.Of(value, Deferred, Missing);
    }

    /// <summary>What a year-over-year or checklist sentence (and target) needs beyond the outcome, formatted when read.</summary>
    public DeferredText? Deferred
    {
        readonly get => _detail switch { DeferredText t => t, Details d => d.Deferred, _ => null };
        set => _detail = Details.Of(Explanation, value, Missing);
    }

    /// <summary>Null when nothing is missing.</summary>
    public IReadOnlyList<string>? Missing
    {
        readonly get => _detail switch { null or AssessmentScorer.Explanation or DeferredText => null, Details d => d.Missing, _ => (IReadOnlyList<string>)_detail };
        set => _detail = Details.Of(Explanation, Deferred, value);
    }

    /// <summary>Points available: the rule's points, or 0.</summary>
    public readonly decimal MaxOf(IndicatorDef def) => NoMax ? 0 : def.MaxPoints;

    public readonly IReadOnlyList<string> MissingData => Missing ?? Array.Empty<string>();

    /// <summary>The standing in the subject's stratum, for a ranked indicator (made when read).</summary>
    public readonly CohortStanding? Standing(string? stratum) =>
        RankedOf == 0 ? null : Scoring.Cohort.Standing(stratum ?? "all", Rank, RankedOf);

    /// <summary>More than one of the rarer parts (a checklist task not reported has missing data and its sentence).</summary>
    private sealed class Details(Explanation? explanation, DeferredText? deferred, IReadOnlyList<string>? missing)
    {
        public Explanation? Explanation { get; } = explanation;
        public DeferredText? Deferred { get; } = deferred;
        public IReadOnlyList<string>? Missing { get; } = missing;

        /// <summary>The one part set, as itself; several, together; none, null.</summary>
        public static object? Of(Explanation? e, DeferredText? d, IReadOnlyList<string>? m) =>
            ((e is null ? 0 : 1) + (d is null ? 0 : 1) + (m is null ? 0 : 1)) switch
            {
                0 => null,
                1 => (object?)e ?? (object?)d ?? m,
                _ => new Details(e, d, m),
            };
    }
}

/// <summary>
/// An indicator's last few missing-data memos, one per set of missing paths: a subject missing what an earlier one
/// missed shares its list and problems. Shared by every thread scoring the rule set: each slot is written whole (a
/// reference to an immutable memo), so a reader sees a memo or an empty slot, and a lost write only costs a miss.
/// </summary>
internal sealed class MissingMemos
{
    private readonly MissingMemo?[] _slots = new MissingMemo?[4];
    private int _next;

    public MissingMemo? Find(List<string> paths)
    {
        foreach (var m in _slots)
            if (m is not null && m.Same(paths)) return m;
        return null;
    }

    public void Add(MissingMemo memo)
    {
        var i = (uint)Interlocked.Increment(ref _next) % (uint)_slots.Length;
        _slots[i] = memo;
    }
}

/// <summary>
/// An indicator's missing data as found (paths in order, with repeats), what a result shows of it (each once) and the
/// problems it gives; shared by every subject that misses the same data.
/// </summary>
internal sealed class MissingMemo(string[] found, IReadOnlyList<string> names, Problem[] problems)
{
    public IReadOnlyList<string> Names { get; } = names;
    public Problem[] Problems { get; } = problems;

    /// <summary>Whether these are the paths found (mostly the same strings, kept per field, so the comparison is quick).</summary>
    public bool Same(List<string> paths) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(paths).SequenceEqual(found);
}

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
        var pts = $"{Fmt.Points(points)}/{Fmt.Points(max)}";
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
                    var pts = $"{Fmt.Points(points)}/{Fmt.Points(max)}";
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

/// <summary>
/// One subject being scored: its context, outcomes and running totals. A struct, passed by reference: a cohort keeps
/// its subjects' runs in arrays of 512 (see <see cref="RunTable"/>), so a large cohort holds no object per subject of
/// its own for the collector to mark and copy.
/// </summary>
internal struct SubjectRun
{
    /// <summary>The input; a cohort lets go of it once the subject is scored (only <see cref="Subject"/> and the year are kept).</summary>
    public required Submission? Submission;
    public required Subject Subject { get; init; }
    public required int Year { get; init; }
    /// <summary>The values expressions read; a cohort lets go of them (sets it to null) once nothing after phase 1 reads it.</summary>
    public required EvalContext Ctx;
    public int? PreviousYear;
    /// <summary>
    /// Where the outcomes live: a cohort gives each block of subjects one shared array (large, so the collector never
    /// copies it), a single score its own; <see cref="Outcomes"/> is this subject's part.
    /// </summary>
    public required Outcome[] Chunk { get; init; }
    public required int Offset { get; init; }
    /// <summary>Scored as one of a cohort (ranked indicators wait for the ranking) rather than alone.</summary>
    public bool InCohort { get; init; }
    /// <summary>A subject the rule set does not assess (<c>applies_to.exclude</c>): no indicator applies, no grade, no rank.</summary>
    public bool Excluded;
    public readonly Span<Outcome> Outcomes => Chunk.AsSpan(Offset, Count);
    public required int Count { get; init; }
    /// <summary>Problems found while scoring; settled into <see cref="SettledProblems"/> once the subject is scored.</summary>
    public List<Problem>? Problems;
    /// <summary>The result's problems, each once (nothing after scoring adds problems).</summary>
    public Problem[]? SettledProblems;
    /// <summary>
    /// Per veto of the rule set, in order: 1 when it fired, 2 when undecided, 0 when it did not fire. Null while every
    /// veto so far did not fire (most subjects), so nothing is kept for them.
    /// </summary>
    public byte[]? VetoStates;
    public bool VetoFailed;
    public bool VetoUndecided;
    public string? VetoCap;
    /// <summary>For cohort aggregates: per aggregate, the values of its over, of and denominator expressions.</summary>
    public Value[]? AggregateInputs;
    public string? Grade;
    public bool? Passed;
    /// <summary>Standing in the stratum by total, in a cohort (0 of 0 when not ranked); made into a record when read.</summary>
    public int StandingRank, StandingOf;
    public decimal Total;
    public decimal MaxTotal;
    /// <summary>The subject's full points: <see cref="MaxTotal"/> and the points set aside for this year only.</summary>
    public decimal FullMax;
    public string? Stratum;
}

/// <summary>
/// A cohort's runs, in the order read, in arrays of 512 (under the large-object threshold: runs are written to
/// while a subject is scored, and writing references into a large, old array costs the collector more than a young
/// array being copied once). A block of subjects is added before it is scored, so no run is ever moved or copied.
/// </summary>
internal sealed class RunTable
{
    private const int Shift = 9;
    private const int PartSize = 1 << Shift;
    /// <summary>Subjects per block added: every block but the last is full.</summary>
    public const int BlockSize = 4096;
    private SubjectRun[][] _parts = new SubjectRun[8][];
    private int _partCount;

    /// <summary>Runs in the table (those of every block added, scored or not).</summary>
    public int Count { get; private set; }

    public ref SubjectRun this[int index] => ref _parts[index >> Shift][index & (PartSize - 1)];

    /// <summary>Adds a block of <paramref name="count"/> runs (at most <see cref="BlockSize"/>; only the last block may be short).</summary>
    public void Add(int count)
    {
        if (count > BlockSize || Count % BlockSize != 0) throw new InvalidOperationException("only the last block of a run table may be short");
        for (var left = count; left > 0; left -= PartSize)
        {
            if (_partCount == _parts.Length) Array.Resize(ref _parts, _parts.Length * 2);
            _parts[_partCount++] = new SubjectRun[Math.Min(left, PartSize)];
        }
        Count += count;
    }
}

/// <summary>Scores submissions against a compiled rule set. Pure: reads the model, writes only new objects.</summary>
internal sealed class Engine
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
        _passReadsData = model.Grading?.Pass is { } pass
            && (pass.Fields.Count > 0 || pass.PreviousFields.Count > 0 || pass.Indicators.Count > 0 || pass.SubjectAttributes.Count > 0);
    }

    private readonly VetoResult[][] _vetoResults;
    private readonly IReadOnlyList<VetoResult> _vetoesClear;

    private readonly (DimensionDef Dim, int[] Indicators)[] _dimensions;
    private readonly RuleOrigin[] _origins;

    /// <summary>
    /// Value arrays one scoring on this thread may reuse: nothing in a result points at them (outcomes copy the values
    /// they need), so a single-subject score hands them back, cleared, instead of leaving ~13 KB to the collector.
    /// </summary>
    private sealed class Scratch(Engine owner)
    {
        public readonly Engine Owner = owner;
        public readonly Value[] Current = new Value[owner._m.ValueSlots], Previous = new Value[owner._m.ValueSlots],
            Indicators = new Value[owner._m.Indicators.Count];

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
        /// Fields by key string, compared by reference: readers share one key string per column or field (the CSV reader,
        /// generated data), so a key seen before on this thread needs no lookup by its text. Keys that are new strings
        /// each time (parsed JSON) are looked up by text as before; the table is emptied when half full.
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

    public AssessmentResult Score(Submission s)
    {
        var scratch = TakeScratch();
        var run = Run(s, scratch);
        Finish(ref run);
        var result = Build(ref run);
        scratch.Clear();
        GiveBack(scratch);
        return result;
    }

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
        // The next block is read while this one is scored: a source that does work to give each submission (parsing,
        // generating, reading a stream) runs beside the scoring instead of leaving the other cores idle in between.
        var known = subs is IReadOnlyCollection<Submission> c ? c.Count : -1;
        var runs = new RunTable();
        var capacity = known >= 0 ? known : Block;   // of the gathered ranked values
        var gathered = new Cohort.RankedValues(_m, capacity);
        var k = _m.Indicators.Count;
        var count = 0;                                   // subjects scored
        var (block, next) = (new Submission[Block], new Submission[Block]);
        Task? scoring = null;
        var scoringCount = 0;
        try
        {
            using var e = subs.GetEnumerator();
            while (true)
            {
                var n = 0;
                while (n < Block && e.MoveNext())
                {
                    next[n] = e.Current ?? throw new ArgumentException($"the submission at index {count + scoringCount + n} of the cohort is null", nameof(subs));
                    n++;
                }
                // The block being scored writes into its own runs and gathered values, which are only grown once it is done.
                if (scoring is not null)
                {
                    scoring.GetAwaiter().GetResult();
                    scoring = null;
                    count += scoringCount;
                    Array.Clear(block, 0, scoringCount);
                    scoringCount = 0;
                    progress?.Report(count);
                }
                if (n == 0) break;
                (block, next) = (next, block);
                if (count + n > capacity)
                {
                    capacity = Math.Max(capacity * 2, count + n);
                    gathered.Grow(capacity);
                }
                var (at, these) = (count, block);
                // One outcome array per block: large enough to live outside the collector's copying generations.
                var chunk = new Outcome[n * k];
                runs.Add(n);
                scoringCount = n;
                scoring = Task.Run(() => ForEach(n, i =>
                {
                    ref var run = ref runs[at + i];
                    Phase1(these[i], keepContext: at + i == 0 || _passReadsData, chunk, i * k, ref run);
                    gathered.Gather(at + i, run.Outcomes);
                }));
            }
        }
        finally
        {
            // Reading failed (a null submission, or the source threw) while a block was scored: that block is let
            // finish before the reading's exception goes on, so no scoring outlives the call.
            if (scoring is not null)
                try { scoring.Wait(); } catch (AggregateException) { }
        }
        if (capacity != count) gathered.Grow(count);

        var strata = Cohort.Strata(_m, runs);
        Cohort.RankIndicators(runs, strata, gathered);
        Cohort.Grade(_m, runs, strata);
        var aggregates = Cohort.Aggregates(_m, runs);
        ForEach(runs.Count, i =>
        {
            ref var run = ref runs[i];
            Finish(ref run);
            run.Ctx = null!;   // kept until now only when the pass condition reads values
        });
        // Each subject's result is made from its run when read.
        return new CohortResult(_ref, new CohortResults(this, runs), aggregates);
    }

    /// <summary>Whether the pass condition reads submitted data (then a cohort keeps each subject's values until it is graded).</summary>
    private readonly bool _passReadsData;

    private void Phase1(Submission s, bool keepContext, Outcome[] chunk, int offset, ref SubjectRun run)
    {
        // The thread's scratch, as a single score takes it: a subject that fails does not give it back, so it leaves
        // nothing of itself for the next one.
        var scratch = keepContext ? null : TakeScratch();
        run = Run(s, scratch, chunk, offset);
        if (_m.Aggregates.Count > 0) run.AggregateInputs = Cohort.AggregateInputs(_m, run.Ctx);
        run.Submission = null;
        if (scratch is not null)
        {
            run.PreviousYear = run.Ctx.PreviousYear;
            run.Ctx = null!;
            scratch.Clear();
            GiveBack(scratch);
        }
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

    private SubjectRun Run(Submission s, Scratch? scratch = null, Outcome[]? chunk = null, int offset = 0)
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
            InCohort = chunk is not null };
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
            // Outcome arrays are new (all zero): only the two "none" markers need setting, not the whole struct.
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

    private Value[] ReadValues(IReadOnlyDictionary<string, FieldValue> values, string path, List<Problem> problems, Value[]? reuse,
        Scratch? scratch)
    {
        var slots = reuse ?? new Value[_m.ValueSlots];
        if (values is Dictionary<string, FieldValue> dict)
        {
            // The usual case (the JSON and CSV readers build dictionaries): enumerate without boxing an enumerator.
            foreach (var (key, fv) in dict) Read(slots, key, fv, path, problems, scratch);
            return slots;
        }
        foreach (var (key, fv) in values) Read(slots, key, fv, path, problems, scratch);
        return slots;
    }

    private void Read(Value[] slots, string key, in FieldValue fv, string path, List<Problem> problems, Scratch? scratch)
    {
        var f = scratch is not null ? scratch.Field(key) : _fieldsById.GetValueOrDefault(key);
        if (f is null)
        {
            problems.Add(new Problem(SubmissionJson.Join(path, key), "AS5004", $"'{key}' is not a field of the data dictionary or of this rule set; it is not read"));
            return;
        }
        var v = Convert(f, in fv, path, key, problems);
        // Fields no expression reads are checked (their problems reported) but not kept.
        if (f.Slot < slots.Length) slots[f.Slot] = v;
    }

    private static Value Convert(FieldDef f, in FieldValue fv, string path, string key, List<Problem> problems)
    {
        // Fast path first: a number in range (the path text is only built for a problem).
        if (f.Type.Kind == TypeKind.Number && fv.Number is { } n0 && (!f.Integer || n0.Scale == 0 || n0 == decimal.Truncate(n0))
            && (f.Min is not { } lo || n0 >= lo) && (f.Max is not { } hi || n0 <= hi))
            return Value.Number(n0);
        // The path text is made only for a problem.
        string At() => SubmissionJson.Join(path, key);
        switch (f.Type.Kind)
        {
            case TypeKind.Number:
                if (fv.Number is not { } d)
                {
                    problems.Add(new Problem(At(), "AS5002", $"{f.Name.Zh} ({f.Id}) must be a number, not \"{fv}\""));
                    return Value.Missing;
                }
                if (f.Integer && d != decimal.Truncate(d))
                {
                    problems.Add(new Problem(At(), "AS5003", $"{f.Name.Zh} ({f.Id}) is a count and must be a whole number, not {Fmt.Plain(d)}"));
                    return Value.Missing;
                }
                if ((f.Min is { } min && d < min) || (f.Max is { } max && d > max))
                {
                    var range = f.Max is null ? $"at least {Fmt.Plain(f.Min!.Value)}" : f.Min is null ? $"at most {Fmt.Plain(f.Max.Value)}" : $"from {Fmt.Plain(f.Min.Value)} to {Fmt.Plain(f.Max.Value)}";
                    problems.Add(new Problem(At(), "AS5003", $"{f.Name.Zh} ({f.Id}) must be {range}, not {Fmt.Plain(d)}"));
                    return Value.Missing;
                }
                return Value.Number(d);
            case TypeKind.Bool:
                if (fv.Flag is { } b) return Value.Bool(b);
                problems.Add(new Problem(At(), "AS5002", $"{f.Name.Zh} ({f.Id}) must be true or false, not \"{fv}\""));
                return Value.Missing;
            case TypeKind.Level:
                {
                    var text = fv.Text ?? (fv.Number is { } n ? Fmt.Plain(n) : null);
                    var rank = text is null ? -1 : f.Type.Scale!.RankOf(text.Trim());
                    if (rank >= 0) return Value.Level(rank, text!.Trim());
                    problems.Add(new Problem(At(), "AS5008", $"{f.Name.Zh} ({f.Id}) must be one of {string.Join(", ", f.Type.Scale!.Levels)}, not \"{fv}\""));
                    return Value.Missing;
                }
            default:
                if (fv.Text is { } t)
                {
                    if (f.Type.Allowed is { } allowed && !allowed.Contains(t))
                    {
                        problems.Add(new Problem(At(), "AS5008", $"{f.Name.Zh} ({f.Id}) must be one of {string.Join(", ", allowed)}, not \"{t}\""));
                        return Value.Missing;
                    }
                    return Value.OfText(t);
                }
                problems.Add(new Problem(At(), "AS5002", $"{f.Name.Zh} ({f.Id}) must be a text, not {fv}"));
                return Value.Missing;
        }
    }

    private static SubjectValues ReadSubject(Subject s, List<Problem> problems, SubjectValues sv)
    {
        Value Enum(string? v, IReadOnlyList<string> allowed, string key)
        {
            if (v is null) return Value.Missing;
            if (allowed.Contains(v)) return Value.OfText(v);
            problems.Add(new Problem($"subject.{key}", "AS5008", $"subject {key} must be one of {string.Join(", ", allowed)}, not \"{v}\""));
            return Value.Missing;
        }
        sv.Tier = Enum(s.Tier, DataDictionary.Tiers, "tier");
        sv.Category = Enum(s.Category, DataDictionary.Categories, "category");
        sv.Kind = Enum(s.Kind, DataDictionary.Kinds, "kind");
        sv.Ownership = Enum(s.Ownership, DataDictionary.Ownerships, "ownership");
        sv.Region = s.Region is null ? Value.Missing : Value.OfText(s.Region);
        sv.Beds = Value.Missing;
        if (s.Beds is { } b)
        {
            if (b < 0) problems.Add(new Problem("subject.beds", "AS5003", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"subject beds must be zero or more, not {b}")));
            else sv.Beds = Value.Number(b);
        }
        return sv;
    }

    private void CheckAppliesTo(Submission s, List<Problem> problems)
    {
        var a = _m.Merged.Own.AppliesTo;
        if (s.Subject.Kind is { } k && a.Kinds.Count > 0 && !a.Kinds.Contains(k))
            problems.Add(new Problem("subject.kind", "AS5009", $"this rule set assesses {string.Join("/", a.Kinds)} subjects, not a {k}"));
        if (s.Subject.Tier is { } t && a.Tiers.Count > 0 && DataDictionary.Tiers.Contains(t) && !a.Tiers.Contains(t))
            problems.Add(new Problem("subject.tier", "AS5009", $"this rule set assesses {string.Join("/", a.Tiers)} subjects, not {t}"));
        if (s.Subject.Category is { } c && a.Categories.Count > 0 && DataDictionary.Categories.Contains(c) && !a.Categories.Contains(c))
            problems.Add(new Problem("subject.category", "AS5009", $"this rule set assesses {string.Join("/", a.Categories)} subjects, not {c}"));
        if (s.Subject.Ownership is { } own && a.Ownership is not null && DataDictionary.Ownerships.Contains(own) && own != a.Ownership)
            problems.Add(new Problem("subject.ownership", "AS5009", $"this rule set assesses {a.Ownership} subjects, not {own}"));
        if (_m.Merged.Own.EffectiveFrom is { } from && s.Year < from.Year || _m.Merged.Own.EffectiveTo is { } to && s.Year > to.Year)
            problems.Add(new Problem("year", "AS5010", $"{_ref.Scheme}@{_ref.Version} is in force {Day(_m.Merged.Own.EffectiveFrom)} to {Day(_m.Merged.Own.EffectiveTo)}; {s.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside it"));
    }

    /// <summary>The first exclusion (<c>applies_to.exclude</c>) that holds for the subject, if any.</summary>
    private ExclusionDef? ExclusionOf(EvalContext ctx)
    {
        var list = _m.Exclusions;
        for (var k = 0; k < list.Count; k++)
            if (list[k].When.Fn(ctx) is { Kind: VKind.Bool } w && w.AsBool) return list[k];
        return null;
    }

    /// <summary>A subject the rule set does not assess: every indicator set aside with the reason, one problem naming it.</summary>
    private void SetAside(ref SubjectRun run, ExclusionDef x)
    {
        run.Excluded = true;
        for (var i = 0; i < run.Outcomes.Length; i++)
        {
            ref var o = ref run.Outcomes[i];
            var ind = _m.Indicators[i];
            o.TargetIndex = -1;
            o.BandIndex = -1;
            o.Status = IndicatorStatus.NotApplicable;
            o.NoMax = true;
            o.Explanation = ind.Memo("exclusion" + x.Index, 0, () => new Explanation($"{ind.Name.Zh}：不适用（{x.Reason.Zh}）", $"{ind.Name.En}: not applicable ({x.Reason.En})"));
        }
        var field = x.When.SubjectAttributeNames.Length > 0 ? SubjectPath(x.When.SubjectAttributeNames[0])
            : x.When.FieldNames.Length > 0 ? "values." + x.When.FieldNames[0] : "subject";
        run.Problems!.Add(new Problem(field, "AS5012", $"not assessed under {_ref.Scheme}@{_ref.Version}: {x.Reason.Zh} / {x.Reason.En}"));
    }

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

    private static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "…";

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
            var a = aw.Fn(ctx);
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
        var kind = ind.Kind;
        if (kind == MethodKind.Checklist) { Scoring.Checklist.Score(this, ind, ref run, ref o); return; }
        if (o.Value.IsAbsent && (ind.IsCohort || kind == MethodKind.YearOverYear))
            { Absent(ind, ref run, ref o, o.Value, ind.Value!.FieldNames, ind.Value.SubjectAttributeNames, "value", ind.Value.PreviousFieldNames); return; }
        if (ind.IsCohort)
        {
            // Ranked against the other subjects of its stratum with a value. Scored alone there are none: the indicator
            // does not apply (as for the only subject of a stratum in a cohort). In a cohort it waits for the ranking.
            if (run.InCohort) o.Status = IndicatorStatus.Undefined;
            else { o.Status = IndicatorStatus.NotApplicable; o.NoMax = true; }
            o.Kind = ExplainKind.NoPeers;
            return;
        }
        if (kind == MethodKind.YearOverYear) { YearOverYear(ind, ref run, ref o); return; }

        // Choose the target: the first case whose condition holds.
        TargetCase? chosen = null;
        var targets = ind.Targets;
        for (var n = 0; n < targets.Count; n++)
        {
            var t = targets[n];
            if (t.When is null) { chosen = t; break; }
            var w = t.When.Fn(ctx);
            if (w.IsAbsent) { Absent(ind, ref run, ref o, w, t.When.FieldNames, t.When.SubjectAttributeNames, "target", t.When.PreviousFieldNames); return; }
            if (w.AsBool) { chosen = t; break; }
        }
        if (chosen is null && ind.Targets.Count > 0 && kind is MethodKind.PassFail or MethodKind.Linear)
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
                { Absent(ind, ref run, ref o, st, Names(chosen.Bound.All, e => e.Fields), Names(chosen.Bound.All, e => e.SubjectAttributes), "target", Names(chosen.Bound.All, e => e.PreviousFields)); return; }
            o.TargetIndex = (short)chosen.Index;
            o.Target = TargetTextOf(chosen, bound, upper, tol, ind);
            met = Meets(chosen.OpKind, o.Value, bound, upper, tol);
            if (o.Value.Kind == VKind.Number && bound.Kind == VKind.Number && ShownMisleads(ind.Display, chosen.OpKind, o.Value.Num, bound, upper, tol))
                o.ExactDisplay = true;
        }
        o.Met = met;
        o.Status = IndicatorStatus.Scored;
        switch (kind)
        {
            case MethodKind.Monitor:
                o.Points = 0; o.NoMax = true;
                o.Kind = ExplainKind.Monitor;
                return;
            case MethodKind.PassFail:
                o.Points = met == true ? ind.MaxPoints : 0;
                break;
            case MethodKind.Linear:
                o.Points = met == true ? ind.MaxPoints : Linear(ind, chosen!, o.Value, ctx);
                break;
            case MethodKind.Bands:
                {
                    o.Points = 0;
                    var bands = ind.Bands;
                    for (var n = 0; n < bands.Count; n++)
                        if (bands[n] is var b && b.Contains(o.Value.Num)) { o.Points = b.Points; o.BandIndex = (short)b.Index; break; }
                    o.Met ??= o.Points == ind.MaxPoints;
                    break;
                }
            case MethodKind.Levels:
                {
                    o.Points = 0;
                    for (var li = 0; li < ind.Levels.Count; li++)
                        if (o.Value.Num >= ind.Levels[li].Rank) { o.Points = ind.Levels[li].Points; o.BandIndex = (short)li; }
                    o.Met ??= o.Points == ind.MaxPoints;
                    break;
                }
        }
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
                    // Missing data: the fields read as zero are what has to be checked (or given).
                    var zero = new List<string>();
                    foreach (var f in ind.Value!.FieldNames)
                        if (_fieldsById.TryGetValue(f, out var fd) && fd.Slot < run.Ctx.Current.Length && run.Ctx.Current[fd.Slot] is { Kind: VKind.Number } v && v.Num == 0)
                            zero.Add(fd.ValuesPath);
                    if (zero.Count == 0) zero.Add("value");
                    o.Status = IndicatorStatus.Missing; o.Points = 0; o.Met = null;
                    o.Missing = zero;
                    foreach (var path in zero)
                        run.Problems!.Add(new Problem(path, "AS5011", $"{ind.Name.Zh} ({ind.Id}) cannot be computed: {path} is 0 (division by zero); it is treated as missing data"));
                    o.Kind = ExplainKind.MissingData;
                    return true;
                }
        }
    }

    internal static Explanation Explain(IndicatorDef ind, string? target, bool? met, decimal points, decimal max, string valueText)
    {
        var pts = $"{Fmt.Points(points)}/{Fmt.Points(max)}";
        var how = ind.Method switch
        {
            "linear" when met != true && points > 0 => ("，按线性插值计分", ", scored linearly between floor and target"),
            "bands" => ("，按区间计分", ", scored by band"),
            "levels" => ("，按级别计分", ", scored by level"),
            _ => ("", ""),
        };
        if (target is null)
            return new($"{ind.Name.Zh} {valueText}{how.Item1} → {pts}", $"{ind.Name.En} {valueText}{how.Item2} → {pts}");
        return met == true
            ? new($"{ind.Name.Zh} {valueText} {target}{how.Item1} → {pts}", $"{ind.Name.En} {valueText} {target}{how.Item2} → {pts}")
            : new($"{ind.Name.Zh} {valueText}，未达到 {target}{how.Item1} → {pts}", $"{ind.Name.En} {valueText}, target {target} not met{how.Item2} → {pts}");
    }

    /// <summary>
    /// A case's bounds for this subject; the result is null when they are all there, false when a by-year table has
    /// no entry in force, or the missing or undefined value that stopped them.
    /// </summary>
    private static Value? Bounds(TargetCase t, EvalContext ctx, out Value bound, out Value? upper, out Value? tol)
    {
        bound = default;
        upper = tol = null;
        var b = t.Bound.Evaluate(ctx);
        if (b is not { } bv) return Value.False;
        if (bv.IsAbsent) return bv;
        if (t.Upper is not null)
        {
            var u = t.Upper.Evaluate(ctx);
            if (u is null) return Value.False;
            if (u.Value.IsAbsent) return u;
            upper = u;
        }
        if (t.Tolerance is not null)
        {
            var x = t.Tolerance.Evaluate(ctx);
            if (x is null) return Value.False;
            if (x.Value.IsAbsent) return x;
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
        if (Math.Abs(Dec.SaturatingSub(v, lo)) > half && Math.Abs(Dec.SaturatingSub(v, hi)) > half) return false;
        var r = Fmt.Shown(v, display);
        if (r == v) return false;
        return Meets(op, Value.Number(r), b, upper, tol) != Meets(op, Value.Number(v), b, upper, tol) || r == lo || r == hi;
    }

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

    private static decimal Linear(IndicatorDef ind, TargetCase t, Value v, EvalContext ctx)
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
        var strict = min is null || Dec.IsZero(before.Num);
        var met = increase ? (strict ? o.Value.Num > threshold : o.Value.Num >= threshold) : (strict ? o.Value.Num < threshold : o.Value.Num <= threshold);
        o.Met = met;
        o.Status = IndicatorStatus.Scored;
        o.Points = met ? ind.MaxPoints : 0;
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
        // Most subjects that miss an indicator's data miss one of a few sets of fields: the list and its problems are
        // made once per set and shared (both are read-only), rather than made again for every subject.
        var memo = ind.Missing.Find(missing);
        if (memo is null)
        {
            var names = missing.Distinct(StringComparer.Ordinal).ToArray();
            var problems = new Problem[names.Length];
            for (var k = 0; k < names.Length; k++)
                problems[k] = new Problem(names[k], "AS5011", $"{ind.Name.Zh} ({ind.Id}) needs {names[k]}; it was not given or was not valid");
            ind.Missing.Add(memo = new MissingMemo(missing.ToArray(), Array.AsReadOnly(names), problems));
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

    // ---- phase 2: totals, vetoes, grade, pass --------------------------------------------------

    private void Totals(ref SubjectRun run)
    {
        decimal total = 0;
        var outcomes = run.Outcomes;
        // Most outcomes carry no points (monitored, unscored alone); adding decimal zeros is not free.
        var reduced = false;
        for (var i = 0; i < outcomes.Length; i++)
        {
            ref readonly var o = ref outcomes[i];
            if (!Dec.IsZero(o.Points)) total += o.Points;
            if (o.NoMax && _hasMax[i]) reduced = true;
        }
        run.Total = total;
        // The available points are every indicator's, added in the same order, unless one with points is set aside
        // (not applicable, no target in force): then they are added up for this subject.
        run.MaxTotal = reduced ? MaxTotal(outcomes) : _fullMax;
        run.FullMax = reduced ? Coverage.FullMax(outcomes, _indicators, run.MaxTotal) : run.MaxTotal;
    }

    private decimal MaxTotal(ReadOnlySpan<Outcome> outcomes)
    {
        decimal max = 0;
        for (var i = 0; i < outcomes.Length; i++)
        {
            var m = outcomes[i].MaxOf(_indicators[i]);
            if (!Dec.IsZero(m)) max += m;
        }
        return max;
    }

    /// <summary>The model's indicators as an array, whether each has points, and all their points added in order.</summary>
    private readonly IndicatorDef[] _indicators;
    private readonly bool[] _hasMax;
    private readonly decimal _fullMax;
    /// <summary>The last year of the rule set's effective period, if it has one: coverage asks what applies by then.</summary>
    private readonly int? _horizonTo;
    /// <summary>The coverage of a subject to whom every indicator applies (most subjects): made once, shared by their results.</summary>
    private readonly CoverageResult _fullCoverage;

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
        if (g is not null && g.Method == "cutoffs") run.Grade = Cutoff(g, run.Total, run.MaxTotal);
        // A grade is never given on an empty or near-empty basis (grading.min_coverage).
        var withheld = g is not null && Coverage.Short(g, run.MaxTotal, run.FullMax);
        if (withheld) run.Grade = null;
        var failed = run.VetoFailed;
        var undecided = run.VetoUndecided;
        var cap = run.VetoCap;
        // Precedence: a failing veto wins over any cap; among caps the lowest grade wins.
        if (g is not null && run.Grade is not null)
        {
            if (failed) run.Grade = g.Grades[^1].Grade;
            else if (cap is not null && g.Scale.RankOf(run.Grade) > g.Scale.RankOf(cap)) run.Grade = cap;
        }
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

    // ---- phase 3: the immutable result ---------------------------------------------------------

    internal AssessmentResult Build(ref SubjectRun run)
    {
        // Indicator results are made from the outcomes when first read (most readers want totals, grades and points).
        var inds = new IndicatorList(_m.Indicators, _origins, run.Chunk, run.Offset, run.Year, run.Stratum);
        var vetoes = VetoResults(ref run);
        return new AssessmentResult(this, inds, run.Subject, run.Year, _ref, run.Total, run.MaxTotal, run.Grade, run.Passed,
            vetoes, Gap(ref run), run.SettledProblems!,
            run.StandingOf == 0 ? null : Cohort.Standing(run.Stratum!, run.StandingRank, run.StandingOf),
            run.MaxTotal == _fullMax && run.FullMax == _fullMax ? _fullCoverage
                : Coverage.Result(_m.Grading, run.MaxTotal, run.FullMax, run.FullMax == 0 && WithoutPeers(run.Outcomes)));
    }

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
        var fired = new Explanation($"一票否决：{v.Name.Zh}（{v.When.Text}）成立，{v.Effect switch { "fail" => "评估不通过", "zero" => "全部指标不得分，评估不通过", _ => $"等级最高为 {v.CapGrade}" }}",
            $"Veto: {v.Name.En} ({v.When.Text}) holds; {v.Effect switch { "fail" => "the assessment fails", "zero" => "every indicator scores zero and the assessment fails", _ => $"the grade is capped at {v.CapGrade}" }}");
        return new[]
        {
            new VetoResult(v.Id, v.Name.Zh, v.Name.En, false, v.Effect, v.CapGrade, v.NotTriggered, v.Source),
            new VetoResult(v.Id, v.Name.Zh, v.Name.En, true, v.Effect, v.CapGrade, fired, v.Source),
            new VetoResult(v.Id, v.Name.Zh, v.Name.En, null, v.Effect, v.CapGrade, v.Undecided, v.Source),
        };
    }

    /// <summary>Points per dimension, from a result's outcomes (results call it when first read).</summary>
    internal DimensionResult[] Dimensions(ReadOnlySpan<Outcome> outcomes)
    {
        var dims = new DimensionResult[_dimensions.Length];
        for (var k = 0; k < dims.Length; k++)
        {
            var (dim, members) = _dimensions[k];
            decimal p = 0, mx = 0;
            foreach (var i in members)
            {
                ref readonly var o = ref outcomes[i];
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
        var outcomes = list.Outcomes;
        Span<int> best = stackalloc int[Top];
        Span<decimal> lostOf = stackalloc decimal[Top];
        var count = 0;
        for (var i = 0; i < outcomes.Length; i++)
        {
            ref readonly var r = ref outcomes[i];
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
