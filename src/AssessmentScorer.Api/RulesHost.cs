using System.Text;
using AssessmentScorer.NRules;

namespace AssessmentScorer.Api;

/// <summary>
/// The rules assembly the API applies to results (AssessmentScorer:Rules:Assembly), loaded once at start-up. Every route
/// that answers with actions goes through it: <see cref="Unavailable"/> (a batch) or <see cref="UnavailableForRounds"/> (a round) for the problem when there are no usable rules,
/// <see cref="Answer"/> to apply them and write the answer (a route over stored rounds passes the round's cohort and the
/// store as the history).
/// </summary>
internal sealed class RulesHost
{
    private readonly string? _loadError;

    public RulesHost(string? configured, string contentRoot, ILogger<RulesHost> logger)
    {
        if (string.IsNullOrWhiteSpace(configured)) return;
        Configured = true;
        var path = Path.IsPathRooted(configured) || File.Exists(configured) ? configured : Path.Combine(contentRoot, configured);
        try
        {
            Rules = ResultRules.Load(path);
            logger.LogInformation("Loaded {Count} rules from {Assembly}", Rules.RuleNames.Count, path);
        }
        catch (ResultRulesException e)
        {
            _loadError = e.Message;
            logger.LogError("The rules assembly cannot be used: {Error}", e.Message);
        }
    }

    /// <summary>True when an assembly is configured (usable or not).</summary>
    public bool Configured { get; }

    /// <summary>The compiled rules, or null when none are configured or they could not be loaded.</summary>
    public ResultRules? Rules { get; }

    /// <summary>The problem to answer when there are no rules to apply to a batch (404 AS5025); null when there are.</summary>
    public IResult? Unavailable() => NotUsable("AS5025",
        "This server applies no rules to results: set AssessmentScorer:Rules:Assembly to a compiled rules assembly (docs/nrules.md).");

    /// <summary>The problem to answer when there are no rules to draw a round's actions with (404 AS5027); null when there are.</summary>
    public IResult? UnavailableForRounds() => NotUsable("AS5027",
        "This server draws no actions from rounds' results: set AssessmentScorer:Rules:Assembly to a compiled rules assembly (docs/nrules.md).");

    private IResult? NotUsable(string notConfigured, string detail) =>
        !Configured ? Problems.Of(404, notConfigured, "No rules configured", detail)
            : Rules is null ? Problems.Of(503, "AS5026", "Rules unusable",
                "The configured rules assembly cannot be used; the server's log says why.", new[] { new ProblemError("AS5026", _loadError ?? "not loaded", Field: "AssessmentScorer:Rules:Assembly") })
            : null;

    /// <summary>
    /// Applies the rules to a cohort (or the subjects at <paramref name="positions"/>) and answers with the actions: CSV when
    /// the request accepts text/csv and not JSON, else JSON followed by <paramref name="tail"/> (further members, each starting with a comma).
    /// </summary>
    public IResult Answer(HttpRequest request, CohortResult cohort, IReadOnlyList<int>? positions, CompiledRuleSet ruleSet, IResultHistory? history, string tail = "")
    {
        ActionReport report;
        try
        {
            report = positions is null ? Rules!.Apply(cohort, ruleSet, history) : Rules!.Apply(cohort, positions, ruleSet, history);
        }
        catch (ResultRulesException e)
        {
            return Problems.Of(500, "AS5026", "A rule failed", e.Message);
        }
        if (Body.Accepts(request, "text/csv") && !Body.Accepts(request, "application/json"))
            return TypedResults.Text(Reports.ActionReports.Csv(report), "text/csv", Encoding.UTF8);
        var json = report.ToJson(indented: false);
        return TypedResults.Text(string.Concat(json.AsSpan(0, json.LastIndexOf('}')), tail, "}"), "application/json", Encoding.UTF8);
    }
}
