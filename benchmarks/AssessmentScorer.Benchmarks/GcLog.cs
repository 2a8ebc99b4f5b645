using System.Diagnostics.Tracing;

namespace AssessmentScorer.Benchmarks;

/// <summary>
/// With BENCH_GC_LOG set, prints each garbage collection to stderr (generation, kind, reason, pause): what the
/// collector did during a benchmark, for finding where pauses come from. Not used by benchmarks/run.sh.
/// </summary>
internal sealed class GcLog : EventListener
{
    private readonly Dictionary<long, (int Gen, int Type, int Reason, DateTime At)> _started = new();
    private DateTime _suspended;
    private static readonly DateTime Start = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>With BENCH_GC_LOG set, prints a line with the time since the process started, among the collections.</summary>
    public static void Mark(string what)
    {
        if (Environment.GetEnvironmentVariable("BENCH_GC_LOG") is not null) Console.Error.WriteLine($"{(DateTime.UtcNow - Start).TotalSeconds,7:F3} s  {what}");
    }

    public static GcLog? StartIfAsked() => Environment.GetEnvironmentVariable("BENCH_GC_LOG") is null ? null : new GcLog();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Informational, (EventKeywords)0x1);   // GC keyword
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventName)
        {
            case "GCSuspendEEBegin_V1": _suspended = e.TimeStamp; break;
            case "GCStart_V2":
                _started[Convert.ToInt64(e.Payload![0])] = (Convert.ToInt32(e.Payload[1]), Convert.ToInt32(e.Payload[3]), Convert.ToInt32(e.Payload[2]), e.TimeStamp);
                break;
            case "GCEnd_V1":
                if (_started.Remove(Convert.ToInt64(e.Payload![0]), out var s))
                    Console.Error.WriteLine($"{(s.At - Start).TotalSeconds,7:F3} s  gc #{e.Payload[0]} gen{s.Gen} {(s.Type switch { 0 => "blocking", 1 => "background", _ => "foreground" })} reason {s.Reason}: {(e.TimeStamp - s.At).TotalMilliseconds:F1} ms");
                break;
            case string n when n.StartsWith("GCGlobalHeapHistory", StringComparison.Ordinal) && Environment.GetEnvironmentVariable("BENCH_GC_LOG") == "2":
                Console.Error.WriteLine("  " + string.Join(", ", e.PayloadNames!.Zip(e.Payload!, (k, v) => $"{k}={v}")));
                break;
            case string n when n.StartsWith("GCPerHeapHistory", StringComparison.Ordinal) && Environment.GetEnvironmentVariable("BENCH_GC_LOG") == "2":
                Console.Error.WriteLine("  " + string.Join(", ", e.PayloadNames!.Zip(e.Payload!, (k, v) => $"{k}={v}")));
                break;
            case "GCRestartEEEnd_V1":
                Console.Error.WriteLine($"  paused {(e.TimeStamp - _suspended).TotalMilliseconds:F1} ms");
                break;
        }
    }
}
