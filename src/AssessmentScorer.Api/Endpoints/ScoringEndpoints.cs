using System.Text.Json;
using System.Text.Json.Nodes;
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

        group.MapPost("/{scheme}/{version}/score/batch", async (string scheme, string version, HttpRequest request, RuleSetStore store,
                IOptions<ApiOptions> options, CancellationToken ct) =>
            {
                var (batch, failed) = await ReadBatchAsync(scheme, version, request, store, options.Value.Limits, ct);
                if (batch is null) return failed!;
                var (rs, subs, rejected, readCount) = batch;
                var cohort = Telemetry.Measure(rs, "batch", subs.Count, () => rs.ScoreCohort(subs));
                var invalid = cohort.Results.Count(r => r.Problems.Any(IsInputError));
                var incomplete = cohort.Results.Count(r => !r.DataComplete);
                var json = cohort.ToJson(indented: false);
                // Appended to the cohort's own JSON rather than through a JsonNode copy of it: a large batch's DOM took gigabytes.
                var counts = new BatchCounts(readCount, subs.Count, rejected.Count, invalid, incomplete);
                var tail = $",\"rejected\":{JsonSerializer.Serialize(rejected, JsonDefaults.Options)},\"counts\":{JsonSerializer.Serialize(counts, JsonDefaults.Options)}}}";
                return TypedResults.Text(string.Concat(json.AsSpan(0, json.LastIndexOf('}')), tail), "application/json", System.Text.Encoding.UTF8);
            })
            .WithName("ScoreBatch").WithSummary("Score a cohort (JSON array, or text/csv with data-dictionary headers): results with ranks, percentile grades and aggregates")
            .WithDescription("A submission that cannot be read is rejected (listed in 'rejected', counted in counts.rejected) and the rest are scored. " +
                             "A submission with invalid values is scored with those values treated as missing, as a single score is (which answers 422 " +
                             "with that result): the batch answers 200, that result's 'problems' name the values, and counts.invalid counts such results.")
            .Accepts<SubmissionDocument[]>("application/json", "text/csv", "application/csv")
            .Produces<BatchResponse>(200, "application/json")
            .ProducesProblems(400, 404, 413, 415, 422);
        return group;
    }

    /// <summary>A batch read and checked: the rule set chosen, the submissions, the rows rejected and how many were read.</summary>
    internal sealed record BatchInput(CompiledRuleSet RuleSet, IReadOnlyList<Submission> Submissions, List<RejectedRow> Rejected, int Read);

    /// <summary>
    /// Reads a batch body (a JSON array, or text/csv) for the rule set named in the route, as the batch score does: the
    /// version in force for its years, the size limits, the rows rejected. Null with the problem to answer when it cannot.
    /// </summary>
    internal static async Task<(BatchInput? Batch, IResult? Error)> ReadBatchAsync(string scheme, string version, HttpRequest request, RuleSetStore store,
        ApiLimits limits, CancellationToken ct)
    {
        var reading = VersionInForce.ForReading(store, scheme, version);
        if (reading is null) return (null, Problems.RuleSetNotFound($"{scheme}@{version}"));
        var media = Body.MediaType(request);
        var csv = media is "text/csv" or "application/csv";
        if (!csv && !Body.IsJson(media)) return (null, Problems.UnsupportedMediaType(media, "application/json (an array)", "text/csv"));
        var (text, error) = await Body.ReadAsync(request, limits.MaxBodyBytes, "request body", ct);
        if (error is not null) return (null, error);
        var table = csv ? SubmissionCsv.Read(text!, reading) : SubmissionBatch.ReadJsonArray(text!);
        if (Unreadable(table, csv) is { } fatal) return (null, fatal);
        var (rs, notInForce) = VersionInForce.Choose(store, scheme, version, table.Submissions.Select(s => s.Year), request.HttpContext.Response);
        if (notInForce is not null) return (null, notInForce);
        rs ??= reading;
        // A CSV is read by the fields of a rule set: read again by the version chosen (its own fields).
        if (csv && !ReferenceEquals(rs, reading))
        {
            table = SubmissionCsv.Read(text!, rs);
            if (Unreadable(table, csv) is { } fatalAgain) return (null, fatalAgain);
        }
        var readCount = table.RowsRead;
        if (readCount > limits.MaxBatchSize)
            return (null, Problems.Of(413, "AS5017", "Batch too large", $"The batch has {readCount} submissions; the limit is {limits.MaxBatchSize}."));
        var subs = table.Submissions;
        // A JSON array's rows are its indexes from 0; a CSV table's, the file's rows.
        var rejected = table.Rejected.Select(r => new RejectedRow(csv ? r.Row : r.Row - 1, r.Problems.Select(Error).ToArray())).ToList();
        if (subs.Count == 0)
            return (null, Problems.Of(422, "AS5005", "Nothing to score", "No submission in the batch could be read.", rejected.SelectMany(r => r.Problems)));
        if (TooMuchWork(subs.Count, limits, rs) is { } tooMuch) return (null, tooMuch);
        return (new BatchInput(rs, subs, rejected, readCount), null);
    }

    /// <summary>Bounds a batch by the indicator results it would produce, so a small request cannot take the server's memory.</summary>
    internal static IResult? TooMuchWork(int submissions, ApiLimits limits, params CompiledRuleSet[] ruleSets)
    {
        var results = ruleSets.Sum(r => (long)submissions * Math.Max(1, r.Indicators.Count));
        return results <= limits.MaxBatchIndicatorResults ? null
            : Problems.Of(413, "AS5017", "Batch too large", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The batch would produce {results} indicator results ({submissions} submissions × the indicators of the rule set); the limit is {limits.MaxBatchIndicatorResults}. Send it in parts."));
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
