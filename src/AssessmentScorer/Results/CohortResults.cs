using System.Collections;
using AssessmentScorer.Scoring;

namespace AssessmentScorer.Results;

/// <summary>
/// A cohort's results, kept as each subject's finished run (totals, grade, standing, the place of its outcomes) and
/// made into an <see cref="AssessmentResult"/> when read. A reader that goes through a large cohort once (a report,
/// the JSON writer) then keeps nothing it has read.
/// </summary>
internal sealed class CohortResults : IReadOnlyList<AssessmentResult>
{
    private readonly Engine _engine;
    private readonly RunTable _runs;

    public CohortResults(Engine engine, RunTable runs)
    {
        _engine = engine;
        _runs = runs;
    }

    public int Count => _runs.Count;

    /// <summary>The result of subject <paramref name="index"/>, made on each read; results compare equal by value.</summary>
    public AssessmentResult this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_runs.Count) throw new ArgumentOutOfRangeException(nameof(index));
            return _engine.Build(ref _runs[index]);
        }
    }

    public IEnumerator<AssessmentResult> GetEnumerator()
    {
        for (var i = 0; i < _runs.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
