using global::NRules;
using global::NRules.Fluent;

namespace AssessmentScorer.Benchmarks.Qiaocheng;

/// <summary>The NRules encoding compiled and run, and its conclusions checked against the engine's results.</summary>
public static class QcNRules
{
    public const string RuleSet = "cn.anhui.bozhou.qiaocheng.high-quality@1.0.0";

    /// <summary>The session factory of the encoding's rules (every rule class of this namespace).</summary>
    public static ISessionFactory Compile()
    {
        var repository = new RuleRepository();
        repository.Load(x => x.From(typeof(QcNRules).Assembly.GetTypes().Where(t => t.Namespace == typeof(QcNRules).Namespace && typeof(global::NRules.Fluent.Dsl.Rule).IsAssignableFrom(t))));
        return repository.Compile();
    }

    /// <summary>One session over every hospital (the fastest setup: one insert of all facts, one fire).</summary>
    public static void Run(ISessionFactory factory, IReadOnlyList<QcHospital> hospitals)
    {
        foreach (var h in hospitals) h.Reset();
        var session = factory.CreateSession();
        session.InsertAll(hospitals);
        session.Fire();
    }

    /// <summary>Every disagreement between the engine's results and the rules' conclusions (empty when they agree on every indicator's status, met and points, and on total, grade and pass).</summary>
    public static List<string> Disagreements(IReadOnlyList<QcHospital> hospitals, IReadOnlyList<AssessmentResult> results)
    {
        var found = new List<string>();
        if (hospitals.Count != results.Count) found.Add($"{hospitals.Count} hospitals, {results.Count} results");
        for (var k = 0; k < Math.Min(hospitals.Count, results.Count); k++)
        {
            var h = hospitals[k];
            var r = results[k];
            if (r.Subject.Id != h.Id) { found.Add($"#{k}: result of {r.Subject.Id}, hospital {h.Id}"); continue; }
            if (!h.Graded) found.Add($"{h.Id}: not graded by the rules");
            var seen = 0;
            foreach (var ind in r.Indicators)
            {
                if (!QcIndicators.IndexOf.TryGetValue(ind.Id, out var i))
                {
                    if (ind.Status != IndicatorStatus.NotApplicable) found.Add($"{h.Id} {ind.Id}: {ind.Status} (a district indicator applied to a hospital)");
                    continue;
                }
                seen++;
                var o = h.Outcomes[i];
                var status = o?.Status ?? IndicatorStatus.NotApplicable;
                bool? met = o?.Met;
                var points = o?.Points ?? 0;
                if (ind.Status != status || ind.Met != met || ind.Points != points)
                    found.Add($"{h.Id} {ind.Id}: engine {ind.Status} met={ind.Met} points={ind.Points}, rules {status} met={met} points={points}");
            }
            if (seen != QcIndicators.Count) found.Add($"{h.Id}: {seen} of the {QcIndicators.Count} hospital indicators in the result");
            if (r.Total != h.Total || r.Grade != h.Grade || (r.Passed ?? false) != h.Passed)
                found.Add($"{h.Id}: engine total={r.Total}/{r.MaxTotal} grade={r.Grade} passed={r.Passed}, rules total={h.Total}/{h.MaxTotal} grade={h.Grade} passed={h.Passed}");
        }
        return found;
    }

    /// <summary>The hospitals as the engine's submissions.</summary>
    public static List<Submission> Submissions(IReadOnlyList<QcHospital> hospitals)
    {
        var list = new List<Submission>(hospitals.Count);
        foreach (var h in hospitals)
        {
            var parsed = Submission.ParseJson(h.ToJson());
            list.Add(parsed.Submission ?? throw new InvalidOperationException($"{h.Id}: {string.Join("; ", parsed.Problems.Select(p => p.Message))}"));
        }
        return list;
    }
}
