using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AssessmentScorer.Api.Endpoints;

internal static class ScoringEndpoints
{
    /// <summary>Problems in the data itself (as opposed to missing data): the request is answered 422 with the partial result.</summary>
    internal static bool IsInputError(Problem p) => ProblemCodes.Get(p.Code).Category == ProblemCategory.InvalidValue;

    public static RouteGroupBuilder MapScoring(this RouteGroupBuilder group)
    {
        group.MapPost("/{scheme}/{version}/score", async (string scheme, string version, HttpRequest request, RuleSetStore store,
                IOptions<ApiOptions> options, CancellationToken ct) =>
            {
                if (VersionInForce.ForReading(store, scheme, version) is null) return Problems.RuleSetNotFound($"{scheme}@{version}");
                var media = Body.MediaType(request);
                if (!Body.IsJson(media)) return Problems.UnsupportedMediaType(media, "application/json");
                var (text, error) = await Body.ReadAsync(request, options.Value.Limits.MaxBodyBytes, "request body", ct);
                if (error is not null) return error;
                var parsed = Submission.ParseJson(text!);
                if (parsed.Submission is null) return Unusable(parsed.Problems);
                var (rs, notInForce) = VersionInForce.Choose(store, scheme, version, new[] { parsed.Submission.Year }, request.HttpContext.Response);
                if (rs is null) return notInForce!;
                var result = Telemetry.Measure(rs, "score", 1, () => rs.Score(parsed.Submission));
                var json = result.ToJson(indented: false);
                var bad = result.Problems.Where(IsInputError).ToList();
                if (bad.Count > 0)
                    return Problems.Of(422, bad[0].Code, "Invalid values", $"{bad.Count} value(s) are invalid; they were treated as missing and every other indicator was scored (see 'result').",
                        bad.Select(Problems.From), new Dictionary<string, object?> { ["result"] = JsonNode.Parse(json) });
                return TypedResults.Text(json, "application/json", System.Text.Encoding.UTF8);
            })
            .WithName("Score").WithSummary("Score one submission (docs/submission-format.md)")
            .WithDescription("Invalid values (a text where a number belongs, a value out of its range, a key given twice) are treated as missing: " +
                             "the answer is then a 422 problem whose 'errors' name each value and whose 'result' is the result of every other indicator. " +
                             "Unknown keys and missing data are not errors: the 200 result's 'problems' lists them.")
            .Accepts<SubmissionDocument>("application/json")
            .Produces<AssessmentResult>(200, "application/json")
            .ProducesProblems(400, 404, 413, 415, 422);

        group.MapPost("/{scheme}/{version}/score/batch", async (string scheme, string version, [FromQuery(Name = "detail")] string? detail, HttpRequest request,
                RuleSetStore store, BatchGate gate, IOptions<ApiOptions> options, CancellationToken ct) =>
            {
                var reading = VersionInForce.ForReading(store, scheme, version);
                if (reading is null) return Problems.RuleSetNotFound($"{scheme}@{version}");
                var kind = KindOf(request);
                if (kind is null) return UnsupportedBatch(request);
                if (Detail(detail) is not { } resultDetail) return BadDetail(detail);
                var limits = options.Value.Limits;
                // The turn is taken before the body is read: batches waiting in the queue hold no body in memory.
                IDisposable? turn = request.ContentLength is { } length && length <= limits.QueuedBatchBytes ? null : await gate.EnterAsync(ct);
                if (turn is null && !(request.ContentLength <= limits.QueuedBatchBytes))
                {
                    request.HttpContext.Response.Headers.RetryAfter = limits.BatchRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Problems.Of(429, "AS5023", "Too many batches", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{gate.Concurrency} batch(es) are being scored and {limits.MaxQueuedBatches} are waiting; retry after {limits.BatchRetryAfterSeconds} s."));
                }
                var handedOver = false;
                try
                {
                    var response = await Batch(kind.Value, resultDetail, scheme, version, request, store, reading, limits, turn, ct);
                    handedOver = response is StreamedResult;
                    return response;
                }
                finally
                {
                    if (!handedOver) turn?.Dispose();
                }
            })
            .WithName("ScoreBatch").WithSummary("Score a cohort (JSON array, or text/csv with data-dictionary headers): results with ranks, percentile grades and aggregates")
            .WithDescription("A submission that cannot be read is rejected (listed in 'rejected', counted in counts.rejected) and the rest are scored. " +
                             "A submission with invalid values is scored with those values treated as missing, as a single score is (which answers 422 " +
                             "with that result): the batch answers 200, that result's 'problems' name the values, and counts.invalid counts such results.")
            .Accepts<SubmissionDocument[]>("application/json", "application/x-ndjson", "text/csv", "application/csv", Xlsx)
            .Produces<BatchResponse>(200, "application/json", "application/x-ndjson")
            .ProducesProblems(400, 404, 413, 415, 422);
        return group;
    }

    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The <c>?detail=</c> of a response of many results: full (the default), indicators or summary; null for anything else.</summary>
    internal static ResultDetail? Detail(string? detail) => detail switch
    {
        null or "" or "full" => ResultDetail.Full,
        "indicators" => ResultDetail.Indicators,
        "summary" => ResultDetail.Summary,
        _ => null,
    };

    internal static IResult BadDetail(string? detail) =>
        Problems.Of(400, "AS5018", "Bad query", $"detail must be full, indicators or summary, not '{detail}'.",
            new[] { new ProblemError("AS5018", "full, indicators or summary", Field: "detail") });

    /// <summary>Whether the caller asked for JSON lines (and not JSON).</summary>
    internal static bool WantsLines(HttpRequest request) => Body.Accepts(request, "application/x-ndjson") && !Body.Accepts(request, "application/json");

    internal enum BatchKind { Json, JsonLines, Csv, Xlsx }

    /// <summary>The kind of batch a request's body is (by its media type), or null when it is none the batch routes read.</summary>
    internal static BatchKind? KindOf(HttpRequest request) => Body.MediaType(request) switch
    {
        "text/csv" or "application/csv" => BatchKind.Csv,
        "application/x-ndjson" or "application/jsonl" => BatchKind.JsonLines,
        Xlsx => BatchKind.Xlsx,
        var media when Body.IsJson(media) => BatchKind.Json,
        _ => null,
    };

    /// <summary>The 415 problem for a body that is no batch.</summary>
    internal static IResult UnsupportedBatch(HttpRequest request) =>
        Problems.UnsupportedMediaType(Body.MediaType(request), "application/json (an array)", "application/x-ndjson", "text/csv", Xlsx);

    /// <summary>
    /// Reads a batch body (a JSON array, NDJSON, CSV or the xlsx template) for the rule set named in the route: the version
    /// in force for its years, the size limits (<paramref name="large"/>: a streamed answer's), the rows rejected. Null with
    /// the problem to answer when it cannot be read.
    /// </summary>
    internal static async Task<(BatchInput? Batch, IResult? Error)> ReadBatchAsync(BatchKind kind, string scheme, string version, HttpRequest request,
        RuleSetStore store, CompiledRuleSet reading, ApiLimits limits, bool large, CancellationToken ct)
    {
        var (body, error) = await Body.ReadBytesAsync(request, large ? limits.MaxBatchBodyBytes : limits.MaxBodyBytes, "request body", ct);
        if (error is not null) return (null, error);
        SubmissionTable table;
        string? csvText = null;
        List<IReadOnlyList<string>>? sheet = null;
        List<int>? sheetRows = null;
        switch (kind)
        {
            case BatchKind.Xlsx:
                {
                    var read = Reports.Xlsx.ReadFirstSheet(body!);
                    if (read.Error is not null)
                        return (null, Problems.Of(422, "AS5021", "Unreadable workbook", read.Error, new[] { new ProblemError("AS5021", read.Error, Field: "$") }));
                    (sheet, sheetRows) = (read.Rows, read.Numbers);
                    table = SubmissionCsv.ReadRows(sheet, sheetRows, reading);
                    break;
                }
            default:
                if (!System.Text.Unicode.Utf8.IsValid(Body.WithoutBom(body!))) return (null, Problems.NotUtf8());
                if (kind == BatchKind.Csv) table = SubmissionCsv.Read(csvText = System.Text.Encoding.UTF8.GetString(Body.WithoutBom(body!)), reading);
                else if (kind == BatchKind.JsonLines) table = SubmissionBatch.ReadJsonLines(Body.WithoutBom(body!));
                else table = SubmissionBatch.ReadJsonArray(Body.WithoutBom(body!));
                break;
        }
        body = null;
        var tabular = kind is BatchKind.Csv or BatchKind.Xlsx;
        if (Unreadable(table, tabular) is { } fatal) return (null, fatal);
        var (rs, notInForce) = VersionInForce.Choose(store, scheme, version, table.Submissions.Select(s => s.Year), request.HttpContext.Response);
        if (notInForce is not null) return (null, notInForce);
        rs ??= reading;
        // A table is read by the fields of a rule set: read again by the version chosen (its own fields).
        if (tabular && !ReferenceEquals(rs, reading))
        {
            table = csvText is not null ? SubmissionCsv.Read(csvText, rs) : SubmissionCsv.ReadRows(sheet!, sheetRows!, rs);
            if (Unreadable(table, tabular) is { } fatalAgain) return (null, fatalAgain);
        }
        csvText = null;
        sheet = null;
        var readCount = table.RowsRead;
        if (readCount > limits.MaxBatchSize)
            return (null, Problems.Of(413, "AS5017", "Batch too large", $"The batch has {readCount} submissions; the limit is {limits.MaxBatchSize}."));
        var subs = table.Submissions;
        // A JSON array's rows are its indexes from 0; a table's, the file's rows; JSON lines', the lines.
        var rejected = table.Rejected.Select(r => new RejectedRow(kind == BatchKind.Json ? r.Row - 1 : r.Row, r.Problems.Select(Error).ToArray())).ToList();
        if (subs.Count == 0)
            return (null, Problems.Of(422, "AS5005", "Nothing to score", "No submission in the batch could be read.", rejected.SelectMany(r => r.Problems)));
        if (TooMuchWork(subs.Count, limits, streamed: large, rs) is { } tooMuch) return (null, tooMuch);
        return (new BatchInput(rs, subs, rejected, readCount), null);
    }

    /// <summary>Reads, scores and answers one batch (its turn taken): the response streams the results as they are written.</summary>
    private static async Task<IResult> Batch(BatchKind kind, ResultDetail detail, string scheme, string version, HttpRequest request, RuleSetStore store,
        CompiledRuleSet reading, ApiLimits limits, IDisposable? turn, CancellationToken ct)
    {
        var (batch, failed) = await ReadBatchAsync(kind, scheme, version, request, store, reading, limits, large: true, ct);
        if (batch is null) return failed!;
        var (rs, subs, rejected, readCount) = batch;
        batch = null;
        var cohort = Telemetry.Measure(rs, "batch", subs.Count, () => rs.ScoreCohort(subs));
        subs = null!;
        var invalid = 0;
        var incomplete = 0;
        foreach (var r in cohort.Results)
        {
            if (r.Problems.Any(IsInputError)) invalid++;
            if (!r.DataComplete) incomplete++;
        }
        var counts = new BatchCounts(readCount, cohort.Results.Count, rejected.Count, invalid, incomplete);
        var rejectedJson = JsonSerializer.Serialize(rejected, JsonDefaults.Options);
        var countsJson = JsonSerializer.Serialize(counts, JsonDefaults.Options);
        if (WantsLines(request))
            return new StreamedResult("application/x-ndjson", stream =>
            {
                cohort.WriteJsonLines(stream, detail);
                var tail = System.Text.Encoding.UTF8.GetBytes($"{{\"rejected\":{rejectedJson},\"counts\":{countsJson}}}\n");
                stream.Write(tail);
            }, turn);
        // The cohort's own JSON with rejected and counts added before its last brace (never a copy of the whole).
        return new StreamedResult("application/json; charset=utf-8", stream =>
        {
            using (var held = new LastByteHeld(stream)) cohort.WriteJsonDetail(held, detail, indented: false);
            stream.Write(System.Text.Encoding.UTF8.GetBytes($",\"rejected\":{rejectedJson},\"counts\":{countsJson}}}"));
        }, turn);
    }

    /// <summary>Passes writes through but holds back the last byte written (the closing brace of a JSON object), which is dropped.</summary>
    internal sealed class LastByteHeld(Stream inner) : Reports.WriteOnlyStream
    {
        private int _held = -1;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length == 0) return;
            if (_held >= 0) inner.WriteByte((byte)_held);
            inner.Write(buffer[..^1]);
            _held = buffer[^1];
        }

        public override void Flush() => inner.Flush();
    }

    /// <summary>A batch read and checked: the rule set chosen, the submissions, the rows rejected and how many were read.</summary>
    internal sealed record BatchInput(CompiledRuleSet RuleSet, IReadOnlyList<Submission> Submissions, List<RejectedRow> Rejected, int Read);

    /// <summary>Bounds a batch by the indicator results it would produce, so a small request cannot take the server's memory.</summary>
    internal static IResult? TooMuchWork(int submissions, ApiLimits limits, params CompiledRuleSet[] ruleSets) =>
        TooMuchWork(submissions, limits, streamed: false, ruleSets);

    /// <summary>
    /// Bounds work by the indicator results it would produce: a streamed batch by <see cref="ApiLimits.MaxBatchIndicatorResults"/>,
    /// an answer built whole (comparison, sensitivity) by the smaller of that and <see cref="ApiLimits.MaxHeldIndicatorResults"/>.
    /// </summary>
    internal static IResult? TooMuchWork(int submissions, ApiLimits limits, bool streamed, params CompiledRuleSet[] ruleSets)
    {
        var limit = streamed ? limits.MaxBatchIndicatorResults : Math.Min(limits.MaxBatchIndicatorResults, limits.MaxHeldIndicatorResults);
        var results = ruleSets.Sum(r => (long)submissions * Math.Max(1, r.Indicators.Count));
        return results <= limit ? null
            : Problems.Of(413, "AS5017", "Batch too large", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The batch would produce {results} indicator results ({submissions} submissions × the indicators of the rule set); the limit is {limit}. Send it in parts."));
    }

    internal static IResult Unusable(IReadOnlyList<Problem> problems)
    {
        var malformed = problems.FirstOrDefault(p => p.Code == "AS5001");
        return malformed is not null
            ? Problems.Of(400, "AS5001", "Malformed JSON", malformed.Message, problems.Select(Problems.From))
            : Problems.Of(422, problems.FirstOrDefault()?.Code ?? "AS5005", "Unusable submission", "The submission cannot be scored; see errors.", problems.Select(Problems.From));
    }

    /// <summary>The batch as a whole cannot be read: JSON that is not JSON or not an array, or a CSV header without an id column.</summary>
    private static IResult? Unreadable(SubmissionTable table, bool csv)
    {
        if (csv)
        {
            var header = table.Problems.Where(p => p.Row == 1 && p.Code == "AS5005").ToList();
            return header.Count == 0 ? null : Problems.Of(422, "AS5005", "Unusable CSV header", header[0].Message,
                header.Select(p => new ProblemError(p.Code, p.Message, Field: p.Field)));
        }
        var whole = table.Problems.Where(p => p.Row == 0).ToList();
        if (whole.Count == 0) return null;
        return whole[0].Code == "AS5002"
            ? Problems.Of(422, "AS5022", "Not a batch", "A JSON batch is an array of submissions.", new[] { new ProblemError("AS5022", "expected an array", Field: "$") })
            : Unusable(whole.Select(p => new Problem(p.Field, p.Code, p.Message)).ToList());
    }

    /// <summary>A row's problem as an entry of <c>errors</c>: its field path, or the column when the cell feeds no field.</summary>
    private static ProblemError Error(RowProblem p) => new(p.Code, p.Message, Field: p.Field.Length > 0 ? p.Field : p.Column);
}

internal static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
