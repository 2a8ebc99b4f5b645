using System.Globalization;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;

namespace AssessmentScorer;

/// <summary>The outcome of one named test case.</summary>
/// <param name="File">The tests file.</param>
/// <param name="Line">Line of the case.</param>
/// <param name="RuleSet"><c>scheme@version</c> tested.</param>
/// <param name="Name">The case name.</param>
/// <param name="Failures">What differed from the expectation (empty when it passed).</param>
public sealed record TestCaseResult(string File, int Line, string RuleSet, string Name, IReadOnlyList<string> Failures)
{
    /// <summary>True when every expectation held.</summary>
    public bool Passed => Failures.Count == 0;
}

/// <summary>What no test case exercised in one rule set.</summary>
/// <param name="RuleSet"><c>scheme@version</c>.</param>
/// <param name="Indicators">Indicators in the rule set.</param>
/// <param name="Uncovered">Indicators no case scored (met or not met).</param>
/// <param name="Gaps">Finer gaps: target cases never chosen, indicators never met or never missed, bands and levels never hit.</param>
public sealed record RuleSetCoverage(string RuleSet, int Indicators, IReadOnlyList<string> Uncovered, IReadOnlyList<string> Gaps)
{
    /// <summary>
    /// Indicators this rule set's own tests did not exercise but that it inherits unchanged (same definition, not
    /// overridden) from a rule set whose tests did, each as <c>id (scheme@version)</c>. They are not in <see cref="Uncovered"/>.
    /// </summary>
    public IReadOnlyList<string> Inherited { get; init; } = Array.Empty<string>();
}

/// <summary>All test results of a run with coverage and any load problems.</summary>
/// <param name="Cases">Every case.</param>
/// <param name="Coverage">Per rule set.</param>
/// <param name="Diagnostics">Problems loading rule sets or tests files.</param>
public sealed record TestRunResult(IReadOnlyList<TestCaseResult> Cases, IReadOnlyList<RuleSetCoverage> Coverage, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when every case passed and nothing failed to load.</summary>
    public bool Success => Cases.All(c => c.Passed) && Diagnostics.All(d => d.Severity != Severity.Error);
}

/// <summary>Runs <c>&lt;version&gt;.tests.yaml</c> files beside rule sets, like <c>opa test</c>.</summary>
public static partial class RuleSetTesting
{
    /// <summary>Loads the rule sets under <paramref name="directory"/> and runs every tests file found there.</summary>
    public static TestRunResult RunDirectory(string directory)
    {
        var load = RuleSetRegistry.LoadDirectory(directory);
        var diags = new DiagnosticBag();
        diags.AddRange(load.Diagnostics);
        var cases = new List<TestCaseResult>();
        var coverage = new Dictionary<CompiledRuleSet, CoverageTracker>();
        if (Directory.Exists(directory))
            foreach (var path in Directory.EnumerateFiles(directory, "*.tests.yaml", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
            {
                var display = Path.Combine(directory, Path.GetRelativePath(directory, path)).Replace('\\', '/');
                string text;
                try { text = File.ReadAllText(path); }
                catch (IOException ex) { diags.Add(Errors.ReadFailed(new Location(display, 0, 0), ex.Message)); continue; }
                var ruleFile = display[..^".tests.yaml".Length] + ".yaml";
                var sibling = load.Registry.All.FirstOrDefault(r => r.File == ruleFile);
                cases.AddRange(RunFile(text, display, load.Registry, sibling, diags, coverage));
            }
        var cov = load.Registry.All.Select(rs => coverage.TryGetValue(rs, out var t) ? t.Report(rs) : CoverageTracker.Empty(rs)).ToArray();
        var byName = cov.ToDictionary(c => c.RuleSet, StringComparer.Ordinal);
        return new TestRunResult(cases, load.Registry.All.Select((rs, i) => WithInherited(cov[i], rs, byName.GetValueOrDefault)).ToArray(), diags.ToList());
    }

    /// <summary>Runs one tests document against a rule set (a draft, say) and reports its coverage.</summary>
    public static TestRunResult Run(CompiledRuleSet ruleSet, string testsYaml, string file = "tests.yaml")
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        ArgumentNullException.ThrowIfNull(testsYaml);
        var diags = new DiagnosticBag();
        var coverage = new Dictionary<CompiledRuleSet, CoverageTracker>();
        var registry = RuleSetRegistry.Empty.With(new[] { ruleSet });
        var cases = RunFile(testsYaml, file, registry, ruleSet, diags, coverage).ToList();
        var cov = coverage.TryGetValue(ruleSet, out var t) ? t.Report(ruleSet) : CoverageTracker.Empty(ruleSet);
        return new TestRunResult(cases, new[] { cov }, diags.ToList());
    }

    private static IEnumerable<TestCaseResult> RunFile(string text, string file, RuleSetRegistry registry, CompiledRuleSet? sibling,
        DiagnosticBag diags, Dictionary<CompiledRuleSet, CoverageTracker> coverage)
    {
        var local = new DiagnosticBag();
        var root = YamlReader.Read(text, file, RuleSetLimits.Default, local);
        var w = new NodeWalker(file, local);
        var results = new List<TestCaseResult>();
        var m = w.AsMap(root, "a tests file");
        if (m is null) { diags.AddRange(local.ToList()); return results; }
        w.CheckKeys(m, "a tests file", new[] { "ruleset", "cases" });
        var rs = sibling;
        if (w.Str(m, "ruleset", "a tests file") is { } reference)
        {
            rs = registry.Resolve(reference);
            if (rs is null) local.Add(Errors.ExtendsNotFound(w.L(m.Get("ruleset")!), reference));
        }
        else if (rs is null) local.Add(Errors.MissingKey(w.L(m), "ruleset (no rule file of the same version loaded beside it)", "a tests file"));
        if (rs is null) { diags.AddRange(local.ToList()); return results; }
        if (!coverage.TryGetValue(rs, out var tracker)) coverage[rs] = tracker = new CoverageTracker();
        if (w.AsSeq(m.Get("cases"), "cases") is { } seq)
            foreach (var item in seq.Items)
                if (w.AsMap(item, "a test case") is { } cm)
                    results.Add(RunCase(cm, w, rs, tracker));
        diags.AddRange(local.ToList());
        return results;
    }

    private static readonly string[] CaseKeys = { "name", "subject", "year", "values", "previous", "tasks", "cohort", "expect" };

    private static TestCaseResult RunCase(YMap cm, NodeWalker w, CompiledRuleSet rs, CoverageTracker tracker)
    {
        w.CheckKeys(cm, "a test case", CaseKeys);
        var name = w.Str(cm, "name", "a test case") ?? $"line {cm.Line}";
        var failures = new List<string>();
        var expect = w.AsMap(cm.Get("expect"), "expect");
        if (expect is null) failures.Add("the case has no 'expect'");
        if (cm.Get("cohort") is { } cohortNode)
        {
            var subs = new List<Submission>();
            if (w.AsSeq(cohortNode, "cohort") is { } cs)
                foreach (var s in cs.Items)
                    if (ReadSubmission(s, w, failures) is { } sub) subs.Add(sub);
            if (failures.Count > 0) return new TestCaseResult(w.File, cm.Line, rs.ToString(), name, failures);
            var cohort = rs.Engine.ScoreCohort(subs);
            foreach (var r in cohort.Results) tracker.Record(rs, ((Results.IndicatorList)r.Indicators).Outcomes);
            if (expect is not null) CheckCohort(expect, w, cohort, failures);
        }
        else
        {
            var sub = ReadSubmission(cm, w, failures);
            if (sub is null || failures.Count > 0) return new TestCaseResult(w.File, cm.Line, rs.ToString(), name, failures);
            var (result, outcomes) = rs.Engine.ScoreDetailed(sub);
            tracker.Record(rs, outcomes);
            if (expect is not null) CheckResult(expect, w, result, failures, "");
        }
        return new TestCaseResult(w.File, cm.Line, rs.ToString(), name, failures);
    }

    private static Submission? ReadSubmission(YNode node, NodeWalker w, List<string> failures)
    {
        if (node is not YMap m) { failures.Add($"line {node.Line}: a submission must be a mapping"); return null; }
        // Only the submission keys; 'name' and 'expect' belong to the case.
        var sub = new YMap(m.Line, m.Column);
        foreach (var e in m.Entries)
            if (e.Key.Value is "subject" or "year" or "values" or "previous" or "tasks") sub.Entries.Add(e);
        using var doc = YamlJson.ToDocument(sub);
        var parsed = SubmissionJson.FromElement(doc.RootElement, "$");
        foreach (var p in parsed.Problems)
            if (parsed.Submission is null || p.Code is "AS5001" or "AS5002" or "AS5004" or "AS5005")
                failures.Add($"line {m.Line}: {p.Field}: {p.Message}");
        return parsed.Submission;
    }

    private static readonly string[] ExpectKeys = { "total", "max_total", "full_points", "coverage", "grade", "passed", "indicators", "vetoes", "problems", "aggregates", "subjects", "rank" };

    private static void CheckResult(YMap e, NodeWalker w, AssessmentResult r, List<string> failures, string prefix)
    {
        w.CheckKeys(e, "expect", ExpectKeys);
        if (e.Get("total") is { } t && w.Num(t, "total") is { } total && total != r.Total)
            failures.Add($"{prefix}total: expected {Fmt.Plain(total)}, got {Fmt.Plain(r.Total)}");
        if (e.Get("max_total") is { } mt && w.Num(mt, "max_total") is { } maxTotal && maxTotal != r.MaxTotal)
            failures.Add($"{prefix}max_total: expected {Fmt.Plain(maxTotal)}, got {Fmt.Plain(r.MaxTotal)}");
        if (e.Get("full_points") is { } fp && w.Num(fp, "full_points") is { } full && full != r.Coverage?.FullPoints)
            failures.Add($"{prefix}full_points: expected {Fmt.Plain(full)}, got {(r.Coverage is { } c0 ? Fmt.Plain(c0.FullPoints) : "none")}");
        if (e.Get("coverage") is { } cv && w.Num(cv, "coverage") is { } share && share != r.Coverage?.Share)
            failures.Add($"{prefix}coverage: expected {Fmt.Percent(share)}, got {(r.Coverage?.Share is { } s0 ? Fmt.Percent(s0) : "none")}");
        if (e.Get("grade") is YScalar g)
        {
            var want = g.IsNull ? null : g.Value;
            if (want != r.Grade) failures.Add($"{prefix}grade: expected {want ?? "none"}, got {r.Grade ?? "none"}");
        }
        if (e.Get("passed") is YScalar p)
        {
            bool? want = p.IsNull ? null : p.Value == "true";
            if (want != r.Passed) failures.Add($"{prefix}passed: expected {Show(want)}, got {Show(r.Passed)}");
        }
        if (e.Get("rank") is { } rk && w.Int(rk, "rank") is { } rank && rank != r.Cohort?.Rank)
            failures.Add($"{prefix}rank: expected {rank}, got {r.Cohort?.Rank.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        if (e.Get("vetoes") is { } vn)
        {
            var want = w.StrList(vn, "vetoes").OrderBy(x => x, StringComparer.Ordinal).ToList();
            var got = r.Vetoes.Where(v => v.Triggered == true).Select(v => v.Id).OrderBy(x => x, StringComparer.Ordinal).ToList();
            if (!want.SequenceEqual(got)) failures.Add($"{prefix}vetoes: expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]");
        }
        if (e.Get("problems") is { } pn)
            foreach (var field in w.StrList(pn, "problems"))
                if (!r.Problems.Any(x => x.Field == field)) failures.Add($"{prefix}problems: expected one naming {field}, got [{string.Join(", ", r.Problems.Select(x => x.Field))}]");
        if (w.AsMap(e.Get("indicators"), "indicators") is { } im)
            foreach (var (k, v) in im.Entries)
            {
                var ind = r.Indicators.FirstOrDefault(i => i.Id == k.Value);
                if (ind is null) { failures.Add($"{prefix}indicator {k.Value}: no such indicator"); continue; }
                CheckIndicator(v, w, ind, failures, $"{prefix}{k.Value}");
            }
    }

    private static string Show(bool? b) => b is null ? "undecided" : b.Value ? "true" : "false";

    private static void CheckIndicator(YNode v, NodeWalker w, IndicatorResult ind, List<string> failures, string at)
    {
        if (v is YScalar s)
        {
            var (status, met) = s.Value switch
            {
                "met" => ("scored", (bool?)true),
                "not_met" => ("scored", false),
                "missing" => ("missing", null),
                "not_applicable" => ("notApplicable", null),
                "undefined" => ("undefined", null),
                _ => ("?", null),
            };
            if (status == "?") { failures.Add($"{at}: unknown expectation '{s.Value}' (met, not_met, missing, not_applicable, undefined)"); return; }
            if (ResultJson.Status(ind.Status) != status || (status == "scored" && ind.Met != met))
                failures.Add($"{at}: expected {s.Value}, got {Describe(ind)}");
            return;
        }
        if (w.AsMap(v, at) is not { } m) return;
        w.CheckKeys(m, at, new[] { "status", "met", "points", "value", "target" });
        if (w.Str(m, "status", at) is { } st && st != ResultJson.Status(ind.Status) && !(st == "not_applicable" && ind.Status == IndicatorStatus.NotApplicable))
            failures.Add($"{at}.status: expected {st}, got {ResultJson.Status(ind.Status)}");
        if (m.Get("met") is YScalar ms)
        {
            bool? want = ms.IsNull ? null : ms.Value == "true";
            if (want != ind.Met) failures.Add($"{at}.met: expected {Show(want)}, got {Show(ind.Met)} ({ind.Explanation.En})");
        }
        if (m.Get("points") is { } pn && w.Num(pn, "points") is { } pts && pts != ind.Points)
            failures.Add($"{at}.points: expected {Fmt.Plain(pts)}, got {Fmt.Plain(ind.Points)} ({ind.Explanation.En})");
        if (m.Get("value") is YScalar vs)
        {
            var ok = ind.Value switch
            {
                decimal d => NodeWalker.TryNumber(vs.Value, out var want) && Math.Round(want, 6) == Math.Round(d, 6),
                string str => str == vs.Value,
                bool b => (b ? "true" : "false") == vs.Value,
                _ => vs.IsNull,
            };
            if (!ok) failures.Add($"{at}.value: expected {vs.Value}, got {ind.DisplayValue ?? "none"}");
        }
        if (w.Str(m, "target", at) is { } tg && tg != ind.Target) failures.Add($"{at}.target: expected {tg}, got {ind.Target ?? "none"}");
    }

    private static string Describe(IndicatorResult i) =>
        i.Status == IndicatorStatus.Scored ? (i.Met switch { true => "met", false => "not_met", _ => "scored" }) + $" ({i.Explanation.En})" : ResultJson.Status(i.Status) + $" ({i.Explanation.En})";

    private static void CheckCohort(YMap e, NodeWalker w, CohortResult c, List<string> failures)
    {
        w.CheckKeys(e, "expect", ExpectKeys);
        if (w.AsMap(e.Get("aggregates"), "aggregates") is { } am)
            foreach (var (k, v) in am.Entries)
            {
                var a = c.Aggregates.FirstOrDefault(x => x.Id == k.Value);
                if (a is null) { failures.Add($"aggregate {k.Value}: no such aggregate"); continue; }
                if (v is YScalar s)
                {
                    bool? want = s.Value switch { "met" => true, "not_met" => false, _ => null };
                    if (want != a.Met) failures.Add($"aggregate {k.Value}: expected {s.Value}, got {Show(a.Met)} ({a.Explanation.En})");
                    continue;
                }
                if (w.AsMap(v, k.Value) is not { } m) continue;
                w.CheckKeys(m, $"aggregate {k.Value}", new[] { "met", "value", "counted", "in_scope" });
                if (m.Get("met") is YScalar ms && (ms.IsNull ? null : (bool?)(ms.Value == "true")) != a.Met)
                    failures.Add($"aggregate {k.Value}.met: expected {ms.Value}, got {Show(a.Met)} ({a.Explanation.En})");
                if (m.Get("value") is { } vn && w.Num(vn, "value") is { } val && (a.Value is null || Math.Round(a.Value.Value, 6) != Math.Round(val, 6)))
                    failures.Add($"aggregate {k.Value}.value: expected {Fmt.Plain(val)}, got {(a.Value is null ? "none" : Fmt.Plain(a.Value.Value))}");
                if (m.Get("counted") is { } cn && w.Int(cn, "counted") is { } cnt && cnt != a.Counted)
                    failures.Add($"aggregate {k.Value}.counted: expected {cnt}, got {a.Counted}");
                if (m.Get("in_scope") is { } isn && w.Int(isn, "in_scope") is { } ins && ins != a.InScope)
                    failures.Add($"aggregate {k.Value}.in_scope: expected {ins}, got {a.InScope}");
            }
        if (w.AsMap(e.Get("subjects"), "subjects") is { } sm)
            foreach (var (k, v) in sm.Entries)
            {
                var r = c.Results.FirstOrDefault(x => x.Subject.Id == k.Value);
                if (r is null) { failures.Add($"subject {k.Value}: not in the cohort"); continue; }
                if (w.AsMap(v, k.Value) is { } m) CheckResult(m, w, r, failures, $"{k.Value}: ");
            }
    }

    private sealed class CoverageTracker
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public static RuleSetCoverage Empty(CompiledRuleSet rs) =>
            new(rs.ToString(), rs.Indicators.Count, rs.Indicators.Select(i => i.Id).ToArray(), new[] { "no tests file" });

        public void Record(CompiledRuleSet rs, ReadOnlySpan<Outcome> outcomes)
        {
            for (var i = 0; i < outcomes.Length; i++)
            {
                var id = rs.Model.Indicators[i].Id;
                var o = outcomes[i];
                _seen.Add($"{id}|status|{o.Status}");
                if (o.Status == IndicatorStatus.Scored) _seen.Add($"{id}|scored");
                if (o.Met is { } met) _seen.Add($"{id}|met|{met}");
                if (o.TargetIndex >= 0) _seen.Add($"{id}|target|{o.TargetIndex}");
                if (o.BandIndex >= 0) _seen.Add($"{id}|band|{o.BandIndex}");
            }
        }

        public RuleSetCoverage Report(CompiledRuleSet rs)
        {
            var uncovered = new List<string>();
            var gaps = new List<string>();
            foreach (var ind in rs.Model.Indicators)
            {
                if (!_seen.Contains($"{ind.Id}|scored")) { uncovered.Add(ind.Id); continue; }
                if (ind.ScoringMethod.HasVerdict)
                {
                    if (!_seen.Contains($"{ind.Id}|met|True")) gaps.Add($"{ind.Id}: never met");
                    if (!_seen.Contains($"{ind.Id}|met|False")) gaps.Add($"{ind.Id}: never not met");
                }
                foreach (var t in ind.Targets)
                    if (!_seen.Contains($"{ind.Id}|target|{t.Index}"))
                        gaps.Add($"{ind.Id}: target {CompiledRuleSet.TargetDescription(t)} never chosen");
                foreach (var b in ind.Bands)
                    if (!_seen.Contains($"{ind.Id}|band|{b.Index}"))
                        gaps.Add($"{ind.Id}: band [{(b.From is null ? "−∞" : Fmt.Plain(b.From.Value))}, {(b.To is null ? "+∞" : Fmt.Plain(b.To.Value))}) never hit");
                for (var li = 0; li < ind.Levels.Count; li++)
                    if (!_seen.Contains($"{ind.Id}|band|{li}")) gaps.Add($"{ind.Id}: level {ind.Levels[li].Level} never hit");
            }
            return new RuleSetCoverage(rs.ToString(), rs.Model.Indicators.Count, uncovered, gaps);
        }
    }
}
