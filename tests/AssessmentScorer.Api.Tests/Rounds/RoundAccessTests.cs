using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace AssessmentScorer.Api.Tests.Rounds;

/// <summary>Keys and roles: every round, key and audit route against every kind of key (401 without one, 403 outside its scope).</summary>
public class RoundAccessTests
{
    private static JsonNode Subject(string id, string region)
    {
        var sub = RoundWorkflowTests.Cohort()[0]!.DeepClone();
        sub["subject"]!["id"] = id;
        sub["subject"]!["region"] = region;
        return sub;
    }

    [Fact]
    public async Task EveryRoute_AnswersEachRole_AsItsScopeSays()
    {
        using var api = RoundActionsTests.WithRules();
        var id = await api.RoundAsync(region: "CN-SC/leshan");
        var other = await api.RoundAsync(region: "CN-AH/bozhou", name: "亳州 2025");
        var keys = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["unknown"] = "ask_not-a-key-of-this-service",
            ["admin"] = RoundsFactory.AdminKey,
            ["assessor"] = await api.KeyAsync("assessor", "乐山评审组", region: "CN-SC/leshan"),
            ["assessor-elsewhere"] = await api.KeyAsync("assessor", "亳州评审组", region: "CN-AH/bozhou"),
            ["hospital"] = await api.KeyAsync("hospital", "市中区人民医院", subjectId: "H-OWN"),
        };
        var revoked = await api.KeyAsync("hospital", "已撤销", subjectId: "H-OWN");
        var list = await api.Admin().GetFromJsonAsync<JsonElement>("/keys");
        var revokedId = list.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "已撤销").GetProperty("id").GetInt64();
        (await api.Admin().PostAsync($"/keys/{revokedId}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        keys["revoked"] = revoked;
        // Two subjects filed by the admin: one of the hospital, one elsewhere in the assessor's region, one outside it.
        (await api.Admin().PostAsync($"/rounds/{id}/submissions", RoundWorkflowTests.Json(new JsonArray(
            Subject("H-OWN", "CN-SC/leshan/shizhong"), Subject("H-NEIGHBOUR", "CN-SC/leshan/wutongqiao"), Subject("H-FAR", "CN-AH/bozhou/qiaocheng"))))).StatusCode.Should().Be(HttpStatusCode.OK);

        // route → expected status for: admin, assessor, assessor-elsewhere, hospital (none, unknown and revoked: 401 everywhere)
        var matrix = new (string Method, string Path, Func<JsonNode?>? Body, int Admin, int Assessor, int Elsewhere, int Hospital)[]
        {
            ("GET", "/rounds", null, 200, 200, 200, 200),
            ("GET", $"/rounds/{id}", null, 200, 200, 403, 200),
            ("GET", $"/rounds/{other}", null, 200, 403, 200, 200),
            ("POST", "/rounds", () => new JsonObject { ["scheme"] = "cn.sichuan.leshan.shizhong.high-quality", ["year"] = 2025, ["name"] = "x" }, 201, 403, 403, 403),
            ("POST", $"/rounds/{id}/submissions", () => Subject("H-OWN", "CN-SC/leshan/shizhong"), 200, 200, 403, 200),
            ("POST", $"/rounds/{id}/submissions", () => Subject("H-NEIGHBOUR", "CN-SC/leshan/wutongqiao"), 200, 200, 403, 403),
            ("POST", $"/rounds/{id}/submissions", () => Subject("H-FAR", "CN-AH/bozhou/qiaocheng"), 200, 403, 403, 403),
            ("GET", $"/rounds/{id}/submissions/H-OWN", null, 200, 200, 403, 200),
            ("GET", $"/rounds/{id}/submissions/H-FAR", null, 200, 403, 403, 403),
            ("GET", $"/rounds/{id}/submissions/H-NEIGHBOUR/revisions", null, 200, 200, 403, 403),
            ("GET", $"/rounds/{id}/submissions/H-OWN/revisions", null, 200, 200, 403, 200),
            ("GET", $"/rounds/{id}/results", null, 200, 200, 403, 403),
            ("GET", $"/rounds/{id}/results/H-OWN", null, 200, 200, 403, 200),
            ("GET", $"/rounds/{id}/results/H-FAR", null, 200, 403, 403, 403),
            ("GET", $"/rounds/{id}/actions", null, 200, 200, 403, 200),
            ("GET", $"/rounds/{other}/actions", null, 200, 403, 200, 200),
            ("GET", $"/rounds/{id}/report.csv", null, 200, 200, 403, 403),
            ("GET", $"/rounds/{id}/report.html", null, 200, 200, 403, 403),
            ("GET", $"/rounds/{id}/report.xlsx", null, 200, 200, 403, 403),
            ("GET", $"/rounds/{id}/comparison?with={id}", null, 200, 200, 403, 403),
            // A subject filed elsewhere cannot be moved into an assessor's region by submitting it with a new region (an admin can).
            ("POST", $"/rounds/{id}/submissions", () => Subject("H-FAR", "CN-SC/leshan/shizhong"), 200, 403, 403, 403),
            ("POST", $"/rounds/{id}/rescore", () => new JsonObject { ["version"] = "1.0.0" }, 422, 403, 403, 403),
            ("POST", "/keys", () => new JsonObject { ["role"] = "hospital", ["name"] = "新医院", ["subjectId"] = "H-NEW" }, 201, 403, 403, 403),
            ("GET", "/keys", null, 200, 403, 403, 403),
            ("POST", "/keys/999/revoke", null, 404, 403, 403, 403),
            ("GET", $"/audit?round={id}", null, 200, 403, 403, 403),
            ("POST", $"/rounds/{id}/close", null, 200, 403, 403, 403),
            ("POST", $"/rounds/{id}/publish", null, 200, 403, 403, 403),
        };
        var failures = new List<string>();
        foreach (var (method, path, body, admin, assessor, elsewhere, hospital) in matrix)
        {
            // Denials first: a refused write changes nothing, so the admin's answer is the one that counts.
            foreach (var (role, expected) in new[] { ("none", 401), ("unknown", 401), ("revoked", 401), ("hospital", hospital), ("assessor-elsewhere", elsewhere), ("assessor", assessor), ("admin", admin) })
            {
                var http = api.As(keys[role]);
                using var req = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null) req.Content = RoundWorkflowTests.Json(body()!);
                var res = await http.SendAsync(req);
                if ((int)res.StatusCode != expected) failures.Add($"{method} {path} as {role}: {(int)res.StatusCode}, expected {expected}");
                if (expected is 401 or 403)
                {
                    var problem = await res.Content.ReadFromJsonAsync<JsonElement>();
                    var code = problem.TryGetProperty("code", out var c) ? c.GetString() : null;
                    if (code != (expected == 401 ? "AS5600" : "AS5601")) failures.Add($"{method} {path} as {role}: code {code}");
                }
            }
        }
        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task AnAssessor_SeesItsRegionsResults_RankedInTheWholeRound()
    {
        using var api = new RoundsFactory();
        var id = await api.RoundAsync();
        var cohort = RoundWorkflowTests.Cohort();
        for (var i = 0; i < cohort.Count; i++)
            cohort[i]!["subject"]!["region"] = i % 2 == 0 ? "CN-SC/leshan/shizhong" : "CN-SC/leshan/wutongqiao";
        (await api.Admin().PostAsync($"/rounds/{id}/submissions", RoundWorkflowTests.Json(cohort))).StatusCode.Should().Be(HttpStatusCode.OK);
        var assessor = api.As(await api.KeyAsync("assessor", "市中区评审组", region: "CN-SC/leshan/shizhong"));
        var mine = await assessor.GetFromJsonAsync<JsonElement>($"/rounds/{id}/results");
        var all = await api.Admin().GetFromJsonAsync<JsonElement>($"/rounds/{id}/results");
        mine.GetProperty("page").GetProperty("total").GetInt32().Should().Be(16);
        all.GetProperty("page").GetProperty("total").GetInt32().Should().Be(32);
        var byId = all.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("subject").GetProperty("id").GetString()!, r => r.ToString());
        foreach (var r in mine.GetProperty("results").EnumerateArray())
        {
            r.GetProperty("subject").GetProperty("region").GetString().Should().Be("CN-SC/leshan/shizhong");
            r.ToString().Should().Be(byId[r.GetProperty("subject").GetProperty("id").GetString()!], "ranks are of the whole round");
        }
    }

    [Fact]
    public async Task AKey_IsShownOnce_AndStoredOnlyAsItsHash()
    {
        using var api = new RoundsFactory();
        var res = await api.Admin().PostAsJsonAsync("/keys", new { role = "assessor", name = "评审组", region = "CN-SC" });
        res.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await res.Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        key.Should().StartWith("ask_").And.HaveLength(47);
        (await api.Admin().GetStringAsync("/keys")).Should().NotContain(key);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(Path.Combine(api.Folder, "store.db")).Concat(File.Exists(Path.Combine(api.Folder, "store.db-wal")) ? File.ReadAllBytes(Path.Combine(api.Folder, "store.db-wal")) : []).ToArray();
        System.Text.Encoding.ASCII.GetString(bytes).Should().NotContain(key[4..]);
        (await api.As(key).GetAsync("/rounds")).StatusCode.Should().Be(HttpStatusCode.OK);

        var bad = await api.Admin().PostAsJsonAsync("/keys", new { role = "hospital", name = "" });
        bad.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("AS5604");
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Should().BeEquivalentTo("name", "subjectId");
    }

    [Fact]
    public async Task TheScoringEndpoints_StayOpen_UnlessAKeyIsRequired()
    {
        using var open = new RoundsFactory();
        (await open.As(null).GetAsync("/rulesets")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var closed = new RoundsFactory(settings: s => s["AssessmentScorer:RequireKeyForScoring"] = "true", checkContract: false);
        var res = await closed.As(null).GetAsync("/rulesets");
        res.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await closed.As(await closed.KeyAsync("hospital", "甲", subjectId: "H1")).GetAsync("/rulesets")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
