namespace AssessmentScorer.NRules;

/// <summary>
/// Earlier years' results of a subject, for rules that look back (the same indicator unmet two years running). A
/// store of assessment rounds implements it; <see cref="ResultHistory"/> holds results in memory.
/// </summary>
public interface IResultHistory
{
    /// <summary>The subject's results under <paramref name="scheme"/> for years before <paramref name="year"/>, any order.</summary>
    /// <param name="subjectId">The subject's id.</param>
    /// <param name="scheme">The scheme id.</param>
    /// <param name="year">The year being applied.</param>
    IEnumerable<AssessmentResult> Earlier(string subjectId, string scheme, int year);
}

/// <summary>Earlier years' results held in memory (e.g. last year's cohort scored again).</summary>
public sealed class ResultHistory : IResultHistory
{
    private readonly Dictionary<(string Subject, string Scheme), List<AssessmentResult>> _bySubject = [];

    /// <summary>A history of the given results.</summary>
    public ResultHistory(IEnumerable<AssessmentResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var r in results) Add(r);
    }

    /// <summary>Adds a result (a later one for the same subject, scheme and year is kept beside it).</summary>
    public void Add(AssessmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var key = (result.Subject.Id, result.RuleSet.Scheme);
        if (!_bySubject.TryGetValue(key, out var list)) _bySubject[key] = list = [];
        list.Add(result);
    }

    /// <inheritdoc />
    public IEnumerable<AssessmentResult> Earlier(string subjectId, string scheme, int year) =>
        _bySubject.TryGetValue((subjectId, scheme), out var list) ? list.Where(r => r.Year < year) : [];
}
