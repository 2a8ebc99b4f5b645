using AssessmentScorer.RuleSets;

namespace AssessmentScorer;

public static partial class RuleSetTesting
{
    /// <summary>
    /// Runs one tests file. The rule set tested is the one its <c>ruleset:</c> names in <paramref name="installed"/>,
    /// else the rule file beside it (<c>1.1.0.tests.yaml</c> tests <c>1.1.0.yaml</c>): an installed one, or a draft
    /// loaded against <paramref name="installed"/> (so it may extend them).
    /// </summary>
    public static TestRunResult RunFile(RuleSetRegistry installed, string testsFile)
    {
        ArgumentNullException.ThrowIfNull(installed);
        ArgumentNullException.ThrowIfNull(testsFile);
        var diags = new DiagnosticBag();
        var display = testsFile.Replace('\\', '/');
        var coverage = new Dictionary<CompiledRuleSet, CoverageTracker>();
        string text;
        try { text = File.ReadAllText(testsFile); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diags.Add(Errors.ReadFailed(new Location(display, 0, 0), ex.Message));
            return new TestRunResult(Array.Empty<TestCaseResult>(), Array.Empty<RuleSetCoverage>(), diags.ToList());
        }
        var ruleFile = display.EndsWith(".tests.yaml", StringComparison.Ordinal) ? display[..^".tests.yaml".Length] + ".yaml" : null;
        var full = ruleFile is null ? null : Path.GetFullPath(ruleFile);
        var sibling = installed.All.FirstOrDefault(r => full is not null && string.Equals(Path.GetFullPath(r.File), full, StringComparison.Ordinal));
        var registry = installed;
        if (sibling is null && ruleFile is not null && File.Exists(ruleFile))
        {
            var draft = installed.LoadDraft(File.ReadAllText(ruleFile), ruleFile);
            diags.AddRange(draft.Diagnostics);
            sibling = draft.RuleSet;
            if (sibling is not null) registry = installed.With(new[] { sibling });
        }
        var cases = RunFile(text, display, registry, sibling, diags, coverage).ToList();
        var cov = coverage.Select(kv => WithInherited(kv.Value.Report(kv.Key), kv.Key, name => ParentCoverage(installed, name))).ToArray();
        return new TestRunResult(cases, cov, diags.ToList());
    }

    /// <summary>The coverage of an installed rule set by the tests file beside it, or null when it has none.</summary>
    private static RuleSetCoverage? ParentCoverage(RuleSetRegistry installed, string reference)
    {
        var parent = installed.Resolve(reference);
        if (parent is null) return null;
        var tests = parent.File[..^".yaml".Length] + ".tests.yaml";
        return File.Exists(tests) ? RunFile(installed, tests).Coverage.FirstOrDefault(c => c.RuleSet == parent.ToString()) : null;
    }

    /// <summary>
    /// Moves from <see cref="RuleSetCoverage.Uncovered"/> to <see cref="RuleSetCoverage.Inherited"/> every indicator the
    /// rule set inherits unchanged from a rule set whose own tests exercised it.
    /// </summary>
    internal static RuleSetCoverage WithInherited(RuleSetCoverage own, CompiledRuleSet rs, Func<string, RuleSetCoverage?> coverageOf)
    {
        if (own.Uncovered.Count == 0 || rs.Extends is null) return own;
        var self = rs.ToString();
        var inherited = new List<string>();
        var uncovered = new List<string>();
        var cache = new Dictionary<string, RuleSetCoverage?>(StringComparer.Ordinal);
        foreach (var id in own.Uncovered)
        {
            var def = rs.Model.Indicators.First(i => i.Id == id).DefinedIn;
            var from = $"{def.Scheme}@{def.Version}";
            // Defined or overridden here (the last definition is this rule set's): its own tests must exercise it.
            if (from == self) { uncovered.Add(id); continue; }
            if (!cache.TryGetValue(from, out var parent)) cache[from] = parent = coverageOf(from);
            if (parent is not null && !parent.Uncovered.Contains(id, StringComparer.Ordinal) && !parent.Inherited.Any(x => x.StartsWith(id + " ", StringComparison.Ordinal))) inherited.Add($"{id} ({from})");
            else if (parent is not null && parent.Inherited.FirstOrDefault(x => x.StartsWith(id + " ", StringComparison.Ordinal)) is { } deeper) inherited.Add(deeper);
            else uncovered.Add(id);
        }
        return own with { Uncovered = uncovered, Inherited = inherited };
    }
}
