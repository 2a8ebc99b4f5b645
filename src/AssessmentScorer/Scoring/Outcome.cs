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
/// Kept to 64 bytes: a national cohort holds one per indicator per subject.
/// </summary>
internal struct Outcome
{
    // The value's parts are kept here rather than as a Value (whose kind byte would take eight bytes of padding), its
    // text (a text's or a level's, the rarer values) with the rarer parts in _detail, and status, met and "no maximum"
    // share one byte: 64 bytes an outcome rather than 80.
    private decimal _num;
    private VKind _valueKind;
    /// <summary>Bits 0-2 the status, bits 3-4 met (0 not decided, 1 not met, 2 met), bit 5 no maximum, bit 6 not yet.</summary>
    private byte _state;

    public Value Value
    {
        // Only texts and levels have a text (Value's constructors); numbers, yes/no and absent values read none.
        readonly get => Value.Of(_valueKind, _num, _valueKind >= VKind.Text ? Text : null);
        set
        {
            _valueKind = value.Kind;
            _num = value.Num;
            if (value.Text is not null || _detail is not null) _detail = Details.Of(Explanation, Deferred, Missing, value.Text);
        }
    }

    public decimal Points;
    public string? Target;
    /// <summary>
    /// The rarer parts, in one reference: an <see cref="AssessmentScorer.Explanation"/>, a <see cref="DeferredText"/>, the missing
    /// data (a list of paths), the value's text (a string), or <see cref="Details"/> when more than one is set.
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
        set => _detail = Details.Of(value, Deferred, Missing, Text);
    }

    /// <summary>What a year-over-year or checklist sentence (and target) needs beyond the outcome, formatted when read.</summary>
    public DeferredText? Deferred
    {
        readonly get => _detail switch { DeferredText t => t, Details d => d.Deferred, _ => null };
        set => _detail = Details.Of(Explanation, value, Missing, Text);
    }

    /// <summary>Null when nothing is missing.</summary>
    public IReadOnlyList<string>? Missing
    {
        readonly get => _detail switch { null or AssessmentScorer.Explanation or DeferredText or string => null, Details d => d.Missing, _ => (IReadOnlyList<string>)_detail };
        set => _detail = Details.Of(Explanation, Deferred, value, Text);
    }

    /// <summary>The value's text, kept with the rarer parts (null for a value without one).</summary>
    private readonly string? Text => _detail switch { string t => t, Details d => d.Text, _ => null };

    /// <summary>Points available: the rule's points, or 0.</summary>
    public readonly decimal MaxOf(IndicatorDef def) => NoMax ? 0 : def.MaxPoints;

    public readonly IReadOnlyList<string> MissingData => Missing ?? Array.Empty<string>();

    /// <summary>The standing in the subject's stratum, for a ranked indicator (made when read).</summary>
    public readonly CohortStanding? Standing(string? stratum) =>
        RankedOf == 0 ? null : Scoring.Cohort.Standing(stratum ?? "all", Rank, RankedOf);

    /// <summary>
    /// Whether <paramref name="other"/> is the same outcome to the bit (decimals with their scale, references by identity):
    /// a result may then read one outcome kept for many subjects in place of its own (<see cref="OutcomeLayout"/>).
    /// </summary>
    public readonly bool Identical(in Outcome other) =>
        _state == other._state && _kind == other._kind && _valueKind == other._valueKind && TargetIndex == other.TargetIndex
        && BandIndex == other.BandIndex && Rank == other.Rank && RankedOf == other.RankedOf
        && DecimalBits.Identical(_num, other._num) && DecimalBits.Identical(Points, other.Points)
        && ReferenceEquals(Target, other.Target) && SameDetail(_detail, other._detail);

    /// <summary>The same rarer parts: the same reference, or two sets of them holding the same references.</summary>
    private static bool SameDetail(object? a, object? b) => ReferenceEquals(a, b)
        || a is Details x && b is Details y && ReferenceEquals(x.Explanation, y.Explanation) && ReferenceEquals(x.Deferred, y.Deferred)
            && ReferenceEquals(x.Missing, y.Missing) && ReferenceEquals(x.Text, y.Text);

    /// <summary>
    /// More than one of the rarer parts (a checklist task not reported has missing data and its sentence; a task's status
    /// is a text value, with its sentence).
    /// </summary>
    private sealed class Details(Explanation? explanation, DeferredText? deferred, IReadOnlyList<string>? missing, string? text)
    {
        public Explanation? Explanation { get; } = explanation;
        public DeferredText? Deferred { get; } = deferred;
        public IReadOnlyList<string>? Missing { get; } = missing;
        public string? Text { get; } = text;

        /// <summary>The one part set, as itself; several, together; none, null.</summary>
        public static object? Of(Explanation? e, DeferredText? d, IReadOnlyList<string>? m, string? t) =>
            ((e is null ? 0 : 1) + (d is null ? 0 : 1) + (m is null ? 0 : 1) + (t is null ? 0 : 1)) switch
            {
                0 => null,
                1 => (object?)e ?? (object?)d ?? (object?)m ?? t,
                _ => new Details(e, d, m, t),
            };
    }
}

/// <summary>
/// The names of an indicator's missing data as a result shows them, shared by every subject that misses the same data; the
/// "missing data" sentence, which depends on nothing else while the indicator has its points, is kept with them once made.
/// </summary>
internal sealed class MissingNames(IList<string> names) : System.Collections.ObjectModel.ReadOnlyCollection<string>(names)
{
    /// <summary>Written whole once made (two threads at worst make the same sentence twice).</summary>
    public Explanation? Sentence;
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

/// <summary>
/// Where a single subject's result finds each indicator's outcome: in its own array (only the outcomes that are its own), or
/// shared with every result of the same layout — an indicator set aside the same way for every subject of a kind (the
/// district indicators of a rule set that scores hospitals) is kept once per rule set rather than once per result.
/// </summary>
internal sealed class OutcomeLayout
{
    /// <summary>Per indicator, its place in the result's own array; -1 when shared.</summary>
    private readonly int[] _slot;
    /// <summary>Per indicator, the shared outcome (default where the result has its own).</summary>
    private readonly Outcome[] _common;

    /// <summary>Outcomes a result of this layout keeps itself.</summary>
    private readonly int _own;

    /// <summary>The indicators whose outcomes are the result's own, as runs of consecutive indicators: (first, count) each.</summary>
    private readonly (int First, int Count)[] _runs;

    /// <param name="shared">Bit i: indicator i's outcome is the shared one, <paramref name="common"/>[i].</param>
    /// <param name="common">Per indicator, its shared outcome (read only where <paramref name="shared"/> says so).</param>
    public OutcomeLayout(ulong shared, ReadOnlySpan<Outcome> common)
    {
        _slot = new int[common.Length];
        _common = new Outcome[common.Length];
        var own = 0;
        for (var i = 0; i < common.Length; i++)
        {
            if ((shared >> i & 1) != 0) { _slot[i] = -1; _common[i] = common[i]; }
            else _slot[i] = own++;
        }
        _own = own;
        var runs = new List<(int, int)>();
        for (var i = 0; i < common.Length; i++)
            if (_slot[i] >= 0 && (i == 0 || _slot[i - 1] < 0))
            {
                var end = i;
                while (end < common.Length && _slot[end] >= 0) end++;
                runs.Add((i, end - i));
            }
        _runs = runs.ToArray();
    }

    /// <summary>The outcomes a result of this layout keeps, out of a full set (one per indicator), copied a run at a time.</summary>
    public Outcome[] Keep(ReadOnlySpan<Outcome> all)
    {
        var own = new Outcome[_own];
        var at = 0;
        foreach (var (first, count) in _runs)
        {
            all.Slice(first, count).CopyTo(own.AsSpan(at));
            at += count;
        }
        return own;
    }

    /// <summary>Indicator <paramref name="index"/>'s outcome, in <paramref name="own"/> or shared.</summary>
    public ref readonly Outcome At(Outcome[] own, int index)
    {
        var slot = _slot[index];
        return ref slot >= 0 ? ref own[slot] : ref _common[index];
    }

    /// <summary>Every outcome in indicator order, as a new array.</summary>
    public Outcome[] Expand(Outcome[] own)
    {
        var all = new Outcome[_slot.Length];
        for (var i = 0; i < all.Length; i++) all[i] = At(own, i);
        return all;
    }
}
