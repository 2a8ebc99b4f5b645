using System.Diagnostics;
using System.Text.Json;
using AssessmentScorer.Benchmarks.Qiaocheng;
using NRules;

namespace AssessmentScorer.Benchmarks;

/// <summary>
/// The engine against NRules on the same work: 20,000 generated district hospitals scored under
/// cn.anhui.bozhou.qiaocheng.high-quality@1.0.0 by the engine (<see cref="CompiledRuleSet.Score"/> per hospital) and by
/// the rule set's NRules encoding (benchmarks/Qiaocheng), after a check that both agree on every hospital indicator's
/// status, met and points and on total, grade and pass. Rounds alternate in one process and one thread: engine, NRules,
/// engine with every explanation read, NRules with every explanation read. NRules runs in the faster of two setups
/// (one session for all hospitals, or a session per hospital), chosen in the warm-up. Beside them, the reference: the
/// encoding's own conditions and actions called directly, without a rules engine (<see cref="QcDirect"/>), which is what a
/// program written by hand for this one rule set costs, results only and with its explanations read.
/// </summary>
internal static class NRulesBenchmark
{
    public static void Run(string root, bool quick, int count)
    {
        var rs = RuleSetRegistry.LoadDirectory(Path.Combine(root, "rulesets")).Registry.Resolve(QcNRules.RuleSet)!;
        var hospitals = QcGenerator.Hospitals(count);
        var subs = QcNRules.Submissions(hospitals);
        var factory = QcNRules.Compile();

        var results = Engine(rs, subs);
        if (Environment.GetEnvironmentVariable("NRULES_LOOP") is { } loop)
        {
            // NRULES_LOOP_DISTINCT=n: the same number of scores, of the first n hospitals over and over (n = 64 is what the
            // BenchmarkDotNet single-score benchmarks do: every input, memo and rule-set structure stays in cache).
            if (int.TryParse(Environment.GetEnvironmentVariable("NRULES_LOOP_DISTINCT"), out var distinct) && distinct > 0 && distinct < subs.Count)
                subs = Enumerable.Range(0, subs.Count).Select(i => subs[i % distinct]).ToList();
            Loop(rs, subs, loop);
            return;
        }
        foreach (var (name, score) in new (string, Action)[] { ("the NRules encoding", () => QcNRules.Run(factory, hospitals)), ("the direct reference", () => QcDirect.Run(hospitals)) })
        {
            score();
            var disagreements = QcNRules.Disagreements(hospitals, results);
            if (disagreements.Count == 0) continue;
            foreach (var d in disagreements.Take(20)) Console.Error.WriteLine(d);
            throw new InvalidOperationException($"the engine and {name} disagree in {disagreements.Count} places");
        }
        var outcomes = results.Sum(r => r.Indicators.Count(i => QcIndicators.IndexOf.ContainsKey(i.Id) && i.Status != IndicatorStatus.NotApplicable));

        // Warm-up (tiered compilation) and the choice of the NRules setup.
        var setups = new Dictionary<string, Action<ISessionFactory, IReadOnlyList<QcHospital>>> { ["one session"] = QcNRules.Run, ["session per hospital"] = PerHospital };
        var setupMs = setups.Keys.ToDictionary(k => k, _ => double.MaxValue);
        var warm = Stopwatch.StartNew();
        for (var w = 0; w < 2 || warm.ElapsedMilliseconds < 5000; w++)
        {
            Engine(rs, subs);
            ReadExplanations(Engine(rs, subs));
            QcDirect.Run(hospitals);
            ReadExplanations(hospitals);
            foreach (var (name, run) in setups)
            {
                var cpu = Cpu();
                run(factory, hospitals);
                setupMs[name] = Math.Min(setupMs[name], (Cpu() - cpu).TotalMilliseconds);
            }
        }
        if (Environment.GetEnvironmentVariable("NRULES_PROFILE") is "1") Profile(rs, subs);
        // NRULES_SETUP="one session" or "session per hospital": that setup whatever the warm-up found (the engine's own figure
        // moves with the heap the NRules rounds beside it leave).
        var fastest = Environment.GetEnvironmentVariable("NRULES_SETUP") is { } forced && setups.ContainsKey(forced) ? forced : setupMs.MinBy(kv => kv.Value).Key;
        var nrules = setups[fastest];

        var rounds = quick ? 3 : 7;
        // The reference's rounds come after the others, on their own, so that the engine and NRules phases run beside each other
        // as they always have (their figures move with what else runs in the process: heap, collector tuning).
        var phases = new[] { "engine", "nrules", "engineExplained", "nrulesExplained", "direct", "directExplained" };
        var reference = new[] { "direct", "directExplained" };
        var cpuMs = phases.ToDictionary(p => p, _ => new List<double>());
        var wallMs = phases.ToDictionary(p => p, _ => new List<double>());
        long checksum = 0;
        // NRULES_COLLECT=1: a full collection before each phase, outside its time, so that no phase pays for the garbage the
        // other engine left (as BenchmarkDotNet does between iterations); each phase still pays for its own collections.
        var collect = Environment.GetEnvironmentVariable("NRULES_COLLECT") is "1";
        for (var round = 0; round < 2 * rounds; round++)
        {
            foreach (var phase in phases.Where(p => reference.Contains(p) == round >= rounds))
            {
                if (collect) FullCollection();
                var cpu = Cpu();
                var sw = Stopwatch.StartNew();
                switch (phase)
                {
                    case "engine": checksum += Engine(rs, subs).Count; break;
                    case "nrules": nrules(factory, hospitals); checksum += hospitals.Count; break;
                    case "engineExplained": checksum += ReadExplanations(Engine(rs, subs)); break;
                    case "nrulesExplained": nrules(factory, hospitals); checksum += ReadExplanations(hospitals); break;
                    case "direct": QcDirect.Run(hospitals); checksum += hospitals.Count; break;
                    default: QcDirect.Run(hospitals); checksum += ReadExplanations(hospitals); break;
                }
                wallMs[phase].Add(sw.Elapsed.TotalMilliseconds);
                cpuMs[phase].Add((Cpu() - cpu).TotalMilliseconds);
            }
        }
        double Median(List<double> xs) { var s = xs.Order().ToList(); return s[s.Count / 2]; }
        double Sum(string p) => cpuMs[p].Sum();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            mode = "nrules", quick, hospitals = hospitals.Count, indicators = QcIndicators.Count, outcomes, agreement = "every indicator's status, met and points; total, grade, pass",
            rounds, nrulesSetup = fastest, setupWarmupCpuMs = setupMs,
            // NRULES_SETUP is a diagnostic (benchmarks/run.sh leaves the choice to the warm-up); run.sh sets NRULES_COLLECT=1.
            setupForced = fastest == Environment.GetEnvironmentVariable("NRULES_SETUP"), collectedBetweenPhases = collect,
            cpuMedianMs = phases.ToDictionary(p => p, p => Median(cpuMs[p])),
            wallMedianMs = phases.ToDictionary(p => p, p => Median(wallMs[p])),
            // How many times faster the engine is than NRules (NRules time ÷ engine time), from the CPU time of all rounds.
            ratioResultsOnly = Math.Round(Sum("nrules") / Sum("engine"), 2),
            ratioExplanationsRead = Math.Round(Sum("nrulesExplained") / Sum("engineExplained"), 2),
            engineExplanationCost = Math.Round(Sum("engineExplained") / Sum("engine"), 2),
            // The reference, a program written by hand for this one rule set (QcDirect: the rules' conditions and actions without
            // NRules): how many times faster than NRules it is, and the engine's time as a multiple of its time.
            direct = new
            {
                ratioResultsOnly = Math.Round(Sum("nrules") / Sum("direct"), 2),
                ratioExplanationsRead = Math.Round(Sum("nrulesExplained") / Sum("directExplained"), 2),
                engineTimesDirect = Math.Round(Sum("engine") / Sum("direct"), 2),
                engineExplainedTimesDirectExplained = Math.Round(Sum("engineExplained") / Sum("directExplained"), 2),
            },
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
            checksum,
        }));
    }

    /// <summary>NRULES_PROFILE=1: the CPU time of reading each indicator's explanations across all results, costliest first (stderr).</summary>
    private static void Profile(CompiledRuleSet rs, List<Submission> subs)
    {
        var byId = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var round = 0; round < 3; round++)
        {
            var results = Engine(rs, subs);
            for (var k = 0; k < results[0].Indicators.Count; k++)
            {
                var cpu = Cpu();
                foreach (var r in results) { var e = r.IndicatorExplanation(k); _ = e.Zh.Length; }
                var id = results[0].Indicators[k].Id;
                byId[id] = (round == 0 ? 0 : byId[id]) + (Cpu() - cpu).TotalMilliseconds;
            }
        }
        foreach (var (id, ms) in byId.OrderByDescending(kv => kv.Value))
            Console.Error.WriteLine($"{id}: {ms / 2:F1} ms CPU for {subs.Count} explanations");
    }

    /// <summary>
    /// NRULES_LOOP=engine, explained or dropped (each result let go as soon as it is made): only that engine phase, round after round for 20 s (for a profiler to sample; NRULES_LOOP_ROUNDS: that many rounds, for counting instructions), then
    /// its median CPU per round and the bytes it allocates per hospital (stderr).
    /// </summary>
    private static void Loop(CompiledRuleSet rs, List<Submission> subs, string phase)
    {
        var ms = new List<double>();
        var pauses = new List<double>();
        long bytes = 0;
        using var sampler = Environment.GetEnvironmentVariable("NRULES_ALLOC") is "1" ? new AllocationSampler() : null;
        var sw = Stopwatch.StartNew();
        var pad = int.TryParse(Environment.GetEnvironmentVariable("NRULES_LOOP_PAD"), out var p) && phase == "engine" ? p : 0;
        var fixedRounds = int.TryParse(Environment.GetEnvironmentVariable("NRULES_LOOP_ROUNDS"), out var r) ? r : -1;
        var collect = Environment.GetEnvironmentVariable("NRULES_COLLECT") is "1";
        while (fixedRounds >= 0 ? ms.Count < fixedRounds : sw.ElapsedMilliseconds < 20_000)
        {
            if (collect) FullCollection();   // as in the whole section
            var cpu = Cpu();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var paused = GC.GetTotalPauseDuration();
            if (phase == "dropped")
                foreach (var s in subs) _ = rs.Score(s).Total;   // each result let go at once: what keeping 20,000 costs the collector
            else if (pad > 0)
            {
                // NRULES_LOOP_PAD=n: each kept result kept beside n more bytes (a plain array made with it): what a kept byte costs.
                var kept = new List<(AssessmentResult, byte[])>(subs.Count);
                foreach (var s in subs) kept.Add((rs.Score(s), new byte[pad]));
            }
            else if (Engine(rs, subs) is var results && phase == "explained") ReadExplanations(results);
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            pauses.Add((GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
            ms.Add((Cpu() - cpu).TotalMilliseconds);
        }
        ms.Sort();
        pauses.Sort();
        sampler?.Print();
        // NRULES_KEPT=1: the bytes each kept result holds (the heap after a full collection, with the round's results and without).
        if (Environment.GetEnvironmentVariable("NRULES_KEPT") is "1")
        {
            FullCollection();
            var empty = GC.GetTotalMemory(true);
            var held = Engine(rs, subs);
            FullCollection();
            var full = GC.GetTotalMemory(true);
            GC.KeepAlive(held);
            Console.Error.WriteLine($"kept: {(full - empty) / subs.Count} B per hospital (its results held)");
        }
        Console.Error.WriteLine($"{phase}: {ms.Count} rounds, median {ms[ms.Count / 2]:F1} ms CPU (collector pauses {pauses[pauses.Count / 2]:F1} ms), {bytes / subs.Count} B per hospital");
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static void FullCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static List<AssessmentResult> Engine(CompiledRuleSet rs, List<Submission> subs)
    {
        var results = new List<AssessmentResult>(subs.Count);
        foreach (var s in subs) results.Add(rs.Score(s));
        return results;
    }

    private static void PerHospital(ISessionFactory factory, IReadOnlyList<QcHospital> hospitals)
    {
        foreach (var h in hospitals)
        {
            h.Reset();
            var session = factory.CreateSession();
            session.Insert(h);
            session.Fire();
        }
    }

    /// <summary>
    /// Every indicator's explanation of every result, materialised (Chinese and English), read as a reader that wants only
    /// the explanations reads them: <see cref="AssessmentResult.IndicatorExplanation"/>, without each indicator's record.
    /// </summary>
    private static long ReadExplanations(List<AssessmentResult> results)
    {
        long n = 0;
        foreach (var r in results)
            for (var k = 0; k < r.Indicators.Count; k++)
            {
                var e = r.IndicatorExplanation(k);
                n += e.Zh.Length + e.En.Length;
            }
        return n;
    }

    private static long ReadExplanations(IReadOnlyList<QcHospital> hospitals)
    {
        long n = 0;
        foreach (var h in hospitals)
            foreach (var o in h.Outcomes)
            {
                if (o is null) continue;
                var e = o.Explanation;
                n += e.Zh.Length + e.En.Length;
            }
        return n;
    }
}

/// <summary>NRULES_LOOP with NRULES_ALLOC=1: the runtime's allocation samples (one per ~100 KB) by type, printed at the end (stderr).</summary>
internal sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private readonly Dictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName is not "GCAllocationTick_V4" || e.Payload is null) return;
        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames!.IndexOf("AllocationAmount64")]);
        lock (_bytes) _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
    }

    public void Print()
    {
        lock (_bytes)
        {
            var total = _bytes.Values.Sum();
            foreach (var (t, b) in _bytes.OrderByDescending(kv => kv.Value).Take(25)) Console.Error.WriteLine($"{100.0 * b / total,5:F1}%  {t}");
        }
    }
}
