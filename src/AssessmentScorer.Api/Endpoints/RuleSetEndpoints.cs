using Microsoft.AspNetCore.Mvc;

namespace AssessmentScorer.Api.Endpoints;

internal static class RuleSetEndpoints
{
    public static RouteGroupBuilder MapRuleSets(this RouteGroupBuilder group)
    {
        group.MapGet("/", (RuleSetStore store) => TypedResults.Ok(store.Registry.All.Select(RuleSetSummary.Of).ToArray()))
            .WithName("ListRuleSets").WithSummary("Schemes with their versions, status, effective period and digest")
            .WithDescription("Every loaded rule set, one entry per version. The digest changes whenever the rule file (or one it extends) changes.");

        // One shape whatever the query: the versions of the scheme, or with ?year= the one version in force that year.
        group.MapGet("/{scheme}", IResult (string scheme, [FromQuery(Name = "year")] string? year, RuleSetStore store) =>
            {
                if (year is not null)
                {
                    if (!int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) || y is < 1900 or > 2200)
                        return Problems.Of(400, "AS5005", "Bad query", $"year must be a year from 1900 to 2200, not '{Truncate(year)}'.",
                            new[] { new ProblemError("AS5005", "a year from 1900 to 2200", Field: "year") });
                    var rs = store.Registry.InForce(scheme, y);
                    return rs is null
                        ? Problems.Of(404, "AS4002", "No version in force", $"No published version of '{scheme}' is in force in {y.ToString(System.Globalization.CultureInfo.InvariantCulture)}.")
                        : TypedResults.Ok(new[] { RuleSetSummary.Of(rs) });
                }
                var versions = store.Registry.Versions(scheme);
                return versions.Count == 0 ? Problems.RuleSetNotFound(scheme) : TypedResults.Ok(versions.Select(RuleSetSummary.Of).ToArray());
            })
            .WithName("GetScheme").WithSummary("The versions of a scheme; with ?year= only the version in force that year")
            .WithDescription("Always a list. With ?year= it holds the one published version whose effective period covers that year; 404 when none does, 400 naming year when it is not a year.")
            .Produces<RuleSetSummary[]>(200).ProducesProblems(400, 404);

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
            .WithDescription("JSON by default: the fields it reads, each indicator with its targets, method, points and source clause, the grading and vetoes. An Accept header naming YAML gets the rule file exactly as installed.")
            .Produces<RuleSetDetail>(200, "application/json", "application/yaml").ProducesProblems(404);

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
            .WithDescription("Give both versions as ?from= and ?to= (a version, latest, or a range); a missing one is a 400 problem naming it.")
            .Produces<RuleSetDifference>(200).ProducesProblems(400, 404);
        return group;
    }

    private static string Truncate(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
