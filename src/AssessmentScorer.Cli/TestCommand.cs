namespace AssessmentScorer.Cli;

internal static class TestCommand
{
    public static int Run(string directory, bool allGaps, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(directory))
        {
            stderr.WriteLine($"error: '{directory}' is not a directory");
            return Cli.Usage;
        }
        var run = RuleSetTesting.RunDirectory(directory);
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
            var covered = cov.Indicators - cov.Uncovered.Count;
            stdout.WriteLine($"  {cov.RuleSet}: {covered}/{cov.Indicators} indicators exercised{(cov.Uncovered.Count > 0 ? "; not exercised: " + string.Join(", ", cov.Uncovered) : "")}");
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
