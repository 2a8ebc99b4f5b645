using System.Net;
using System.Text;
using System.Text.Json;

namespace AssessmentScorer.Api.Tests;

public class SensitivityEndpointTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _http;
    public SensitivityEndpointTests(ApiFactory factory) => _http = factory.CreateClient();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Request(int draws, string extra = "") =>
        $$"""{ "ruleSet": "cn.demo.hospital-basics@1.0.0", "draws": {{draws}}, "noise": 0.05, "seed": 4{{extra}}, "submissions": [ {{Repo.Read("examples/demo/tertiary-hospital.json")}} ] }""";

    [Fact]
    public async Task Sensitivity_InstalledRuleSet_IsReproducible()
    {
        var a = await _http.PostAsync("/rulesets/sensitivity", Json(Request(200)));
        var b = await _http.PostAsync("/rulesets/sensitivity", Json(Request(200)));
        a.StatusCode.Should().Be(HttpStatusCode.OK, await a.Content.ReadAsStringAsync());
        var text = await a.Content.ReadAsStringAsync();
        text.Should().Be(await b.Content.ReadAsStringAsync());
        var subject = JsonDocument.Parse(text).RootElement.GetProperty("subjects")[0];
        subject.GetProperty("grade").GetString().Should().Be("优秀");
        subject.GetProperty("grades").EnumerateArray().Sum(g => g.GetProperty("probability").GetDecimal()).Should().BeApproximately(1m, 0.001m);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20000)]
    public async Task Sensitivity_DrawsOutOfRange_Is422NamingTheField(int draws)
    {
        var r = await _http.PostAsync("/rulesets/sensitivity", Json(Request(draws)));
        r.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await r.Content.ReadAsStringAsync()).Should().Contain("\"field\":\"draws\"");
    }
}
