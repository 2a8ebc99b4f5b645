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
/// (one session for all hospitals, or a session per hospital), chosen in the warm-up.
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
        QcNRules.Run(factory, hospitals);
        var disagreements = QcNRules.Disagreements(hospitals, results);
        if (disagreements.Count > 0)
        {
            foreach (var d in disagreements.Take(20)) Console.Error.WriteLine(d);
            throw new InvalidOperationException($"the engine and the NRules encoding disagree in {disagreements.Count} places");
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
            foreach (var (name, run) in setups)
            {
                var cpu = Cpu();
                run(factory, hospitals);
                setupMs[name] = Math.Min(setupMs[name], (Cpu() - cpu).TotalMilliseconds);
            }
        }
        if (Environment.GetEnvironmentVariable("NRULES_PROFILE") is "1") Profile(rs, subs);
        var fastest = setupMs.MinBy(kv => kv.Value).Key;
        var nrules = setups[fastest];

        var rounds = quick ? 3 : 7;
        var phases = new[] { "engine", "nrules", "engineExplained", "nrulesExplained" };
        var cpuMs = phases.ToDictionary(p => p, _ => new List<double>());
        var wallMs = phases.ToDictionary(p => p, _ => new List<double>());
        long checksum = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var phase in phases)
            {
                var cpu = Cpu();
                var sw = Stopwatch.StartNew();
                switch (phase)
                {
                    case "engine": checksum += Engine(rs, subs).Count; break;
                    case "nrules": nrules(factory, hospitals); checksum += hospitals.Count; break;
                    case "engineExplained": checksum += ReadExplanations(Engine(rs, subs)); break;
                    default: nrules(factory, hospitals); checksum += ReadExplanations(hospitals); break;
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
            cpuMedianMs = phases.ToDictionary(p => p, p => Median(cpuMs[p])),
            wallMedianMs = phases.ToDictionary(p => p, p => Median(wallMs[p])),
            // How many times faster the engine is than NRules (NRules time ÷ engine time), from the CPU time of all rounds.
            ratioResultsOnly = Math.Round(Sum("nrules") / Sum("engine"), 2),
            ratioExplanationsRead = Math.Round(Sum("nrulesExplained") / Sum("engineExplained"), 2),
            engineExplanationCost = Math.Round(Sum("engineExplained") / Sum("engine"), 2),
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
                foreach (var r in results) { var e = r.Indicators[k].Explanation; _ = e.Zh.Length; }
                var id = results[0].Indicators[k].Id;
                byId[id] = (round == 0 ? 0 : byId[id]) + (Cpu() - cpu).TotalMilliseconds;
            }
        }
        foreach (var (id, ms) in byId.OrderByDescending(kv => kv.Value))
            Console.Error.WriteLine($"{id}: {ms / 2:F1} ms CPU for {subs.Count} explanations");
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

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

    /// <summary>Every indicator's explanation of every result, materialised (Chinese and English).</summary>
    private static long ReadExplanations(List<AssessmentResult> results)
    {
        long n = 0;
        foreach (var r in results)
            foreach (var i in r.Indicators)
            {
                var e = i.Explanation;
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
