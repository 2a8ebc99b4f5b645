using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AssessmentScorer.Store;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AssessmentScorer.Api.Tests.Rounds;

/// <summary>What the store guarantees, on each provider: concurrent corrections, append-only rows, re-scoring, exports.</summary>
public class RoundStoreTests
{
    public static TheoryData<string> Providers => PostgresServer.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ConcurrentCorrectionsOfOneSubject_NeverLoseARevision(string provider)
    {
        using var api = new RoundsFactory(provider);
        var id = await api.RoundAsync();
        var baseSub = RoundWorkflowTests.Cohort()[0]!;
        const int writers = 12;
        var tasks = Enumerable.Range(0, writers).Select(async i =>
        {
            var sub = baseSub.DeepClone();
            sub["values"]!["day_surgeries"] = 2000 + i;
            var res = await api.Admin().PostAsync($"/rounds/{id}/submissions?reason=w{i}", RoundWorkflowTests.Json(sub));
            res.StatusCode.Should().Be(HttpStatusCode.OK);
            return (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted")[0].GetProperty("revision").GetInt32();
        }).ToList();
        var numbers = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(5));
        numbers.Should().BeEquivalentTo(Enumerable.Range(1, writers), "each writer got its own revision number");
        var revisions = await api.Admin().GetFromJsonAsync<JsonElement>($"/rounds/{id}/submissions/{baseSub["subject"]!["id"]}/revisions");
        revisions.EnumerateArray().Select(r => r.GetProperty("reason").GetString()).Should().BeEquivalentTo(Enumerable.Range(0, writers).Select(i => $"w{i}"));
        revisions.EnumerateArray().Select(r => r.GetProperty("number").GetInt32()).Should().Equal(Enumerable.Range(1, writers));
        (await api.Admin().GetFromJsonAsync<JsonElement>($"/audit?round={id}")).GetArrayLength().Should().Be(writers + 1);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RevisionsAndAuditEntries_CannotBeUpdatedOrDeleted_EvenBySql(string provider)
    {
        using var api = new RoundsFactory(provider);
        var id = await api.RoundAsync();
        (await api.Admin().PostAsync($"/rounds/{id}/submissions", RoundWorkflowTests.Json(RoundWorkflowTests.Cohort()[0]!))).EnsureSuccessStatusCode();
        var db = api.Services.GetRequiredService<StoreDb>();
        await using var ctx = db.Open();
        foreach (var sql in new[] { "UPDATE revisions SET \"Content\" = '{}'", "DELETE FROM revisions", "UPDATE audit SET \"Actor\" = 'x'", "DELETE FROM audit" })
        {
            var act = () => ctx.Database.ExecuteSqlRawAsync(sql);
            await act.Should().ThrowAsync<Exception>(sql);
        }
        var rev = await ctx.Revisions.FirstAsync();
        rev.Content = "{}";
        await ctx.Invoking(c => c.SaveChangesAsync()).Should().ThrowAsync<InvalidOperationException>();
        (await api.Admin().GetFromJsonAsync<JsonElement>($"/audit?round={id}")).GetArrayLength().Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Rescoring_MakesANewRound_AndTheComparisonIsOneCallAway(string provider)
    {
        using var api = new RoundsFactory(provider);
        var admin = api.Admin();
        var id = await api.RoundAsync(scheme: "cn.national.tertiary-performance", year: 2023, version: "1.0.0", name: "2023 国考（按 1.0.0）");
        var cohort = JsonNode.Parse(File.ReadAllText(Repo.At("examples/national/tertiary-cohort.json")))!.AsArray();
        var receipt = await (await admin.PostAsync($"/rounds/{id}/submissions", RoundWorkflowTests.Json(cohort))).Content.ReadFromJsonAsync<JsonElement>();
        receipt.GetProperty("accepted").GetArrayLength().Should().Be(cohort.Count);
        var before = await admin.GetStringAsync($"/rounds/{id}/results");

        var res = await admin.PostAsJsonAsync($"/rounds/{id}/rescore", new { version = "1.1.0" });
        res.StatusCode.Should().Be(HttpStatusCode.Created);
        var round = await res.Content.ReadFromJsonAsync<JsonElement>();
        var newId = round.GetProperty("id").GetInt64();
        round.GetProperty("rescoreOf").GetInt64().Should().Be(id);
        round.GetProperty("version").GetString().Should().Be("1.1.0");
        round.GetProperty("subjects").GetInt32().Should().Be(cohort.Count);
        var comparison = await admin.GetFromJsonAsync<JsonElement>($"/rounds/{newId}/comparison");
        comparison.GetProperty("from").GetProperty("version").GetString().Should().Be("1.0.0");
        comparison.GetProperty("to").GetProperty("version").GetString().Should().Be("1.1.0");
        comparison.GetProperty("subjects").GetArrayLength().Should().Be(cohort.Count);
        comparison.GetProperty("subjects").EnumerateArray().Should().Contain(s => s.GetProperty("indicators").GetArrayLength() > 0, "1.1.0 adds an indicator");
        (await admin.GetStringAsync($"/rounds/{id}/results")).Should().Be(before, "the source round is untouched");
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/audit?round={newId}");
        audit[0].GetProperty("action").GetString().Should().Be("round.rescored");
    }

    [Fact]
    public async Task Exports_AreTheCommandLinesReports()
    {
        using var api = new RoundsFactory();
        var id = await api.RoundAsync();
        (await api.Admin().PostAsync($"/rounds/{id}/submissions", RoundWorkflowTests.Json(RoundWorkflowTests.Cohort()))).EnsureSuccessStatusCode();
        var csv = await api.Admin().GetAsync($"/rounds/{id}/report.csv");
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(33);
        var xlsx = await api.Admin().GetByteArrayAsync($"/rounds/{id}/report.xlsx");
        var (rows, _, error) = AssessmentScorer.Reports.Xlsx.ReadFirstSheet(xlsx);
        error.Should().BeNull();
        rows.Should().HaveCount(33, "a header and one row per subject on the summary sheet");
        var html = await api.Admin().GetStringAsync($"/rounds/{id}/report.html");
        html.Should().StartWith("<!doctype html>").And.Contain("乐山市市中区人民医院");
    }

    [Fact]
    public async Task UploadLimits_AreProblemsNamingTheLimit()
    {
        using var api = new RoundsFactory(settings: s => { s["AssessmentScorer:Store:MaxUploadRows"] = "3"; s["AssessmentScorer:Store:MaxUploadBytes"] = "20000"; });
        var id = await api.RoundAsync();
        var four = new JsonArray(RoundWorkflowTests.Cohort().Take(4).Select(n => n!.DeepClone()).ToArray());
        var rows = await api.Admin().PostAsync($"/rounds/{id}/submissions", RoundWorkflowTests.Json(four));
        rows.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await rows.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("limit is 3");
        var big = await api.Admin().PostAsync($"/rounds/{id}/submissions", RoundWorkflowTests.Json(RoundWorkflowTests.Cohort()));
        big.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await big.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("AS5015");
        (await api.Admin().GetFromJsonAsync<JsonElement>($"/rounds/{id}")).GetProperty("subjects").GetInt32().Should().Be(0);
    }
}
