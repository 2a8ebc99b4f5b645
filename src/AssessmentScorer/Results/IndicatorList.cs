using System.Collections;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;

namespace AssessmentScorer.Results;

/// <summary>
/// A result's indicators, kept as the scorer's compact outcomes (one array of structs per subject) and made into
/// <see cref="IndicatorResult"/> records when first read. A large cohort then holds one array per subject rather than
/// one object per indicator, and writers (<see cref="ResultJson"/>) read the records without keeping them.
/// </summary>
internal sealed class IndicatorList : IReadOnlyList<IndicatorResult>
{
    private readonly IReadOnlyList<IndicatorDef> _defs;
    private readonly RuleOrigin[] _origins;
    private IndicatorResult?[]? _made;

    public IndicatorList(IReadOnlyList<IndicatorDef> defs, RuleOrigin[] origins, Outcome[] outcomes)
    {
        _defs = defs;
        _origins = origins;
        Outcomes = outcomes;
    }

    /// <summary>The outcomes, in rule-set order. Not changed after the result is built.</summary>
    public Outcome[] Outcomes { get; }

    public int Count => Outcomes.Length;

    /// <summary>The record for indicator <paramref name="index"/>, made once and kept (the first one made wins a race).</summary>
    public IndicatorResult this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Outcomes.Length) throw new ArgumentOutOfRangeException(nameof(index));
            var made = _made ?? Interlocked.CompareExchange(ref _made, new IndicatorResult?[Outcomes.Length], null) ?? _made!;
            return made[index] ?? Interlocked.CompareExchange(ref made[index], Make(index), null) ?? made[index]!;
        }
    }

    /// <summary>The kept record if there is one, else a new one that is not kept (for writers).</summary>
    public IndicatorResult Peek(int index) => _made?[index] ?? Make(index);

    private IndicatorResult Make(int i)
    {
        var d = _defs[i];
        ref readonly var o = ref Outcomes[i];
        // Value, display text and explanation are formatted from the outcome when first read.
        return new IndicatorResult(d, o.Value, o.Kind, o.Year, o.Explanation, d.Id, d.Name.Zh, d.Name.En, d.Dimension, o.Target, o.Met, o.Points, o.Max,
            o.Status, d.Method, d.Source, _origins[i], o.MissingData, o.Cohort);
    }

    public IEnumerator<IndicatorResult> GetEnumerator()
    {
        for (var i = 0; i < Outcomes.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
