namespace AssessmentScorer.Scoring;

/// <summary>
/// The last few memos made (an indicator's missing data, a kind of subject's available points, a coverage), shared by
/// every thread scoring the rule set: each slot is written whole (a reference to an immutable memo), so a reader sees a
/// memo or an empty slot, and a lost write only costs a miss.
/// </summary>
internal sealed class RecentMemos<T>(int size) where T : class
{
    private readonly T?[] _slots = new T?[size];
    private int _next;

    /// <summary>The first kept memo that <paramref name="matches"/> <paramref name="key"/>; null when none does.</summary>
    public T? Find<TKey>(TKey key, Func<T, TKey, bool> matches) where TKey : allows ref struct
    {
        foreach (var m in _slots)
            if (m is not null && matches(m, key)) return m;
        return null;
    }

    /// <summary>Keeps a memo in place of the oldest.</summary>
    public void Add(T memo) => _slots[(uint)Interlocked.Increment(ref _next) % (uint)_slots.Length] = memo;
}
