namespace AssessmentScorer;

/// <summary>Which version of a scheme scores which assessment year.</summary>
/// <param name="Year">The assessment year.</param>
/// <param name="RuleSet">The rule set chosen for it, or null when none is.</param>
/// <param name="InForce">True when the chosen rule set's effective period covers the year.</param>
/// <param name="Message">Why nothing was chosen, or the warning for a version applied outside its period (Chinese / English); null when all is well.</param>
public sealed record RuleSetChoice(int Year, CompiledRuleSet? RuleSet, bool InForce, string? Message);

public sealed partial class RuleSetRegistry
{
    /// <summary>The version marker that asks for the version in force in each submission's year.</summary>
    public const string InForceMarker = "in-force";

    /// <summary>
    /// True when <paramref name="reference"/> names a scheme but no version (<c>scheme</c> alone or <c>scheme@in-force</c>):
    /// each submission is then scored by the version in force in its year.
    /// </summary>
    public static bool AsksForVersionInForce(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var at = reference.IndexOf('@');
        return at < 0 || string.Equals(reference[(at + 1)..], InForceMarker, StringComparison.Ordinal);
    }

    /// <summary>
    /// Chooses the rule set for an assessment year. <c>scheme</c> or <c>scheme@in-force</c> gives the highest published
    /// version in force that year (none when no version is: the message lists the periods). Any other reference
    /// (<c>@1.1.0</c>, <c>@latest</c>, a range) resolves as <see cref="Resolve(string)"/> does, and a version applied
    /// to a year outside its effective period comes with a warning naming the version in force instead.
    /// </summary>
    public RuleSetChoice Choose(string reference, int year)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var at = reference.IndexOf('@');
        var scheme = at < 0 ? reference : reference[..at];
        if (AsksForVersionInForce(reference))
        {
            if (InForce(scheme, year) is { } inForce) return new RuleSetChoice(year, inForce, true, null);
            var versions = Versions(scheme).Where(v => v.Status == "published").ToList();
            var message = versions.Count == 0
                ? $"没有找到方案 {scheme} / no published version of scheme '{scheme}' is installed"
                : $"{year} 年没有生效的 {scheme} 版本 / no version of {scheme} is in force in {year}; versions: {string.Join(", ", versions.Select(v => $"{v.Version} ({v.EffectivePeriod})"))}";
            return new RuleSetChoice(year, null, false, message);
        }
        var rs = Resolve(reference);
        if (rs is null) return new RuleSetChoice(year, null, false, null);
        if (rs.IsInForce(year)) return new RuleSetChoice(year, rs, true, null);
        var instead = InForce(scheme, year);
        return new RuleSetChoice(year, rs, false,
            $"{rs} 的生效期为 {rs.EffectivePeriod}，不含 {year} 年{(instead is null ? "" : $"；{year} 年生效的版本是 {instead}")} / "
            + $"{rs} is in force {rs.EffectivePeriod}, not in {year}{(instead is null ? "" : $"; the version in force in {year} is {instead} (use '{scheme}' or '{scheme}@{InForceMarker}')")}");
    }
}
