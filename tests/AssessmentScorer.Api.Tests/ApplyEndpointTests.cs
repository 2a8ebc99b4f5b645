using System.Net;
using System.Text;
using System.Text.Json;
using AssessmentScorer.Api.Tests.Contract;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AssessmentScorer.Api.Tests;

/// <summary>POST …/apply: the configured rules assembly over a batch's results; a problem when none is configured or it is unusable.</summary>
public class ApplyEndpointTests
{
    private static readonly string Pack = typeof(AssessmentScorer.Examples.RulePack.GradeBelowBRectification).Assembly.Location;
    private const string Route = "/rulesets/cn.anhui.bozhou.qiaocheng.high-quality/in-force/apply";

    private static HttpClient Client(string? rules) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.CheckContract();
        b.UseSetting("AssessmentScorer:RuleSetsPath", Repo.RuleSets);
        b.UseSetting("AssessmentScorer:Operations:PermitsPerWindow", "0");
        if (rules is not null) b.UseSetting("AssessmentScorer:Rules:Assembly", rules);
    }).CreateClient();

    private static StringContent Cohort() => new(Repo.Read("examples/qiaocheng/cohort.json"), Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_batch_answers_with_the_actions_of_the_configured_rules()
    {
        var r = await Client(Pack).PostAsync(Route, Cohort());

        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var root = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        root.GetProperty("subjects").GetInt32().Should().Be(32);
        root.GetProperty("counts").GetProperty("applied").GetInt32().Should().Be(32);
        root.GetProperty("rejected").GetArrayLength().Should().Be(0);
        var actions = root.GetProperty("actions").EnumerateArray().ToList();
        actions.Where(a => a.GetProperty("kind").GetString() == "commendation").Select(a => a.GetProperty("subjectId").GetString())
            .Should().Equal("QC-H01", "QC-H02", "QC-H05", "QC-H24", "QC-H27", "QC-H28");
        var pay = actions.Where(a => a.GetProperty("kind").GetString() == "reward-pay-coefficient").ToList();
        pay.Select(a => a.GetProperty("subjectId").GetString()).Should().Equal("QC-H14", "QC-H30");
        pay[0].GetProperty("details").GetProperty("coefficient").GetString().Should().Be("0.9");
        pay[0].GetProperty("causes")[0].GetProperty("itemId").GetString().Should().Be("performance_grade_b");
        // No earlier years in a batch: no rule that looks back fires.
        actions.Should().NotContain(a => a.GetProperty("kind").GetString() == "interview");
    }

    [Fact]
    public async Task Without_a_rules_assembly_the_answer_is_404_AS5025()
    {
        var r = await Client(null).PostAsync(Route, Cohort());

        r.StatusCode.Should().Be(HttpStatusCode.NotFound);
        r.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().Should().Be("AS5025");
    }

    [Fact]
    public async Task An_unusable_rules_assembly_is_503_AS5026_naming_the_setting_without_the_servers_path()
    {
        var r = await Client("/no/such/rules.dll").PostAsync(Route, Cohort());

        r.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var p = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        p.GetProperty("code").GetString().Should().Be("AS5026");
        p.GetProperty("detail").GetString().Should().NotContain("/no/such");
        p.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("AssessmentScorer:Rules:Assembly");
    }

    [Fact]
    public async Task An_unknown_scheme_and_a_body_that_is_not_a_batch_are_the_batch_problems()
    {
        var http = Client(Pack);
        var unknown = await http.PostAsync("/rulesets/cn.nowhere/1.0.0/apply", Cohort());
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().Should().Be("AS4002");

        var notBatch = await http.PostAsync(Route, new StringContent("{}", Encoding.UTF8, "application/json"));
        notBatch.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        JsonDocument.Parse(await notBatch.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().Should().Be("AS5022");
    }
}
