using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli;

/// <summary>Readable plain-text results for a terminal.</summary>
internal static class Table
{
    public static void Write(TextWriter w, AssessmentResult r)
    {
        w.WriteLine($"{r.Subject.Name ?? r.Subject.Id} ({r.Subject.Id}) · {r.Year} · {r.RuleSet.Scheme}@{r.RuleSet.Version}");
        w.WriteLine($"总分 Total: {Output.Num(r.Total)} / {Output.Num(r.MaxTotal)}   覆盖率 Coverage: {Tables.Coverage(r)}   等级 Grade: {r.Grade ?? "—"}   通过 Passed: {Show(r.Passed)}");
        if (r.Coverage?.GradeWithheld is { } wh) w.WriteLine($"不评等级 No grade: {wh.Zh} / {wh.En}");
        if (r.NextGrade is { } g) w.WriteLine($"距 {g.Grade} 还差 {Output.Num(g.PointsNeeded)} 分 / {Output.Num(g.PointsNeeded)} points short of {g.Grade}");
        foreach (var v in r.Vetoes.Where(v => v.Triggered != false)) w.WriteLine($"! {v.Explanation.Zh} / {v.Explanation.En}");
        w.WriteLine();
        var rows = r.Indicators.Select(i => new[]
        {
            i.Id, i.Name, i.DisplayValue ?? "—", i.Target ?? "—", i.Met switch { true => "✓", false => "✗", _ => "·" },
            $"{Output.Num(i.Points)}/{Output.Num(i.MaxPoints)}", Status(i.Status),
        }).ToList();
        Output.Table(w, new[] { "indicator", "指标", "value", "target", "met", "points", "status" }, rows);
        if (r.Dimensions.Count > 0)
        {
            w.WriteLine();
            Output.Table(w, new[] { "dimension", "维度", "points" }, r.Dimensions.Select(d => new[] { d.Id, d.Name, $"{Output.Num(d.Points)}/{Output.Num(d.MaxPoints)}" }).ToList());
        }
        if (r.Reasons.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("失分最多 Most points lost:");
            foreach (var x in r.Reasons) w.WriteLine($"  -{Output.Num(x.PointsLost)}  {x.Explanation.Zh}");
        }
        if (r.Problems.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("数据问题 Problems:");
            foreach (var p in r.Problems) w.WriteLine($"  {p.Field}: {p.Code}: {p.Message}");
        }
    }

    public static void Write(TextWriter w, CohortResult c)
    {
        w.WriteLine($"{c.RuleSet.Scheme}@{c.RuleSet.Version} · {c.Results.Count} subjects");
        var rows = c.Results.Select(r => new[]
        {
            r.Subject.Id, r.Subject.Name ?? "", r.Subject.Tier ?? "", $"{Output.Num(r.Total)}/{Output.Num(r.MaxTotal)}", Tables.Coverage(r), r.Grade ?? "—", Show(r.Passed),
            r.Cohort is { } s ? $"{s.Rank}/{s.Of} {s.Stratum}" : "", r.Problems.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        Output.Table(w, new[] { "subject", "名称", "tier", "total", "coverage", "grade", "passed", "rank", "problems" }, rows);
        if (c.Aggregates.Count > 0)
        {
            w.WriteLine();
            foreach (var a in c.Aggregates) w.WriteLine($"{(a.Met switch { true => "✓", false => "✗", _ => "·" })} {a.Explanation.Zh}");
        }
    }

    private static string Show(bool? b) => b switch { true => "yes", false => "no", _ => "—" };

    private static string Status(IndicatorStatus s) => s switch
    {
        IndicatorStatus.Scored => "scored",
        IndicatorStatus.Missing => "missing",
        IndicatorStatus.NotApplicable => "n/a",
        IndicatorStatus.Undefined => "undefined",
        _ => "vetoed",
    };
}
