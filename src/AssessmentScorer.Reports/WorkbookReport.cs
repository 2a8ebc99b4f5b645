
namespace AssessmentScorer.Reports;

/// <summary>The results workbook: summary, indicators, explanations, aggregates and input problems; Chinese headers, frozen header rows.</summary>
public static class WorkbookReport
{
    /// <param name="ruleSet">The rule set, to name sources by their document's title (file names when null).</param>
    public static void Write(Stream output, IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates, IReadOnlyList<InputProblem> problems,
        CompiledRuleSet? ruleSet = null)
    {
        var titles = new Tables.SourceTitles(ruleSet);
        var indicatorRow = new XCell[Tables.IndicatorHeader.Length];
        var explanationRow = new XCell[Tables.ExplanationHeader.Length];
        // Each subject's indicator and veto counts (its rows in the two large sheets), read once for both: a cohort
        // makes a result each time one is read.
        (int Indicators, int Vetoes)[]? counts = null;
        (int Indicators, int Vetoes) Count(int i)
        {
            if (counts is null)
            {
                counts = new (int, int)[results.Count];
                for (var k = 0; k < counts.Length; k++)
                {
                    var r = results[k];
                    counts[k] = (r.Indicators.Count, r.Vetoes.Count);
                }
            }
            return counts[i];
        }
        // Rows are made as each sheet is written (a large cohort is never held as cells).
        var sheets = new List<XSheet>
        {
            new("汇总 Summary", Tables.SummaryHeader, results.Select(Tables.SummaryRow)),
            // The two large sheets fill one row's cells over and over (the writer reads each row before the next), and
            // are made a run of subjects at a time on every core.
            new("指标 Indicators", Tables.IndicatorHeader, results.SelectMany(r => Tables.IndicatorRows(r, indicatorRow)))
            {
                Items = new XItems(results.Count, Tables.IndicatorHeader.Length, (i, row) => Tables.IndicatorRows(results[i], row))
                {
                    RowCount = i => Count(i).Indicators,
                },
            },
            new("说明 Explanations", Tables.ExplanationHeader, results.SelectMany(r => Tables.ExplanationRows(r, titles.Title, explanationRow)))
            {
                Items = new XItems(results.Count, Tables.ExplanationHeader.Length, (i, row) => Tables.ExplanationRows(results[i], titles.Title, row))
                {
                    RowCount = i => Count(i).Indicators + Count(i).Vetoes,
                    // The sentences encoded straight from the characters they are formatted into (no string for each).
                    Write = (i, row, sink) => Tables.WriteExplanationRows(results[i], titles.Title, row, sink),
                },
            },
        };
        sheets[2].Widths.AddRange(new double[] { 16, 24, 60, 60, 36 });
        sheets[2].Wrap.UnionWith(new[] { 2, 3 });
        if (aggregates.Count > 0) sheets.Add(new XSheet("队列 Aggregates", Tables.AggregateHeader, aggregates.Select(Tables.AggregateRow)) { Wrap = { 8 } });
        // Input problems name the file, row and column; a result's problems name the subject and the field.
        var dataProblems = problems.Select(p => (IReadOnlyList<XCell>)new XCell[] { "", p.File, XCell.Num(p.Row), p.Column, p.Field, p.Code, p.Message })
            .Concat(results.SelectMany(r => r.Problems.Select(p => (IReadOnlyList<XCell>)new XCell[] { r.Subject.Id, "", "", "", p.Field, p.Code, p.Message })));
        sheets.Add(new XSheet("问题 Problems", Tables.ProblemHeader, dataProblems) { Wrap = { 6 } });
        Xlsx.Write(output, sheets, ruleSet is null ? "评估结果 Assessment results" : $"{ruleSet.Title} · 评估结果 Assessment results");
    }
}
