using System.Net;
using System.Text;
using System.Text.Json;

namespace AssessmentScorer.Api.Tests;

/// <summary>Wrong values through the API, and drafts that try to reach outside the rule-set directory.</summary>
public class ApiSafetyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();
    private static readonly string Example = Repo.Read("examples/demo/tertiary-hospital.json");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("physicians", "\"text\"")]
    [InlineData("physicians", "-1")]
    [InlineData("physicians", "\"NaN\"")]
    [InlineData("physicians", "\"Infinity\"")]
    [InlineData("physicians", "1e400")]
    [InlineData("physicians", "\"\"")]
    [InlineData("emr_level", "9")]
    [InlineData("emr_level", "4.5")]
    [InlineData("interop_maturity", "\"九级\"")]
    [InlineData("major_safety_incidents", "true")]
    public async Task Score_WrongValue_422NamesTheFieldAndCarriesTheOtherIndicatorsScored(string field, string value)
    {
        var body = System.Text.RegularExpressions.Regex.Replace(Example, $"\"{field}\": [^,\\n}}]+", $"\"{field}\": {value}");

        var r = await _http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score", Json(body));

        r.StatusCode.Should().Be((HttpStatusCode)422);
        r.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var p = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        p.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Should().Contain($"values.{field}");
        var indicators = p.GetProperty("result").GetProperty("indicators").EnumerateArray().ToList();
        indicators.Count(i => i.GetProperty("status").GetString() == "scored").Should().BeGreaterThanOrEqualTo(5, "every indicator that does not read the field is scored");
    }

    [Theory]
    [InlineData("../../etc/passwd.yaml", "passwd.yaml")]
    [InlineData("/etc/shadow", "shadow")]
    [InlineData("..\\..\\windows\\win.ini", "win.ini")]
    [InlineData("a/b/c/0.1.0.yaml", "0.1.0.yaml")]
    public async Task Validate_DraftFileNameWithAPath_DiagnosticsNameTheFileOnly(string file, string shown)
    {
        var r = await _http.PostAsync("/rulesets/validate", Json(JsonSerializer.Serialize(new { ruleSet = "scheme: [\n", file })));

        r.StatusCode.Should().Be((HttpStatusCode)422);
        var text = await r.Content.ReadAsStringAsync();
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().ToList();
        errors.Should().NotBeEmpty().And.OnlyContain(e => e.GetProperty("file").GetString() == shown);
        text.Should().NotContain("/etc").And.NotContain("..");
    }

    [Theory]
    [InlineData("../../etc/passwd@1.0.0")]
    [InlineData("/etc/passwd@1.0.0")]
    [InlineData("../demo/hospital-basics/1.0.0.yaml")]
    [InlineData("demo/hospital-basics@1.0.0")]
    public async Task Validate_ExtendsOutsideTheRegistry_NotFoundNothingRead(string reference)
    {
        var draft = $"scheme: cn.t.x\nversion: 0.1.0\nextends: {JsonSerializer.Serialize(reference)}\ntitle: {{ zh: 甲, en: A }}\nindicators: []\n";

        var r = await _http.PostAsync("/rulesets/validate", new StringContent(draft, Encoding.UTF8, "application/yaml"));

        r.StatusCode.Should().Be((HttpStatusCode)422);
        var p = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        p.GetProperty("code").GetString().Should().BeOneOf("AS4002", "AS4005");
        p.GetRawText().Should().NotContain("root:").And.NotContain(Repo.Root);
    }

    [Fact]
    public async Task EveryGoodAnswer_NamesNoServerPath()
    {
        var answers = new List<(string What, string Text)>();
        async Task Get(string path) => answers.Add((path, await (await _http.GetAsync(path)).Content.ReadAsStringAsync()));
        await Get("/rulesets");
        foreach (var rs in JsonDocument.Parse(answers[0].Text).RootElement.EnumerateArray())
        {
            var (scheme, version) = (rs.GetProperty("scheme").GetString(), rs.GetProperty("version").GetString());
            await Get($"/rulesets/{scheme}/{version}");
            await Get($"/rulesets/{scheme}");
            await Get($"/rulesets/{scheme}/diff?from={version}&to=latest");
        }
        answers.Add(("score", await (await _http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score", Json(Example))).Content.ReadAsStringAsync()));
        answers.Add(("validate", await (await _http.PostAsync("/rulesets/validate",
            new StringContent(Repo.Read("rulesets/demo/hospital-basics/1.0.0.yaml").Replace("version: 1.0.0", "version: 9.0.0", StringComparison.Ordinal), Encoding.UTF8, "application/yaml"))).Content.ReadAsStringAsync()));
        answers.Add(("health", await _http.GetStringAsync("/health/ready")));

        answers.Count.Should().BeGreaterThan(30);
        foreach (var (what, text) in answers)
            foreach (var leak in new[] { Repo.Root, "/work/", Path.GetTempPath(), "Exception", "at AssessmentScorer." })
                text.Should().NotContain(leak, what);
    }
}
