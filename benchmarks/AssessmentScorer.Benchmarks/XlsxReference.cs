using System.Text;
using AssessmentScorer.Reports;
using SpreadCheetah;

namespace AssessmentScorer.Benchmarks;

/// <summary>
/// A same-run reference for the results workbook's writing (e2e-ref): a workbook of the same sheets, rows and cells as
/// the product's results workbook of the cohort, with about the same text, written by a plain streaming writer
/// (SpreadCheetah, fastest compression) with nothing else to do. The rows are the product's own tables (summary,
/// indicator, explanation and problem rows) of a sample of subjects taken across the cohort, made before the clock
/// starts and used in turn for every subject (each subject's id its own, each its own number of rows): the writer
/// alone is timed, not the results read nor the tables made.
/// </summary>
public static class XlsxReference
{
    private const int Sample = 64;

    /// <summary>A row as the writer's cells, and the UTF-8 bytes of its texts.</summary>
    private sealed record Row(Cell[] Cells, int TextBytes);

    /// <summary>The rows of one subject.</summary>
    private sealed record SubjectRows(Row Summary, Row[] Indicators, Row[] Explanations, Row[] Problems);

    /// <summary>One cold run and <paramref name="warmRuns"/> warm runs into <paramref name="path"/>: wall and process CPU of each, and what was written.</summary>
    public static object Measure(CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results, string path, int warmRuns = 2)
    {
        var ids = results.Select(r => new Cell(r.Subject.Id)).ToArray();
        var counts = results.Select(r => (r.Indicators.Count, r.Indicators.Count + r.Vetoes.Count, r.Problems.Count)).ToArray();
        var titles = new Tables.SourceTitles(rs);
        var sample = Enumerable.Range(0, Math.Min(Sample, results.Count)).Select(k => Rows(results[(int)((long)k * results.Count / Math.Min(Sample, results.Count))], titles)).ToArray();

        // What the workbook holds: rows and cells of every sheet (headers included), and the UTF-8 bytes of its texts.
        long rows = 4, cells = Tables.SummaryHeader.Length + Tables.IndicatorHeader.Length + Tables.ExplanationHeader.Length + Tables.ProblemHeader.Length, textBytes = 0;
        for (var i = 0; i < results.Count; i++)
        {
            var s = sample[i % sample.Length];
            var (ni, ne, np) = counts[i];
            rows += 1 + ni + ne + np;
            cells += s.Summary.Cells.Length + ni * Tables.IndicatorHeader.Length + ne * Tables.ExplanationHeader.Length + np * Tables.ProblemHeader.Length;
            textBytes += s.Summary.TextBytes + Cycle(s.Indicators, ni).Sum(r => r.TextBytes) + Cycle(s.Explanations, ne).Sum(r => r.TextBytes) + Cycle(s.Problems, np).Sum(r => r.TextBytes);
        }

        var runs = WritersBenchmark.Time(warmRuns, () =>
        {
            using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            Write(fs, ids, counts, sample).GetAwaiter().GetResult();
        });
        var bytes = new FileInfo(path).Length;
        File.Delete(path);
        return new { writer = "SpreadCheetah " + typeof(Spreadsheet).Assembly.GetName().Version, rows, cells, textBytes, fileBytes = bytes, runs };
    }

    /// <summary>The first <paramref name="n"/> rows of <paramref name="rows"/> taken in turn (a subject with more rows than the sample's repeats them).</summary>
    private static IEnumerable<Row> Cycle(Row[] rows, int n)
    {
        for (var j = 0; j < n && rows.Length > 0; j++) yield return rows[j % rows.Length];
    }

    private static async Task Write(Stream s, Cell[] ids, (int Indicators, int Explanations, int Problems)[] counts, SubjectRows[] sample)
    {
        await using var book = await Spreadsheet.CreateNewAsync(s, new SpreadCheetahOptions { BufferSize = 1 << 16, CompressionLevel = SpreadCheetahCompressionLevel.Fastest });
        async Task Sheet(string name, string[] header, Func<SubjectRows, Row[]>? many, Func<int, int> count)
        {
            await book.StartWorksheetAsync(name);
            await book.AddRowAsync(header.Select(h => new Cell(h)).ToArray());
            for (var i = 0; i < ids.Length; i++)
            {
                var subject = sample[i % sample.Length];
                if (many is null) { await Add(subject.Summary.Cells, ids[i]); continue; }
                foreach (var row in Cycle(many(subject), count(i))) await Add(row.Cells, ids[i]);
            }
        }
        async ValueTask Add(Cell[] row, Cell id)
        {
            row[0] = id;
            await book.AddRowAsync(row);
        }
        await Sheet("汇总 Summary", Tables.SummaryHeader, null, _ => 1);
        await Sheet("指标 Indicators", Tables.IndicatorHeader, r => r.Indicators, i => counts[i].Indicators);
        await Sheet("说明 Explanations", Tables.ExplanationHeader, r => r.Explanations, i => counts[i].Explanations);
        await Sheet("问题 Problems", Tables.ProblemHeader, r => r.Problems, i => counts[i].Problems);
        await book.FinishAsync();
    }

    private static SubjectRows Rows(AssessmentResult r, Tables.SourceTitles titles) => new(
        Of(Tables.SummaryRow(r)),
        Tables.IndicatorRows(r).Select(Of).ToArray(),
        Tables.ExplanationRows(r, titles.Title).Select(Of).ToArray(),
        r.Problems.Select(p => Of(new XCell[] { r.Subject.Id, "", "", "", p.Field, p.Code, p.Message })).ToArray());

    /// <summary>A row of the product's table as the writer's cells: numbers as numbers, yes/no and texts as text.</summary>
    private static Row Of(IReadOnlyList<XCell> row)
    {
        var texts = row.Select(c => c.Number is not null ? null : c.Flag is { } b ? (b ? "是" : "否") : c.Text ?? "").ToArray();
        return new Row(row.Select((c, k) => texts[k] is { } t ? new Cell(t) : new Cell(c.Number!.Value)).ToArray(), texts.Sum(t => t is null ? 0 : Encoding.UTF8.GetByteCount(t)));
    }
}
