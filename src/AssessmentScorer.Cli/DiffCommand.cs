namespace AssessmentScorer.Cli;

internal static class DiffCommand
{
    public static int Run(string rulesetsDir, string fromRef, string toRef, TextWriter stdout, TextWriter stderr)
    {
        var installed = RuleSetSources.InstalledFor(rulesetsDir, fromRef, toRef);
        var from = RuleSetSources.Resolve(installed, rulesetsDir, fromRef, stderr);
        if (from is null) return Cli.Usage;
        var to = RuleSetSources.Resolve(installed, rulesetsDir, toRef, stderr);
        if (to is null) return Cli.Usage;
        var diff = RuleSetDiff.Compare(from, to);
        stdout.WriteLine($"{from} → {to}: {diff.Changes.Count} change(s)");
        foreach (var c in diff.Changes)
        {
            var sign = c.Change switch { "added" => "+", "removed" => "-", _ => "~" };
            var what = c.Aspect.Length > 0 ? $"{c.Element} {c.Id} {c.Aspect}" : $"{c.Element} {c.Id}";
            stdout.WriteLine(c.Change == "changed" ? $"{sign} {what}: {c.Before ?? "—"} → {c.After ?? "—"}" : $"{sign} {what}: {c.After ?? c.Before}");
        }
        return Cli.Ok;
    }
}
