using System.Text.Json;
using System.Text.Json.Nodes;
using AssessmentScorer.Api.Tests.Contract;

namespace AssessmentScorer.Api.Tests;

/// <summary>
/// The OpenAPI document is the contract: the document served is the committed one (which the generated client and
/// the linter read), its examples are valid against their schemas, and the checker every test host runs
/// (<see cref="ContractCheckingStartupFilter"/>) does reject what breaks it.
/// </summary>
public class ContractTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ServedDocument_IsTheCommittedOne()
    {
        var served = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Replace("\r\n", "\n") + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(Path.Combine(Repo.Root, OpenApiContract.DocumentPath), text);
        text.Should().Be(Repo.Read(OpenApiContract.DocumentPath),
            $"{OpenApiContract.DocumentPath} must be the document the API serves; after changing the API run UPDATE_OPENAPI=1 dotnet test tests/AssessmentScorer.Api.Tests --filter ServedDocument and review the diff");
    }

    [Fact]
    public void EveryExample_IsValidAgainstItsSchema()
    {
        var doc = JsonNode.Parse(Repo.Read(OpenApiContract.DocumentPath))!.AsObject();
        var failures = new List<string>();
        var examples = 0;
        foreach (var (path, item) in doc["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject())
        {
            var bodies = (op!["requestBody"]?["content"]?.AsObject() ?? []).Select(c => ($"requestBody/content/{Esc(c.Key)}", c.Key, c.Value))
                .Concat((op["responses"]?.AsObject() ?? []).SelectMany(r => (r.Value!["content"]?.AsObject() ?? []).Select(c => ($"responses/{r.Key}/content/{Esc(c.Key)}", c.Key, c.Value))));
            foreach (var (at, media, content) in bodies)
            {
                if (content?["example"] is not { } example) continue;
                examples++;
                if (!OpenApiContract.IsJson(media)) { example.GetValueKind().Should().Be(JsonValueKind.String, $"{method} {path} {media}"); continue; }
                failures.AddRange(OpenApiContract.Committed.Validate($"#/paths/{Esc(path)}/{method}/{at}/schema", example.ToJsonString(), $"example of {method} {path} {at}"));
            }
        }
        examples.Should().BeGreaterThan(8);
        failures.Should().BeEmpty();
    }

    [Fact]
    public void EveryOperation_DocumentsAClientError_AndProblemsUseTheOneSchema()
    {
        var doc = JsonNode.Parse(Repo.Read(OpenApiContract.DocumentPath))!;
        foreach (var (path, item) in doc["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject())
        foreach (var (status, response) in op!["responses"]!.AsObject())
        {
            if (status[0] is '4' or '5')
                ((string?)response!["content"]!["application/problem+json"]!["schema"]!["$ref"]).Should().Be("#/components/schemas/ApiProblem", $"{method} {path} {status}");
        }
        doc["components"]!["schemas"]!["ApiProblem"]!["required"]!.AsArray().Select(n => (string?)n).Should().Contain(["code", "status", "title", "detail"]);
    }

    [Theory]
    [InlineData("GET", "/rulesets", 418, "application/problem+json", "{}", "status 418 is not documented")]
    [InlineData("GET", "/rulesets", 200, "text/html", "<p>", "content type text/html is not documented")]
    [InlineData("GET", "/rulesets", 200, "application/json", "{}", "at  ")]
    [InlineData("GET", "/rulesets/cn.demo.hospital-basics/1.0.0", 200, "application/json", "{\"scheme\":\"x\"}", "Required properties")]
    [InlineData("POST", "/rulesets/cn.demo.hospital-basics/1.0.0/score", 422, "application/problem+json", "{\"type\":\"t\",\"title\":\"t\",\"status\":422,\"detail\":\"d\"}", "code")]
    [InlineData("POST", "/rulesets/cn.demo.hospital-basics/1.0.0/score", 200, "application/json", "{\"year\":\"2025\"}", "year")]
    [InlineData("DELETE", "/nowhere", 200, "application/json", "{}", "no operation")]
    public void Checker_RejectsWhatBreaksTheDocument(string method, string path, int status, string media, string body, string expected)
    {
        var failures = OpenApiContract.Committed.Check(method, path, status, media, body);

        failures.Should().NotBeEmpty();
        string.Join("\n", failures).Should().Contain(expected.Trim());
    }

    [Fact]
    public async Task Checker_PassesAGoodAnswer_AndRanOnTheResponsesOfThisHost()
    {
        var r = await factory.CreateClient().GetAsync("/rulesets/cn.demo.hospital-basics/1.0.0");
        var body = await r.Content.ReadAsStringAsync();

        OpenApiContract.Committed.Check("GET", "/rulesets/cn.demo.hospital-basics/1.0.0", 200, r.Content.Headers.ContentType!.ToString(), body).Should().BeEmpty();
        ContractCheckingStartupFilter.Checked.Keys.Should().Contain("GET /rulesets/cn.demo.hospital-basics/1.0.0 200");
    }

    private static string Esc(string s) => s.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
