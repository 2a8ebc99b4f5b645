using System.Diagnostics;
using System.Text.Json;
using AssessmentScorer.Examples.RulePack;
using AssessmentScorer.NRules;
using NRules.Fluent.Dsl;

namespace AssessmentScorer.Benchmarks;

/// <summary>
/// Applying results: the national cohort (13,000 generated hospitals, 56 indicators each) scored once, then its results
/// through a pack of 20 rules — the 13 of examples/rule-pack and the 7 below — in one thread. The time is that of
/// <see cref="ResultRules.Apply(CohortResult, CompiledRuleSet, IResultHistory?)"/> alone (facts made, sessions run, actions collected).
/// </summary>
internal static class ApplyBenchmark
{
    public static void Run(string root, bool quick)
    {
        var rs = RuleSetRegistry.LoadDirectory(Path.Combine(root, "rulesets")).Registry.Resolve("cn.national.tertiary-performance@1.1.0")!;
        var subs = Generator.For(rs, Path.Combine(root, "examples/national/tertiary-hospital.json")).MakeMany(seed: 1, count: 13_000);
        var cohort = rs.ScoreCohort(subs);
        var packTypes = typeof(GradeBelowBRectification).Assembly.GetTypes().Where(t => typeof(Rule).IsAssignableFrom(t) && !t.IsAbstract);
        if (Environment.GetEnvironmentVariable("APPLY_PROFILE") is "1")
        {
            foreach (var (name, types) in new[] { ("one rule that never fires", new[] { typeof(Never) }), ("sample pack", packTypes.ToArray()),
                         ("20 rules", packTypes.Concat(typeof(ApplyBenchmark).GetNestedTypes().Where(t => t != typeof(Never))).ToArray()) })
            {
                var r = ResultRules.FromTypes(types);
                for (var w = 0; w < 3; w++) r.Apply(cohort, rs, null);
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var n = r.Apply(cohort, rs, null).Actions.Count;
                Console.Error.WriteLine($"{name}: {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds:F0} ms CPU, {n} actions");
            }
        }
        var rules = ResultRules.FromTypes(packTypes.Concat(typeof(ApplyBenchmark).GetNestedTypes().Where(t => t != typeof(Never))).ToArray());
        if (rules.RuleNames.Count != 20) throw new InvalidOperationException($"expected 20 rules, got {rules.RuleNames.Count}");
        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < 2 || warmup.ElapsedMilliseconds < 3000; i++) rules.Apply(cohort, rs, null);
        var runs = quick ? 3 : 7;
        var times = new List<double>();
        ActionReport? last = null;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            last = rules.Apply(cohort, rs, null);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        var cpuMsPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / runs;
        times.Sort();
        var kinds = last!.Actions.GroupBy(a => a.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            mode = "apply", quick, subjects = cohort.Results.Count, indicators = rs.Indicators.Count, rules = rules.RuleNames.Count, runs,
            medianMs = times[times.Count / 2], minMs = times[0], maxMs = times[^1], cpuMsPerRun, actions = last.Actions.Count, kinds,
        }));
    }

    /// <summary>A benchmark's own action: something to look at.</summary>
    public sealed record Attention(string SubjectId, int Year, string What, IReadOnlyList<Cause> Causes) : ResultAction(SubjectId, Year, Causes)
    {
        public override string Kind => "attention";
        public override Explanation Summary => new($"关注：{What}", $"attention: {What}");
    }

    public static Attention Look(PartFact f, string what, Cause cause) => new(f.SubjectId, f.Year, what, [cause]);
    public static Attention Look(SubjectFact s, string what, Cause cause) => new(s.SubjectId, s.Year, what, [cause]);

    public sealed class Never : Rule
    {
        public override void Define()
        {
            SubjectFact s = null!;
            When().Match(() => s, x => x.Year < 0);
            Then().Do(ctx => ctx.Act(Look(s, "never", Cause.Grade(s))));
        }
    }

    public sealed class NoPoints : Rule
    {
        public override void Define()
        {
            IndicatorFact i = null!;
            When().Match(() => i, x => x.Current, x => x.Status == IndicatorStatus.Scored, x => x.Met == false, x => x.MaxPoints > 0, x => x.Points == 0);
            Then().Do(ctx => ctx.Act(Look(i, i.IndicatorId, Cause.Points(i))));
        }
    }

    public sealed class HalfLost : Rule
    {
        public override void Define()
        {
            IndicatorFact i = null!;
            When().Match(() => i, x => x.Current, x => x.Met == false, x => x.Points > 0, x => x.PointsLost > x.MaxPoints / 2);
            Then().Do(ctx => ctx.Act(Look(i, i.IndicatorId, Cause.Points(i))));
        }
    }

    public sealed class Undefined : Rule
    {
        public override void Define()
        {
            IndicatorFact i = null!;
            When().Match(() => i, x => x.Current, x => x.Status == IndicatorStatus.Undefined);
            Then().Do(ctx => ctx.Act(Look(i, i.IndicatorId, Cause.Status(i))));
        }
    }

    public sealed class BottomTenth : Rule
    {
        public override void Define()
        {
            SubjectFact s = null!;
            When().Match(() => s, x => x.Current, x => x.Percentile > 0.9m);
            Then().Do(ctx => ctx.Act(Look(s, "bottom tenth", Cause.Rank(s))));
        }
    }

    public sealed class LowTotal : Rule
    {
        public override void Define()
        {
            SubjectFact s = null!;
            When().Match(() => s, x => x.Current, x => x.MaxTotal > 0, x => x.Total < x.MaxTotal * 0.6m);
            Then().Do(ctx => ctx.Act(Look(s, "total below 60%", Cause.Total(s))));
        }
    }

    public sealed class NoGrade : Rule
    {
        public override void Define()
        {
            SubjectFact s = null!;
            When().Match(() => s, x => x.Current, x => x.Grade == null);
            Then().Do(ctx => ctx.Act(Look(s, "no grade", Cause.Grade(s))));
        }
    }

    public sealed class MissingBelowB : Rule
    {
        public override void Define()
        {
            SubjectFact s = null!;
            IndicatorFact i = null!;
            When()
                .Match(() => s, x => x.Current, x => x.GradeBelow("B"))
                .Match(() => i, x => x.Current, x => x.SubjectId == s.SubjectId, x => x.Status == IndicatorStatus.Missing);
            Then().Do(ctx => ctx.Act(Look(i, i.IndicatorId, Cause.Status(i))));
        }
    }
}
