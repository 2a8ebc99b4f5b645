using AssessmentScorer.Reports;
using Spectre.Console;

namespace AssessmentScorer.Cli;

/// <summary>
/// How submissions are scored: <see cref="Auto"/> scores several as one cohort and a single one alone, whatever the
/// output format and however many rows were rejected.
/// </summary>
internal enum ScoreMode { Auto, Cohort, Alone }

internal static class ScoreCommand
{
    public static readonly string[] Formats = { "table", "json", "jsonl", "csv", "xlsx", "html" };

    public static readonly string[] Details = { "full", "indicators", "summary" };

    public static int Run(string rulesetsDir, string reference, string format, string? outPath, string[] previousFiles, string[] files,
        TextWriter stdout, TextWriter stderr, ScoreMode mode = ScoreMode.Auto, bool sensitivity = false, string detail = "full")
    {
        if (detail != "full" && format is not ("json" or "jsonl"))
        {
            stderr.WriteLine("error: --detail says how much of each result JSON carries; use it with --format json or jsonl");
            return Cli.Usage;
        }
        var resultDetail = detail switch { "indicators" => ResultDetail.Indicators, "summary" => ResultDetail.Summary, _ => ResultDetail.Full };
        var phases = new Phases(stderr);
        var code = Run(rulesetsDir, reference, format, outPath, previousFiles, files, stdout, stderr, mode, sensitivity, resultDetail, phases);
        phases.Report();
        return code;
    }

    private static int Run(string rulesetsDir, string reference, string format, string? outPath, string[] previousFiles, string[] files,
        TextWriter stdout, TextWriter stderr, ScoreMode mode, bool sensitivity, ResultDetail detail, Phases phases)
    {
        if (sensitivity && format != "html")
        {
            stderr.WriteLine("error: --sensitivity adds a section to the HTML report; use it with --format html (or the sensitivity command)");
            return Cli.Usage;
        }
        var installed = phases.Run("加载规则", "loading rule sets", () => RuleSetSources.InstalledFor(rulesetsDir, reference));
        var resolved = RuleSetSources.Resolve(installed, rulesetsDir, reference, stderr);
        if (resolved is null) return Cli.Usage;
        if (format == "xlsx" && outPath is null)
        {
            stderr.WriteLine("error: --format xlsx writes a workbook; give --out <file.xlsx>");
            return Cli.Usage;
        }
        foreach (var f in files.Concat(previousFiles))
            if (!File.Exists(f))
            {
                stderr.WriteLine($"error: no such file '{f}'");
                return Cli.Usage;
            }
        if (OutputFile.Refused(outPath, files.Concat(previousFiles).Append(reference), stderr)) return Cli.Usage;

        // The version in force in the submissions' year, unless a version is named (then a loud warning outside its period).
        if (phases.Run("读取", "reading", () => RuleSetSources.ReadFor(installed, reference, resolved, files, stderr)) is not var (rs, batch)) return Cli.Usage;
        var problems = new List<InputProblem>(batch.Problems);
        if (previousFiles.Length > 0)
        {
            var prev = Inputs.Read(previousFiles, rs);
            problems.AddRange(prev.Problems);
            var matched = Inputs.AttachPrevious(batch, prev, problems);
            if (matched < batch.Items.Count)
                stderr.WriteLine($"note: last year's data found for {matched} of {batch.Items.Count} subjects (matched by subject id)");
        }
        foreach (var p in problems) stderr.WriteLine(p.ToString());
        if (batch.Items.Count == 0)
        {
            stderr.WriteLine($"read {batch.Read}, scored 0, rejected {batch.Rejected}: no submission could be read");
            return Cli.Findings;
        }

        var subs = batch.Items.Select(i => i.Submission).ToArray();
        var batchSubs = sensitivity ? subs : null;
        if (!sensitivity) batch.Items.Clear();   // each submission is let go once scored (the cohort keeps only outcomes)
        IReadOnlyList<AssessmentResult> results;
        IReadOnlyList<AggregateResult> aggregates = Array.Empty<AggregateResult>();
        CohortResult? cohort = null;
        AssessmentResult? single = null;
        // One submission read is scored alone and several as a cohort, unless told otherwise; never by the output
        // format. A subject alone and the only subject of its stratum get the same (the library's rule).
        var alone = mode == ScoreMode.Alone || mode == ScoreMode.Auto && subs.Length == 1;
        if (alone)
        {
            var each = new AssessmentResult[subs.Length];
            phases.Run("评分", "scoring", () => { for (var i = 0; i < each.Length; i++) each[i] = rs.Score(subs[i]); });
            results = each;
            if (each.Length == 1) single = each[0];
        }
        else
        {
            cohort = phases.Run("评分", "scoring", () => WithProgress(subs.Length, stderr, p => rs.ScoreCohort(new Handed(subs, letGo: !sensitivity), p)));
            results = cohort.Results;
            aggregates = cohort.Aggregates;
        }

        if (format == "jsonl" || format == "json" && (cohort is not null || detail != ResultDetail.Full))
        {
            // Streamed, so a large cohort never becomes one string. Results scored alone are written as a cohort
            // without aggregates when the detail or the format asks for the rule-set constants once.
            var doc = cohort ?? new CohortResult(rs.Reference, results, Array.Empty<AggregateResult>());
            if (!phases.Run("写出", "writing", () => WriteTo(outPath, stdout, stderr, s =>
            {
                if (format == "jsonl") doc.WriteJsonLines(s, detail);
                else { doc.WriteJsonDetail(s, detail); s.WriteByte((byte)'\n'); }
            }))) return Cli.Usage;
            return Summary(batch, results, problems, results.Count, stderr);
        }
        switch (format)
        {
            case "csv":
                if (!phases.Run("写出", "writing", () => WriteTo(outPath, stdout, stderr, s =>
                {
                    using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
                    ResultReports.WriteCsv(w, rs, results);
                }))) return Cli.Usage;
                return Summary(batch, results, problems, results.Count, stderr);
            case "xlsx":
                if (!phases.Run("写出", "writing", () => WriteTo(outPath, stdout, stderr, s => WorkbookReport.Write(s, results, aggregates, problems, rs)))) return Cli.Usage;
                return Summary(batch, results, problems, results.Count, stderr);
            case "html":
                // Written into the file as it is made: a national cohort's report never becomes one string.
                if (!phases.Run("写出", "writing", () => WriteTo(outPath, stdout, stderr, s =>
                    ResultReports.WriteHtml(s, rs, results, aggregates, sensitivity ? Sensitivity.Analyze(rs, batchSubs!) : null)))) return Cli.Usage;
                return Summary(batch, results, problems, results.Count, stderr);
        }
        var output = phases.Run("写出", "writing", () => Render(format, rs, single, cohort, results, aggregates, problems, sensitivity ? Sensitivity.Analyze(rs, batchSubs!) : null));
        if (outPath is null)
        {
            if (output.Text is not null) stdout.Write(output.Text);
        }
        else
        {
            if (!(output.Bytes is not null ? OutputFile.TryWrite(outPath, output.Bytes, stderr) : OutputFile.TryWrite(outPath, output.Text ?? "", stderr))) return Cli.Usage;
            stderr.WriteLine($"wrote {outPath}");
        }

        return Summary(batch, results, problems, results.Count, stderr);
    }

    /// <summary>Writes to the file (whole or not at all, <see cref="OutputFile"/>) or to stdout, through a stream; says what it wrote. False when the file cannot be written (the error printed).</summary>
    private static bool WriteTo(string? outPath, TextWriter stdout, TextWriter stderr, Action<Stream> write)
    {
        if (outPath is null)
        {
            using (var sink = new TextWriterStream(stdout)) write(sink);
            stdout.Flush();
            return true;
        }
        if (!OutputFile.TryWrite(outPath, write, stderr)) return false;
        stderr.WriteLine($"wrote {outPath}");
        return true;
    }

    private static int Summary(InputBatch batch, IReadOnlyList<AssessmentResult> results, List<InputProblem> problems, int submissions, TextWriter stderr)
    {
        var rowErrors = problems.Count(p => !ProblemCodes.IsWarning(p.Code));
        var dataErrors = results.Sum(r => r.Problems.Count(p => ProblemCodes.Get(p.Code).Category == ProblemCategory.InvalidValue));
        var incomplete = results.Count(r => !r.DataComplete);
        // Each invalid value treated as missing, by subject and field, so that it can be found and corrected.
        const int shown = 50;
        var invalid = results.SelectMany(r => r.Problems.Where(p => ProblemCodes.Get(p.Code).Category == ProblemCategory.InvalidValue).Select(p => (r.Subject.Id, p)));
        var listed = 0;
        foreach (var (subject, p) in invalid)
            if (listed++ < shown) stderr.WriteLine($"{subject}: {p.Field}: invalid {p.Code}: {p.Message}{(p.Message.Contains("按缺失处理", StringComparison.Ordinal) ? "" : "（按缺失处理 treated as missing）")}");
        if (listed > shown) stderr.WriteLine($"… 另有 {listed - shown} 个无效值 and {listed - shown} more invalid value(s): every one is in the results' problems");
        if (submissions > 1 || batch.Rejected > 0 || problems.Count > 0 || incomplete > 0)
            stderr.WriteLine($"read {batch.Read}, scored {results.Count}, rejected {batch.Rejected}"
                + (dataErrors > 0 ? $"; {dataErrors} invalid value(s) treated as missing" : "")
                + (incomplete > 0 ? $"; {incomplete} subject(s) with missing data (缺少数据), their results are partial" : ""));
        if (batch.Rejected > 0 || rowErrors > 0 || dataErrors > 0) return Cli.Findings;
        return incomplete > 0 ? Cli.MissingData : Cli.Ok;
    }

    private sealed record Rendered(string? Text, byte[]? Bytes);

    private static Rendered Render(string format, CompiledRuleSet rs, AssessmentResult? single, CohortResult? cohort,
        IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates, IReadOnlyList<InputProblem> problems, SensitivityResult? sensitivity)
    {
        switch (format)
        {
            case "json":
                // One result; a cohort (when not streamed); or several scored alone, as an array of results.
                return new Rendered((single?.ToJson() ?? cohort?.ToJson() ?? "[\n" + string.Join(",\n", results.Select(r => r.ToJson())) + "\n]") + "\n", null);
            default:
                {
                    var w = new StringWriter();
                    if (cohort is not null) Table.Write(w, cohort);
                    else
                        for (var i = 0; i < results.Count; i++)
                        {
                            if (i > 0) w.WriteLine();
                            Table.Write(w, results[i]);
                        }
                    return new Rendered(w.ToString(), null);
                }
        }
    }

    /// <summary>
    /// The submissions handed to the cohort scoring: a collection, so the engine sizes its per-subject tables once for
    /// the count, and with <c>letGo</c> each submission is dropped from the array as it is taken (the cohort keeps only
    /// its outcomes), so the submitted values go as the scoring moves on.
    /// </summary>
    private sealed class Handed(Submission[] subs, bool letGo) : IReadOnlyCollection<Submission>
    {
        public int Count => subs.Length;

        public IEnumerator<Submission> GetEnumerator()
        {
            for (var i = 0; i < subs.Length; i++)
            {
                var s = subs[i];
                if (letGo) subs[i] = null!;
                yield return s;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A progress bar on stderr for cohorts that take more than a moment; nothing when stderr is not a terminal.</summary>
    internal static T WithProgress<T>(int total, TextWriter stderr, Func<IProgress<int>?, T> work)
    {
        if (total < 5_000 || Console.IsErrorRedirected || !ReferenceEquals(stderr, Console.Error)) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"scoring {total} subjects", maxValue: total);
                result = work(new SyncProgress(n => task.Value = n));
            });
        return result;
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary>A write-only stream that decodes UTF-8 into a TextWriter as it goes.</summary>
    private sealed class TextWriterStream(TextWriter writer) : WriteOnlyStream
    {
        private readonly System.Text.Decoder _decoder = new System.Text.UTF8Encoding(false).GetDecoder();
        private char[] _chars = new char[4096];

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var need = _decoder.GetCharCount(buffer, flush: false);
            if (need > _chars.Length) _chars = new char[need];
            var n = _decoder.GetChars(buffer, _chars, flush: false);
            writer.Write(_chars, 0, n);
        }

        public override void Flush() => writer.Flush();
    }

    internal static string[]? ReadLines(string file)
    {
        try { return File.ReadAllLines(file); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }
}
