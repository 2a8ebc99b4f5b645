using System.Diagnostics;
using System.Globalization;

namespace AssessmentScorer.Cli;

/// <summary>
/// The phases of a command (reading, scoring, writing): each is announced on stderr while it runs and closed with its
/// time, when stderr is a terminal; with ASSESSMENT_SCORER_TIMINGS=1 each phase's time and the process's peak memory
/// (with its processor time and garbage collections) are printed on stderr in any case (docs/performance.md reads them). Otherwise nothing is printed.
/// </summary>
internal sealed class Phases
{
    private readonly TextWriter _stderr;
    private readonly bool _terminal;
    private readonly bool _timings;
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly List<string> _done = new();

    public Phases(TextWriter stderr)
    {
        _stderr = stderr;
        _terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        _timings = Environment.GetEnvironmentVariable("ASSESSMENT_SCORER_TIMINGS") == "1";
    }

    /// <summary>True when a progress bar may be drawn (stderr is a terminal).</summary>
    public bool Terminal => _terminal;

    public T Run<T>(string zh, string en, Func<T> work)
    {
        if (_terminal) _stderr.Write($"{zh} {en}…");
        var sw = Stopwatch.StartNew();
        var cpu = _timings ? Process.GetCurrentProcess().TotalProcessorTime : default;
        var gcs = _timings ? GC.CollectionCount(0) : 0;
        var result = work();
        var ms = sw.Elapsed.TotalMilliseconds;
        if (_terminal) _stderr.WriteLine($"\r{zh} {en}: {Seconds(ms)}   ");
        // Wall time, and with the timings the processor time of every thread and the collections during the phase
        // (figures that a busy machine disturbs less than the wall time).
        _done.Add(_timings
            ? string.Create(CultureInfo.InvariantCulture, $"{en} {ms:0} ms (cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms, {GC.CollectionCount(0) - gcs} gc)")
            : $"{en} {ms.ToString("0", CultureInfo.InvariantCulture)} ms");
        return result;
    }

    public void Run(string zh, string en, Action work) => Run(zh, en, () => { work(); return 0; });

    /// <summary>With ASSESSMENT_SCORER_TIMINGS=1: one line with every phase, the whole command and the peak working set.</summary>
    public void Report()
    {
        if (!_timings) return;
        using var p = Process.GetCurrentProcess();
        _stderr.WriteLine($"timings: {string.Join(", ", _done)}, command {_total.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms, "
            + $"since process start {(DateTime.Now - p.StartTime).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms, peak working set {(p.PeakWorkingSet64 / 1048576.0).ToString("0", CultureInfo.InvariantCulture)} MB");
    }

    private static string Seconds(double ms) => ms < 1000 ? $"{ms.ToString("0", CultureInfo.InvariantCulture)} ms" : $"{(ms / 1000).ToString("0.0", CultureInfo.InvariantCulture)} s";
}
