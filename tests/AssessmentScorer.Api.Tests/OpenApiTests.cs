using System.Net;
using System.Text.Json;

namespace AssessmentScorer.Api.Tests;

public class OpenApiTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _http;
    public OpenApiTests(ApiFactory factory) => _http = factory.CreateClient();

    [Theory]
    [InlineData("/openapi/v2.json")]
    [InlineData("/openapi/x.json")]
    public async Task UnknownDocument_IsA404ProblemLikeEveryOtherUnknownRoute(string path)
    {
        var r = await _http.GetAsync(path);

        r.StatusCode.Should().Be(HttpStatusCode.NotFound);
        r.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().Should().Be("AS5019");
    }

    [Fact]
    public async Task Document_ListsEveryEndpointWithSchemasAndExamples()
    {
        var doc = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = doc.GetProperty("paths");
        var expected = new (string Path, string Method)[]
        {
            ("/rulesets", "get"), ("/rulesets/{scheme}", "get"), ("/rulesets/{scheme}/{version}", "get"), ("/rulesets/{scheme}/{version}/score", "post"),
            ("/rulesets/{scheme}/{version}/score/batch", "post"), ("/rulesets/validate", "post"), ("/rulesets/compare", "post"),
            ("/rulesets/{scheme}/diff", "get"), ("/health/live", "get"), ("/health/ready", "get"),
        };
        foreach (var (path, method) in expected)
        {
            paths.TryGetProperty(path, out var p).Should().BeTrue($"{path} must be documented");
            p.TryGetProperty(method, out var op).Should().BeTrue($"{method} {path} must be documented");
            op.GetProperty("responses").TryGetProperty("200", out var ok).Should().BeTrue($"{method} {path} documents its success");
            ok.GetProperty("content").EnumerateObject().First().Value.TryGetProperty("schema", out _).Should().BeTrue($"{method} {path} has a response schema");
        }
        var score = paths.GetProperty("/rulesets/{scheme}/{version}/score").GetProperty("post");
        var req = score.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        req.TryGetProperty("schema", out _).Should().BeTrue();
        req.GetProperty("example").GetProperty("subject").GetProperty("id").GetString().Should().Be("AH-BZ-QC-001");
        score.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _).Should().BeTrue();
        score.GetProperty("responses").TryGetProperty("422", out _).Should().BeTrue();
        doc.GetProperty("components").GetProperty("schemas").TryGetProperty("AssessmentResult", out var schema).Should().BeTrue();
        schema.GetProperty("properties").TryGetProperty("maxTotal", out _).Should().BeTrue();
    }

    [Fact]
    public async Task SwaggerUi_IsServedAndReadsTheDocument()
    {
        var r = await _http.GetAsync("/swagger/index.html");
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        (await r.Content.ReadAsStringAsync()).Should().Contain("swagger-ui");
        var init = await _http.GetStringAsync("/swagger/index.js");
        init.Should().Contain("/openapi/v1.json");
    }
}
