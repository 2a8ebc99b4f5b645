using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace AssessmentScorer.Api.Tests.Rounds;

/// <summary>
/// A round's results at each detail level, as JSON and as JSON lines, are what the batch endpoint answers for the same
/// cohort (sent in the round's order): the same rule set, catalogue, aggregates and results, with the round's parts added.
/// </summary>
public class RoundResultDetailTests
{
    private const string Scheme = "cn.sichuan.leshan.shizhong.high-quality";

    /// <summary>A round holding the Leshan district cohort, and the cohort in the order the round lists its results.</summary>
    private static async Task<(long Id, string Version, JsonArray Cohort)> RoundWithCohortAsync(RoundsFactory api)
    {
        var id = await api.RoundAsync();
        (await api.Admin().PostAsync($"/rounds/{id}/submissions", RoundWorkflowTests.Json(RoundWorkflowTests.Cohort()))).EnsureSuccessStatusCode();
        var full = await api.Admin().GetFromJsonAsync<JsonElement>($"/rounds/{id}/results");
        var order = full.GetProperty("scored").EnumerateArray().Select(s => s.GetProperty("subjectId").GetString()!).ToList();
        var bySubject = RoundWorkflowTests.Cohort().ToDictionary(n => n!["subject"]!["id"]!.GetValue<string>(), n => n!.DeepClone());
        order.Should().HaveCount(bySubject.Count);
        return (id, full.GetProperty("round").GetProperty("version").GetString()!, new JsonArray(order.Select(s => bySubject[s]).ToArray()));
    }

    [Theory]
    [InlineData("full")]
    [InlineData("indicators")]
    [InlineData("summary")]
    public async Task EachDetailLevel_IsTheBatchEndpointsAnswer_WithTheRoundsParts(string detail)
    {
        using var api = new RoundsFactory();
        var (id, version, cohort) = await RoundWithCohortAsync(api);
        var round = JsonNode.Parse(await api.Admin().GetStringAsync($"/rounds/{id}/results?detail={detail}"))!.AsObject();
        var batch = JsonNode.Parse(await (await api.Admin().PostAsync($"/rulesets/{Scheme}/{version}/score/batch?detail={detail}", RoundWorkflowTests.Json(cohort)))
            .Content.ReadAsStringAsync())!.AsObject();

        var common = batch.Select(p => p.Key).Except(new[] { "rejected", "counts" }).ToList();
        common.Should().Contain(new[] { "ruleSet", "aggregates", "results" });
        if (detail != "full") common.Should().Contain(new[] { "detail", "catalogue" });
        round.Select(p => p.Key).Should().Equal(common.Concat(new[] { "round", "scored", "page" }), "the batch shape first, then the round's parts");
        foreach (var key in common)
            JsonNode.DeepEquals(round[key], batch[key]).Should().BeTrue($"'{key}' at detail {detail} is the batch endpoint's");
        round["results"]!.AsArray().Should().HaveCount(32);
        round["page"]!["total"]!.GetValue<int>().Should().Be(32);
    }

    [Fact]
    public async Task JsonLines_AreTheBatchEndpointsLines_ThenTheRoundsParts()
    {
        using var api = new RoundsFactory();
        var (id, version, cohort) = await RoundWithCohortAsync(api);
        var admin = api.Admin();
        admin.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        using var res = await admin.GetAsync($"/rounds/{id}/results?detail=summary&offset=2&limit=5");
        res.StatusCode.Should().Be(HttpStatusCode.OK);
        res.Content.Headers.ContentType!.MediaType.Should().Be("application/x-ndjson");
        var lines = (await res.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var page = new JsonArray(cohort.Skip(2).Take(5).Select(n => n!.DeepClone()).ToArray());
        var batchLines = (await (await admin.PostAsync($"/rulesets/{Scheme}/{version}/score/batch?detail=summary", RoundWorkflowTests.Json(page))).Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().HaveCount(1 + 5 + 1, "a header, one line per result of the page, the round's parts");
        var header = JsonNode.Parse(lines[0])!;
        header["detail"]!.GetValue<string>().Should().Be("summary");
        JsonNode.DeepEquals(header["catalogue"], JsonNode.Parse(batchLines[0])!["catalogue"]).Should().BeTrue();
        // The aggregates are the whole round's; the page's results are ranked in the whole round too.
        var whole = JsonNode.Parse(await api.Admin().GetStringAsync($"/rounds/{id}/results?detail=summary"))!;
        JsonNode.DeepEquals(header["aggregates"], whole["aggregates"]).Should().BeTrue();
        for (var i = 0; i < 5; i++)
            JsonNode.DeepEquals(JsonNode.Parse(lines[1 + i]), whole["results"]![2 + i]).Should().BeTrue($"result line {i + 1} is the round's result {2 + i}");
        var tail = JsonNode.Parse(lines[^1])!;
        tail["page"]!["offset"]!.GetValue<int>().Should().Be(2);
        tail["page"]!["total"]!.GetValue<int>().Should().Be(32);
        tail["scored"]!.AsArray().Select(s => s!["subjectId"]!.GetValue<string>())
            .Should().Equal(cohort.Skip(2).Take(5).Select(n => n!["subject"]!["id"]!.GetValue<string>()));
        tail["round"]!["id"]!.GetValue<long>().Should().Be(id);
    }

    [Fact]
    public async Task AnUnknownDetail_IsABadQuery_NamingTheParameter()
    {
        using var api = new RoundsFactory();
        var id = await api.RoundAsync();
        using var res = await api.Admin().GetAsync($"/rounds/{id}/results?detail=everything");
        res.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await res.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("AS5018");
        problem.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("detail");
    }
}
