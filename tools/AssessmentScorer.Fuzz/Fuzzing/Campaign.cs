using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AssessmentScorer.Fuzzing;

/// <summary>What a campaign runs.</summary>
/// <param name="Count">Inputs to generate and run.</param>
/// <param name="Seed">Seed; input i of seed s is always the same input.</param>
/// <param name="Budget">
/// Time one input may take; any input over it is a failure (saved to the corpus). Null: no time budget, as in the
/// test suite, where the time an input takes depends on the machine's load; inputs are then bounded by
/// <paramref name="MaxInputAllocatedBytes"/> and the hang guard only.
/// </param>
/// <param name="HardTimeout">
/// Time after which an input counts as a hang: it is saved, <see cref="Campaign.OnHang"/> runs and the campaign stops
/// waiting for it (the worker threads are background threads, so a hung one does not keep the process alive).
/// </param>
/// <param name="MaxInputAllocatedBytes">Bytes one input may allocate; more is runaway memory (a failure).</param>
/// <param name="Corpus">Where failing inputs are saved (null: not saved).</param>
/// <param name="Threads">Worker threads (input i runs on worker i mod Threads).</param>
/// <param name="Start">First input index (to resume or to reproduce one input with Count 1).</param>
public sealed record FuzzOptions(long Count, int Seed, TimeSpan? Budget, TimeSpan HardTimeout, long MaxInputAllocatedBytes, string? Corpus,
    int Threads = 1, long Start = 0);

/// <summary>The figures of a campaign.</summary>
public sealed record FuzzReport(long Inputs, long Results, long Diagnosed, long Failures, long OverBudget, TimeSpan Elapsed, TimeSpan Slowest,
    string SlowestInput, long MaxInputAllocatedBytes, long PeakManagedBytes, long PeakWorkingSetBytes, IReadOnlyDictionary<string, long> ByKind,
    IReadOnlyList<string> FailureDetails, bool Hung = false)
{
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"inputs run:            {Inputs:N0}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  by kind:             {string.Join(", ", ByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value:N0}"))}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"ended in a result:     {Results:N0}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"ended in diagnostics:  {Diagnosed:N0}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"failures:              {Failures:N0} (unhandled exceptions, broken invariants, over budget, runaway allocation)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"over the time budget:  {OverBudget:N0}");
        if (Hung) sb.AppendLine("HUNG: an input was still running after the hang guard; the campaign stopped waiting for it");
        sb.AppendLine(CultureInfo.InvariantCulture, $"time:                  {Elapsed.TotalSeconds:F1} s ({(Inputs / Math.Max(Elapsed.TotalSeconds, 0.001)):N0} inputs/s)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"slowest input:         {Slowest.TotalMilliseconds:F0} ms ({SlowestInput})");
        sb.AppendLine(CultureInfo.InvariantCulture, $"most allocated by one: {MaxInputAllocatedBytes / 1048576.0:F1} MiB");
        sb.AppendLine(CultureInfo.InvariantCulture, $"peak managed heap:     {PeakManagedBytes / 1048576.0:F1} MiB");
        sb.Append(CultureInfo.InvariantCulture, $"peak working set:      {PeakWorkingSetBytes / 1048576.0:F1} MiB");
        foreach (var f in FailureDetails.Take(20)) sb.AppendLine().Append("FAIL ").Append(f);
        return sb.ToString();
    }
}

/// <summary>
/// Runs generated inputs under a per-input allocation limit and (optionally) time budget, with a watchdog thread
/// that notices a hang (an input still running after the hard timeout) and samples memory. Every failing input is
/// saved to the corpus with why it failed.
/// </summary>
public sealed class Campaign
{
    private readonly FuzzContext _ctx;
    private readonly FuzzOptions _o;
    private readonly object _gate = new();
    private readonly List<string> _failures = new();
    private readonly Dictionary<string, long> _byKind = new(StringComparer.Ordinal);

    public Campaign(FuzzContext ctx, FuzzOptions options) { _ctx = ctx; _o = options; }

    /// <summary>Runs when an input hangs (its index, its file in the corpus); the tool exits, a test fails.</summary>
    /// <remarks>After a hang <see cref="Run"/> stops waiting for the workers and returns a report with <c>Hung</c> set.</remarks>
    public Action<long, string?>? OnHang { get; init; }

    /// <summary>Progress lines.</summary>
    public Action<string>? Log { get; init; }

    public FuzzReport Run()
    {
        var threads = Math.Max(1, _o.Threads);
        var starts = new long[threads];          // Stopwatch ticks the current input started at; 0 when idle
        var current = new long[threads];
        var inputs = new FuzzInput?[threads];
        var hangReported = new bool[threads];
        var hung = 0;
        long done = 0, results = 0, diagnosed = 0, failures = 0, overBudget = 0, maxAlloc = 0, slowestTicks = 0;
        string slowest = "";
        long peakManaged = 0, peakWs = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        var watchdog = new Thread(() =>
        {
            var lastLog = clock.Elapsed;
            while (!stop.IsCancellationRequested)
            {
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
                peakWs = Math.Max(peakWs, Environment.WorkingSet);
                for (var t = 0; t < threads; t++)
                {
                    var s = Volatile.Read(ref starts[t]);
                    if (s == 0 || hangReported[t]) continue;
                    if (Stopwatch.GetElapsedTime(s) > _o.HardTimeout)
                    {
                        hangReported[t] = true;
                        var input = Volatile.Read(ref inputs[t]);
                        var idx = Volatile.Read(ref current[t]);
                        var file = input is null ? null : Save(input, idx, $"hang: still running after {_o.HardTimeout.TotalSeconds:F0} s");
                        Fail($"#{idx} {input?.Kind}: hang (over {_o.HardTimeout.TotalSeconds:F0} s) {file}");
                        Interlocked.Increment(ref failures);
                        OnHang?.Invoke(idx, file);
                        Volatile.Write(ref hung, 1);
                    }
                }
                if (Log is not null && clock.Elapsed - lastLog > TimeSpan.FromSeconds(30))
                {
                    lastLog = clock.Elapsed;
                    Log(string.Create(CultureInfo.InvariantCulture, $"  {Interlocked.Read(ref done):N0} inputs, {clock.Elapsed.TotalSeconds:F0} s, failures {Interlocked.Read(ref failures)}, peak working set {peakWs / 1048576.0:F0} MiB"));
                }
                Thread.Sleep(50);
            }
        }) { IsBackground = true, Name = "fuzz watchdog" };
        watchdog.Start();

        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var gen = new Generator(_ctx);
            var target = new Target(_ctx);
            for (var i = _o.Start + t; i < _o.Start + _o.Count; i += threads)
            {
                FuzzInput input;
                try { input = gen.Make(_o.Seed, i); }
                catch (Exception ex) { Fail($"#{i}: the generator failed: {ex.GetType().Name}: {ex.Message}"); Interlocked.Increment(ref failures); continue; }
                Volatile.Write(ref inputs[t], input);
                Volatile.Write(ref current[t], i);
                var alloc0 = GC.GetAllocatedBytesForCurrentThread();
                var t0 = Stopwatch.GetTimestamp();
                Volatile.Write(ref starts[t], t0);
                string? why = null;
                try
                {
                    var outcome = target.Run(input, _o.Seed);
                    if (outcome == Outcome.Result) Interlocked.Increment(ref results); else Interlocked.Increment(ref diagnosed);
                }
                catch (Exception ex)
                {
                    why = $"{(ex is InvariantException ? "invariant" : "unhandled exception")}: {ex}";
                }
                Volatile.Write(ref starts[t], 0);
                var elapsed = Stopwatch.GetElapsedTime(t0);
                var allocated = GC.GetAllocatedBytesForCurrentThread() - alloc0;
                lock (_gate)
                {
                    _byKind[input.Kind] = _byKind.GetValueOrDefault(input.Kind) + 1;
                    if (elapsed.Ticks > slowestTicks) { slowestTicks = elapsed.Ticks; slowest = $"#{i} {input.Kind}, {input.Text.Length:N0} chars"; }
                    maxAlloc = Math.Max(maxAlloc, allocated);
                }
                if (why is null && _o.Budget is { } budget && elapsed > budget)
                {
                    Interlocked.Increment(ref overBudget);
                    why = string.Create(CultureInfo.InvariantCulture, $"over the time budget: {elapsed.TotalMilliseconds:F0} ms > {budget.TotalMilliseconds:F0} ms");
                }
                if (why is null && allocated > _o.MaxInputAllocatedBytes)
                    why = string.Create(CultureInfo.InvariantCulture, $"runaway allocation: {allocated:N0} bytes > {_o.MaxInputAllocatedBytes:N0}");
                if (why is not null)
                {
                    Interlocked.Increment(ref failures);
                    var file = Save(input, i, why);
                    Fail($"#{i} {input.Kind}: {why.Split('\n')[0]} {file}");
                }
                Interlocked.Increment(ref done);
            }
        }, 16 * 1024 * 1024) { Name = $"fuzz worker {t}", IsBackground = true }).ToList();
        foreach (var w in workers) w.Start();
        // Wait for the workers, but not for one that hangs: a thread cannot be stopped, so it is left behind.
        while (workers.Any(w => !w.Join(100)) && Volatile.Read(ref hung) == 0) { }
        stop.Cancel();
        watchdog.Join();
        peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
        peakWs = Math.Max(peakWs, Math.Max(Environment.WorkingSet, Process.GetCurrentProcess().PeakWorkingSet64));
        lock (_gate)
        {
            return new FuzzReport(Interlocked.Read(ref done), results, diagnosed, Interlocked.Read(ref failures), overBudget, clock.Elapsed, TimeSpan.FromTicks(slowestTicks),
                slowest, maxAlloc, peakManaged, peakWs, new Dictionary<string, long>(_byKind), _failures.ToArray(), Volatile.Read(ref hung) != 0);
        }
    }

    /// <summary>Re-runs every saved input of a corpus folder; returns the failures.</summary>
    /// <param name="budget">Time one input may take (null: no time budget, as in the test suite).</param>
    public static IReadOnlyList<string> Replay(FuzzContext ctx, string corpus, TimeSpan? budget)
    {
        var failures = new List<string>();
        if (!Directory.Exists(corpus)) return failures;
        var target = new Target(ctx);
        foreach (var path in Directory.EnumerateFiles(corpus, "*.txt").Where(p => !p.EndsWith(".why.txt", StringComparison.Ordinal)).OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var parts = name.Split('-');
            // <kind>-<seed>-<index>, kind may hold a dash (yaml-mutated); a target for submissions is on the first line of the .why.txt.
            var kind = string.Join('-', parts.Take(parts.Length - 2));
            var seed = int.Parse(parts[^2], CultureInfo.InvariantCulture);
            var why = path[..^4] + ".why.txt";
            string? reference = null;
            if (File.Exists(why))
            {
                var first = File.ReadLines(why).FirstOrDefault() ?? "";
                if (first.StartsWith("target: ", StringComparison.Ordinal)) reference = first["target: ".Length..];
            }
            var input = new FuzzInput(kind, File.ReadAllText(path, new UTF8Encoding(false)), reference);
            var t0 = Stopwatch.GetTimestamp();
            try { target.Run(input, seed); }
            catch (Exception ex) { failures.Add($"{name}: {ex.GetType().Name}: {ex.Message}"); continue; }
            var elapsed = Stopwatch.GetElapsedTime(t0);
            if (elapsed > budget) failures.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: over the time budget ({elapsed.TotalMilliseconds:F0} ms)"));
        }
        return failures;
    }

    private string? Save(FuzzInput input, long index, string why)
    {
        if (_o.Corpus is null) return null;
        try
        {
            Directory.CreateDirectory(_o.Corpus);
            var name = string.Create(CultureInfo.InvariantCulture, $"{input.Kind}-{_o.Seed}-{index}");
            var path = Path.Combine(_o.Corpus, name + ".txt");
            File.WriteAllText(path, input.Text, new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(_o.Corpus, name + ".why.txt"),
                (input.Target is null ? "" : $"target: {input.Target}\n") + $"reproduce: dotnet run -c Release --project tools/AssessmentScorer.Fuzz -- --seed {_o.Seed} --start {index} --count 1\n{why}\n");
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(not saved: {ex.Message})";
        }
    }

    private void Fail(string line)
    {
        lock (_gate) _failures.Add(line);
        Log?.Invoke("FAIL " + line);
    }
}
