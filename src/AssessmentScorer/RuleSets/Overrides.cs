namespace AssessmentScorer.RuleSets;

/// <summary>
/// A problem of an overridden indicator found in what it inherits (say, the base's target no longer fits the value the
/// override gives) is the override's doing: it is reported at the overriding indicator, where the author wrote the
/// change, with the inherited definition's place as a note.
/// </summary>
internal static class Overrides
{
    public static void AtOverride(DiagnosticBag diags, int start, string id, RawRuleSet own)
    {
        if (own.Indicators.FirstOrDefault(x => x.Id == id) is not { } overriding) return;
        diags.Rewrite(start, d => d.Location.File == overriding.At.File ? d
            : d with { Location = overriding.At, Message = $"{d.Message} (note: in the definition this override of '{id}' inherits, at {d.Location})" });
    }
}
