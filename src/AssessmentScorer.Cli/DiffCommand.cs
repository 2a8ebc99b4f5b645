namespace AssessmentScorer.Cli;

internal static class DiffCommand
{
    public static int Run(string rulesetsDir, string fromRef, string toRef, TextWriter stdout, TextWriter stderr)
    {
        var load = RuleSetRegistry.LoadDirectory(rulesetsDir);
        var from = load.Registry.Resolve(fromRef);
        var to = load.Registry.Resolve(toRef);
        foreach (var (name, rs) in new[] { (fromRef, from), (toRef, to) })
            if (rs is null)
            {
                stderr.WriteLine($"error: no rule set matches '{name}' in {rulesetsDir}");
                return Cli.Usage;
            }
        var diff = RuleSetDiff.Compare(from!, to!);
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
