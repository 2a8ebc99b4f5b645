using System.Globalization;
using System.Text.Json;
using AssessmentScorer.Reports;
using AssessmentScorer.Store;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace AssessmentScorer.Api.Endpoints;

/// <summary>Assessment rounds (docs/rounds.md). Every handler is a call to <see cref="RoundService"/>: the decisions are there and in the library.</summary>
internal static class RoundEndpoints
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapRounds(this RouteGroupBuilder group)
    {
        group.MapPost("", async (CreateRoundRequest request, HttpContext http, RoundService rounds, CancellationToken ct) =>
            {
                var round = await rounds.CreateAsync(http.Caller(), request, ct);
                return TypedResults.Created($"/rounds/{round.Id}", round);
            })
            .WithName("CreateRound").WithSummary("Make a round: a scheme version, a year, a name (admin)")
            .WithDescription("Without a version, the published version in force in the year. The round is open: hospitals and assessors submit.")
            .Accepts<CreateRoundRequest>("application/json").Produces<RoundView>(201).ProducesProblems(400, 404, 415, 422);

        group.MapGet("", async (HttpContext http, RoundService rounds, CancellationToken ct) => TypedResults.Ok(await rounds.ListAsync(http.Caller(), ct)))
            .WithName("ListRounds").WithSummary("Every round this key may see, with state and scoring progress");

        group.MapGet("/{id:long}", async (long id, HttpContext http, RoundService rounds, CancellationToken ct) => TypedResults.Ok(await rounds.GetAsync(http.Caller(), id, ct)))
            .WithName("GetRound").WithSummary("A round: state, subjects, and how far its results are (scoring.state, done of total)").ProducesProblems(404);

        group.MapPost("/{id:long}/close", async (long id, HttpContext http, RoundService rounds, CancellationToken ct) => TypedResults.Ok(await rounds.CloseAsync(http.Caller(), id, ct)))
            .WithName("CloseRound").WithSummary("Close an open round: hospitals stop submitting; assessors still correct (review, appeals) (admin)").ProducesProblems(404, 409);

        group.MapPost("/{id:long}/publish", async (long id, HttpContext http, RoundService rounds, CancellationToken ct) => TypedResults.Ok(await rounds.PublishAsync(http.Caller(), id, ct)))
            .WithName("PublishRound").WithSummary("Publish a closed round: its submissions and results never change again (admin)").ProducesProblems(404, 409);

        group.MapPost("/{id:long}/submissions", async (long id, HttpRequest request, RoundService rounds, StoreOptions options, CancellationToken ct) =>
            {
                var format = Body.MediaType(request) switch
                {
                    "application/json" => InputFormat.Json,
                    "application/x-ndjson" or "application/jsonl" or "application/x-jsonlines" => InputFormat.JsonLines,
                    "text/csv" or "application/csv" => InputFormat.Csv,
                    XlsxType => InputFormat.Xlsx,
                    var other => (InputFormat?)null,
                };
                if (format is null)
                    return Problems.UnsupportedMediaType(Body.MediaType(request), "application/json", "application/x-ndjson", "text/csv", XlsxType);
                if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = options.MaxUploadBytes + 1024;
                var (bytes, error) = await Body.ReadBytesAsync(request, options.MaxUploadBytes, "upload", ct);
                if (error is not null) return error;
                var reason = request.Query["reason"].FirstOrDefault();
                return TypedResults.Ok(await rounds.SubmitAsync(request.HttpContext.Caller(), id, bytes!, format.Value, reason, ct));
            })
            .WithName("Submit").WithSummary("Submit or correct: one submission, a JSON array, NDJSON, CSV or the xlsx template; each row accepted becomes a revision")
            .WithDescription("Every accepted row is stored as an immutable revision (author, time, reason, content digest); a correction is a new revision. " +
                             "The answer lists the accepted rows (with their revision) and the rejected rows with their problems (row, column, field, code). " +
                             "A row is rejected when it cannot be read, has an invalid value, is of another year than the round, or names a subject twice. " +
                             "When no row is accepted the answer is a 422 problem whose errors name each row. A row outside the key's scope refuses the whole upload (403). " +
                             "?reason= says why (a correction, an appeal 申诉).")
            .Accepts<SubmissionDocument[]>("application/json", "application/x-ndjson", "text/csv", XlsxType)
            .Produces<SubmissionReceipt>(200).ProducesProblems(400, 404, 409, 413, 415, 422);

        group.MapGet("/{id:long}/submissions/{subjectId}", async (long id, string subjectId, HttpContext http, RoundService rounds, CancellationToken ct) =>
                TypedResults.Ok(await rounds.SubmissionAsync(http.Caller(), id, subjectId, ct)))
            .WithName("GetSubmission").WithSummary("A subject's current submission: its latest revision and content").ProducesProblems(404);

        group.MapGet("/{id:long}/submissions/{subjectId}/revisions", async (long id, string subjectId, HttpContext http, RoundService rounds, CancellationToken ct) =>
                TypedResults.Ok(await rounds.RevisionsAsync(http.Caller(), id, subjectId, ct)))
            .WithName("ListRevisions").WithSummary("Every revision of a subject's submission, oldest first").ProducesProblems(404);

        group.MapGet("/{id:long}/results", async (long id, int? offset, int? limit, [FromQuery(Name = "detail")] string? detail, HttpContext http,
                RoundService rounds, StoreOptions options, CancellationToken ct) =>
            {
                if (ScoringEndpoints.Detail(detail) is not { } resultDetail) return ScoringEndpoints.BadDetail(detail);
                var max = options.MaxResultsPage;
                if (offset is < 0 || limit is < 1 || limit > max)
                    return Problems.Of(422, "AS5604", "Invalid request", $"offset is 0 or more and limit from 1 to {max}.",
                        new[] { new ProblemError("AS5604", $"offset ≥ 0, 1 ≤ limit ≤ {max}", Field: offset is < 0 ? "offset" : "limit") });
                var results = await rounds.ResultsAsync(http.Caller(), id, ct);
                return WriteResults(results, offset ?? 0, limit ?? max, resultDetail, ScoringEndpoints.WantsLines(http.Request));
            })
            .WithName("RoundResults").WithSummary("The round's cohort result (the batch endpoint's shape), with what each result was computed from")
            .WithDescription("Waits for the computation covering the latest revisions. Ranks and percentile grades are of the whole round; an assessor sees its region's subjects. " +
                             "Paged: ?offset=&limit= (page says the total). 'scored' names each result's revision and, when last year's values came from the previous year's round, that round and revision. " +
                             "?detail=full|indicators|summary and Accept: application/x-ndjson as for the batch endpoint (JSON lines: the header, one result a line, then round, scored and page).")
            .Produces<RoundResultsResponse>(200, "application/json", "application/x-ndjson").ProducesProblems(400, 404, 409, 422);

        group.MapGet("/{id:long}/results/{subjectId}", async (long id, string subjectId, HttpContext http, RoundService rounds, CancellationToken ct) =>
            {
                var r = await rounds.SubjectResultAsync(http.Caller(), id, subjectId, ct);
                var head = JsonSerializer.Serialize(new { round = r.Round, ruleSet = r.RuleSet, scoredFrom = r.ScoredFrom }, JsonDefaults.Options);
                return TypedResults.Text(string.Concat(head.AsSpan(0, head.Length - 1), ",\"result\":", r.Result.ToJson(indented: false), "}"), "application/json", System.Text.Encoding.UTF8);
            })
            .WithName("RoundSubjectResult").WithSummary("One subject's result in the round, with the revision scored and where last year's values came from")
            .Produces<RoundSubjectResultResponse>(200).ProducesProblems(404, 409);

        group.MapGet("/{id:long}/actions", async (long id, HttpContext http, RoundService rounds, RulesHost rules, CancellationToken ct) =>
            {
                if (rules.UnavailableForRounds() is { } none) return none;
                var input = await rounds.ActionsInputAsync(http.Caller(), id, ct);
                var snap = input.Snapshot;
                var head = JsonSerializer.Serialize(new { round = input.Round, ruleSet = snap.RuleSet.Reference, previousRound = input.PreviousRound }, JsonDefaults.Options);
                return rules.Answer(http.Request, snap.Cohort, input.Visible, snap.RuleSet, new AssessmentScorer.NRules.ResultHistory(input.Earlier),
                    string.Concat(",", head.AsSpan(1, head.Length - 2)));
            })
            .WithName("RoundActions").WithSummary("The actions the configured rules draw from the round's results (结果运用), with last year's round as the earlier year")
            .WithDescription("The server's rules assembly (AssessmentScorer:Rules:Assembly, docs/nrules.md) runs over each result this key may see (an admin every " +
                             "subject, an assessor its region's, a hospital its own); the same subjects' results in the previous year's round of the scheme " +
                             "(the round last year's values are read from, 'previousRound') are the earlier year, so a rule such as 'the same indicator unmet " +
                             "two years running' fires from the store. Ranks and grades are of the whole round. Waits for the round's results as " +
                             "GET /rounds/{id}/results does. Accept: text/csv answers the actions as CSV. Without a rules assembly the answer is 404 AS5027; " +
                             "an unusable assembly is 503 AS5026 and a rule that fails 500 AS5026.")
            .Produces<RoundActionsResponse>(200, "application/json", "text/csv")
            .ProducesProblems(404, 409, 500, 503);

        foreach (var format in new[] { "xlsx", "html", "csv" })
        {
            var media = format switch { "xlsx" => XlsxType, "html" => "text/html", _ => "text/csv" };
            group.MapGet($"/{{id:long}}/report.{format}", async (long id, HttpContext http, RoundService rounds, CancellationToken ct) =>
                {
                    var (bytes, type, file) = await rounds.ExportAsync(http.Caller(), id, format, ct);
                    return TypedResults.File(bytes, type, file);
                })
                .WithName($"RoundReport{char.ToUpperInvariant(format[0])}{format[1..]}")
                .WithSummary($"The round's results as {format} (the command line's writer)")
                .Produces<string>(200, media).ProducesProblems(404, 409);
        }

        group.MapPost("/{id:long}/rescore", async (long id, RescoreRequest request, HttpContext http, RoundService rounds, CancellationToken ct) =>
            {
                var round = await rounds.RescoreAsync(http.Caller(), id, request, ct);
                return TypedResults.Created($"/rounds/{round.Id}", round);
            })
            .WithName("RescoreRound").WithSummary("Re-score a round's revisions under another version: a new (closed) round; GET /rounds/{new}/comparison compares them (admin)")
            .Accepts<RescoreRequest>("application/json").Produces<RoundView>(201).ProducesProblems(400, 404, 415, 422);

        group.MapGet("/{id:long}/comparison", async (long id, long? with, HttpContext http, RoundService rounds, CancellationToken ct) =>
                TypedResults.Ok(await rounds.CompareAsync(http.Caller(), id, with, ct)))
            .WithName("CompareRounds").WithSummary("Who moves and why: this round against the round it re-scores (or ?with=)")
            .ProducesProblems(404, 409, 422);
        return group;
    }

    /// <summary>
    /// One page of a round's results in the batch endpoint's shape and detail (JSON, or JSON lines), with the round, what
    /// each result was computed from, and the page; written as it goes.
    /// </summary>
    private static IResult WriteResults(RoundResults results, int offset, int limit, ResultDetail detail, bool lines)
    {
        var snap = results.Snapshot;
        var page = results.Visible.Skip(offset).Take(limit).ToList();
        var cohort = new CohortResult(snap.Cohort.RuleSet, page.Select(i => snap.Cohort.Results[i]).ToList(), snap.Cohort.Aggregates);
        var tail = string.Create(CultureInfo.InvariantCulture,
            $"\"round\":{JsonSerializer.Serialize(results.Round, JsonDefaults.Options)},\"scored\":{JsonSerializer.Serialize(page.Select(i => snap.Scored[i]), JsonDefaults.Options)}," +
            $"\"page\":{JsonSerializer.Serialize(new ResultsPage(offset, limit, results.Visible.Count), JsonDefaults.Options)}");
        if (lines)
            return new StreamedResult("application/x-ndjson", stream =>
            {
                cohort.WriteJsonLines(stream, detail);
                stream.Write(System.Text.Encoding.UTF8.GetBytes("{" + tail + "}\n"));
            }, null);
        // The cohort's own JSON with the round's parts added before its last brace.
        return new StreamedResult("application/json; charset=utf-8", stream =>
        {
            using (var held = new ScoringEndpoints.LastByteHeld(stream)) cohort.WriteJsonDetail(held, detail, indented: false);
            stream.Write(System.Text.Encoding.UTF8.GetBytes("," + tail + "}"));
        }, null);
    }
}

/// <summary>Which results a page holds.</summary>
/// <param name="Offset">The first result's position.</param>
/// <param name="Limit">Most results on the page.</param>
/// <param name="Total">Results this key may see in the round.</param>
public sealed record ResultsPage(int Offset, int Limit, int Total);

/// <summary>For the OpenAPI document only: a page of a round's results (the batch shape, with the round, what each result was computed from, the page).</summary>
public sealed record RoundResultsResponse(RuleSetRef RuleSet, IReadOnlyList<AggregateResult> Aggregates, IReadOnlyList<AssessmentResult> Results,
    RoundView Round, IReadOnlyList<ScoredFrom> Scored, ResultsPage Page);

/// <summary>
/// For the OpenAPI document only: a page of a round's results with <c>?detail=indicators</c> or <c>?detail=summary</c>: the
/// batch endpoint's detailed shape (the rule-set constants once, in <c>catalogue</c>), with the round, what each result was
/// computed from (<c>scored</c>, as in <see cref="RoundResultsResponse"/>), and the page.
/// </summary>
public sealed record RoundResultsDetailResponse(RuleSetRef RuleSet, string Detail, JsonElement Catalogue, IReadOnlyList<AggregateResult> Aggregates,
    IReadOnlyList<JsonElement> Results, RoundView Round, IReadOnlyList<JsonElement> Scored, ResultsPage Page);

/// <summary>For the OpenAPI document only: one subject's result in a round.</summary>
public sealed record RoundSubjectResultResponse(RoundView Round, RuleSetRef RuleSet, ScoredFrom ScoredFrom, AssessmentResult Result);
