using AssessmentScorer.Testing;

namespace AssessmentScorer.Fuzzing;

/// <summary>One generated input: its kind (which target runs it) and its text.</summary>
/// <param name="Kind">yaml-mutated, yaml-generated, expression, hostile, tests-mutated, submission, csv.</param>
/// <param name="Text">The input exactly as run; saved to the corpus when it fails.</param>
/// <param name="Target">For tests, submission and csv inputs: the installed rule set they run against.</param>
public sealed record FuzzInput(string Kind, string Text, string? Target = null);

/// <summary>The bundled rule sets: seeds for mutation and parents for <c>extends</c>.</summary>
public sealed class FuzzContext
{
    private FuzzContext(RuleSetRegistry installed, IReadOnlyList<string> ruleFiles, IReadOnlyList<(string Reference, string Text)> testFiles)
    {
        Installed = installed;
        RuleFiles = ruleFiles;
        TestFiles = testFiles;
        Fields = installed.All.SelectMany(r => r.FieldsRead).Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        References = installed.All.Select(r => $"{r.Scheme}@{r.Version}").ToArray();
    }

    /// <summary>The rule sets of the directory, as the API would serve them.</summary>
    public RuleSetRegistry Installed { get; }

    /// <summary>The text of every bundled rule file (mutation seeds).</summary>
    public IReadOnlyList<string> RuleFiles { get; }

    /// <summary>Every bundled tests document with the rule set it tests.</summary>
    public IReadOnlyList<(string Reference, string Text)> TestFiles { get; }

    /// <summary>Every data-dictionary id a bundled rule set reads.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary><c>scheme@version</c> of every bundled rule set.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Loads the bundled rule sets of <paramref name="ruleSetsDirectory"/>.</summary>
    public static FuzzContext Load(string ruleSetsDirectory)
    {
        var load = RuleSetRegistry.LoadDirectory(ruleSetsDirectory);
        if (!load.Success) throw new InvalidOperationException("the bundled rule sets do not load: " + string.Join("; ", load.Diagnostics.Take(5)));
        var files = new List<string>();
        var tests = new List<(string, string)>();
        foreach (var path in Directory.EnumerateFiles(ruleSetsDirectory, "*.yaml", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name == "dictionary.yaml") continue;
            if (name.EndsWith(".tests.yaml", StringComparison.Ordinal))
            {
                var own = Path.Combine(Path.GetDirectoryName(path)!, name.Replace(".tests.yaml", ".yaml", StringComparison.Ordinal));
                var rs = load.Registry.All.FirstOrDefault(r => Path.GetFullPath(r.File) == Path.GetFullPath(own));
                if (rs is not null) tests.Add(($"{rs.Scheme}@{rs.Version}", File.ReadAllText(path)));
                continue;
            }
            files.Add(File.ReadAllText(path));
        }
        return new FuzzContext(load.Registry, files, tests);
    }

    /// <summary>The repository's <c>rulesets/</c> (tests/Shared/Repo.cs finds the checkout).</summary>
    public static string FindRuleSets() =>
        Repo.TryRoot is { } root ? Path.Combine(root, "rulesets") : throw new InvalidOperationException("AssessmentScorer.sln not found; pass --rulesets");
}
