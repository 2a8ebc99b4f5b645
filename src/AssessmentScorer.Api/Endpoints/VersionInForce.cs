namespace AssessmentScorer.Api.Endpoints;

/// <summary>
/// <c>/{scheme}/in-force/…</c>: scoring by the version in force in the submissions' year (the library chooses). A named
/// version applied outside its effective period is answered with a <c>Warning</c> header as well as the AS5010 problem.
/// </summary>
internal static class VersionInForce
{
    /// <summary>The rule set to read the request with: for <c>in-force</c>, the latest published version of the scheme.</summary>
    public static CompiledRuleSet? ForReading(RuleSetStore store, string scheme, string version) =>
        store.Registry.Resolve(version == RuleSetRegistry.InForceMarker ? scheme : $"{scheme}@{version}");

    /// <summary>The rule set for these years, or the problem: no version in force, or years calling for different versions.</summary>
    public static (CompiledRuleSet? RuleSet, IResult? Problem) Choose(RuleSetStore store, string scheme, string version, IEnumerable<int> years, HttpResponse response)
    {
        var choices = years.Distinct().Order().Select(y => store.Registry.Choose($"{scheme}@{version}", y)).ToList();
        if (choices.FirstOrDefault(c => c.RuleSet is null) is { } none)
            return (null, Problems.Of(404, "AS4002", "No version in force", none.Message ?? $"No rule set matches '{scheme}@{version}'."));
        var chosen = choices.Select(c => c.RuleSet!).Distinct().ToList();
        if (chosen.Count > 1)
            return (null, Problems.Of(422, "AS5010", "Years call for different versions",
                "The submissions' years have different versions in force: " + string.Join("; ", choices.Select(c => $"{c.Year} → {c.RuleSet}")) + ". Send each year on its own, or name a version."));
        foreach (var c in choices.Where(c => !c.InForce && c.Message is not null))
            response.Headers.Append("Warning", $"299 - \"{c.Message!.Split(" / ")[^1].Replace("\"", "'", StringComparison.Ordinal)}\"");
        return (chosen.Count == 0 ? null : chosen[0], null);
    }
}
