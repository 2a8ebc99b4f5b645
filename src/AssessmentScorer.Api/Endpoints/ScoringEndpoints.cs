using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace AssessmentScorer.Api.Endpoints;

internal static class ScoringEndpoints
{
    /// <summary>Problems in the data itself (as opposed to missing data): the request is answered 422 with the partial result.</summary>
    internal static readonly HashSet<string> InputErrorCodes = new(StringComparer.Ordinal) { "AS5002", "AS5003", "AS5006", "AS5007", "AS5008" };

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
                var result = rs.Score(parsed.Submission);
                var json = result.ToJson(indented: false);
                var bad = result.Problems.Where(p => InputErrorCodes.Contains(p.Code)).ToList();
                if (bad.Count > 0)
                    return Problems.Of(422, bad[0].Code, "Invalid values", $"{bad.Count} value(s) are invalid; they were treated as missing and every other indicator was scored (see 'result').",
                        bad.Select(Problems.From), new Dictionary<string, object?> { ["result"] = JsonNode.Parse(json) });
                return TypedResults.Text(json, "application/json", System.Text.Encoding.UTF8);
            })
            .WithName("Score").WithSummary("Score one submission (docs/submission-format.md)")
            .Accepts<SubmissionDocument>("application/json")
            .Produces<AssessmentResult>(200, "application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422);

        group.MapPost("/{scheme}/{version}/score/batch", async (string scheme, string version, HttpRequest request, RuleSetStore store,
                IOptions<ApiOptions> options, CancellationToken ct) =>
            {
                var reading = VersionInForce.ForReading(store, scheme, version);
                if (reading is null) return Problems.RuleSetNotFound($"{scheme}@{version}");
                var media = Body.MediaType(request);
                var csv = media is "text/csv" or "application/csv";
                if (!csv && !Body.IsJson(media)) return Problems.UnsupportedMediaType(media, "application/json (an array)", "text/csv");
                var limits = options.Value.Limits;
                var (text, error) = await Body.ReadAsync(request, limits.MaxBodyBytes, "request body", ct);
                if (error is not null) return error;
                var (subs, rows, rejected, readCount, fatal) = csv ? FromCsv(text!, reading) : FromJsonArray(text!);
                if (fatal is not null) return fatal;
                var (rs, notInForce) = VersionInForce.Choose(store, scheme, version, subs.Select(s => s.Year), request.HttpContext.Response);
                if (notInForce is not null) return notInForce;
                rs ??= reading;
                // A CSV is read by the fields of a rule set: read again by the version chosen (its own fields).
                if (csv && !ReferenceEquals(rs, reading)) (subs, rows, rejected, readCount, fatal) = FromCsv(text!, rs);
                if (readCount > limits.MaxBatchSize)
                    return Problems.Of(413, "AS5017", "Batch too large", $"The batch has {readCount} submissions; the limit is {limits.MaxBatchSize}.");
                if (subs.Count == 0)
                    return Problems.Of(422, "AS5005", "Nothing to score", "No submission in the batch could be read.", rejected.SelectMany(r => r.Problems));
                if (TooMuchWork(subs.Count, limits, rs) is { } tooMuch) return tooMuch;
                var cohort = rs.ScoreCohort(subs);
                var json = cohort.ToJson(indented: false);
                var incomplete = 0;
                foreach (var r in cohort.Results) if (!r.DataComplete) incomplete++;
                // Appended to the cohort's own JSON rather than through a JsonNode copy of it: a large batch's DOM took gigabytes.
                var tail = $",\"rejected\":{JsonSerializer.Serialize(rejected, JsonDefaults.Options)},\"counts\":{JsonSerializer.Serialize(new BatchCounts(readCount, subs.Count, rejected.Count, incomplete), JsonDefaults.Options)}}}";
                return TypedResults.Text(string.Concat(json.AsSpan(0, json.LastIndexOf('}')), tail), "application/json", System.Text.Encoding.UTF8);
            })
            .WithName("ScoreBatch").WithSummary("Score a cohort (JSON array, or text/csv with data-dictionary headers): results with ranks, percentile grades and aggregates")
            .Accepts<SubmissionDocument[]>("application/json", "text/csv")
            .Produces<BatchResponse>(200, "application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422);
        return group;
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

    private static (List<Submission>, List<int>, List<RejectedRow>, int, IResult?) FromJsonArray(string text)
    {
        var subs = new List<Submission>(); var rows = new List<int>(); var rejected = new List<RejectedRow>();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 }); }
        catch (JsonException ex)
        {
            var parsed = Submission.ParseJson(text);
            return (subs, rows, rejected, 0, Unusable(parsed.Problems.Count > 0 ? parsed.Problems : new[] { new Problem("$", "AS5001", ex.Message) }));
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                return (subs, rows, rejected, 0, Problems.Of(422, "AS5002", "Not a batch", "A JSON batch is an array of submissions.",
                    new[] { new ProblemError("AS5002", "expected an array", Field: "$") }));
            var i = 0;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                var parsed = Submission.FromJson(item, $"[{i}]");
                if (parsed.Submission is null) rejected.Add(new RejectedRow(i, parsed.Problems.Select(Problems.From).ToArray()));
                else { subs.Add(parsed.Submission); rows.Add(i); }
                i++;
            }
            return (subs, rows, rejected, i, null);
        }
    }

    private static (List<Submission>, List<int>, List<RejectedRow>, int, IResult?) FromCsv(string text, CompiledRuleSet rs)
    {
        var table = SubmissionCsv.Read(text, rs);
        var rejectedRows = table.Problems.Where(p => !table.Rows.Contains(p.Row) && p.Row > 1).GroupBy(p => p.Row)
            .Select(g => new RejectedRow(g.Key, g.Select(p => new ProblemError(p.Code, p.Message, Field: p.Field.Length > 0 ? p.Field : p.Column)).ToArray())).ToList();
        var header = table.Problems.Where(p => p.Row == 1 && p.Code == "AS5005").ToList();
        if (header.Count > 0)
            return (new(), new(), rejectedRows, table.RowsRead, Problems.Of(422, "AS5005", "Unusable CSV header", header[0].Message,
                header.Select(p => new ProblemError(p.Code, p.Message, Field: p.Field))));
        return (table.Submissions.ToList(), table.Rows.ToList(), rejectedRows, table.RowsRead, null);
    }
}

internal static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
