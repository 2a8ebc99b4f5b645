using AssessmentScorer.Results;

namespace AssessmentScorer.Scoring;

/// <summary>What a single score's result keeps of its outcomes: its own, and a shared layout for the rest.</summary>
internal sealed partial class Engine
{
    /// <summary>
    /// Per indicator, the first outcome set aside (not applicable) that a single score met, kept for the rule set: later
    /// subjects whose outcome is the same to the bit read this one rather than keeping their own. Written once each.
    /// </summary>
    private readonly CommonOutcome?[] _common;

    /// <summary>
    /// The layouts made, by set of shared indicators (bit i: indicator i), at most <see cref="MaxLayouts"/>: a rule set's
    /// subjects fall in a few dozen sets at most (which indicators are set aside, and whether each the common way).
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, OutcomeLayout> _layouts = new();

    /// <summary>Layouts kept per rule set; one of a set beyond them is made for its result alone (the same outcomes).</summary>
    private const int MaxLayouts = 1024;

    private sealed class CommonOutcome(in Outcome o)
    {
        public readonly Outcome Outcome = o;
    }

    /// <summary>
    /// The indicator list of a single score's result: a copy of the outcomes that are the subject's own; those that are
    /// the same as the rule set's common outcome of their indicator are read from a shared layout.
    /// </summary>
    private IndicatorList Kept(ReadOnlySpan<Outcome> outcomes, int year, string? stratum)
    {
        ulong shared = 0;
        if (outcomes.Length <= 64)
            for (var i = 0; i < outcomes.Length; i++)
            {
                ref readonly var o = ref outcomes[i];
                if (o.Status != IndicatorStatus.NotApplicable) continue;
                var common = Volatile.Read(ref _common[i]);
                if (common is null)
                {
                    // The first one met becomes the indicator's common outcome (two threads at once: one of theirs).
                    Interlocked.CompareExchange(ref _common[i], new CommonOutcome(o), null);
                    common = Volatile.Read(ref _common[i])!;
                }
                if (common.Outcome.Identical(o)) shared |= 1UL << i;
            }
        if (shared == 0) return new IndicatorList(_m.Indicators, _origins, outcomes.ToArray(), 0, year, stratum);
        if (!_layouts.TryGetValue(shared, out var layout))
        {
            // Shared outcomes are the common ones, which never change once written: any layout of the same set reads the same.
            var common = new Outcome[outcomes.Length];
            for (var i = 0; i < common.Length; i++)
                if ((shared >> i & 1) != 0) common[i] = _common[i]!.Outcome;
            layout = new OutcomeLayout(shared, common);
            if (_layouts.Count < MaxLayouts) layout = _layouts.GetOrAdd(shared, layout);
        }
        return new IndicatorList(_m.Indicators, _origins, layout.Keep(outcomes), layout, year, stratum);
    }
}
