using System.Net;
using System.Text;
using System.Text.Json;

namespace AssessmentScorer.Api.Tests;

/// <summary><c>in-force</c> in place of a version: the version in force in the submissions' year; a named version outside its period warns.</summary>
public class VersionInForceTests : IClassFixture<ApiFactory>
{
    private const string National = "/rulesets/cn.national.tertiary-performance";
    private readonly HttpClient _http;

    public VersionInForceTests(ApiFactory factory) => _http = factory.CreateClient();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Submission(int year) =>
        $$"""{ "subject": { "id": "H", "kind": "hospital", "tier": "tertiary", "category": "general", "ownership": "public" }, "year": {{year}}, "values": {} }""";

    [Theory]
    [InlineData(2019, "1.0.0")]
    [InlineData(2023, "1.1.0")]
    public async Task Score_InForce_UsesTheVersionInForceInTheSubmissionsYear(int year, string version)
    {
        var r = await _http.PostAsync($"{National}/in-force/score", Json(Submission(year)));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        r.Headers.Contains("Warning").Should().BeFalse();
        var body = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("ruleSet").GetProperty("version").GetString().Should().Be(version);
    }

    [Fact]
    public async Task Score_InForce_YearNoVersionCovers_Is404NamingThePeriods()
    {
        var r = await _http.PostAsync($"{National}/in-force/score", Json(Submission(2015)));
        r.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await r.Content.ReadAsStringAsync()).Should().Contain("no version of cn.national.tertiary-performance is in force in 2015");
    }

    [Fact]
    public async Task Score_NamedVersionOutsideItsPeriod_AnswersWithAWarningHeader()
    {
        var r = await _http.PostAsync($"{National}/1.0.0/score", Json(Submission(2023)));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        r.Headers.GetValues("Warning").Single().Should().Contain("not in 2023").And.Contain("cn.national.tertiary-performance@1.1.0");
    }

    [Fact]
    public async Task ScoreBatch_InForce_YearsCallingForDifferentVersions_Is422()
    {
        var r = await _http.PostAsync($"{National}/in-force/score/batch", Json($"[{Submission(2019)}, {Submission(2023).Replace("\"H\"", "\"H2\"", StringComparison.Ordinal)}]"));
        r.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await r.Content.ReadAsStringAsync()).Should().Contain("2019 → cn.national.tertiary-performance@1.0.0").And.Contain("2023 → cn.national.tertiary-performance@1.1.0");
    }
}
