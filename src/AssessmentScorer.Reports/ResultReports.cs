namespace AssessmentScorer.Reports;

/// <summary>The result reports both hosts write from the same results: CSV (one row per subject) and the HTML report.
/// The workbook is <see cref="WorkbookReport"/>; JSON is the library's own writer.</summary>
public static class ResultReports
{
    /// <summary>One row per subject: the summary columns, then each indicator's points and met.</summary>
    public static string Csv(CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results)
    {
        var w = new StringWriter { NewLine = "\r\n" };
        WriteCsv(w, rs, results);
        return w.ToString();
    }

    /// <summary>The same CSV as <see cref="Csv"/>, written row by row as each result is read (a cohort of any size).</summary>
    public static void WriteCsv(TextWriter output, CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results)
    {
        var header = Tables.SummaryHeader.Concat(rs.Indicators.SelectMany(i => new[] { $"{i.Name} [{i.Id}] 得分 points", $"{i.Name} [{i.Id}] 达标 met" })).ToList();
        var rows = results.Select(r => (IReadOnlyList<XCell>)Tables.SummaryRow(r)
            .Concat(r.Indicators.SelectMany(i => new[] { XCell.Num(i.Points), (XCell)Tables.Yes(i.Met) })).ToList());
        Tables.WriteCsv(output, header, rows);
    }

    /// <summary>The offline HTML report of the results (with the sensitivity section when one is given).</summary>
    public static string Html(CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates, SensitivityResult? sensitivity = null)
        => HtmlReport.Render(rs, results, aggregates, sensitivity);

    /// <summary>The same HTML report as <see cref="Html"/>, written into <paramref name="output"/> as UTF-8 as it is made (a cohort of any size).</summary>
    public static void WriteHtml(Stream output, CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates,
        SensitivityResult? sensitivity = null)
        => HtmlReport.Write(output, rs, results, aggregates, sensitivity);
}
