using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AssessmentScorer.Api.Tests;

public class EndpointTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _http;
    private const string Demo = "/rulesets/cn.demo.hospital-basics";
    private static readonly string Example = Repo.Read("examples/demo/tertiary-hospital.json");

    public EndpointTests(ApiFactory factory) => _http = factory.CreateClient();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private static async Task<JsonElement> Problem(HttpResponseMessage r, HttpStatusCode status, string code)
    {
        r.StatusCode.Should().Be(status);
        r.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var p = await Body(r);
        p.GetProperty("status").GetInt32().Should().Be((int)status);
        p.GetProperty("code").GetString().Should().Be(code);
        p.GetProperty("type").GetString().Should().EndWith(code);
        return p;
    }

    [Fact]
    public async Task ListRuleSets_Loaded_IncludesDemoWithDigest()
    {
        var r = await _http.GetAsync("/rulesets");
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var demo = (await Body(r)).EnumerateArray().Single(x => x.GetProperty("scheme").GetString() == "cn.demo.hospital-basics");
        demo.GetProperty("version").GetString().Should().Be("1.0.0");
        demo.GetProperty("digest").GetString().Should().HaveLength(64);
        demo.GetProperty("effectiveFrom").GetString().Should().Be("2022-01-01");
        demo.GetProperty("file").GetString().Should().Be("demo/hospital-basics/1.0.0.yaml");
    }

    [Fact]
    public async Task GetRuleSet_Latest_ReturnsIndicatorsTargetsAndSources()
    {
        var b = await Body(await _http.GetAsync($"{Demo}/latest"));
        b.GetProperty("version").GetString().Should().Be("1.0.0");
        var ind = b.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "emr_level");
        ind.GetProperty("targets")[0].GetString().Should().Be("when tier == 'tertiary': ≥ by year 2022: 4, 2025: 5");
        ind.GetProperty("source").GetString().Should().Contain("000_86f4e3f6087374c5.txt");
        b.GetProperty("grading").GetProperty("pass").GetString().Should().Be("grade >= '合格'");
    }

    [Fact]
    public async Task GetRuleSet_AcceptYaml_ReturnsTheSourceText()
    {
        var req = new HttpRequestMessage(HttpMethod.Get, $"{Demo}/1.0.0");
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/yaml"));
        var r = await _http.SendAsync(req);
        r.Content.Headers.ContentType!.MediaType.Should().Be("application/yaml");
        (await r.Content.ReadAsStringAsync()).Should().Be(Repo.Read("rulesets/demo/hospital-basics/1.0.0.yaml"));
    }

    [Fact]
    public async Task GetScheme_YearInForce_ReturnsThatVersion_AndOutsideIs404()
    {
        var inForce = await Body(await _http.GetAsync($"{Demo}?year=2025"));
        inForce.GetArrayLength().Should().Be(1, "the list of versions, narrowed to the one in force, has the same shape as without ?year=");
        inForce[0].GetProperty("version").GetString().Should().Be("1.0.0");
        await Problem(await _http.GetAsync($"{Demo}?year=2030"), HttpStatusCode.NotFound, "AS4002");
        (await Body(await _http.GetAsync(Demo))).GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task InvalidValue_AloneIs422_InABatchIsScoredAndCounted_WithTheSameResult()
    {
        var bad = Example.Replace("\"physicians\": 540", "\"physicians\": \"many\"", StringComparison.Ordinal);
        bad.Should().NotBe(Example);

        var single = await Problem(await _http.PostAsync($"{Demo}/1.0.0/score", Json(bad)), HttpStatusCode.UnprocessableEntity, "AS5002");
        var batch = await _http.PostAsync($"{Demo}/1.0.0/score/batch", Json($"[{bad},{Example.Replace("AH-BZ-QC-001", "H2", StringComparison.Ordinal)}]"));

        batch.StatusCode.Should().Be(HttpStatusCode.OK);
        var b = await Body(batch);
        b.GetProperty("counts").GetProperty("invalid").GetInt32().Should().Be(1);
        b.GetProperty("counts").GetProperty("scored").GetInt32().Should().Be(2);
        var inBatch = b.GetProperty("results")[0];
        inBatch.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()).Should().Contain("values.physicians");
        inBatch.GetProperty("total").GetDecimal().Should().Be(single.GetProperty("result").GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Score_NullForEveryOptionalPart_IsTheSameAsLeavingItOut()
    {
        const string sparse = """{"subject":{"id":"h","tier":"tertiary"},"year":2025,"values":{"emr_level":5},"tasks":{"command_center":{"done":true,"completed_on":"2025-06-30"}}}""";
        const string nulls = """{"subject":{"id":"h","name":null,"tier":"tertiary","beds":null},"year":2025,"values":{"emr_level":5,"physicians":null},"previous":null,"tasks":{"command_center":{"done":true,"completed_on":"2025-06-30","evidence":null}}}""";
        const string noSections = """{"subject":{"id":"h","tier":"tertiary"},"year":2025,"values":null,"previous":null,"tasks":null}""";

        var a = await _http.PostAsync($"{Demo}/1.0.0/score", Json(sparse));
        var b = await _http.PostAsync($"{Demo}/1.0.0/score", Json(nulls));
        var c = await _http.PostAsync($"{Demo}/1.0.0/score", Json(noSections));

        b.StatusCode.Should().Be(HttpStatusCode.OK, await b.Content.ReadAsStringAsync());
        c.StatusCode.Should().Be(HttpStatusCode.OK, await c.Content.ReadAsStringAsync());
        (await Body(b)).GetProperty("total").GetDecimal().Should().Be((await Body(a)).GetProperty("total").GetDecimal());
        (await Body(b)).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()).Should().NotContain(["AS5002", "AS5004"]);
        (await Body(c)).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()).Should().NotContain("AS5002");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("2025.5")]
    [InlineData("99999999999")]
    [InlineData("")]
    public async Task GetScheme_MalformedYear_400NamingYear(string year)
    {
        var p = await Problem(await _http.GetAsync($"{Demo}?year={year}"), HttpStatusCode.BadRequest, "AS5005");
        p.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("year");
        p.GetProperty("detail").GetString().Should().Contain("year");
    }

    [Theory]
    [InlineData("text/yaml")]
    [InlineData("application/x-yaml")]
    [InlineData("application/yaml")]
    public async Task ValidateDraft_EveryYamlMediaType_IsRead(string media)
    {
        var r = await _http.PostAsync("/rulesets/validate", new StringContent(Repo.Read("rulesets/demo/hospital-basics/1.0.0.yaml"), Encoding.UTF8, media));

        r.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Body(r)).GetProperty("valid").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Score_TaskDateUnderTheDocumentedKey_IsRead()
    {
        // The OpenAPI document names the date completed_on, as docs/submission-format.md and the CSV columns do.
        var doc = JsonDocument.Parse(Repo.Read("docs/openapi.v1.json")).RootElement;
        doc.GetProperty("components").GetProperty("schemas").GetProperty("TaskDocument").GetProperty("properties").TryGetProperty("completed_on", out _).Should().BeTrue();
        const string yaml = """
            scheme: cn.example.tasks
            version: 0.1.0
            title: { zh: 任务, en: Tasks }
            indicators:
              - id: command_center
                name: { zh: 指挥中心, en: Command center }
                task: { deadline: 2025-06-30 }
                score: { method: checklist }
                points: 10
                source: 000_86f4e3f6087374c5.txt 篇4
            """;
        var draft = JsonSerializer.Serialize(yaml);
        var body = "{\"fromDraft\":" + draft + ",\"toDraft\":" + draft + ",\"submission\":{\"subject\":{\"id\":\"h\"},\"year\":2025,\"tasks\":{\"command_center\":{\"done\":true,\"completed_on\":\"2025-06-01\"}}}}";
        var r = await _http.PostAsync("/rulesets/compare", Json(body));
        r.StatusCode.Should().Be(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        (await Body(r)).GetProperty("subjects")[0].GetProperty("fromTotal").GetDecimal().Should().Be(10);
    }

    [Fact]
    public async Task UnknownScheme_Is404Problem()
    {
        await Problem(await _http.GetAsync("/rulesets/cn.nope/1.0.0"), HttpStatusCode.NotFound, "AS4002");
        await Problem(await _http.PostAsync("/rulesets/cn.nope/latest/score", Json(Example)), HttpStatusCode.NotFound, "AS4002");
    }

    [Fact]
    public async Task Score_Example_ReturnsTheSameJsonAsTheLibrary()
    {
        var r = await _http.PostAsync($"{Demo}/1.0.0/score", Json(Example));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var b = await Body(r);
        b.GetProperty("total").GetDecimal().Should().Be(90);
        b.GetProperty("grade").GetString().Should().Be("优秀");
        b.GetProperty("indicators")[0].GetProperty("explanation").GetProperty("zh").GetString().Should().Be("人员支出占业务支出比重 43.00% ≥ 40% → 20/20");
        var expected = JsonDocument.Parse(Repo.Read("examples/demo/tertiary-hospital.expected.json")).RootElement;
        JsonSerializer.Serialize(b).Should().Be(JsonSerializer.Serialize(expected));
    }

    [Fact]
    public async Task Score_MalformedJson_Is400WithLocation()
    {
        var p = await Problem(await _http.PostAsync($"{Demo}/1.0.0/score", Json("{\"subject\": {\"id\": \"x\"}, \"year\": 20")), HttpStatusCode.BadRequest, "AS5001");
        p.GetProperty("detail").GetString().Should().Contain("line 1");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Score_WrongContentType_Is415(string media)
    {
        await Problem(await _http.PostAsync($"{Demo}/1.0.0/score", new StringContent(Example, Encoding.UTF8, media)), HttpStatusCode.UnsupportedMediaType, "AS5016");
    }

    [Fact]
    public async Task Score_NegativeCountAndText_Is422NamingFieldsWithTheRestScored()
    {
        var bad = Example.Replace("\"physicians\": 540", "\"physicians\": -5").Replace("\"emr_level\": 5", "\"emr_level\": \"NaN\"");
        var p = await Problem(await _http.PostAsync($"{Demo}/1.0.0/score", Json(bad)), (HttpStatusCode)422, "AS5003");
        var fields = p.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        fields.Should().Contain(new[] { "values.physicians", "values.emr_level" });
        var result = p.GetProperty("result");
        result.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "personnel_share")
            .GetProperty("status").GetString().Should().Be("scored");
        result.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "nurse_ratio")
            .GetProperty("status").GetString().Should().Be("missing");
    }

    [Fact]
    public async Task Score_DuplicatedKey_Is200WithTheWarning_AsTheCliReportsIt()
    {
        // AS5006 is a warning in the catalogue (the last value is used): the result stands, as the CLI says.
        ProblemCodes.IsWarning("AS5006").Should().BeTrue();
        var twice = Example.Replace("\"physicians\": 540", "\"physicians\": 540, \"physicians\": 541", StringComparison.Ordinal);
        var r = await _http.PostAsync($"{Demo}/1.0.0/score", Json(twice));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var problems = (await Body(r)).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()).ToList();
        problems.Should().Contain("AS5006");
    }

    [Fact]
    public async Task ScoreBatch_NotAnArray_Is422WithItsOwnCode()
    {
        var p = await Problem(await _http.PostAsync($"{Demo}/1.0.0/score/batch", Json(Example)), (HttpStatusCode)422, "AS5022");
        p.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("$");
    }

    [Fact]
    public async Task Score_NoSubject_Is422()
    {
        var p = await Problem(await _http.PostAsync($"{Demo}/1.0.0/score", Json("{\"year\": 2025}")), (HttpStatusCode)422, "AS5005");
        p.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("subject");
    }

    [Fact]
    public async Task Score_BodyOverLimit_Is413()
    {
        var big = "{\"subject\":{\"id\":\"x\"},\"year\":2025,\"values\":{\"comment_pad\":\"" + new string('x', 300_000) + "\"}}";
        await Problem(await _http.PostAsync($"{Demo}/1.0.0/score", Json(big)), HttpStatusCode.RequestEntityTooLarge, "AS5015");
    }

    [Theory]
    [InlineData("cn.national.tertiary-performance", "examples/national/tertiary-hospital.json")]
    [InlineData("cn.anhui.bozhou.qiaocheng.high-quality", "examples/qiaocheng/tertiary-hospital.json")]
    public async Task ScoreAndBatchOfOne_SameTotalGradeAndCompleteness(string scheme, string example)
    {
        // A subject alone and the only subject of its stratum get the same result (the library's rule), so the single
        // route and a batch of one agree; both say whether the data was complete.
        var submission = Repo.Read(example);

        var single = await Body(await _http.PostAsync($"/rulesets/{scheme}/latest/score", Json(submission)));
        var batch = await Body(await _http.PostAsync($"/rulesets/{scheme}/latest/score/batch", Json($"[{submission}]")));
        var one = batch.GetProperty("results")[0];

        one.GetProperty("total").GetDecimal().Should().Be(single.GetProperty("total").GetDecimal());
        one.GetProperty("maxTotal").GetDecimal().Should().Be(single.GetProperty("maxTotal").GetDecimal());
        one.GetProperty("grade").ToString().Should().Be(single.GetProperty("grade").ToString());
        one.GetProperty("dataComplete").GetBoolean().Should().Be(single.GetProperty("dataComplete").GetBoolean());
        batch.GetProperty("counts").GetProperty("incomplete").GetInt32().Should().Be(single.GetProperty("dataComplete").GetBoolean() ? 0 : 1);
    }

    [Fact]
    public async Task Batch_MissingData_CountedAsIncomplete()
    {
        var partial = """{ "subject": { "id": "p1", "tier": "tertiary" }, "year": 2025, "values": { "emr_level": 5 } }""";
        var b = await Body(await _http.PostAsync($"{Demo}/1.0.0/score/batch", Json($"[{Example},{partial}]")));

        b.GetProperty("results")[0].GetProperty("dataComplete").GetBoolean().Should().BeTrue();
        b.GetProperty("results")[1].GetProperty("dataComplete").GetBoolean().Should().BeFalse();
        b.GetProperty("counts").GetProperty("incomplete").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Batch_JsonArray_RanksEverySubjectAndCounts()
    {
        var second = Example.Replace("AH-BZ-QC-001", "AH-BZ-QC-002").Replace("\"emr_level\": 5", "\"emr_level\": 3");
        var r = await _http.PostAsync($"{Demo}/1.0.0/score/batch", Json($"[{Example},{second},{{\"year\":2025}}]"));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var b = await Body(r);
        b.GetProperty("results").GetArrayLength().Should().Be(2);
        b.GetProperty("results")[0].GetProperty("cohort").GetProperty("rank").GetInt32().Should().Be(1);
        b.GetProperty("results")[1].GetProperty("cohort").GetProperty("rank").GetInt32().Should().Be(2);
        b.GetProperty("counts").GetProperty("read").GetInt32().Should().Be(3);
        b.GetProperty("counts").GetProperty("rejected").GetInt32().Should().Be(1);
        b.GetProperty("rejected")[0].GetProperty("row").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Batch_Csv_WithChineseHeaders_IsScored()
    {
        var csv = "机构编码,机构名称,医院级别,年度,人员支出,业务支出,emr_level\nH1,一院,tertiary,2025,40,100,5\nH2,二院,secondary,2025,35,100,abc\n";
        var r = await _http.PostAsync($"{Demo}/1.0.0/score/batch", new StringContent(csv, Encoding.UTF8, "text/csv"));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var b = await Body(r);
        var h1 = b.GetProperty("results")[0];
        h1.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "personnel_share").GetProperty("met").GetBoolean().Should().BeTrue();
        var h2 = b.GetProperty("results")[1];
        h2.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()).Should().Contain("values.emr_level");
    }

    [Fact]
    public async Task Batch_CsvBrokenQuoting_ReportsTheRow()
    {
        var csv = "id,year,physicians\nH1,2025,10\nH2,2025,\"12\nH3,2025,13\n";
        var r = await _http.PostAsync($"{Demo}/1.0.0/score/batch", new StringContent(csv, Encoding.UTF8, "text/csv"));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var b = await Body(r);
        b.GetProperty("results").GetArrayLength().Should().Be(1);
        b.GetProperty("rejected")[0].GetProperty("problems")[0].GetProperty("code").GetString().Should().Be("AS5012");
    }

    [Fact]
    public async Task Batch_OverSizeLimit_Is413()
    {
        var many = "[" + string.Join(",", Enumerable.Range(0, 51).Select(i => $"{{\"subject\":{{\"id\":\"h{i}\"}},\"year\":2025}}")) + "]";
        await Problem(await _http.PostAsync($"{Demo}/1.0.0/score/batch", Json(many)), HttpStatusCode.RequestEntityTooLarge, "AS5017");
    }

    private const string Draft = "scheme: cn.t.draft\nversion: 0.1.0\ntitle: { zh: 草案, en: Draft }\nindicators:\n  - id: a\n    name: { zh: 甲, en: A }\n    value: physicians\n    target: { at_least: 10 }\n    points: 10\n    source: s 1\n";

    [Fact]
    public async Task Validate_GoodYaml_IsValidAndNotInstalled()
    {
        var r = await _http.PostAsync("/rulesets/validate", new StringContent(Draft, Encoding.UTF8, "application/yaml"));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Body(r)).GetProperty("valid").GetBoolean().Should().BeTrue();
        (await _http.GetAsync("/rulesets/cn.t.draft/0.1.0")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Validate_BrokenYaml_Is422WithLineAndColumn()
    {
        var broken = Draft.Replace("value: physicians", "value: physicans");
        var p = await Problem(await _http.PostAsync("/rulesets/validate", new StringContent(broken, Encoding.UTF8, "application/yaml")), (HttpStatusCode)422, "AS3002");
        var e = p.GetProperty("errors")[0];
        e.GetProperty("line").GetInt32().Should().Be(7);
        e.GetProperty("column").GetInt32().Should().Be(12);
        e.GetProperty("file").GetString().Should().Be("draft.yaml");
    }

    [Fact]
    public async Task Validate_WithTests_RunsThem()
    {
        var tests = "cases:\n  - name: ok\n    subject: { id: s }\n    year: 2025\n    values: { physicians: 10 }\n    expect: { total: 10 }\n  - name: wrong\n    subject: { id: s }\n    year: 2025\n    values: { physicians: 9 }\n    expect: { total: 10 }\n";
        var body = JsonSerializer.Serialize(new { ruleSet = Draft, tests });
        var b = await Body(await _http.PostAsync("/rulesets/validate", Json(body)));
        b.GetProperty("tests").GetProperty("passed").GetInt32().Should().Be(1);
        b.GetProperty("tests").GetProperty("failed").GetInt32().Should().Be(1);
        b.GetProperty("valid").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Validate_DraftOverLimit_Is413()
    {
        var huge = Draft + "notes: " + new string('x', 25_000) + "\n";
        await Problem(await _http.PostAsync("/rulesets/validate", new StringContent(huge, Encoding.UTF8, "application/yaml")), HttpStatusCode.RequestEntityTooLarge, "AS5015");
    }

    [Fact]
    public async Task Compare_InstalledAgainstDraft_GivesMigrationMatrix()
    {
        var draft = Repo.Read("rulesets/demo/hospital-basics/1.0.0.yaml").Replace("version: 1.0.0", "version: 1.1.0").Replace("- { grade: 优秀, min: 90 }", "- { grade: 优秀, min: 95 }");
        var body = JsonSerializer.Serialize(new { from = "cn.demo.hospital-basics@1.0.0", toDraft = draft, submission = JsonDocument.Parse(Example).RootElement });
        var r = await _http.PostAsync("/rulesets/compare", Json(body));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var b = await Body(r);
        var s = b.GetProperty("subjects")[0];
        s.GetProperty("fromGrade").GetString().Should().Be("优秀");
        s.GetProperty("toGrade").GetString().Should().Be("良好");
        b.GetProperty("fromGrades")[0].GetString().Should().Be("优秀");
        b.GetProperty("matrix")[0][1].GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Diff_SameVersion_HasNoChanges_AndMissingQueryIs400()
    {
        (await Body(await _http.GetAsync($"{Demo}/diff?from=1.0.0&to=latest"))).GetProperty("changes").GetArrayLength().Should().Be(0);
        await Problem(await _http.GetAsync($"{Demo}/diff?from=1.0.0"), HttpStatusCode.BadRequest, "AS5005");
    }

    [Fact]
    public async Task NationalScheme_VersionsByYearLatestAndDiff_UseRealContent()
    {
        const string national = "/rulesets/cn.national.tertiary-performance";
        (await Body(await _http.GetAsync($"{national}?year=2019")))[0].GetProperty("version").GetString().Should().Be("1.0.0");
        (await Body(await _http.GetAsync($"{national}?year=2025")))[0].GetProperty("version").GetString().Should().Be("1.1.0");
        (await Body(await _http.GetAsync($"{national}/latest"))).GetProperty("indicators").GetArrayLength().Should().Be(56);
        var diff = await Body(await _http.GetAsync($"{national}/diff?from=1.0.0&to=1.1.0"));
        var added = diff.GetProperty("changes").EnumerateArray().Where(c => c.GetProperty("change").GetString() == "added").Select(c => c.GetProperty("id").GetString()).ToList();
        added.Should().Contain("key_consumables_share");
    }

    [Fact]
    public async Task Health_LiveAndReady()
    {
        (await _http.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        var ready = await Body(await _http.GetAsync("/health/ready"));
        ready.GetProperty("status").GetString().Should().Be("ready");
        ready.GetProperty("ruleSets").GetInt32().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task UnknownRouteAndMethod_AreProblems()
    {
        await Problem(await _http.GetAsync("/nothing/here"), HttpStatusCode.NotFound, "AS5019");
        await Problem(await _http.DeleteAsync("/rulesets"), HttpStatusCode.MethodNotAllowed, "AS5020");
    }
}
