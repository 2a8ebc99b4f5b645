using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AssessmentScorer.Api.Endpoints;

/// <summary>What to analyse: a rule set (installed <c>scheme@version</c> or draft YAML), a cohort, and the noise (docs/sensitivity.md).</summary>
/// <param name="RuleSet">An installed rule set, <c>scheme@version</c>.</param>
/// <param name="Draft">Or a draft rule set's YAML (it may extend installed rule sets).</param>
/// <param name="Submissions">The cohort: an array of submissions.</param>
/// <param name="Noise">Relative noise per field (0.02 = 2%); default 0.02.</param>
/// <param name="Draws">Noisy copies per subject, 1 to 10,000; default 1,000.</param>
/// <param name="Seed">Seed of the draws; default 1.</param>
public sealed record SensitivityRequest(string? RuleSet, string? Draft, JsonElement? Submissions, decimal? Noise, int? Draws, int? Seed);

internal static class SensitivityEndpoints
{
    private const int MaxDraws = 10_000;

    public static RouteGroupBuilder MapSensitivity(this RouteGroupBuilder group)
    {
        group.MapPost("/sensitivity", async (HttpRequest request, RuleSetStore store, IOptions<ApiOptions> options, CancellationToken ct) =>
            {
                var limits = options.Value.Limits;
                var media = Body.MediaType(request);
                if (!Body.IsJson(media)) return Problems.UnsupportedMediaType(media, "application/json");
                var (text, error) = await Body.ReadAsync(request, limits.MaxBodyBytes, "request body", ct);
                if (error is not null) return error;
                SensitivityRequest? body;
                try { body = JsonSerializer.Deserialize<SensitivityRequest>(text!, JsonDefaults.Options); }
                catch (JsonException ex) { return Problems.Of(400, "AS5001", "Malformed JSON", ex.Message); }
                if (body is null) return Problems.Of(422, "AS5005", "Empty request", "Send ruleSet (or draft) and submissions.");
                var (rs, rsError) = DraftEndpoints.Pick(store, body.RuleSet, body.Draft, "ruleSet", limits);
                if (rsError is not null) return rsError;
                var draws = body.Draws ?? 1000;
                if (draws is < 1 or > MaxDraws || body.Noise is < 0 or > 1)
                    return Problems.Of(422, "AS5005", "Invalid options", $"draws must be 1 to {MaxDraws} and noise 0 to 1 (0.02 = 2%).",
                        new[] { new ProblemError("AS5005", "out of range", Field: draws is < 1 or > MaxDraws ? "draws" : "noise") });
                var subs = new List<Submission>();
                var errors = new List<ProblemError>();
                if (body.Submissions is { ValueKind: JsonValueKind.Array } many)
                {
                    var i = 0;
                    foreach (var item in many.EnumerateArray()) DraftEndpoints.Add(item, $"submissions[{i++}]", subs, errors);
                }
                if (errors.Count > 0) return Problems.Of(422, errors[0].Code, "Unusable submissions", "Some submissions cannot be scored; see errors.", errors);
                if (subs.Count == 0) return Problems.Of(422, "AS5005", "No submission", "Send 'submissions' (an array).");
                if (subs.Count > limits.MaxBatchSize) return Problems.Of(413, "AS5017", "Batch too large", $"The cohort has {subs.Count} submissions; the limit is {limits.MaxBatchSize}.");
                // Every draw scores the cohort once more: bound the work like a batch of subjects × draws.
                if (ScoringEndpoints.TooMuchWork(subs.Count * draws, limits, rs!) is { } tooMuch) return tooMuch;
                return TypedResults.Ok(Sensitivity.Analyze(rs!, subs, new SensitivityOptions(body.Noise ?? 0.02m, draws, body.Seed ?? 1)));
            })
            .WithName("Sensitivity").WithSummary("How robust the grades are: grade probabilities under seeded noise, the smallest change that moves each grade, swing indicators, dense cut-offs (docs/sensitivity.md)")
            .Accepts<SensitivityRequest>("application/json")
            .Produces<SensitivityResult>(200, "application/json").ProducesProblems(400, 404, 413, 415, 422);
        return group;
    }
}
