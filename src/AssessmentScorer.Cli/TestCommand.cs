namespace AssessmentScorer.Cli;

internal static class TestCommand
{
    /// <summary>
    /// Runs the tests of the rule-set directory (no paths), or of each path: a directory (every tests file in it), a
    /// tests file (<c>1.1.0.tests.yaml</c>), or a rule file (the tests file beside it). A draft beside its tests file is
    /// loaded against the installed rule sets, so it may extend them.
    /// </summary>
    public static int Run(string rulesetsDir, string[] paths, bool allGaps, TextWriter stdout, TextWriter stderr)
    {
        var runs = new List<TestRunResult>();
        if (paths.Length == 0)
        {
            if (!Directory.Exists(rulesetsDir)) { RuleSetSources.NoDirectory(rulesetsDir, stderr); return Cli.Usage; }
            runs.Add(RuleSetTesting.RunDirectory(rulesetsDir));
        }
        RuleSetRegistry? installed = null;
        foreach (var path in paths)
        {
            if (Directory.Exists(path)) { runs.Add(RuleSetTesting.RunDirectory(path)); continue; }
            var tests = path.EndsWith(".tests.yaml", StringComparison.Ordinal) ? path
                : path.EndsWith(".yaml", StringComparison.Ordinal) ? path[..^".yaml".Length] + ".tests.yaml" : null;
            if (tests is null || !File.Exists(tests))
            {
                stderr.WriteLine(tests is null || tests == path
                    ? $"error: '{path}' is neither a directory nor a tests file (looked for {Path.GetFullPath(path)})"
                    : $"error: no tests file beside '{path}' (looked for {Path.GetFullPath(tests)})");
                return Cli.Usage;
            }
            installed ??= RuleSetSources.Installed(rulesetsDir).Registry;
            runs.Add(RuleSetTesting.RunFile(installed, tests));
        }
        var run = new TestRunResult(runs.SelectMany(r => r.Cases).ToList(), runs.SelectMany(r => r.Coverage).ToList(), runs.SelectMany(r => r.Diagnostics).ToList());
        Output.Diagnostics(run.Diagnostics, stderr, ScoreCommand.ReadLines);
        foreach (var c in run.Cases)
        {
            stdout.WriteLine($"{(c.Passed ? "PASS" : "FAIL")}  {c.RuleSet}  {c.Name}  ({c.File}:{c.Line})");
            foreach (var f in c.Failures) stdout.WriteLine($"      {f}");
        }
        stdout.WriteLine();
        stdout.WriteLine("coverage:");
        foreach (var cov in run.Coverage)
        {
            var covered = cov.Indicators - cov.Uncovered.Count - cov.Inherited.Count;
            var inherited = cov.Inherited.Count == 0 ? ""
                : $"; {cov.Inherited.Count} more inherited unchanged and exercised by the tests of {string.Join(", ", cov.Inherited.Select(i => i[(i.LastIndexOf('(') + 1)..^1]).Distinct())}";
            stdout.WriteLine($"  {cov.RuleSet}: {covered}/{cov.Indicators} indicators exercised by its own tests{inherited}{(cov.Uncovered.Count > 0 ? "; not exercised: " + string.Join(", ", cov.Uncovered) : "")}");
            var gaps = allGaps ? cov.Gaps : cov.Gaps.Take(5).ToList();
            foreach (var g in gaps) stdout.WriteLine($"      {g}");
            if (!allGaps && cov.Gaps.Count > 5) stdout.WriteLine($"      … {cov.Gaps.Count - 5} more gaps (--coverage lists them all)");
        }
        var passed = run.Cases.Count(c => c.Passed);
        var failed = run.Cases.Count - passed;
        stdout.WriteLine();
        stdout.WriteLine($"{passed} passed, {failed} failed");
        return run.Success ? Cli.Ok : Cli.Findings;
    }
}
