using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli;

/// <summary>
/// Where every command finds rule sets: the installed directory (<c>--rulesets</c>, else ASSESSMENT_SCORER_RULESETS,
/// else ./rulesets) and, in place of <c>scheme@version</c>, a draft rule file by its path. Every "not found" message
/// says where it looked.
/// </summary>
internal static class RuleSetSources
{
    /// <summary>The directory as given and as the file system sees it.</summary>
    public static string Where(string dir) =>
        Path.GetFullPath(dir) is var full && full.TrimEnd('/', '\\') != dir.TrimEnd('/', '\\') ? $"'{dir}' ({full})" : $"'{dir}'";

    /// <summary>Says that the rule-set directory is missing, and how to name another.</summary>
    public static void NoDirectory(string dir, TextWriter stderr) =>
        stderr.WriteLine($"error: the rule-set directory {Where(dir)} does not exist; give --rulesets DIR or set ASSESSMENT_SCORER_RULESETS");

    /// <summary>True when the argument names a rule file rather than <c>scheme@version</c>.</summary>
    public static bool IsFile(string reference) =>
        reference.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || reference.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || reference.Contains('/') || reference.Contains('\\');

    /// <summary>The installed rule sets (empty, with no message, when the directory is absent).</summary>
    public static RegistryLoadResult Installed(string dir) =>
        Directory.Exists(dir) ? RuleSetRegistry.LoadDirectory(dir) : new RegistryLoadResult(RuleSetRegistry.Empty, Array.Empty<Diagnostic>());

    /// <summary>
    /// The installed rule sets these references need: for <c>scheme@…</c> references, only their schemes and the rule
    /// sets those extend (the other files are not compiled, so a command naming one rule set starts quickly); every
    /// rule set when a reference is a draft file, which may extend any of them. <see cref="Resolve(RegistryLoadResult, string, string, TextWriter)"/>
    /// loads everything again before saying that nothing matched, so its message and diagnostics are those of a full load.
    /// </summary>
    public static RegistryLoadResult InstalledFor(string dir, params string[] references)
    {
        if (!Directory.Exists(dir) || references.Any(IsFile)) return Installed(dir);
        return RuleSetRegistry.LoadSchemes(dir, references.Select(r => r.IndexOf('@') is var at && at < 0 ? r : r[..at]));
    }

    /// <summary>
    /// The rule set a reference names: a draft file (checked against the installed ones it may extend), or
    /// <c>scheme@version</c>, a range, <c>@latest</c>, or <c>scheme</c> / <c>scheme@in-force</c> (here the latest
    /// published; <see cref="ForYears"/> then picks the version in force).
    /// </summary>
    public static CompiledRuleSet? Resolve(string rulesetsDir, string reference, TextWriter stderr) =>
        Resolve(InstalledFor(rulesetsDir, reference), rulesetsDir, reference, stderr);

    public static CompiledRuleSet? Resolve(RegistryLoadResult load, string rulesetsDir, string reference, TextWriter stderr)
    {
        if (IsFile(reference))
        {
            if (!File.Exists(reference))
            {
                stderr.WriteLine($"error: no rule file '{reference}' ({Path.GetFullPath(reference)})");
                return null;
            }
            var draft = load.Registry.LoadDraft(File.ReadAllText(reference), reference.Replace('\\', '/'));
            Output.Diagnostics(draft.Diagnostics, stderr, ScoreCommand.ReadLines);
            if (draft.Success) return draft.RuleSet;
            stderr.WriteLine($"error: the rule file '{reference}' does not load (see above)");
            return null;
        }
        if (!Directory.Exists(rulesetsDir))
        {
            NoDirectory(rulesetsDir, stderr);
            return null;
        }
        var at = reference.IndexOf('@');
        var lookup = RuleSetRegistry.AsksForVersionInForce(reference) ? (at < 0 ? reference : reference[..at]) : reference;
        if (load.Registry.Resolve(lookup) is { } rs) return rs;
        load = Installed(rulesetsDir);   // every rule set, for the message (a command may have loaded only the ones it names)
        if (!load.Success) Output.Diagnostics(load.Diagnostics.Where(d => d.Severity == Severity.Error), stderr, ScoreCommand.ReadLines);
        stderr.WriteLine($"error: no rule set matches '{reference}' in the rule-set directory {Where(rulesetsDir)}. Loaded: {string.Join(", ", load.Registry.All.Select(r => r.ToString()))}");
        return null;
    }

    /// <summary>
    /// The rule set to score these submissions with: for <c>scheme</c> or <c>scheme@in-force</c>, the version in force
    /// in their year (refused when none is, or when their years call for different versions); for a named version or a
    /// draft, that one, with a loud warning for each year outside its effective period. Null when refused.
    /// </summary>
    public static CompiledRuleSet? ForYears(RegistryLoadResult load, string reference, CompiledRuleSet resolved, IEnumerable<int> years, TextWriter stderr)
    {
        var distinct = years.Distinct().Order().ToList();
        if (distinct.Count == 0) return resolved;   // nothing read: the reading problems say why
        if (IsFile(reference))
        {
            foreach (var y in distinct.Where(y => !resolved.IsInForce(y)))
                Warn(stderr, $"{resolved} 的生效期为 {resolved.EffectivePeriod}，不含 {y} 年 / {resolved} is in force {resolved.EffectivePeriod}, not in {y}");
            return resolved;
        }
        var choices = distinct.Select(y => load.Registry.Choose(reference, y)).ToList();
        if (choices.FirstOrDefault(c => c.RuleSet is null) is { } none)
        {
            stderr.WriteLine($"error: {none.Message ?? $"no rule set matches '{reference}'"}");
            return null;
        }
        var chosen = choices.Select(c => c.RuleSet!).Distinct().ToList();
        if (chosen.Count > 1)
        {
            stderr.WriteLine($"error: the submissions are for {string.Join(", ", distinct)}, and different versions are in force: "
                + string.Join("; ", choices.Select(c => $"{c.Year} → {c.RuleSet}")) + ". Score each year on its own, or name a version (scheme@x.y.z)");
            return null;
        }
        foreach (var c in choices.Where(c => !c.InForce)) Warn(stderr, c.Message!);
        if (RuleSetRegistry.AsksForVersionInForce(reference) && distinct.Count > 0)
            stderr.WriteLine($"note: {reference} → {chosen[0]}, the version in force in {string.Join(", ", distinct)}");
        return chosen[0];
    }

    private static void Warn(TextWriter stderr, string message)
    {
        stderr.WriteLine("warning: ══ VERSION NOT IN FORCE 版本不在生效期 ══");
        stderr.WriteLine($"warning: {message}");
    }

    /// <summary>
    /// Reads the inputs for a reference, then settles the rule set by the submissions' years (reading again with the
    /// chosen version when it differs: its own fields are read only by it). Null when refused (the reason is printed).
    /// </summary>
    public static (CompiledRuleSet RuleSet, InputBatch Batch)? ReadFor(RegistryLoadResult load, string reference, CompiledRuleSet resolved, string[] files, TextWriter stderr)
    {
        var batch = Inputs.Read(files, resolved);
        var chosen = ForYears(load, reference, resolved, batch.Items.Select(i => i.Submission.Year), stderr);
        if (chosen is null) return null;
        return (chosen, ReferenceEquals(chosen, resolved) ? batch : Inputs.Read(files, chosen));
    }
}
