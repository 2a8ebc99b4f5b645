using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AssessmentScorer.Api.Endpoints;

internal static class DraftEndpoints
{
    /// <summary>The names YAML goes by; each is accepted as a draft's body.</summary>
    private static readonly string[] YamlMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

    /// <summary>The compare body as the server reads it: submissions stay JSON for the engine's reader, which names each bad place.</summary>
    private sealed record CompareBody(string? From, string? FromDraft, string? To, string? ToDraft, JsonElement? Submission, JsonElement? Submissions);

    public static RouteGroupBuilder MapDrafts(this RouteGroupBuilder group)
    {
        group.MapPost("/validate", async (HttpRequest request, RuleSetStore store, IOptions<ApiOptions> options, CancellationToken ct) =>
            {
                var limits = options.Value.Limits;
                var media = Body.MediaType(request);
                var yaml = media is not null && YamlMediaTypes.Contains(media);
                if (!yaml && !Body.IsJson(media)) return Problems.UnsupportedMediaType(media, "application/yaml", "application/json {\"ruleSet\": \"…\", \"tests\": \"…\"}");
                var (text, error) = await Body.ReadAsync(request, limits.MaxDraftBytes + 64L * 1024, "draft", ct);
                if (error is not null) return error;
                string ruleSet; string? tests = null; var file = "draft.yaml";
                if (yaml) ruleSet = text!;
                else
                {
                    ValidateRequest? body;
                    try { body = JsonSerializer.Deserialize<ValidateRequest>(text!, JsonDefaults.Options); }
                    catch (JsonException ex) { return Problems.Of(400, "AS5001", "Malformed JSON", ex.Message); }
                    if (body?.RuleSet is null)
                        return Problems.Of(422, "AS5005", "No rule set", "The JSON body needs 'ruleSet' (the YAML text).", new[] { new ProblemError("AS5005", "required", Field: "ruleSet") });
                    ruleSet = body.RuleSet; tests = body.Tests; file = SafeName(body.File) ?? file;
                }
                if (System.Text.Encoding.UTF8.GetByteCount(ruleSet) > limits.MaxDraftBytes) return Problems.TooLarge("draft rule set", limits.MaxDraftBytes);
                var load = store.Registry.LoadDraft(ruleSet, file, Limits(limits));
                var diagnostics = load.Diagnostics.Select(DiagnosticView.Of).ToArray();
                if (!load.Success)
                    return Problems.Of(422, load.Diagnostics.First(d => d.Severity == Severity.Error).Code, "Invalid rule set",
                        $"The draft has {load.Diagnostics.Count(d => d.Severity == Severity.Error)} error(s); see errors.", load.Diagnostics.Select(Problems.From));
                TestsView? testsView = null;
                if (tests is not null)
                {
                    var run = RuleSetTesting.Run(load.RuleSet!, tests, file.Replace(".yaml", ".tests.yaml", StringComparison.Ordinal));
                    if (run.Diagnostics.Any(d => d.Severity == Severity.Error))
                        return Problems.Of(422, run.Diagnostics.First(d => d.Severity == Severity.Error).Code, "Invalid tests document",
                            "The tests document has errors; see errors.", run.Diagnostics.Select(Problems.From));
                    testsView = new TestsView(run.Cases.Count(c => c.Passed), run.Cases.Count(c => !c.Passed), run.Cases, run.Coverage);
                }
                return TypedResults.Ok(new ValidationResponse(testsView is null || testsView.Failed == 0, load.RuleSet!.Reference, diagnostics, testsView));
            })
            .WithName("ValidateDraft").WithSummary("Check a draft rule set (YAML body, or JSON with ruleSet and tests) without installing it")
            .WithDescription("A draft with errors is a 422 problem whose errors give each diagnostic's code, line and column; a valid one answers 200 with its warnings and, when tests were sent, their results and coverage.")
            .Accepts<ValidateRequest>("application/json", YamlMediaTypes)
            .Produces<ValidationResponse>(200).ProducesProblems(400, 413, 415, 422);

        group.MapPost("/compare", async (HttpRequest request, RuleSetStore store, IOptions<ApiOptions> options, CancellationToken ct) =>
            {
                var limits = options.Value.Limits;
                var media = Body.MediaType(request);
                if (!Body.IsJson(media)) return Problems.UnsupportedMediaType(media, "application/json");
                var (text, error) = await Body.ReadAsync(request, limits.MaxBodyBytes, "request body", ct);
                if (error is not null) return error;
                CompareBody? body;
                try { body = JsonSerializer.Deserialize<CompareBody>(text!, JsonDefaults.Options); }
                catch (JsonException ex) { return Problems.Of(400, "AS5001", "Malformed JSON", ex.Message); }
                if (body is null) return Problems.Of(422, "AS5005", "Empty request", "Send from/to (or fromDraft/toDraft) and a submission or submissions.");
                var (from, fromError) = Pick(store, body.From, body.FromDraft, "from", limits);
                if (fromError is not null) return fromError;
                var (to, toError) = Pick(store, body.To, body.ToDraft, "to", limits);
                if (toError is not null) return toError;
                var subs = new List<Submission>();
                var errors = new List<ProblemError>();
                if (body.Submission is { } one) Add(one, "submission", subs, errors);
                if (body.Submissions is { ValueKind: JsonValueKind.Array } many)
                {
                    var i = 0;
                    foreach (var item in many.EnumerateArray()) Add(item, $"submissions[{i++}]", subs, errors);
                }
                if (subs.Count > limits.MaxBatchSize) return Problems.Of(413, "AS5017", "Batch too large", $"The cohort has {subs.Count} submissions; the limit is {limits.MaxBatchSize}.");
                if (errors.Count > 0) return Problems.Of(422, errors[0].Code, "Unusable submissions", "Some submissions cannot be scored; see errors.", errors);
                if (subs.Count == 0) return Problems.Of(422, "AS5005", "No submission", "Send 'submission' (one object) or 'submissions' (an array).");
                if (ScoringEndpoints.TooMuchWork(subs.Count, limits, from!, to!) is { } tooMuch) return tooMuch;
                return TypedResults.Ok(RuleSetComparison.Compare(from!, to!, subs));
            })
            .WithName("Compare").WithSummary("Score a submission or cohort under two rule sets (installed or draft): per-indicator differences and the grade-migration matrix")
            .WithDescription("Name each rule set as from/to (scheme@version) or send it as fromDraft/toDraft (YAML text); send one submission or a list of submissions.")
            .Accepts<CompareRequest>("application/json")
            .Produces<ComparisonResult>(200).ProducesProblems(400, 404, 413, 415, 422);
        return group;
    }

    internal static void Add(JsonElement e, string path, List<Submission> subs, List<ProblemError> errors)
    {
        var parsed = Submission.FromJson(e, path);
        if (parsed.Submission is null) errors.AddRange(parsed.Problems.Select(Problems.From));
        else subs.Add(parsed.Submission);
    }

    internal static (CompiledRuleSet?, IResult?) Pick(RuleSetStore store, string? reference, string? draft, string which, ApiLimits limits)
    {
        if (draft is not null)
        {
            if (System.Text.Encoding.UTF8.GetByteCount(draft) > limits.MaxDraftBytes) return (null, Problems.TooLarge($"{which} draft", limits.MaxDraftBytes));
            var load = store.Registry.LoadDraft(draft, $"{which}-draft.yaml", Limits(limits));
            return load.Success ? (load.RuleSet, null)
                : (null, Problems.Of(422, load.Diagnostics.First(d => d.Severity == Severity.Error).Code, $"Invalid {which} draft", "The draft has errors; see errors.", load.Diagnostics.Select(Problems.From)));
        }
        if (string.IsNullOrWhiteSpace(reference))
            return (null, Problems.Of(422, "AS5005", "Missing rule set", $"Give '{which}' (scheme@version) or '{which}Draft' (YAML).", new[] { new ProblemError("AS5005", "required", Field: which) }));
        var rs = store.Registry.Resolve(reference);
        return rs is null ? (null, Problems.RuleSetNotFound(reference)) : (rs, null);
    }

    internal static RuleSetLimits Limits(ApiLimits l) => new(MaxFileBytes: l.MaxDraftBytes, MaxExpressionLength: l.MaxExpressionLength, MaxExpressionDepth: l.MaxExpressionDepth);

    /// <summary>A draft's name appears in diagnostics only; never a path.</summary>
    private static string? SafeName(string? file)
    {
        if (string.IsNullOrWhiteSpace(file)) return null;
        var name = Path.GetFileName(file.Replace('\\', '/'));
        return name.Length is > 0 and <= 100 ? name : null;
    }
}
