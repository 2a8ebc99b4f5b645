using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace AssessmentScorer.Api.Tests.Contract;

/// <summary>
/// Checks a response against the OpenAPI document alone: the operation its method and path select, a documented
/// status, a documented content type, and a body valid against that response's schema. Nothing here knows what a
/// result looks like, so a property added to the document's schemas is checked with no change here.
/// </summary>
public sealed class OpenApiContract
{
    /// <summary>The committed document: the live one must equal it (<see cref="ContractTests"/>), the client is generated from it, the linter reads it.</summary>
    public static OpenApiContract Committed => Lazy.Value;

    private static readonly Lazy<OpenApiContract> Lazy = new(() => new(JsonNode.Parse(Repo.Read(DocumentPath))!.AsObject()));

    public const string DocumentPath = "docs/openapi.v1.json";

    /// <summary>Paths served beside the API that are not operations of the document: the document itself and Swagger UI.</summary>
    private static readonly string[] Unchecked = ["/openapi/", "/swagger"];

    private readonly JsonObject _doc;
    private readonly List<(Regex Pattern, string Template)> _paths;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private static int _built;

    public OpenApiContract(JsonObject document)
    {
        _doc = document;
        // Literal segments win over templated ones (/rulesets/validate before /rulesets/{scheme}), as the router does.
        _paths = document["paths"]!.AsObject()
            .Select(p => (Pattern: new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^/]+?\}", "[^/]+") + "$", RegexOptions.CultureInvariant), Template: p.Key))
            .OrderBy(p => p.Template.Split('/').Count(s => s.StartsWith('{'))).ThenBy(p => p.Template, StringComparer.Ordinal).ToList();
    }

    /// <summary>Everything wrong with one response; empty when it keeps the contract.</summary>
    public static bool Covers(string path) => !Unchecked.Any(u => path.StartsWith(u, StringComparison.Ordinal));

    public IReadOnlyList<string> Check(string method, string path, int status, string? contentType, string body)
    {
        if (!Covers(path)) return [];
        var media = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        var template = _paths.FirstOrDefault(p => p.Pattern.IsMatch(path)).Template;
        var operation = template is null ? null : _doc["paths"]![template]![method.ToLowerInvariant()]?.AsObject();
        if (operation is null)
        {
            // Not an operation: the answer is the API's 404 or 405 problem, like every other problem.
            if (status is not (404 or 405)) return [$"{method} {path} is no operation of the document, yet it was answered {status} rather than 404 or 405"];
            return media == "application/problem+json"
                ? Validate("#/components/schemas/ApiProblem", body, $"{method} {path} {status}")
                : [$"{method} {path} {status}: a problem must be application/problem+json, not {media ?? "(none)"}"];
        }
        var where = $"{method} {template} {status}";
        if (operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not JsonObject response)
            return [$"{where}: status {status} is not documented (documented: {string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))})"];
        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
            return body.Length == 0 ? [] : [$"{where}: the document declares no body, yet one came ({media})"];
        if (media is null || content[media] is not JsonObject mediaType)
            return [$"{where}: content type {media ?? "(none)"} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})"];
        if (!IsJson(media))
            return (string?)mediaType["schema"]?["type"] == "string" ? [] : [$"{where}: {media} is text, but the document does not declare it a string"];
        var pointer = $"#/paths/{Escape(template!)}/{method.ToLowerInvariant()}/responses/{status}/content/{Escape(media)}/schema";
        return mediaType["schema"] is null ? [$"{where} {media}: no schema"] : Validate(pointer, body, where);
    }

    /// <summary>Validates a JSON text against the schema at a pointer of the document (its $refs resolved in the document).</summary>
    public IReadOnlyList<string> Validate(string pointer, string body, string where)
    {
        var schema = _schemas.GetOrAdd(pointer, Build);
        JsonDocument instance;
        try { instance = JsonDocument.Parse(body); }
        catch (JsonException ex) { return [$"{where}: the body is not JSON ({ex.Message})"]; }
        using (instance)
        {
            var results = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (results.IsValid) return [];
            return (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{where}: at {d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
                .DefaultIfEmpty($"{where}: the body does not match {pointer}").Take(20).ToList();
        }
    }

    public static bool IsJson(string media) => media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal);

    private JsonNode? Resolve(string pointer)
    {
        JsonNode? node = _doc;
        foreach (var part in pointer.TrimStart('#', '/').Split('/'))
            node = node?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        return node;
    }

    /// <summary>A schema whose root carries the document's components, so "#/components/schemas/X" resolves as in the document.</summary>
    private JsonSchema Build(string pointer)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["components"] = _doc["components"]!.DeepClone(),
            ["allOf"] = new JsonArray(Resolve(pointer)?.DeepClone() ?? throw new InvalidOperationException($"{pointer} is not in the document")),
        };
        var id = Interlocked.Increment(ref _built);
        using var json = JsonDocument.Parse(root.ToJsonString());
        return JsonSchema.Build(json.RootElement.Clone(), new BuildOptions(), new Uri($"https://contract.invalid/{id}"));
    }

    private static string Escape(string s) => s.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
