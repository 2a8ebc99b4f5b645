namespace AssessmentScorer.Results;

/// <summary>
/// Work made in pieces on every core and used in order on the calling thread: the JSON results' chunks
/// (<see cref="ChunkedJson"/>) and the results workbook's runs of rows.
/// </summary>
internal static class Ordered
{
    /// <summary>
    /// Makes pieces 0 … <paramref name="count"/> − 1 with <paramref name="make"/> on the pool's threads, a few in flight
    /// (twice the cores), and hands each to <paramref name="use"/> on this thread in order, so memory stays bounded
    /// however many pieces there are. On one core, or for one piece, everything runs on this thread. After a failure
    /// the pieces still in flight are not made (their <c>make</c> is not called).
    /// </summary>
    public static void Pipeline<T>(int count, Func<int, T> make, Action<T> use)
    {
        if (count <= 1 || Environment.ProcessorCount <= 1)
        {
            for (var k = 0; k < count; k++) use(make(k));
            return;
        }
        var window = Environment.ProcessorCount * 2;
        var pending = new Queue<Task<T>>(window);
        var failed = false;
        var next = 0;
        void Schedule()
        {
            var k = next++;
            pending.Enqueue(Task.Run(() => Volatile.Read(ref failed) ? default! : make(k)));
        }
        try
        {
            while (next < count && pending.Count < window) Schedule();
            for (var k = 0; k < count; k++)
            {
                var piece = pending.Dequeue().GetAwaiter().GetResult();
                if (next < count) Schedule();
                use(piece);
            }
        }
        catch
        {
            Volatile.Write(ref failed, true);
            throw;
        }
    }
}
