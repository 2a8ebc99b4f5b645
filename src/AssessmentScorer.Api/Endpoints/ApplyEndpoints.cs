using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AssessmentScorer.Api.Endpoints;

internal static class ApplyEndpoints
{
    public static RouteGroupBuilder MapApply(this RouteGroupBuilder group)
    {
        group.MapPost("/{scheme}/{version}/apply", async (string scheme, string version, HttpRequest request, RuleSetStore store, RulesHost rules,
                IOptions<ApiOptions> options, CancellationToken ct) =>
            {
                if (rules.Unavailable() is { } none) return none;
                var reading = VersionInForce.ForReading(store, scheme, version);
                if (reading is null) return Problems.RuleSetNotFound($"{scheme}@{version}");
                if (ScoringEndpoints.KindOf(request) is not { } kind) return ScoringEndpoints.UnsupportedBatch(request);
                var (batch, failed) = await ScoringEndpoints.ReadBatchAsync(kind, scheme, version, request, store, reading, options.Value.Limits, large: false, ct);
                if (batch is null) return failed!;
                var (rs, subs, rejected, readCount) = batch;
                var cohort = Telemetry.Measure(rs, "apply", subs.Count, () => rs.ScoreCohort(subs));
                var counts = new ApplyCounts(readCount, subs.Count, rejected.Count);
                return rules.Answer(request, cohort, null, rs, null,
                    $",\"rejected\":{JsonSerializer.Serialize(rejected, JsonDefaults.Options)},\"counts\":{JsonSerializer.Serialize(counts, JsonDefaults.Options)}");
            })
            .WithName("ApplyBatch").WithSummary("Score a cohort (as score/batch) and apply the configured rules to the results (结果运用): rectifications, coefficients, interviews, commendations")
            .WithDescription("The server's rules assembly (AssessmentScorer:Rules:Assembly, docs/nrules.md) runs over each subject's result; every action names " +
                             "the rule that made it and the results that caused it. The body is read as score/batch reads it (a JSON array, NDJSON, CSV or the xlsx template): a submission that cannot be read " +
                             "is rejected (listed in 'rejected') and the rest are applied. Without a rules assembly the answer is 404 AS5025; an unusable " +
                             "assembly or a rule that fails is AS5026. Accept: text/csv answers the actions as CSV (the command line's columns).")
            .Accepts<SubmissionDocument[]>("application/json", "application/x-ndjson", "text/csv", "application/csv", RoundEndpoints.XlsxType)
            .Produces<ApplyResponse>(200, "application/json", "text/csv")
            .ProducesProblems(400, 404, 413, 415, 422, 500, 503);
        return group;
    }
}
