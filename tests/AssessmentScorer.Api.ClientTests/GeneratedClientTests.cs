using System.Text.Json;
using System.Text.Json.Nodes;
using AssessmentScorer.Api.Client;
using AssessmentScorer.Api.Tests;

namespace ApiClientTests;

/// <summary>
/// A client generated from the OpenAPI document alone (see the project file) drives every operation of the API
/// (each response also checked against the document by the test host); the example submissions, read into the
/// client's own types and sent by it, score exactly as their golden expected results.
/// </summary>
public class GeneratedClientTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Demo = "cn.demo.hospital-basics";
    private readonly AssessmentScorerClient _client = new(factory.CreateClient());
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static SubmissionDocument Example() =>
        JsonSerializer.Deserialize<SubmissionDocument>(Repo.Read("examples/demo/tertiary-hospital.json"), Web)!;

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(Repo.Root, "examples"), "*.expected.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Repo.Root, f).Replace('\\', '/').Replace(".expected.json", ".json", StringComparison.Ordinal));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task ExampleSubmission_RoundTripsThroughTheClient_AndScoresAsTheGoldenFile(string input)
    {
        var text = Repo.Read(input);
        var golden = JsonNode.Parse(Repo.Read(input.Replace(".json", ".expected.json", StringComparison.Ordinal)))!;
        var rs = golden["ruleSet"]!;
        var (scheme, version) = ((string)rs["scheme"]!, (string)rs["version"]!);
        var original = JsonNode.Parse(text)!;

        if (original is JsonArray)
        {
            var subs = JsonSerializer.Deserialize<List<SubmissionDocument>>(text, Web)!;
            Same(JsonSerializer.SerializeToNode(subs, Web)!, original);
            var batch = await _client.ScoreBatchAsync(scheme, version, null, subs);
            batch.Counts.Rejected.Should().Be(0);
            batch.Counts.Invalid.Should().Be(0);
            var results = golden["results"]!.AsArray();
            batch.Results.Should().HaveCount(results.Count);
            foreach (var (got, want) in batch.Results.Zip(results)) Same(got, want!);
            foreach (var want in golden["aggregates"]!.AsArray())
            {
                var got = batch.Aggregates.Single(a => a.Id == (string)want!["id"]!);
                got.Met.Should().Be((bool?)want!["met"], got.Id);
                // A JSON number is a double to this client: the server's 28-digit decimals arrive to 15 significant digits.
                if (want["value"] is null) got.Value.Should().BeNull(got.Id);
                else got.Value!.Value.Should().BeApproximately((double)want["value"]!, 1e-12, got.Id);
            }
        }
        else
        {
            var sub = JsonSerializer.Deserialize<SubmissionDocument>(text, Web)!;
            Same(JsonSerializer.SerializeToNode(sub, Web)!, original);
            Same(await _client.ScoreAsync(scheme, version, sub), golden);
        }
    }

    /// <summary>
    /// The client's types hold every part of a submission: the same JSON but for key order and the nulls it writes
    /// for unset parts (which the server reads as absent, docs/submission-format.md).
    /// </summary>
    private static void Same(JsonNode sent, JsonNode original) =>
        WithoutNulls(sent)!.ToJsonString().Should().Be(WithoutNulls(original)!.ToJsonString());

    private static JsonNode? WithoutNulls(JsonNode? n) => n switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
        JsonArray a => new JsonArray(a.Select(WithoutNulls).ToArray()),
        _ => n?.DeepClone(),
    };

    private static void Same(AssessmentResult got, JsonNode want)
    {
        var who = (string)want["subject"]!["id"]!;
        got.Subject.Id.Should().Be(who);
        ((decimal)got.Total).Should().Be((decimal)want["total"]!, who);
        ((decimal)got.MaxTotal).Should().Be((decimal)want["maxTotal"]!, who);
        got.Grade.Should().Be((string?)want["grade"], who);
        got.Passed.Should().Be((bool?)want["passed"], who);
        got.Cohort?.Rank.Should().Be((int?)want["cohort"]?["rank"], who);
        var indicators = want["indicators"]!.AsArray();
        got.Indicators.Select(i => i.Id).Should().Equal(indicators.Select(i => (string)i!["id"]!), who);
        foreach (var (g, w) in got.Indicators.Zip(indicators))
        {
            ((decimal)g.Points).Should().Be((decimal)w!["points"]!, $"{who} {g.Id}");
            g.Status.ToString().Should().BeEquivalentTo((string)w["status"]!, $"{who} {g.Id}");
            g.Met.Should().Be((bool?)w["met"], $"{who} {g.Id}");
            g.DisplayValue.Should().Be((string?)w["displayValue"], $"{who} {g.Id}");
        }
    }

    [Fact]
    public async Task ListGetSchemeAndGetRuleSet()
    {
        (await _client.ListRuleSetsAsync()).Should().Contain(r => r.Scheme == Demo && r.Digest.Length == 64);
        (await _client.GetSchemeAsync(Demo, null)).Should().ContainSingle(r => r.Version == "1.0.0");
        (await _client.GetSchemeAsync("cn.national.tertiary-performance", 2019)).Single().Version.Should().Be("1.0.0");
        var detail = await _client.GetRuleSetAsync(Demo, "latest");
        detail.Indicators.Should().Contain(i => i.Id == "emr_level");
    }

    [Fact]
    public async Task Problems_AreTypedWithCodeAndPlace()
    {
        var missing = await FluentActions.Awaiting(() => _client.GetSchemeAsync(Demo, 2030)).Should().ThrowAsync<ApiException<ApiProblem>>();
        missing.Which.StatusCode.Should().Be(404);
        missing.Which.Result.Code.Should().Be("AS4002");
        missing.Which.Result.RequestId.Should().NotBeNullOrEmpty();

        var sub = Example();
        sub.Values!["physicians"] = "many";
        var invalid = await FluentActions.Awaiting(() => _client.ScoreAsync(Demo, "1.0.0", sub)).Should().ThrowAsync<ApiException<ApiProblem>>();
        invalid.Which.StatusCode.Should().Be(422);
        invalid.Which.Result.Errors!.Should().Contain(e => e.Field == "values.physicians");
        invalid.Which.Result.Result!.Indicators.Should().Contain(i => i.Id == "personnel_share" && i.Points > 0);
    }

    [Fact]
    public async Task Score_TaskDate_IsSentUnderTheKeyTheServerReads()
    {
        var sub = Example();
        sub.Tasks!["command_center"].Completed_on.Should().NotBeNull("the example reports the date");
        var result = await _client.ScoreAsync(Demo, "1.0.0", sub);
        result.Indicators.Single(i => i.Id == "command_center").Status.Should().Be(IndicatorStatus.Scored);
        result.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task DiffValidateAndCompare()
    {
        var diff = await _client.DiffRuleSetsAsync("cn.national.tertiary-performance", "1.0.0", "1.1.0");
        diff.Changes.Should().Contain(c => c.Id == "key_consumables_share");

        var yaml = Repo.Read("rulesets/demo/hospital-basics/1.0.0.yaml");
        var valid = await _client.ValidateDraftAsync(new ValidateRequest { RuleSet = yaml, Tests = Repo.Read("rulesets/demo/hospital-basics/1.0.0.tests.yaml"), File = "1.0.0.yaml" });
        valid.Valid.Should().BeTrue();
        valid.Tests!.Failed.Should().Be(0);

        var compare = await _client.CompareAsync(new CompareRequest { From = $"{Demo}@1.0.0", ToDraft = yaml, Submission = Example() });
        compare.Subjects.Single().FromTotal.Should().Be(compare.Subjects.Single().ToTotal);
    }

    [Fact]
    public async Task ApplyBatch_ActionsOfTheConfiguredRules_AndAS5025WithoutRules()
    {
        var pack = typeof(AssessmentScorer.Examples.RulePack.GradeBelowBRectification).Assembly.Location;
        var withRules = new AssessmentScorerClient(factory.WithWebHostBuilder(b => b.UseSetting("AssessmentScorer:Rules:Assembly", pack)).CreateClient());
        var cohort = JsonSerializer.Deserialize<List<SubmissionDocument>>(Repo.Read("examples/qiaocheng/cohort.json"), Web)!;

        var applied = await withRules.ApplyBatchAsync("cn.anhui.bozhou.qiaocheng.high-quality", "in-force", cohort);
        applied.Subjects.Should().Be(32);
        applied.Counts.Applied.Should().Be(32);
        var pay = applied.Actions.Where(a => a.Kind == "reward-pay-coefficient").ToList();
        pay.Select(a => a.SubjectId).Should().Equal("QC-H14", "QC-H30");
        pay[0].Details["coefficient"].Should().Be("0.9");
        pay[0].Causes.Single().ItemId.Should().Be("performance_grade_b");

        var none = await FluentActions.Awaiting(() => _client.ApplyBatchAsync("cn.anhui.bozhou.qiaocheng.high-quality", "in-force", cohort))
            .Should().ThrowAsync<ApiException<ApiProblem>>();
        none.Which.StatusCode.Should().Be(404);
        none.Which.Result.Code.Should().Be("AS5025");
    }

    [Fact]
    public async Task Health()
    {
        (await _client.LiveAsync()).Status.Should().Be("live");
        (await _client.ReadyAsync()).RuleSets.Should().BeGreaterThan(0);
    }
}
