using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AssessmentScorer.Api;

/// <summary>Title, description and a worked example for every operation's request and success response.</summary>
internal static class OpenApiSetup
{
    /// <summary>
    /// The result JSON is written by the library's result writer; its schema comes from the result records, so a new
    /// result property appears in the document by itself. The writer leaves these properties out when they are
    /// empty (instead of writing null), so they are not required; a property the writer starts to omit belongs here.
    /// </summary>
    internal static readonly Dictionary<Type, string[]> OmittedWhenEmpty = new()
    {
        [typeof(IndicatorResult)] = ["cohort"],
        [typeof(RuleOrigin)] = ["overrides", "base"],
    };

    /// <summary>Examples of the path and query parameters, valid against the bundled rule sets.</summary>
    private static readonly Dictionary<string, Func<JsonNode>> ParameterExamples = new(StringComparer.Ordinal)
    {
        ["scheme"] = () => JsonValue.Create("cn.demo.hospital-basics"),
        ["version"] = () => JsonValue.Create("1.0.0"),
        ["year"] = () => JsonValue.Create(2025),
        ["from"] = () => JsonValue.Create("1.0.0"),
        ["to"] = () => JsonValue.Create("latest"),
    };

    public static void Configure(OpenApiOptions o)
    {
        o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info = new OpenApiInfo
            {
                Title = "AssessmentScorer API",
                Version = "v1",
                Description = "Scores public hospitals, county medical alliances and regions against versioned assessment rule sets. " +
                              "Every 4xx and 5xx answer is an RFC 9457 problem (`application/problem+json`, schema `ApiProblem`) whose 'code' is the engine's " +
                              "diagnostic code and whose 'errors' name the field or the rule-file line and column. The rule-set and scoring endpoints need no " +
                              "credentials (unless the deployment sets AssessmentScorer:RequireKeyForScoring): they read installed rule sets and score what they are sent, storing nothing. " +
                              "Assessment rounds (/rounds, /keys, /audit; docs/rounds.md) are the system of record: they need an X-Api-Key (401 without one, 403 outside the key's role and scope).",
                License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
            };
            // One server, relative to wherever the document was fetched from: the same document for every host.
            doc.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document" }];
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key",
                Description = "A key made by POST /keys (shown once), or the admin key from configuration (AssessmentScorer:Store:AdminKey).",
            };
            foreach (var (_, item) in doc.Paths)
            foreach (var (_, op) in item.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>())
                op.Security = op.Responses?.ContainsKey("401") == true
                    ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", doc)] = [] }]
                    : [new OpenApiSecurityRequirement()];
            doc.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = "Rounds", Description = "Assessment rounds: submissions as revisions, results, exports, re-scoring (X-Api-Key)" },
                new() { Name = "Keys", Description = "API keys and roles (admin)" },
                new() { Name = "Audit", Description = "Who changed what, when (admin)" },
                new() { Name = "Rule sets", Description = "Installed rule sets, their versions, scoring and drafts" },
                new() { Name = "Health", Description = "Liveness and readiness probes" },
            };
            return Task.CompletedTask;
        });
        o.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            // Enums travel as their names: say so, or generators read them as numbers.
            if (schema.Enum is { Count: > 0 } names && schema.Type is null && names.All(n => n?.GetValueKind() == System.Text.Json.JsonValueKind.String))
                schema.Type = JsonSchemaType.String;
            if (OmittedWhenEmpty.TryGetValue(type, out var omitted) && schema.Required is { } required)
                foreach (var name in omitted) required.Remove(name);
            if (type == typeof(Dictionary<string, System.Text.Json.JsonElement>))
            {
                schema.Type = JsonSchemaType.Object;
                // Any scalar: written as "not an object or an array" because code generators map a list of types to its
                // first (a C# client would read every value as a number); they all map this to their "any value" type.
                schema.AdditionalProperties = new OpenApiSchema
                {
                    Not = new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Array, Items = new OpenApiSchema() },
                    Description = "A number, a text (a level such as 四级乙等, or a date), true/false, or null for not reported; never an object or a list.",
                };
            }
            return Task.CompletedTask;
        });
        o.AddOperationTransformer(async (op, context, ct) =>
        {
            // A batch's (or a round's results') JSON answer is the full one, or with ?detail= the one with the rule-set constants once.
            var detailedType = (op.OperationId ?? context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName) switch
            {
                "ScoreBatch" => typeof(BatchDetailResponse),
                "RoundResults" => typeof(Endpoints.RoundResultsDetailResponse),
                _ => null,
            };
            if (detailedType is not null && op.Responses?.TryGetValue("200", out var batchOk) == true && batchOk.Content?.TryGetValue("application/json", out var batchJson) == true)
            {
                var detailed = await context.GetOrCreateSchemaAsync(detailedType, null, ct);
                context.Document?.AddComponent(detailedType.Name, detailed);
                batchJson.Schema = new OpenApiSchema { OneOf = [batchJson.Schema!, new OpenApiSchemaReference(detailedType.Name, context.Document)] };
            }
        });
        o.AddOperationTransformer((op, context, _) =>
        {
            var id = op.OperationId ?? context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
            // Bodies that are not JSON (CSV, YAML) are text: a string schema, whatever type the endpoint's metadata named.
            foreach (var (media, type) in op.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>())
                if (!IsJson(media)) type.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
            foreach (var (_, response) in op.Responses ?? new OpenApiResponses())
                foreach (var (media, type) in response.Content ?? new Dictionary<string, OpenApiMediaType>())
                    if (!IsJson(media)) type.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
            foreach (var parameter in op.Parameters ?? [])
            {
                if (parameter is not OpenApiParameter p || p.Name is not { } name) continue;
                if (ParameterExamples.TryGetValue(name, out var example)) p.Example = example();
                // Read as text so a bad one is answered with a problem naming it; documented as what it must be.
                if (name == "year") p.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1900", Maximum = "2200" };
                if (name == "detail")
                {
                    p.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("full"), JsonValue.Create("indicators"), JsonValue.Create("summary")], Default = JsonValue.Create("full") };
                    p.Description = "How much of each result the answer carries: full (every result complete, as a single score is), indicators (the rule-set " +
                                    "constants once, in 'catalogue', and each result's indicator values, points and explanations) or summary (totals, grades, " +
                                    "standing, dimension points and problems; no indicators). With indicators or summary the JSON answer is a BatchDetailResponse " +
                                    "(a round's results: a RoundResultsDetailResponse).";
                }
            }
            if (id is not null && Examples.Requests.TryGetValue(id, out var req) && op.RequestBody?.Content is { } content)
                foreach (var (media, type) in content)
                    if (req.TryGetValue(media, out var example)) type.Example = example();
            if (id is not null && Examples.Responses.TryGetValue(id, out var res) && op.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } okContent)
                foreach (var (media, type) in okContent)
                    if (IsJson(media)) type.Example = res();
            return Task.CompletedTask;
        });
    }

    private static bool IsJson(string media) => media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal);
}

/// <summary>Declares an endpoint's problem answers in the document, all with the one <see cref="ApiProblem"/> schema.</summary>
internal static class ProblemMetadata
{
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.Produces<ApiProblem>(status, "application/problem+json");
        return builder;
    }
}

internal static class Examples
{
    private const string Submission = """
        {"subject":{"id":"AH-BZ-QC-001","name":"亳州市谯城区示范医院","kind":"hospital","tier":"tertiary","category":"general","ownership":"public","region":"CN-AH/bozhou/qiaocheng","beds":820},
         "year":2025,
         "values":{"personnel_expenditure":172000000,"business_expenditure":400000000,"registered_nurses":702,"physicians":540,"day_surgeries":1130,"elective_surgeries":12550,"emr_level":5,"interop_maturity":"四级乙等","in_county_admissions":41200,"insured_admissions":45800,"major_safety_incidents":0},
         "previous":{"year":2024,"values":{"in_county_admissions":39100,"insured_admissions":44900}},
         "tasks":{"command_center":{"done":true,"completed_on":"2025-06-30","evidence":["建设验收报告"]}}}
        """;

    private const string Result = """
        {"subject":{"id":"AH-BZ-QC-001","name":"亳州市谯城区示范医院","kind":"hospital","tier":"tertiary","category":"general","ownership":"public","region":"CN-AH/bozhou/qiaocheng","beds":820},
         "year":2025,"ruleSet":{"scheme":"cn.demo.hospital-basics","version":"1.0.0","digest":"…"},"total":90,"maxTotal":100,"coverage":{"points":100,"fullPoints":100,"share":1,"minimum":0.5,"gradeWithheld":null},"grade":"优秀","passed":true,"dataComplete":true,"cohort":null,"nextGrade":null,
         "vetoes":[],"dimensions":[],
         "indicators":[{"id":"personnel_share","name":"人员支出占业务支出比重","nameEn":"Personnel expenditure share","dimension":"operations","value":0.43,"displayValue":"43.00%","target":"≥ 40%","met":true,"points":20,"maxPoints":20,"status":"scored","method":"linear",
           "explanation":{"zh":"人员支出占业务支出比重 43.00% ≥ 40% → 20/20","en":"Personnel expenditure share 43.00% ≥ 40% → 20/20"},"source":"000_86f4e3f6087374c5.txt 篇4 二(四)14(4)",
           "definedIn":{"file":"demo/hospital-basics/1.0.0.yaml","scheme":"cn.demo.hospital-basics","version":"1.0.0"},"missingData":[]}],
         "reasons":[],"problems":[]}
        """;

    private const string Draft = """
        scheme: cn.example.draft
        version: 0.1.0
        title: { zh: 草案, en: Draft }
        indicators:
          - id: personnel_share
            name: { zh: 人员支出占业务支出比重, en: Personnel expenditure share }
            value: personnel_expenditure / business_expenditure
            target: { at_least: 40% }
            points: 10
            source: 000_86f4e3f6087374c5.txt 篇4 二(四)14(4)
        """;

    private static JsonNode Node(string json) => JsonNode.Parse(json)!;

    public static readonly Dictionary<string, Dictionary<string, Func<JsonNode>>> Requests = new()
    {
        ["Score"] = new() { ["application/json"] = () => Node(Submission) },
        ["ScoreBatch"] = new()
        {
            ["application/json"] = () => Node($"[{Submission}]"),
            ["text/csv"] = () => JsonValue.Create("id,name,tier,year,personnel_expenditure,business_expenditure\nH1,示范医院,tertiary,2025,172000000,400000000\n"),
        },
        ["ValidateDraft"] = new()
        {
            ["application/json"] = () => new JsonObject { ["ruleSet"] = Draft, ["file"] = "0.1.0.yaml" },
            ["application/yaml"] = () => JsonValue.Create(Draft),
        },
        ["Compare"] = new() { ["application/json"] = () => Node($$"""{"from":"cn.demo.hospital-basics@1.0.0","toDraft":{{System.Text.Json.JsonSerializer.Serialize(Draft)}},"submission":{{Submission}}}""") },
    };

    public static readonly Dictionary<string, Func<JsonNode>> Responses = new()
    {
        ["Score"] = () => Node(Result),
        ["ListRuleSets"] = () => Node("""[{"scheme":"cn.demo.hospital-basics","version":"1.0.0","status":"published","title":"公立医院基础指标（演示）","titleEn":"Public-hospital basics (demonstration)","effectiveFrom":"2022-01-01","effectiveTo":"2025-12-31","digest":"…","extends":null,"file":"demo/hospital-basics/1.0.0.yaml","indicators":7}]"""),
        ["ValidateDraft"] = () => Node("""{"valid":true,"ruleSet":{"scheme":"cn.example.draft","version":"0.1.0","digest":"…"},"diagnostics":[],"tests":null}"""),
        ["DiffRuleSets"] = () => Node("""{"from":{"scheme":"cn.national.tertiary-performance","version":"1.0.0","digest":"…"},"to":{"scheme":"cn.national.tertiary-performance","version":"1.1.0","digest":"…"},"changes":[{"change":"added","element":"indicator","id":"key_consumables_share","aspect":"","before":null,"after":"重点监控高值医用耗材收入占比 …"}]}"""),
        ["Live"] = () => Node("""{"status":"live","ruleSets":0,"errors":0}"""),
        ["Ready"] = () => Node("""{"status":"ready","ruleSets":12,"errors":0}"""),
    };
}
