using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace AssessmentScorer.Benchmarks;

/// <summary>
/// With BENCH_ALLOC_LOG set, samples allocations (the runtime reports one about every 100 KB allocated, with the type
/// being allocated) and prints, on disposal, the share of sampled bytes per type: where a benchmark's allocations come
/// from, without a profiler. Not used by benchmarks/run.sh.
/// </summary>
internal sealed class AllocLog : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    public static AllocLog? StartIfAsked() => Environment.GetEnvironmentVariable("BENCH_ALLOC_LOG") is null ? null : new AllocLog();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);   // GC keyword; allocation ticks are verbose
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null) return;
        var type = e.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? e.Payload![t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload![a]) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
    }

    public override void Dispose()
    {
        base.Dispose();
        var total = _bytes.Values.Sum();
        foreach (var (type, bytes) in _bytes.OrderByDescending(kv => kv.Value).Take(25))
            Console.Error.WriteLine($"{100.0 * bytes / Math.Max(1, total),5:F1}%  {bytes / 1048576.0,9:F1} MB  {type}");
    }
}
