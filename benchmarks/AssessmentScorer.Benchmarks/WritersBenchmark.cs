using System.Diagnostics;
using System.Text.Json;
using AssessmentScorer.Reports;
using SpreadCheetah;

namespace AssessmentScorer.Benchmarks;

/// <summary>
/// The writing phase of the workbook and HTML paths alone, in one process, on a scored cohort: each writer's first
/// (cold) run and its warm runs, wall and process CPU, beside two same-run references — the same number of cells
/// written by SpreadCheetah with nothing else to do (the floor of a streamed workbook), and the rows built and
/// enumerated without being written (what the tables cost before any XML).
/// </summary>
public static class WritersBenchmark
{
    public static void Run(CompiledRuleSet rs, string cohortJson, string dir, int runs)
    {
        Directory.CreateDirectory(dir);
        var table = SubmissionBatch.ReadJsonArray(File.ReadAllBytes(cohortJson));
        var cohort = rs.ScoreCohort(table.Submissions);
        var results = cohort.Results;
        var aggregates = cohort.Aggregates;
        var report = new Dictionary<string, object> { ["subjects"] = results.Count, ["load"] = Environment.ProcessorCount > 0 ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "" };

        // WRITERS=csv,json,indicators,summary,jsonl,xlsx,html,explain picks some (all by default).
        var only = Environment.GetEnvironmentVariable("WRITERS")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        bool Wanted(string name) => only is null || only.Contains(name);
        void Writer(string name, string file, Action<Stream> write)
        {
            if (!Wanted(name)) return;
            var path = Path.Combine(dir, file);
            report[name] = Time(runs, () =>
            {
                using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                write(fs);
            });
            report[name + "Bytes"] = new FileInfo(path).Length;
        }
        // The text the writers take from the results without writing it: each result made, every indicator's value,
        // display, target and explanation formatted, dimensions and reasons worked out (the library's formatting).
        if (Wanted("explain"))
            report["explain"] = Time(runs, () =>
            {
                long n = 0;
                foreach (var r in results)
                {
                    foreach (var i in r.Indicators) n += i.Explanation.Zh.Length + i.Explanation.En.Length + (i.DisplayValue?.Length ?? 0) + (i.Target?.Length ?? 0) + (i.Value is null ? 0 : 1);
                    n += r.Dimensions.Count + r.Reasons.Count;
                }
                GC.KeepAlive(n);
            });
        Writer("csv", "writers.csv", s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            ResultReports.WriteCsv(w, rs, results);
        });
        Writer("json", "writers.json", s => cohort.WriteJsonDetail(s, ResultDetail.Full));
        Writer("indicators", "writers.indicators.json", s => cohort.WriteJsonDetail(s, ResultDetail.Indicators));
        Writer("summary", "writers.summary.json", s => cohort.WriteJsonDetail(s, ResultDetail.Summary));
        Writer("jsonl", "writers.jsonl", s => cohort.WriteJsonLines(s, ResultDetail.Full));
        Writer("xlsx", "writers.xlsx", s => WorkbookReport.Write(s, results, aggregates, Array.Empty<InputProblem>(), rs));
        Writer("html", "writers.html", s => ResultReports.WriteHtml(s, rs, results, aggregates));
        if (only is not null || Environment.GetEnvironmentVariable("WRITERS_ONLY") is not null) { Console.WriteLine(JsonSerializer.Serialize(report)); return; }
        // Rows built and read, nothing written: the tables' own cost.
        report["rowsOnly"] = Time(runs, () =>
        {
            long n = 0;
            foreach (var r in results)
            {
                n += Tables.SummaryRow(r).Count;
                foreach (var row in Tables.IndicatorRows(r)) n += row.Count;
                foreach (var row in Tables.ExplanationRows(r, rs)) n += row.Count;
            }
            GC.KeepAlive(n);
        });
        // The floor: as many rows and cells through SpreadCheetah, strings already made, numbers as numbers.
        var cells = results.Sum(r => r.Indicators.Count);
        var floor = Path.Combine(dir, "floor.xlsx");
        report["spreadCheetahFloor"] = Time(runs, () =>
        {
            using var fs = new FileStream(floor, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            Floor(fs, results).GetAwaiter().GetResult();
        });
        report["floorBytes"] = new FileInfo(floor).Length;
        report["indicatorRows"] = cells;
        Console.WriteLine(JsonSerializer.Serialize(report));
    }

    private static async Task Floor(Stream s, IReadOnlyList<AssessmentResult> results)
    {
        await using var book = await Spreadsheet.CreateNewAsync(s, new SpreadCheetahOptions { BufferSize = 1 << 16, CompressionLevel = SpreadCheetahCompressionLevel.Fastest });
        await book.StartWorksheetAsync("Indicators");
        var row = new Cell[13];
        foreach (var r in results)
            foreach (var i in r.Indicators)
            {
                row[0] = new Cell(r.Subject.Id); row[1] = new Cell(r.Subject.Name); row[2] = new Cell(i.Id); row[3] = new Cell(i.Name); row[4] = new Cell(i.NameEn);
                row[5] = new Cell(i.Dimension); row[6] = new Cell(i.DisplayValue); row[7] = new Cell(i.Target); row[8] = new Cell(i.Met == true ? "是" : "否");
                row[9] = new Cell(i.Points); row[10] = new Cell(i.MaxPoints); row[11] = new Cell("已计分"); row[12] = new Cell("");
                await book.AddRowAsync(row);
            }
        await book.StartWorksheetAsync("Explanations");
        var ex = new Cell[5];
        foreach (var r in results)
            foreach (var i in r.Indicators)
            {
                ex[0] = new Cell(r.Subject.Id); ex[1] = new Cell(i.Id); ex[2] = new Cell(i.Explanation.Zh); ex[3] = new Cell(i.Explanation.En); ex[4] = new Cell(i.Source);
                await book.AddRowAsync(ex);
            }
        await book.FinishAsync();
    }

    /// <summary>A cold run and <paramref name="runs"/> warm ones of <paramref name="a"/>: wall and process CPU of each, and the load.</summary>
    internal static object Time(int runs, Action a)
    {
        var list = new List<object>();
        var p = Process.GetCurrentProcess();
        for (var k = 0; k <= runs; k++)
        {
            GC.Collect();
            p.Refresh();
            var cpu0 = p.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            a();
            var wall = sw.Elapsed.TotalMilliseconds;
            p.Refresh();
            list.Add(new { wallMs = Math.Round(wall), cpuMs = Math.Round((p.TotalProcessorTime - cpu0).TotalMilliseconds), load = File.ReadAllText("/proc/loadavg").Split(' ')[0] });
        }
        return list;
    }
}
