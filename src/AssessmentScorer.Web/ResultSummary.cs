namespace AssessmentScorer.Web;

/// <summary>
/// What a results page shows above and below its table, worked out once from the library's results so the page renders
/// at once: the table's rows, the passes, the mean score rate, the grade counts, the weakest indicators and the values
/// the table filters on. Used for an uploaded cohort and for a stored round alike.
/// </summary>
public sealed class ResultSummary
{
    public static readonly ResultSummary Empty = new(Array.Empty<AssessmentResult>(), Array.Empty<AggregateResult>(), null);

    public ResultSummary(IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates, GradingInfo? grading)
    {
        Results = results;
        Aggregates = aggregates;
        Rows = results.Select((r, i) => new ResultRow(i, r.Subject.Id, r.Subject.Name ?? "", r.Subject.Tier ?? "", r.Subject.Category ?? "",
            r.Cohort?.Stratum ?? "", r.Total, r.MaxTotal, r.Grade ?? "—", r.Passed, r.Cohort?.Rank, r.Cohort?.Of)).ToList();
        Passed = results.Count(r => r.Passed == true);
        MeanRate = results.Count == 0 ? 0 : CohortSummary.MeanRate(results);
        GradeCounts = results.Count == 0 ? Array.Empty<(string, int)>() : CohortSummary.GradeCounts(results, grading);
        Weakest = results.Count == 0 ? Array.Empty<WeakIndicator>() : CohortSummary.Weakest(results);
        Choices = new[] { (Func<ResultRow, string>)(r => r.Tier), r => r.Category, r => r.Grade, r => r.Stratum }
            .Select(by => (IReadOnlyList<string>)Rows.Select(by).Where(v => v.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList()).ToArray();
    }

    public IReadOnlyList<AssessmentResult> Results { get; }
    public IReadOnlyList<AggregateResult> Aggregates { get; }
    public IReadOnlyList<ResultRow> Rows { get; }
    public int Passed { get; }
    public decimal MeanRate { get; }
    public IReadOnlyList<(string Grade, int Count)> GradeCounts { get; }
    public IReadOnlyList<WeakIndicator> Weakest { get; }

    /// <summary>The values the results table filters on: tiers, categories, grades and strata seen, in that order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Choices { get; }
}
