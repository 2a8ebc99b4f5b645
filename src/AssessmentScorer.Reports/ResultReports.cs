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

    /// <summary>
    /// The same CSV as <see cref="Csv"/>, written in input order as the results are read (a cohort of any size): rows
    /// are made a chunk at a time on every core, each chunk's text written out before the next chunks are made.
    /// </summary>
    public static void WriteCsv(TextWriter output, CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results)
    {
        var header = Tables.SummaryHeader.Concat(rs.Indicators.SelectMany(i => new[] { $"{i.Name} [{i.Id}] 得分 points", $"{i.Name} [{i.Id}] 达标 met" })).ToList();
        Tables.WriteCsvHeader(output, header);
        const int chunk = 64;
        var chunks = (results.Count + chunk - 1) / chunk;
        var inFlight = Math.Max(1, Environment.ProcessorCount * 2);
        var texts = new StringWriter[Math.Min(inFlight, Math.Max(1, chunks))];
        for (var k = 0; k < texts.Length; k++) texts[k] = new StringWriter { NewLine = "\r\n" };
        for (var first = 0; first < chunks; first += texts.Length)
        {
            var n = Math.Min(texts.Length, chunks - first);
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
            {
                var text = texts[k];
                text.GetStringBuilder().Clear();
                var row = new XCell[header.Count];
                for (var i = (first + k) * chunk; i < Math.Min(results.Count, (first + k + 1) * chunk); i++)
                    Tables.WriteRow(text, CsvRow(row, results[i]));
            });
            for (var k = 0; k < n; k++) output.Write(texts[k].GetStringBuilder());
        }
    }

    /// <summary>One subject's CSV row in <paramref name="row"/>: the summary cells, then each indicator's points and met.</summary>
    private static XCell[] CsvRow(XCell[] row, AssessmentResult r)
    {
        var indicators = r.Indicators;
        // A result built by hand may carry other indicators than the rule set: its row is as long as they make it.
        if (row.Length != Tables.SummaryHeader.Length + 2 * indicators.Count) row = new XCell[Tables.SummaryHeader.Length + 2 * indicators.Count];
        Tables.FillSummaryRow(row, r);
        var c = Tables.SummaryHeader.Length;
        if (indicators is Results.IndicatorList list)
        {
            // The scorer's own results: points and met straight from the outcomes, which the records would carry.
            for (var i = 0; i < list.Count; i++)
            {
                ref readonly var o = ref list.At(i);
                row[c++] = XCell.Num(o.Points);
                row[c++] = Tables.Yes(o.Met);
            }
            return row;
        }
        foreach (var i in indicators)
        {
            row[c++] = XCell.Num(i.Points);
            row[c++] = Tables.Yes(i.Met);
        }
        return row;
    }

    /// <summary>The offline HTML report of the results (with the sensitivity section when one is given).</summary>
    public static string Html(CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates, SensitivityResult? sensitivity = null)
        => HtmlReport.Render(rs, results, aggregates, sensitivity);

    /// <summary>The same HTML report as <see cref="Html"/>, written into <paramref name="output"/> as UTF-8 as it is made (a cohort of any size).</summary>
    public static void WriteHtml(Stream output, CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates,
        SensitivityResult? sensitivity = null)
        => HtmlReport.Write(output, rs, results, aggregates, sensitivity);
}
