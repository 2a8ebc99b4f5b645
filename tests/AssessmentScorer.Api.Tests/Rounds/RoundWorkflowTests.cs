using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace AssessmentScorer.Api.Tests.Rounds;

/// <summary>The round workflow on each store provider: make, submit, correct, score, year over year, close, publish.</summary>
public class RoundWorkflowTests
{
    private const string Scheme = "cn.sichuan.leshan.shizhong.high-quality";

    public static TheoryData<string> Providers => PostgresServer.Providers();

    internal static JsonArray Cohort() => JsonNode.Parse(File.ReadAllText(Repo.At("examples/leshan/district-cohort.json")))!.AsArray();

    internal static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ASubmittedCohort_IsStoredAsRevisions_AndScoredLikeTheBatchEndpoint(string provider)
    {
        using var api = new RoundsFactory(provider);
        var id = await api.RoundAsync();
        var admin = api.Admin();
        var receipt = await (await admin.PostAsync($"/rounds/{id}/submissions", Json(Cohort()))).Content.ReadFromJsonAsync<JsonElement>();
        receipt.GetProperty("read").GetInt32().Should().Be(32);
        receipt.GetProperty("accepted").GetArrayLength().Should().Be(32);
        receipt.GetProperty("rejected").GetArrayLength().Should().Be(0);
        var first = receipt.GetProperty("accepted")[0];
        first.GetProperty("revision").GetInt32().Should().Be(1);
        first.GetProperty("contentDigest").GetString().Should().MatchRegex("^[0-9a-f]{64}$");

        var results = await admin.GetFromJsonAsync<JsonElement>($"/rounds/{id}/results");
        var batch = await (await admin.PostAsync($"/rulesets/{Scheme}/1.0.0/score/batch", Json(Cohort()))).Content.ReadFromJsonAsync<JsonElement>();
        results.GetProperty("results").GetArrayLength().Should().Be(32);
        // The same cohort scored by the batch endpoint: the same totals and grades, subject by subject.
        var byBatch = batch.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("subject").GetProperty("id").GetString()!, r => (r.GetProperty("total").GetDecimal(), r.GetProperty("grade").ToString()));
        foreach (var r in results.GetProperty("results").EnumerateArray())
            (r.GetProperty("total").GetDecimal(), r.GetProperty("grade").ToString()).Should().Be(byBatch[r.GetProperty("subject").GetProperty("id").GetString()!]);
        results.GetProperty("aggregates").ToString().Should().Be(batch.GetProperty("aggregates").ToString());
        var round = results.GetProperty("round");
        results.GetProperty("ruleSet").GetProperty("digest").GetString().Should().Be(round.GetProperty("ruleSetDigest").GetString());
        results.GetProperty("scored")[0].GetProperty("revisionId").GetInt64().Should().Be(first.GetProperty("revisionId").GetInt64());
        results.GetProperty("page").GetProperty("total").GetInt32().Should().Be(32);
        round.GetProperty("scoring").GetProperty("state").GetString().Should().Be("idle");
        round.GetProperty("subjects").GetInt32().Should().Be(32);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ACorrection_IsANewRevision_NothingIsOverwritten_AndTheAuditSaysWhoWhenAndWhat(string provider)
    {
        using var api = new RoundsFactory(provider);
        var id = await api.RoundAsync();
        var admin = api.Admin();
        var sub = Cohort()[0]!;
        (await admin.PostAsync($"/rounds/{id}/submissions", Json(sub.DeepClone()))).StatusCode.Should().Be(HttpStatusCode.OK);
        var before = await admin.GetFromJsonAsync<JsonElement>($"/rounds/{id}/results/SC-LS-SZ-001");

        api.Clock.Now = RoundsFactory.Start.AddHours(2);
        var corrected = sub.DeepClone();
        corrected["values"]!["day_surgeries"] = 3100;
        var res = await admin.PostAsync($"/rounds/{id}/submissions?reason={Uri.EscapeDataString("申诉：日间手术台次更正")}", Json(corrected));
        var accepted = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted")[0];
        accepted.GetProperty("revision").GetInt32().Should().Be(2);
        accepted.GetProperty("unchanged").GetBoolean().Should().BeFalse();

        // The same content again stores nothing and names the latest revision.
        var again = (await (await admin.PostAsync($"/rounds/{id}/submissions", Json(corrected.DeepClone()))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted")[0];
        again.GetProperty("unchanged").GetBoolean().Should().BeTrue();
        again.GetProperty("revision").GetInt32().Should().Be(2);

        var revisions = await admin.GetFromJsonAsync<JsonElement>($"/rounds/{id}/submissions/SC-LS-SZ-001/revisions");
        revisions.GetArrayLength().Should().Be(2);
        revisions[0].GetProperty("number").GetInt32().Should().Be(1);
        revisions[0].GetProperty("createdAt").GetDateTimeOffset().Should().Be(RoundsFactory.Start);
        revisions[1].GetProperty("reason").GetString().Should().Be("申诉：日间手术台次更正");
        revisions[1].GetProperty("createdAt").GetDateTimeOffset().Should().Be(RoundsFactory.Start.AddHours(2));
        revisions[0].GetProperty("contentDigest").GetString().Should().NotBe(revisions[1].GetProperty("contentDigest").GetString());

        var current = await admin.GetFromJsonAsync<JsonElement>($"/rounds/{id}/submissions/SC-LS-SZ-001");
        current.GetProperty("submission").GetProperty("values").GetProperty("day_surgeries").GetDecimal().Should().Be(3100);
        current.GetProperty("revision").GetProperty("number").GetInt32().Should().Be(2);

        var after = await admin.GetFromJsonAsync<JsonElement>($"/rounds/{id}/results/SC-LS-SZ-001");
        after.GetProperty("scoredFrom").GetProperty("revision").GetInt32().Should().Be(2);
        before.GetProperty("scoredFrom").GetProperty("revision").GetInt32().Should().Be(1);

        var audit = await admin.GetFromJsonAsync<JsonElement>($"/audit?round={id}&subject=SC-LS-SZ-001");
        audit.GetArrayLength().Should().Be(2);
        audit[1].GetProperty("action").GetString().Should().Be("submission.revised");
        audit[1].GetProperty("actor").GetString().Should().Be("admin (configuration)");
        audit[1].GetProperty("at").GetDateTimeOffset().Should().Be(RoundsFactory.Start.AddHours(2));
        audit[1].GetProperty("before").GetString().Should().Be(revisions[0].GetProperty("contentDigest").GetString());
        audit[1].GetProperty("after").GetString().Should().Be(revisions[1].GetProperty("contentDigest").GetString());
        var all = await admin.GetFromJsonAsync<JsonElement>($"/audit?round={id}");
        all.EnumerateArray().Select(a => a.GetProperty("action").GetString()).Should().Equal("round.created", "submission.revised", "submission.revised");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WithoutPrevious_LastYearsValuesComeFromThePreviousYearsRound_AndTheResultSaysWhere(string provider)
    {
        using var api = new RoundsFactory(provider);
        var admin = api.Admin();
        var (lastYear, thisYear, sub, old) = await TwoYearsAsync(api);
        var oldReceipt = await (await admin.PostAsync($"/rounds/{lastYear}/submissions", Json(old))).Content.ReadFromJsonAsync<JsonElement>();
        var oldRevision = oldReceipt.GetProperty("accepted")[0].GetProperty("revisionId").GetInt64();

        var withPrevious = sub.DeepClone();
        var without = sub.DeepClone().AsObject();
        without.Remove("previous");
        (await admin.PostAsync($"/rounds/{thisYear}/submissions", Json(without))).StatusCode.Should().Be(HttpStatusCode.OK);
        var fromHistory = await admin.GetFromJsonAsync<JsonElement>($"/rounds/{thisYear}/results/SC-LS-SZ-001");
        var previous = fromHistory.GetProperty("scoredFrom").GetProperty("previous");
        previous.GetProperty("roundId").GetInt64().Should().Be(lastYear);
        previous.GetProperty("revisionId").GetInt64().Should().Be(oldRevision);
        previous.GetProperty("year").GetInt32().Should().Be(2024);

        // The same values sent with the submission score the same; then the result names no round.
        var direct = await (await admin.PostAsync($"/rulesets/{Scheme}/1.0.0/score", Json(withPrevious))).Content.ReadFromJsonAsync<JsonElement>();
        fromHistory.GetProperty("result").GetProperty("total").GetDecimal().Should().Be(direct.GetProperty("total").GetDecimal());
        fromHistory.GetProperty("result").GetProperty("indicators").ToString().Should().Be(direct.GetProperty("indicators").ToString());
        (await admin.PostAsync($"/rounds/{thisYear}/submissions", Json(withPrevious))).StatusCode.Should().Be(HttpStatusCode.OK);
        var given = await admin.GetFromJsonAsync<JsonElement>($"/rounds/{thisYear}/results/SC-LS-SZ-001");
        given.GetProperty("scoredFrom").GetProperty("previous").ValueKind.Should().Be(JsonValueKind.Null);
    }

    /// <summary>Rounds for 2024 and 2025, the first subject of the cohort, and its 2024 submission (the cohort's previous values).</summary>
    private static async Task<(long LastYear, long ThisYear, JsonNode Sub, JsonObject Old)> TwoYearsAsync(RoundsFactory api)
    {
        var lastYear = await api.RoundAsync(year: 2024, version: "1.0.0", name: "乐山市中区 2024");
        var thisYear = await api.RoundAsync();
        var sub = Cohort()[0]!;
        return (lastYear, thisYear, sub, new JsonObject { ["subject"] = sub["subject"]!.DeepClone(), ["year"] = 2024, ["values"] = sub["previous"]!["values"]!.DeepClone() });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task APublishedRound_IsFrozen_ItsResultsDoNotMoveWhenLastYearIsCorrected(string provider)
    {
        using var api = new RoundsFactory(provider);
        var admin = api.Admin();
        var (lastYear, thisYear, sub, old) = await TwoYearsAsync(api);
        await admin.PostAsync($"/rounds/{lastYear}/submissions", Json(old.DeepClone()));
        var without = sub.DeepClone().AsObject();
        without.Remove("previous");
        await admin.PostAsync($"/rounds/{thisYear}/submissions", Json(without));

        (await admin.PostAsync($"/rounds/{thisYear}/publish", null)).StatusCode.Should().Be(HttpStatusCode.Conflict, "only a closed round is published");
        (await admin.PostAsync($"/rounds/{thisYear}/close", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var published = await (await admin.PostAsync($"/rounds/{thisYear}/publish", null)).Content.ReadFromJsonAsync<JsonElement>();
        published.GetProperty("state").GetString().Should().Be("published");
        var frozen = await admin.GetStringAsync($"/rounds/{thisYear}/results/SC-LS-SZ-001");

        var res = await admin.PostAsync($"/rounds/{thisYear}/submissions", Json(without.DeepClone()));
        res.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("AS5602");
        (await admin.PostAsync($"/rounds/{thisYear}/close", null)).StatusCode.Should().Be(HttpStatusCode.Conflict);

        // Last year's round is corrected after this year's was published: the published results stay as they were.
        var moved = old.DeepClone();
        foreach (var (k, v) in moved["values"]!.AsObject().ToList())
            if (v is JsonValue val && val.TryGetValue<decimal>(out var d)) moved["values"]![k] = d * 2;
        (await admin.PostAsync($"/rounds/{lastYear}/submissions", Json(moved))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetStringAsync($"/rounds/{thisYear}/results/SC-LS-SZ-001")).Should().Be(frozen);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnUpload_AnswersAcceptedAndRejectedRows_WithRowColumnFieldAndCode(string provider)
    {
        using var api = new RoundsFactory(provider);
        var id = await api.RoundAsync();
        var admin = api.Admin();
        var csv = "id,name,tier,region,year,day_surgeries,elective_surgeries\n" +
                  "H1,甲医院,tertiary,CN-SC/leshan/shizhong,2025,100,1000\n" +
                  "H2,乙医院,tertiary,CN-SC/leshan/shizhong,2024,100,1000\n" +
                  "H1,甲医院,tertiary,CN-SC/leshan/shizhong,2025,120,1000\n" +
                  ",无编号,tertiary,CN-SC/leshan/shizhong,2025,1,1\n" +
                  "H3,丙医院,tertiary,CN-SC/leshan/shizhong,2025,abc,1000\n";
        var res = await admin.PostAsync($"/rounds/{id}/submissions", new StringContent(csv, Encoding.UTF8, "text/csv"));
        res.StatusCode.Should().Be(HttpStatusCode.OK);
        var receipt = await res.Content.ReadFromJsonAsync<JsonElement>();
        receipt.GetProperty("read").GetInt32().Should().Be(5);
        receipt.GetProperty("accepted").EnumerateArray().Select(a => (a.GetProperty("row").GetInt32(), a.GetProperty("subjectId").GetString())).Should().Equal((2, "H1"));
        var rejected = receipt.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("row").GetInt32(), r => r.GetProperty("problems"));
        rejected.Keys.Should().Equal(3, 4, 5, 6);
        rejected[3].EnumerateArray().Should().Contain(p => p.GetProperty("code").GetString() == "AS5603" && p.GetProperty("field").GetString() == "year" && p.GetProperty("column").GetString() == "year");
        rejected[4].EnumerateArray().Should().Contain(p => p.GetProperty("code").GetString() == "AS5606" && p.GetProperty("field").GetString() == "subject.id");
        rejected[5].EnumerateArray().Should().Contain(p => p.GetProperty("code").GetString() == "AS5005");
        rejected[6].EnumerateArray().Should().Contain(p => p.GetProperty("code").GetString() == "AS5002" && p.GetProperty("column").GetString() == "day_surgeries");
        (await admin.GetFromJsonAsync<JsonElement>($"/rounds/{id}")).GetProperty("subjects").GetInt32().Should().Be(1);

        // Nothing acceptable: a 422 problem naming each row.
        var none = await admin.PostAsync($"/rounds/{id}/submissions", new StringContent("id,year\nX,2024\n", Encoding.UTF8, "text/csv"));
        none.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await none.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("AS5603");
        problem.GetProperty("errors")[0].GetProperty("row").GetInt32().Should().Be(2);
        problem.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("year");
    }
}
