namespace AssessmentScorer;

/// <summary>One indicator of one subject under two rule sets.</summary>
/// <param name="Id">Indicator id.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="FromPoints">Points under the first rule set, or null when it has no such indicator.</param>
/// <param name="ToPoints">Points under the second, or null.</param>
/// <param name="FromMet">Met under the first.</param>
/// <param name="ToMet">Met under the second.</param>
/// <param name="FromTarget">Target under the first.</param>
/// <param name="ToTarget">Target under the second.</param>
public sealed record IndicatorChange(string Id, string Name, decimal? FromPoints, decimal? ToPoints, bool? FromMet, bool? ToMet, string? FromTarget, string? ToTarget)
{
    /// <summary>
    /// The fields whose absence made this indicator differ: data one rule set reads (it could not score the indicator,
    /// status missing) while the other scored it or has no such indicator. Empty when the difference comes from the rules.
    /// </summary>
    public IReadOnlyList<string> MissingData { get; init; } = Array.Empty<string>();

    /// <summary>True when the difference comes from data missing under one of the rule sets, not from a rule that changed.</summary>
    public bool CausedByMissingData => MissingData.Count > 0;
}

/// <summary>One subject scored under two rule sets.</summary>
/// <param name="SubjectId">Subject id.</param>
/// <param name="Name">Subject name.</param>
/// <param name="FromTotal">Total under the first rule set.</param>
/// <param name="ToTotal">Total under the second.</param>
/// <param name="FromGrade">Grade under the first.</param>
/// <param name="ToGrade">Grade under the second.</param>
/// <param name="FromPassed">Passed under the first.</param>
/// <param name="ToPassed">Passed under the second.</param>
/// <param name="Indicators">Indicators whose points, verdict or target differ.</param>
public sealed record SubjectComparison(string SubjectId, string? Name, decimal FromTotal, decimal ToTotal, string? FromGrade, string? ToGrade,
    bool? FromPassed, bool? ToPassed, IReadOnlyList<IndicatorChange> Indicators)
{
    /// <summary>True when the grade differs.</summary>
    public bool Moved => !string.Equals(FromGrade, ToGrade, StringComparison.Ordinal);

    /// <summary>Why the subject differs: <c>rules</c>, <c>data</c> (every changed indicator lacks data under one rule set), <c>rules and data</c>, or <c>none</c>.</summary>
    public string Cause => Indicators.Count == 0 ? "none"
        : Indicators.All(i => i.CausedByMissingData) ? "data"
        : Indicators.Any(i => i.CausedByMissingData) ? "rules and data" : "rules";
}

/// <summary>A cohort scored under two rule sets: per-subject differences and the grade-migration matrix.</summary>
/// <param name="From">The first rule set.</param>
/// <param name="To">The second rule set.</param>
/// <param name="Subjects">Every subject, in input order.</param>
/// <param name="FromGrades">Row labels: grades under the first rule set, best first (<c>—</c> for none).</param>
/// <param name="ToGrades">Column labels: grades under the second rule set, best first.</param>
/// <param name="Matrix">Matrix[i][j]: subjects graded FromGrades[i] before and ToGrades[j] after.</param>
public sealed record ComparisonResult(RuleSetRef From, RuleSetRef To, IReadOnlyList<SubjectComparison> Subjects,
    IReadOnlyList<string> FromGrades, IReadOnlyList<string> ToGrades, IReadOnlyList<IReadOnlyList<int>> Matrix)
{
    /// <summary>
    /// Data problems that make the comparison less than it seems: submission years outside a rule set's effective period,
    /// and fields only the second rule set reads that submissions lack where its indicators need them.
    /// </summary>
    public IReadOnlyList<ComparisonNote> Notes { get; init; } = Array.Empty<ComparisonNote>();
}

/// <summary>Scores the same submissions under two rule sets (two versions, or a draft against the one in force).</summary>
public static class RuleSetComparison
{
    /// <summary>Scores <paramref name="submissions"/> as a cohort under both rule sets and compares them.</summary>
    public static ComparisonResult Compare(CompiledRuleSet from, CompiledRuleSet to, IReadOnlyList<Submission> submissions)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(submissions);
        var a = Score(from, submissions);
        var b = Score(to, submissions);
        var subjects = new List<SubjectComparison>();
        for (var i = 0; i < submissions.Count; i++)
        {
            var x = a[i]; var y = b[i];
            var ids = x.Indicators.Select(r => r.Id).Concat(y.Indicators.Select(r => r.Id)).Distinct(StringComparer.Ordinal);
            var changes = new List<IndicatorChange>();
            foreach (var id in ids)
            {
                var p = x.Indicators.FirstOrDefault(r => r.Id == id);
                var q = y.Indicators.FirstOrDefault(r => r.Id == id);
                if (p is not null && q is not null && p.Points == q.Points && p.Met == q.Met && p.Target == q.Target && p.MaxPoints == q.MaxPoints) continue;
                changes.Add(new IndicatorChange(id, (q ?? p)!.Name, p?.Points, q?.Points, p?.Met, q?.Met, p?.Target, q?.Target) { MissingData = ComparisonNotes.MissingData(p, q) });
            }
            subjects.Add(new SubjectComparison(x.Subject.Id, x.Subject.Name, x.Total, y.Total, x.Grade, y.Grade, x.Passed, y.Passed, changes));
        }
        var fromGrades = Labels(from, a);
        var toGrades = Labels(to, b);
        var matrix = fromGrades.Select(_ => new int[toGrades.Count]).ToArray();
        foreach (var s in subjects) matrix[fromGrades.IndexOf(s.FromGrade ?? "—")][toGrades.IndexOf(s.ToGrade ?? "—")]++;
        return new ComparisonResult(from.Reference, to.Reference, subjects, fromGrades, toGrades, matrix) { Notes = ComparisonNotes.Find(from, to, submissions, b) };
    }

    private static IReadOnlyList<AssessmentResult> Score(CompiledRuleSet rs, IReadOnlyList<Submission> subs) =>
        subs.Count == 1 ? new[] { rs.Score(subs[0]) } : rs.ScoreCohort(subs).Results;

    private static List<string> Labels(CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results)
    {
        var labels = rs.Grading?.Grades.Select(g => g.Grade).ToList() ?? new List<string>();
        foreach (var g in results.Select(r => r.Grade ?? "—")) if (!labels.Contains(g)) labels.Add(g);
        return labels;
    }
}
