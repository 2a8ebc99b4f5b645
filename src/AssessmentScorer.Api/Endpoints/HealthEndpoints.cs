using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentScorer.Api.Endpoints;

internal static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealth(this RouteGroupBuilder group)
    {
        group.MapGet("/live", () => TypedResults.Ok(new HealthStatus("live", 0, 0))).WithName("Live").WithSummary("The process is up").WithDescription("Liveness: 200 whenever the process answers.");
        group.MapGet("/ready", Results<Ok<HealthStatus>, ProblemHttpResult> (RuleSetStore store) =>
                store.Ready && store.Registry.All.Count > 0
                    ? TypedResults.Ok(new HealthStatus("ready", store.Registry.All.Count, store.Diagnostics.Count(d => d.Severity == Severity.Error)))
                    : (ProblemHttpResult)Problems.Of(503, "AS1009", "Not ready", "Rule sets are not loaded yet (or none loaded)."))
            .WithName("Ready").WithSummary("Ready once rule sets are loaded").WithDescription("Readiness: 200 with the number of rule sets once they are loaded, a 503 problem before.").ProducesProblems(503);
        return group;
    }
}
