using Microsoft.AspNetCore.Http.HttpResults;

namespace AssessmentScorer.Api.Endpoints;

internal static class RuleSetEndpoints
{
    public static RouteGroupBuilder MapRuleSets(this RouteGroupBuilder group)
    {
        group.MapGet("/", (RuleSetStore store) => TypedResults.Ok(store.Registry.All.Select(RuleSetSummary.Of).ToArray()))
            .WithName("ListRuleSets").WithSummary("Schemes with their versions, status, effective period and digest");

        group.MapGet("/{scheme}", Results<Ok<RuleSetDetail>, Ok<RuleSetSummary[]>, ProblemHttpResult> (string scheme, int? year, RuleSetStore store) =>
            {
                if (year is { } y)
                {
                    var rs = store.Registry.InForce(scheme, y);
                    return rs is null
                        ? (ProblemHttpResult)Problems.Of(404, "AS4002", "No version in force", $"No published version of '{scheme}' is in force in {y.ToString(System.Globalization.CultureInfo.InvariantCulture)}.")
                        : TypedResults.Ok(RuleSetDetail.Of(rs));
                }
                var versions = store.Registry.Versions(scheme);
                return versions.Count == 0 ? (ProblemHttpResult)Problems.RuleSetNotFound(scheme) : TypedResults.Ok(versions.Select(RuleSetSummary.Of).ToArray());
            })
            .WithName("GetScheme").WithSummary("The versions of a scheme, or with ?year= the version in force that year");

        group.MapGet("/{scheme}/{version}", IResult (string scheme, string version, HttpRequest request, RuleSetStore store) =>
            {
                var rs = store.Registry.Resolve($"{scheme}@{version}");
                if (rs is null) return Problems.RuleSetNotFound($"{scheme}@{version}");
                var accept = request.Headers.Accept.ToString();
                if (accept.Contains("yaml", StringComparison.OrdinalIgnoreCase))
                    return TypedResults.Text(rs.Source, "application/yaml", System.Text.Encoding.UTF8);
                return TypedResults.Ok(RuleSetDetail.Of(rs));
            })
            .WithName("GetRuleSet").WithSummary("The compiled rule set as JSON, or its YAML source with Accept: application/yaml; version may be 'latest' or a range")
            .Produces<RuleSetDetail>(200, "application/json").Produces<string>(200, "application/yaml").ProducesProblem(404);

        group.MapGet("/{scheme}/diff", IResult (string scheme, string? from, string? to, RuleSetStore store) =>
            {
                if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
                    return Problems.Of(400, "AS5005", "Missing query", "Give both versions: ?from=1.0.0&to=1.1.0 (or latest, or a range).",
                        new[] { new ProblemError("AS5005", "required", Field: string.IsNullOrWhiteSpace(from) ? "from" : "to") });
                var a = store.Registry.Resolve($"{scheme}@{from}");
                if (a is null) return Problems.RuleSetNotFound($"{scheme}@{from}");
                var b = store.Registry.Resolve($"{scheme}@{to}");
                if (b is null) return Problems.RuleSetNotFound($"{scheme}@{to}");
                return TypedResults.Ok(RuleSetDiff.Compare(a, b));
            })
            .WithName("DiffRuleSets").WithSummary("Semantic diff: indicators added or removed, targets, points and cut-offs changed")
            .Produces<RuleSetDifference>(200).ProducesProblem(400).ProducesProblem(404);
        return group;
    }
}
