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
    public static readonly string[] Formats = { "table", "json", "csv", "xlsx", "html" };

    public static int Run(string rulesetsDir, string reference, string format, string? outPath, string[] previousFiles, string[] files,
        TextWriter stdout, TextWriter stderr, ScoreMode mode = ScoreMode.Auto, bool sensitivity = false)
    {
        if (sensitivity && format != "html")
        {
            stderr.WriteLine("error: --sensitivity adds a section to the HTML report; use it with --format html (or the sensitivity command)");
            return Cli.Usage;
        }
        var installed = RuleSetSources.Installed(rulesetsDir);
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

        // The version in force in the submissions' year, unless a version is named (then a loud warning outside its period).
        if (RuleSetSources.ReadFor(installed, reference, resolved, files, stderr) is not var (rs, batch)) return Cli.Usage;
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

        var subs = batch.Items.Select(i => i.Submission).ToList();
        IReadOnlyList<AssessmentResult> results;
        IReadOnlyList<AggregateResult> aggregates = Array.Empty<AggregateResult>();
        CohortResult? cohort = null;
        AssessmentResult? single = null;
        // One submission read is scored alone and several as a cohort, unless told otherwise; never by the output
        // format. A subject alone and the only subject of its stratum get the same (the library's rule).
        var alone = mode == ScoreMode.Alone || mode == ScoreMode.Auto && subs.Count == 1;
        if (alone)
        {
            var each = new AssessmentResult[subs.Count];
            for (var i = 0; i < each.Length; i++) each[i] = rs.Score(subs[i]);
            results = each;
            if (each.Length == 1) single = each[0];
        }
        else
        {
            cohort = WithProgress(subs.Count, stderr, p => rs.ScoreCohort(subs, p));
            results = cohort.Results;
            aggregates = cohort.Aggregates;
        }

        if (format == "json" && cohort is not null)
        {
            // Streamed, so a large cohort never becomes one string.
            if (outPath is null)
            {
                using var sink = new TextWriterStream(stdout);
                cohort.WriteJson(sink);
                stdout.WriteLine();
            }
            else
            {
                CreateDirectoryFor(outPath);
                using (var fs = File.Create(outPath)) { cohort.WriteJson(fs); fs.WriteByte((byte)'\n'); }
                stderr.WriteLine($"wrote {outPath}");
            }
            return Summary(batch, results, problems, subs.Count, stderr);
        }
        var output = Render(format, rs, single, cohort, results, aggregates, problems, sensitivity ? Sensitivity.Analyze(rs, subs) : null);
        if (outPath is null)
        {
            if (output.Text is not null) stdout.Write(output.Text);
        }
        else
        {
            CreateDirectoryFor(outPath);
            if (output.Bytes is not null) File.WriteAllBytes(outPath, output.Bytes);
            else File.WriteAllText(outPath, output.Text);
            stderr.WriteLine($"wrote {outPath}");
        }

        return Summary(batch, results, problems, subs.Count, stderr);
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

    private static void CreateDirectoryFor(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
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
            case "csv":
                return new Rendered(ResultReports.Csv(rs, results), null);
            case "xlsx":
                {
                    using var ms = new MemoryStream();
                    WorkbookReport.Write(ms, results, aggregates, problems, rs);
                    return new Rendered(null, ms.ToArray());
                }
            case "html":
                return new Rendered(ResultReports.Html(rs, results, aggregates, sensitivity), null);
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
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly System.Text.Decoder _decoder = new System.Text.UTF8Encoding(false).GetDecoder();
        private char[] _chars = new char[4096];

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var need = _decoder.GetCharCount(buffer, flush: false);
            if (need > _chars.Length) _chars = new char[need];
            var n = _decoder.GetChars(buffer, _chars, flush: false);
            writer.Write(_chars, 0, n);
        }

        public override void Flush() => writer.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    internal static string[]? ReadLines(string file)
    {
        try { return File.ReadAllLines(file); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }
}
