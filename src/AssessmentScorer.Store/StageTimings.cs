using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AssessmentScorer.Store;

/// <summary>
/// A wall-clock and process-CPU breakdown of one operation by stage, written to standard error when the environment
/// variable <c>ASSESSMENT_SCORER_TIMINGS=1</c> is set (docs/performance.md, assessment rounds); otherwise it records nothing.
/// </summary>
internal sealed class StageTimings
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("ASSESSMENT_SCORER_TIMINGS") == "1";

    private readonly string _operation;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StringBuilder _line = new();
    private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private long _last;

    private StageTimings(string operation) => _operation = operation;

    /// <summary>A timer for <paramref name="operation"/>, or null when timings are off.</summary>
    public static StageTimings? Start(string operation) => Enabled ? new StageTimings(operation) : null;

    /// <summary>Ends the stage running since the last mark.</summary>
    public void Mark(string stage)
    {
        var now = _clock.ElapsedTicks;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _line.Append(CultureInfo.InvariantCulture, $" {stage}={Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds:0}ms/{(cpu - _cpu).TotalMilliseconds:0}cpu");
        _last = now;
        _cpu = cpu;
    }

    /// <summary>Writes the stages and the total as one line on standard error.</summary>
    public void Done(string detail) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timings {_operation} ({detail}):{_line} total={_clock.Elapsed.TotalMilliseconds:0}ms"));
}
