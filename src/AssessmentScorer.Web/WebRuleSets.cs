namespace AssessmentScorer.Web;

/// <summary>The installed rule sets the pages read: the host's registry (swapped whole on reload) and its directory.</summary>
public sealed class WebRuleSets(Func<RuleSetRegistry> registry, string directory)
{
    public RuleSetRegistry Registry => registry();
    public string Directory => directory;

    /// <summary>The text of an installed rule set's file, or null when it cannot be read.</summary>
    public string? TextOf(CompiledRuleSet rs) => Read(rs.File);

    /// <summary>The text of the tests file beside an installed rule set (<c>X.tests.yaml</c> beside <c>X.yaml</c>), or null when it has none.</summary>
    public string? TestsOf(CompiledRuleSet rs) => rs.File.EndsWith(".yaml", StringComparison.Ordinal) ? Read(rs.File[..^".yaml".Length] + ".tests.yaml") : null;

    /// <summary>Every installed rule set by scheme, newest version first.</summary>
    public IReadOnlyList<CompiledRuleSet> Choices() =>
        Registry.Schemes.SelectMany(s => Registry.Versions(s).OrderByDescending(v => v.Version)).ToList();

    private static string? Read(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path) : null; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }
}
