using System.Text.Json;
using AssessmentScorer.Api;
using AssessmentScorer.Api.Endpoints;
using AssessmentScorer.Store;
using AssessmentScorer.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<ApiOptions>(builder.Configuration.GetSection("AssessmentScorer"));
builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<IOptions<ApiOptions>>().Value;
    return new RuleSetStore(RuleSetStore.ResolvePath(options.RuleSetsPath, builder.Environment.ContentRootPath));
});
// Assessment rounds: the store (SQLite under ./data/ by default, PostgreSQL when configured), keys, audit (docs/rounds.md).
var storeOptions = builder.Configuration.GetSection("AssessmentScorer:Store").Get<StoreOptions>() ?? new StoreOptions();
builder.Services.AddRoundStore(storeOptions);
builder.Services.AddSingleton<IRuleSetSource>(sp => sp.GetRequiredService<RuleSetStore>());
builder.Services.AddSingleton(sp =>
{
    var limits = sp.GetRequiredService<IOptions<ApiOptions>>().Value.Limits;
    return new BatchGate(limits.MaxConcurrentBatches, limits.MaxQueuedBatches);
});
builder.Services.AddSingleton(sp => new RulesHost(sp.GetRequiredService<IOptions<ApiOptions>>().Value.Rules.Assembly,
    builder.Environment.ContentRootPath, sp.GetRequiredService<ILogger<RulesHost>>()));
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    o.SerializerOptions.MaxDepth = 32;
    // Numbers are numbers: the document then types them as integer or number, not "number or numeric string".
    o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
});
// Every problem names the request (as the logs do), so a report of one can be found in the logs.
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
{
    c.ProblemDetails.Extensions.Remove("traceId");
    c.ProblemDetails.Extensions["requestId"] = c.HttpContext.TraceIdentifier;
});
// The web interface at / (src/AssessmentScorer.Web): the same rule sets, read through the library in this process.
builder.Services.AddScorerWeb(sp =>
{
    var rules = sp.GetRequiredService<RuleSetStore>();
    return new WebRuleSets(() => rules.Registry, rules.Directory);
});
builder.Services.AddOpenApi(o => OpenApiSetup.Configure(o));
builder.AddOperations();
builder.AddTelemetry();
builder.WebHost.ConfigureKestrel((ctx, k) =>
{
    var limits = ctx.Configuration.GetSection("AssessmentScorer:Limits").Get<ApiLimits>() ?? new ApiLimits();
    k.Limits.MaxRequestBodySize = Math.Max(limits.MaxBodyBytes, limits.MaxBatchBodyBytes) + 1024;
});

var app = builder.Build();

var store = app.Services.GetRequiredService<RuleSetStore>();
foreach (var d in store.Load().Where(d => d.Severity == AssessmentScorer.Severity.Error))
    app.Logger.LogWarning("{Diagnostic}", d.ToString());
app.Logger.LogInformation("Loaded {Count} rule sets from {Directory}", store.Registry.All.Count, store.Directory);
_ = app.Services.GetRequiredService<RulesHost>();   // the rules assembly, if configured: loaded (or its failure logged) at start-up

var storeDb = app.Services.GetRequiredService<StoreDb>();
storeDb.Migrate();
app.Logger.LogInformation("Round store: {Provider} {Where}", storeDb.ProviderName, storeDb.SqlitePath ?? "(connection string)");
if (storeOptions.AdminKey is not { Length: >= 16 })
    app.Logger.LogWarning("No admin key (AssessmentScorer:Store:AdminKey, at least 16 characters): the round routes answer 401 until one is set.");

// Nothing reaches a client as a stack trace or a server path: unexpected failures are a bare 500 problem.
app.UseExceptionHandler(e => e.Run(async context =>
{
    var feature = context.Features.Get<IExceptionHandlerFeature>();
    var status = feature?.Error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
    context.Response.StatusCode = status;
    await Problems.Of(status, status == 500 ? "AS9999" : "AS5018", status == 500 ? "Internal error" : "Bad request",
        status == 500 ? "The request could not be completed." : "The request could not be read.").ExecuteAsync(context);
}));
app.UseStatusCodePages(async context =>
{
    var http = context.HttpContext;
    var status = http.Response.StatusCode;
    var (code, title) = status switch
    {
        404 => ("AS5019", "Not found"),
        405 => ("AS5020", "Method not allowed"),
        415 => ("AS5016", "Unsupported media type"),
        _ => ("AS5018", "Request failed"),
    };
    var detail = status == 415
        ? $"Content-Type '{http.Request.ContentType ?? "(none)"}' is not accepted by {http.Request.Method} {http.Request.Path}; see /openapi/v1.json."
        : $"{http.Request.Method} {http.Request.Path} is not an endpoint of this API; see /openapi/v1.json.";
    await Problems.Of(status, code, title, detail).ExecuteAsync(http);
});

app.UseRequestTimeouts();
app.UseRateLimiter();

// Only the one document this API has: any other name is an unknown route, answered with a problem like every other.
app.MapOpenApi("/openapi/v1.json");
app.UseSwaggerUI(o =>
{
    o.SwaggerEndpoint("/openapi/v1.json", "AssessmentScorer v1");
    o.RoutePrefix = "swagger";
    o.DocumentTitle = "AssessmentScorer API";
});

app.MapScorerWeb();

var ruleSets = app.MapGroup("/rulesets").WithTags("Rule sets").Limited();
if (app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.RequireKeyForScoring) ruleSets.RequireKey();
ruleSets.MapRuleSets().MapScoring().MapApply().MapDrafts().MapSensitivity();
app.MapGroup("/rounds").WithTags("Rounds").Limited().RequireKey().MapRounds();
app.MapGroup("/keys").WithTags("Keys").Limited().RequireKey().MapKeys();
app.MapGroup("/audit").WithTags("Audit").Limited().RequireKey().MapAudit();
app.MapGroup("/health").WithTags("Health").MapHealth().DisableRequestTimeout();

app.Run();

/// <summary>The host, for WebApplicationFactory in tests.</summary>
public partial class Program;
