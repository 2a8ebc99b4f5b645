using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace AssessmentScorer.Api.Tests.Rounds;

/// <summary>GET /rounds/{id}/actions: the configured rules over a round's results, with the previous year's round as the earlier year.</summary>
public class RoundActionsTests
{
    internal static readonly string Pack = typeof(AssessmentScorer.Examples.RulePack.GradeBelowBRectification).Assembly.Location;
    private const string Scheme = "cn.anhui.bozhou.qiaocheng.high-quality";

    internal static RoundsFactory WithRules() => new(settings: s => s["AssessmentScorer:Rules:Assembly"] = Pack);

    /// <summary>The 亳州 example cohort as the 2025 round and the rule pack's 2024 cohort as the 2024 round.</summary>
    private static async Task<(long Before, long Now)> TwoYearsAsync(RoundsFactory api)
    {
        var before = await api.RoundAsync(Scheme, 2024, "1.0.0", name: "谯城 2024");
        var now = await api.RoundAsync(Scheme, 2025, "1.0.0", name: "谯城 2025");
        foreach (var (id, file) in new[] { (before, "examples/rule-pack/qiaocheng-2024.json"), (now, "examples/qiaocheng/cohort.json") })
        {
            var res = await api.Admin().PostAsync($"/rounds/{id}/submissions", new StringContent(Repo.Read(file), Encoding.UTF8, "application/json"));
            res.StatusCode.Should().Be(HttpStatusCode.OK);
            (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetArrayLength().Should().Be(32);
        }
        return (before, now);
    }

    private static List<(string Subject, string? Indicator)> Interviews(JsonElement answer) =>
        answer.GetProperty("actions").EnumerateArray().Where(a => a.GetProperty("kind").GetString() == "interview")
            .Select(a => (a.GetProperty("subjectId").GetString()!, a.GetProperty("details").TryGetProperty("indicator", out var i) ? i.GetString() : null))
            .ToList();

    [Fact]
    public async Task The_interview_fires_for_exactly_the_subjects_whose_indicator_was_unmet_in_both_rounds()
    {
        using var api = WithRules();
        var (before, now) = await TwoYearsAsync(api);

        var answer = await api.Admin().GetFromJsonAsync<JsonElement>($"/rounds/{now}/actions");

        answer.GetProperty("subjects").GetInt32().Should().Be(32);
        answer.GetProperty("previousRound").GetInt64().Should().Be(before);
        answer.GetProperty("round").GetProperty("id").GetInt64().Should().Be(now);
        answer.GetProperty("ruleSet").GetProperty("version").GetString().Should().Be("1.0.0");
        // qiaocheng-2024.json: QC-H14's performance grade C both years; QC-H08's and QC-H13's technology-transfer share down
        // both years. QC-H30 (2025 only) and QC-H10 (2024 only) have none.
        Interviews(answer).Should().BeEquivalentTo(new (string, string?)[]
        {
            ("QC-H08", "tech_transfer_share_up"), ("QC-H13", "tech_transfer_share_up"), ("QC-H14", "performance_grade_b"),
        });
        var h14 = answer.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "interview" && a.GetProperty("subjectId").GetString() == "QC-H14");
        h14.GetProperty("causes").EnumerateArray().Select(c => c.GetProperty("year").GetInt32()).Should().Equal(2025, 2024);

        // The earlier round has no round before it: nothing to look back on, no interview.
        var first = await api.Admin().GetFromJsonAsync<JsonElement>($"/rounds/{before}/actions");
        first.GetProperty("previousRound").ValueKind.Should().Be(JsonValueKind.Null);
        Interviews(first).Should().BeEmpty();
        first.GetProperty("actions").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_hospital_key_sees_only_its_own_subjects_actions_and_csv_is_answered_when_asked_for()
    {
        using var api = WithRules();
        var (_, now) = await TwoYearsAsync(api);
        var hospital = api.As(await api.KeyAsync("hospital", "亳州市谯城区某医院", subjectId: "QC-H14"));

        var own = await hospital.GetFromJsonAsync<JsonElement>($"/rounds/{now}/actions");

        own.GetProperty("subjects").GetInt32().Should().Be(1);
        own.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("subjectId").GetString()).Distinct().Should().Equal("QC-H14");
        Interviews(own).Should().Equal(("QC-H14", "performance_grade_b"));
        var all = await api.Admin().GetFromJsonAsync<JsonElement>($"/rounds/{now}/actions");
        own.GetProperty("actions").EnumerateArray().Select(a => a.ToString())
            .Should().Equal(all.GetProperty("actions").EnumerateArray().Where(a => a.GetProperty("subjectId").GetString() == "QC-H14").Select(a => a.ToString()),
                "the hospital's actions are the admin's for that subject (ranks and grades of the whole round)");

        using var req = new HttpRequestMessage(HttpMethod.Get, $"/rounds/{now}/actions");
        req.Headers.Accept.ParseAdd("text/csv");
        var csv = await api.Admin().SendAsync(req);
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].TrimStart('\uFEFF').Should().StartWith("机构编码 subject,年度 year,动作 action");
        lines.Length.Should().Be(1 + all.GetProperty("actions").GetArrayLength());
        lines.Count(l => l.StartsWith("QC-H14,2025,约谈 interview", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task Without_a_rules_assembly_the_answer_is_404_AS5027_and_an_unusable_one_503_AS5026()
    {
        using var none = new RoundsFactory();
        var id = await none.RoundAsync(Scheme, 2025, "1.0.0", name: "谯城 2025");
        var r = await none.Admin().GetAsync($"/rounds/{id}/actions");
        r.StatusCode.Should().Be(HttpStatusCode.NotFound);
        r.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("AS5027");

        using var broken = new RoundsFactory(settings: s => s["AssessmentScorer:Rules:Assembly"] = "/no/such/rules.dll");
        var id2 = await broken.RoundAsync(Scheme, 2025, "1.0.0", name: "谯城 2025");
        var b = await broken.Admin().GetAsync($"/rounds/{id2}/actions");
        b.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await b.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("AS5026");
    }
}
