namespace AssessmentScorer.Reports;

/// <summary>One indicator's weakness across a cohort: points lost in all, subjects not meeting it, subjects missing its data.</summary>
public sealed record WeakIndicator(IndicatorResult First, decimal Lost, int NotMet, int Missing, int Of);

/// <summary>What the cohort pages (the HTML report, the web interface) read off a cohort's results, worked out in one place.</summary>
public static class CohortSummary
{
    /// <summary>Every grade of the scale in order, then any other grade seen ("—" for none), each with its count.</summary>
    public static IReadOnlyList<(string Grade, int Count)> GradeCounts(IReadOnlyList<AssessmentResult> results, GradingInfo? grading)
    {
        var order = grading?.Grades.Select(g => g.Grade).ToList() ?? new List<string>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            var g = r.Grade ?? "—";
            if (!counts.TryAdd(g, 1)) counts[g]++;
            if (!order.Contains(g)) order.Add(g);
        }
        return order.Select(g => (g, counts.GetValueOrDefault(g))).ToList();
    }

    /// <summary>The mean score rate (total of full points, in percent) over the results; 0 for none.</summary>
    public static decimal MeanRate(IReadOnlyList<AssessmentResult> results) =>
        results.Count == 0 ? 0 : results.Average(r => r.MaxTotal == 0 ? 0 : r.Total / r.MaxTotal * 100);

    /// <summary>The indicators that lost the most points across the cohort (at most <paramref name="take"/>), most first.</summary>
    public static IReadOnlyList<WeakIndicator> Weakest(IReadOnlyList<AssessmentResult> results, int take = 10)
    {
        // One pass, one entry per indicator (a 13,000-hospital cohort has ~730,000 indicator results: no grouping
        // buffers, and one tally per indicator added to in place rather than a record per indicator result).
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var r in results)
            foreach (var i in r.Indicators)
            {
                if (i.MaxPoints <= 0 && i.Status != IndicatorStatus.Missing) continue;
                if (!tallies.TryGetValue(i.Id, out var t)) tallies[i.Id] = t = new Tally(i);
                t.Lost += i.MaxPoints - i.Points;
                if (i.Met == false) t.NotMet++;
                if (i.Status == IndicatorStatus.Missing) t.Missing++;
                t.Of++;
            }
        var lost = tallies.Values.Select(t => new WeakIndicator(t.First, t.Lost, t.NotMet, t.Missing, t.Of));
        return lost.Where(x => x.Lost > 0).OrderByDescending(x => x.Lost).ThenBy(x => x.First.Id, StringComparer.Ordinal).Take(take).ToList();
    }

    private sealed class Tally(IndicatorResult first)
    {
        public readonly IndicatorResult First = first;
        public decimal Lost;
        public int NotMet, Missing, Of;
    }
}
