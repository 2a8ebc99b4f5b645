using System.Globalization;

namespace AssessmentScorer;

/// <summary>A data problem found while comparing two rule sets on a cohort.</summary>
/// <param name="Kind"><c>year-outside-period</c> (submissions for a year a rule set is not in force) or <c>field-missing</c> (a field only the second rule set reads is absent where one of its indicators needs it).</param>
/// <param name="Item">The year, or the field id.</param>
/// <param name="Count">How many submissions it concerns.</param>
/// <param name="Message">What it means, Chinese / English.</param>
/// <param name="Indicators">For a missing field: the indicators of the second rule set that read it.</param>
public sealed record ComparisonNote(string Kind, string Item, int Count, string Message, IReadOnlyList<string> Indicators);

/// <summary>Finds the data problems of a comparison and tells a difference caused by missing data from one caused by the rules.</summary>
internal static class ComparisonNotes
{
    /// <summary>The fields whose absence explains a difference of one indicator (empty when the rules explain it).</summary>
    public static IReadOnlyList<string> MissingData(IndicatorResult? before, IndicatorResult? after)
    {
        // Missing under one rule set only: the data decides, not the rules (missing under both: the rules decide the rest).
        if (after is { Status: IndicatorStatus.Missing } && before is not { Status: IndicatorStatus.Missing }) return after.MissingData;
        if (before is { Status: IndicatorStatus.Missing } && after is not { Status: IndicatorStatus.Missing }) return before.MissingData;
        return Array.Empty<string>();
    }

    public static IReadOnlyList<ComparisonNote> Find(CompiledRuleSet from, CompiledRuleSet to, IReadOnlyList<Submission> submissions, IReadOnlyList<AssessmentResult> after)
    {
        var notes = new List<ComparisonNote>();
        foreach (var (year, count) in submissions.GroupBy(s => s.Year).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())))
            foreach (var rs in new[] { from, to }.Distinct())
                if (!rs.IsInForce(year))
                    notes.Add(new ComparisonNote("year-outside-period", year.ToString(CultureInfo.InvariantCulture), count,
                        $"{count} 份提交为 {year} 年，而 {rs} 的生效期为 {rs.EffectivePeriod} / {count} submission(s) are for {year}, outside {rs}'s effective period {rs.EffectivePeriod}",
                        Array.Empty<string>()));
        // A field the second rule set reads and the first does not, absent where an indicator needs it (status missing).
        var readBefore = new HashSet<string>(from.FieldsRead, StringComparer.Ordinal);
        foreach (var field in to.FieldsRead.Where(f => !readBefore.Contains(f)))
        {
            var path = $"values.{field}";
            var indicators = new SortedSet<string>(StringComparer.Ordinal);
            var lacking = 0;
            foreach (var r in after)
            {
                var hit = false;
                foreach (var i in r.Indicators)
                    if (i.Status == IndicatorStatus.Missing && i.MissingData.Contains(path, StringComparer.Ordinal)) { indicators.Add(i.Id); hit = true; }
                if (hit) lacking++;
            }
            if (lacking == 0) continue;
            notes.Add(new ComparisonNote("field-missing", field, lacking,
                $"{to} 新读取的字段 {field} 在 {lacking}/{after.Count} 份提交中缺失，{string.Join("、", indicators)} 因此无法计分 / "
                + $"{to} reads the new field {field}, absent from {lacking} of {after.Count} submission(s): {string.Join(", ", indicators)} cannot be scored there",
                indicators.ToArray()));
        }
        return notes;
    }
}
