using System.Text;
using AssessmentScorer.NRules;

namespace AssessmentScorer.Api;

/// <summary>
/// The rules assembly the API applies to results (AssessmentScorer:Rules:Assembly), loaded once at start-up. Every route
/// that answers with actions goes through it: <see cref="Unavailable"/> for the problem when there are no usable rules,
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

    /// <summary>The problem to answer when there are no rules to apply; null when there are.</summary>
    public IResult? Unavailable() =>
        !Configured ? Problems.Of(404, "AS5025", "No rules configured",
                "This server applies no rules to results: set AssessmentScorer:Rules:Assembly to a compiled rules assembly (docs/nrules.md).")
            : Rules is null ? Problems.Of(503, "AS5026", "Rules unusable",
                "The configured rules assembly cannot be used; the server's log says why.", new[] { new ProblemError("AS5026", _loadError ?? "not loaded", Field: "AssessmentScorer:Rules:Assembly") })
            : null;

    /// <summary>Applies the rules to a cohort and answers with the actions, then <paramref name="tail"/> (further JSON members, each starting with a comma).</summary>
    public IResult Answer(CohortResult cohort, CompiledRuleSet ruleSet, IResultHistory? history, string tail = "")
    {
        ActionReport report;
        try
        {
            report = Rules!.Apply(cohort, ruleSet, history);
        }
        catch (ResultRulesException e)
        {
            return Problems.Of(500, "AS5026", "A rule failed", e.Message);
        }
        var json = report.ToJson(indented: false);
        return TypedResults.Text(string.Concat(json.AsSpan(0, json.LastIndexOf('}')), tail, "}"), "application/json", Encoding.UTF8);
    }
}
