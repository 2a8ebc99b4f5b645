using System.Collections;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;

namespace AssessmentScorer.Results;

/// <summary>
/// A result's indicators, kept as the scorer's compact outcomes (one array of structs per subject) and made into
/// <see cref="IndicatorResult"/> records when read. A large cohort then holds one array per subject rather than one
/// object per indicator, and readers and writers that go through it keep nothing they have read.
/// </summary>
internal sealed class IndicatorList : IReadOnlyList<IndicatorResult>
{
    private readonly IReadOnlyList<IndicatorDef> _defs;
    private readonly RuleOrigin[] _origins;

    private readonly int _year;
    private readonly Outcome[] _chunk;
    private readonly int _offset;
    private readonly string? _stratum;
    /// <summary>Null when the outcomes are at <see cref="_offset"/> in <see cref="_chunk"/>; otherwise where each one is.</summary>
    private readonly OutcomeLayout? _layout;

    /// <summary>
    /// The outcomes are those at <paramref name="offset"/> in <paramref name="chunk"/>, one per indicator of
    /// <paramref name="defs"/> (a cohort shares one array among a block of subjects).
    /// </summary>
    /// <remarks>Ranked indicators' standings are in <paramref name="stratum"/> (the subject's, in a cohort).</remarks>
    public IndicatorList(IReadOnlyList<IndicatorDef> defs, RuleOrigin[] origins, Outcome[] chunk, int offset, int year, string? stratum)
    {
        _stratum = stratum;
        _year = year;
        _defs = defs;
        _origins = origins;
        _chunk = chunk;
        _offset = offset;
    }

    /// <summary>A single subject's outcomes: its own (<paramref name="own"/>) and those shared, as <paramref name="layout"/> places them.</summary>
    public IndicatorList(IReadOnlyList<IndicatorDef> defs, RuleOrigin[] origins, Outcome[] own, OutcomeLayout layout, int year, string? stratum)
        : this(defs, origins, own, 0, year, stratum) => _layout = layout;

    /// <summary>Whether some outcomes are shared with other results (a single score's, <see cref="OutcomeLayout"/>).</summary>
    internal bool SharesOutcomes => _layout is not null;

    /// <summary>Indicator <paramref name="index"/>'s outcome (not range-checked beyond its array's own check).</summary>
    internal ref readonly Outcome At(int index) => ref _layout is null ? ref _chunk[_offset + index] : ref _layout.At(_chunk, index);

    /// <summary>The outcomes, in rule-set order. Not changed after the result is built.</summary>
    /// <remarks>A list with shared outcomes makes the span's array on each read (<see cref="At"/> reads one without it).</remarks>
    public ReadOnlySpan<Outcome> Outcomes => _layout is null ? new ReadOnlySpan<Outcome>(_chunk, _offset, _defs.Count) : _layout.Expand(_chunk);

    public int Count => _defs.Count;

    /// <summary>Whether both lists read the same outcomes the same way (then their records are equal).</summary>
    public bool SameOutcomes(IndicatorList other) => ReferenceEquals(_chunk, other._chunk) && _offset == other._offset && _layout == other._layout
        && ReferenceEquals(_defs, other._defs) && _year == other._year && _stratum == other._stratum;

    /// <summary>
    /// A record for indicator <paramref name="index"/>, made on each read and not kept: records are values (equal
    /// whenever their properties are), and a reader that streams a large cohort keeps nothing it has read.
    /// </summary>
    public IndicatorResult this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_defs.Count) throw new ArgumentOutOfRangeException(nameof(index));
            return Make(index);
        }
    }

    private IndicatorResult Make(int i)
    {
        var d = _defs[i];
        ref readonly var o = ref At(i);
        // Value, display text and explanation are formatted from the outcome when first read.
        return new IndicatorResult(d, o.Value, o.Kind, _year, o.Explanation, o.Deferred, d.Id, d.Name.Zh, d.Name.En, d.Dimension, o.Target, o.Met, o.Points, o.MaxOf(d),
            o.Status, d.Method, d.Source, _origins[i], o.MissingData, o.Standing(_stratum), o.Show);
    }

    /// <summary>
    /// Indicator <paramref name="index"/>'s explanation, as its record's <see cref="IndicatorResult.Explanation"/> reads,
    /// formatted from the outcome without making the record.
    /// </summary>
    public Explanation ExplanationOf(int index)
    {
        if ((uint)index >= (uint)_defs.Count) throw new ArgumentOutOfRangeException(nameof(index));
        var d = _defs[index];
        ref readonly var o = ref At(index);
        if (o.Explanation is { } given) return given;
        // The scorer's target text alone: a deferred sentence given none writes its own into itself (no string made for it).
        return Explainer.Read(d, o.Kind, o.Deferred, o.Value, _year, o.Target, o.Met, o.Points, o.MaxOf(d), o.Standing(_stratum), o.MissingData, o.Show);
    }

    /// <summary>
    /// Indicator <paramref name="index"/>'s explanation, the same characters as <see cref="ExplanationOf"/>'s strings, into
    /// <paramref name="into"/> (for a writer that encodes the sentences without a string made for each).
    /// </summary>
    public void ExplanationInto(int index, ExplanationChars into)
    {
        if ((uint)index >= (uint)_defs.Count) throw new ArgumentOutOfRangeException(nameof(index));
        var d = _defs[index];
        ref readonly var o = ref At(index);
        if (o.Explanation is { } given) into.Set(given);
        // The standing is read by the ranked sentence alone (made only for it).
        else Explainer.ReadInto(into, d, o.Kind, o.Deferred, o.Value, _year, o.Target, o.Met, o.Points, o.MaxOf(d),
            o.Kind == ExplainKind.Ranked ? o.Standing(_stratum) : null, o.MissingData, o.Show);
    }

    /// <summary>
    /// Indicator <paramref name="index"/>'s definition, whose id and source its record carries, without making the record
    /// (for a writer that wants each indicator's id, source and explanation and nothing else).
    /// </summary>
    public IndicatorDef Def(int index) => _defs[index];

    /// <summary>
    /// Indicator <paramref name="index"/>'s value, display value, target, met, points, max points, status and missing
    /// fields, as its record's properties read them (formatted by the same functions), without making the record (for a
    /// writer of one row per indicator of a large cohort). Its id, names and dimension are <see cref="Def"/>'s.
    /// </summary>
    internal RowCells RowOf(int index)
    {
        if ((uint)index >= (uint)_defs.Count) throw new ArgumentOutOfRangeException(nameof(index));
        var d = _defs[index];
        ref readonly var o = ref At(index);
        return new RowCells(Engine.Public(o.Value, o.Status), Explainer.Display(d, o.Value, o.Show), TargetOf(o, d), o.Met, o.Points,
            o.MaxOf(d), o.Status, o.MissingData);
    }

    /// <summary>An indicator's cells as <see cref="RowOf"/> reads them: its record's properties of the same names.</summary>
    internal readonly record struct RowCells(object? Value, string? DisplayValue, string? Target, bool? Met, decimal Points, decimal MaxPoints,
        IndicatorStatus Status, IReadOnlyList<string> MissingData);

    /// <summary>An outcome's target text as its record reads it: the scorer's, or its deferred sentence's (made when read).</summary>
    private static string? TargetOf(in Outcome o, IndicatorDef d) => o.Target ?? o.Deferred?.Target(d);

    public IEnumerator<IndicatorResult> GetEnumerator()
    {
        for (var i = 0; i < _defs.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
