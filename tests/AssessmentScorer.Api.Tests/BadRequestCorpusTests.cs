using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AssessmentScorer.Api.Tests;

/// <summary>
/// A corpus of bad requests (malformed and truncated JSON, deep nesting, oversized bodies, wrong content types,
/// broken CSV and encodings, unknown routes and methods, huge batches, bad drafts): every one is a 4xx
/// application/problem+json with a code, none a 5xx, none echoes a server path or a stack trace, and good
/// requests interleaved with them (sequentially and in parallel) keep succeeding.
/// </summary>
public class BadRequestCorpusTests(ApiFactory factory, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private const string Demo = "/rulesets/cn.demo.hospital-basics";
    private static readonly string Example = Repo.Read("examples/demo/tertiary-hospital.json");
    private static readonly string DemoYaml = Repo.Read("rulesets/demo/hospital-basics/1.0.0.yaml");

    /// <summary>One bad request; Status is the exact status when the contract names one, else any 4xx.</summary>
    public sealed record Bad(string Name, HttpMethod Method, string Path, string? MediaType, byte[]? Body, int? Status = null)
    {
        public HttpRequestMessage Build()
        {
            var m = new HttpRequestMessage(Method, Path);
            if (Body is not null)
            {
                m.Content = new ByteArrayContent(Body);
                if (MediaType is not null) m.Content.Headers.TryAddWithoutValidation("Content-Type", MediaType);
            }
            return m;
        }

        public override string ToString() => $"{Name}: {Method} {Path} ({MediaType ?? "no type"}, {Body?.Length ?? 0} bytes)";
    }

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    private static Bad Json(string name, string path, string body, int? status = null) => new(name, HttpMethod.Post, path, "application/json", U(body), status);

    public static IReadOnlyList<Bad> Corpus()
    {
        var list = new List<Bad>();
        var score = $"{Demo}/1.0.0/score";
        var batch = $"{Demo}/1.0.0/score/batch";

        // Malformed and truncated JSON.
        for (var cut = 0; cut < Example.Length - 1; cut += Math.Max(1, Example.Length / 40))
            list.Add(Json($"truncated at {cut}", score, Example[..cut], 400));
        foreach (var (name, body) in new[]
                 {
                     ("open brace", "{"), ("open bracket", "["), ("nul", "nul"), ("missing value", "{\"subject\":}"), ("trailing comma", "{\"year\":2025,}"),
                     ("comment", "/* c */ {\"year\":2025}"), ("single quotes", "{'year':2025}"), ("NaN literal", "{\"subject\":{\"id\":\"h\"},\"year\":NaN}"),
                     ("Infinity literal", "{\"subject\":{\"id\":\"h\"},\"year\":2025,\"values\":{\"physicians\":Infinity}}"), ("whitespace", "   \n\t "),
                     ("control char", "{\"year\":\u0001}"), ("two documents", "{} {}"), ("unquoted key", "{year:2025}"),
                     ("hex number", "{\"year\":0x7E9}"), ("leading zero", "{\"year\":02025}"), ("plus sign", "{\"year\":+2025}"),
                     ("unterminated string", "{\"subject\":{\"id\":\"h"), ("bad escape", "{\"subject\":{\"id\":\"\\x41\"}}"), ("BOM only", "\uFEFF"),
                 })
            list.Add(Json($"malformed: {name}", score, body, 400));
        list.Add(new("empty body", HttpMethod.Post, score, "application/json", Array.Empty<byte>(), 400));
        list.Add(new("invalid UTF-8", HttpMethod.Post, score, "application/json", new byte[] { 0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D }, 400));
        list.Add(new("UTF-16 body", HttpMethod.Post, score, "application/json", Encoding.Unicode.GetBytes(Example)));
        list.Add(new("GB18030 key", HttpMethod.Post, score, "application/json", new byte[] { 0x7B, 0x22, 0xBB, 0xFA, 0xB9, 0xB9, 0x22, 0x3A, 0x31, 0x7D }, 400));
        list.Add(Json("bare string", score, "\"x\"", 422));

        // Deep nesting.
        foreach (var depth in new[] { 33, 64, 1_000, 50_000 })
        {
            list.Add(Json($"nested arrays {depth}", score, new string('[', depth) + new string(']', depth)));
            list.Add(Json($"nested objects {depth}", score, string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)));
            list.Add(Json($"nested values {depth}", score, "{\"subject\":{\"id\":\"h\"},\"year\":2025,\"values\":{\"x\":" + new string('[', depth) + new string(']', depth) + "}}"));
            list.Add(Json($"batch nested {depth}", batch, new string('[', depth) + new string(']', depth)));
            list.Add(Json($"compare nested {depth}", "/rulesets/compare", "{\"from\":\"cn.demo.hospital-basics@1.0.0\",\"to\":\"cn.demo.hospital-basics@1.0.0\",\"submission\":" + new string('[', depth) + new string(']', depth) + "}"));
            list.Add(Json($"validate nested {depth}", "/rulesets/validate", "{\"ruleSet\":" + new string('[', depth) + new string(']', depth) + "}"));
        }

        // Wrong field values: 422 naming the field (the result of the other indicators is in the problem).
        foreach (var (field, value) in new[]
                 {
                     ("physicians", "\"many\""), ("physicians", "-1"), ("physicians", "1e400"), ("physicians", "\"NaN\""), ("physicians", "\"Infinity\""),
                     ("physicians", "\"\""), ("emr_level", "9"), ("emr_level", "4.5"), ("interop_maturity", "7"), ("interop_maturity", "\"九级\""),
                     ("major_safety_incidents", "true"), ("physicians", "[1]"), ("physicians", "{}"), ("physicians", "79228162514264337593543950336"),
                 })
            list.Add(Json($"bad value {field}={value}", score, Example.Replace($"\"{field}\": ", $"\"{field}\": {value}, \"_was\": ", StringComparison.Ordinal), 422));
        list.Add(Json("wrong tier", score, Example.Replace("\"tier\": \"tertiary\"", "\"tier\": \"quaternary\"", StringComparison.Ordinal), 422));
        list.Add(Json("wrong category", score, Example.Replace("\"category\": \"general\"", "\"category\": \"dental\"", StringComparison.Ordinal), 422));
        list.Add(Json("no subject id", score, "{\"subject\":{},\"year\":2025}", 422));
        list.Add(Json("year as text", score, "{\"subject\":{\"id\":\"h\"},\"year\":\"2025\"}", 422));
        list.Add(Json("year 1e400", score, "{\"subject\":{\"id\":\"h\"},\"year\":1e400}", 422));
        list.Add(Json("array for one", score, $"[{Example}]", 422));
        list.Add(Json("unpaired surrogate id", score, "{\"subject\":{\"id\":\"\\ud800\"},\"year\":2025}", 422));

        // Oversized bodies (the factory sets 200,000 bytes, 50 submissions, 20,000-byte drafts).
        var big = "{\"subject\":{\"id\":\"h\",\"name\":\"" + new string('x', 210_000) + "\"},\"year\":2025}";
        list.Add(Json("oversized score", score, big, 413));
        list.Add(Json("oversized batch", batch, "[" + big + "]", 413));
        list.Add(Json("oversized compare", "/rulesets/compare", big, 413));
        list.Add(new("oversized draft", HttpMethod.Post, "/rulesets/validate", "application/yaml", U(DemoYaml + "\n# " + new string('x', 30_000) + "\n"), 413));
        list.Add(Json("oversized draft in JSON", "/rulesets/validate", JsonSerializer.Serialize(new { ruleSet = DemoYaml + "\n#" + new string('x', 21_000) }), 413));
        list.Add(Json("oversized toDraft", "/rulesets/compare", JsonSerializer.Serialize(new { from = "cn.demo.hospital-basics@1.0.0", toDraft = DemoYaml + "\n#" + new string('x', 21_000), submission = 1 }), 413));

        // Huge batches and bad batches.
        list.Add(Json("batch of 51", batch, "[" + string.Join(',', Enumerable.Repeat(Example, 51)) + "]", 413));
        list.Add(Json("batch of 5000 numbers", batch, "[" + string.Join(',', Enumerable.Repeat("1", 5000)) + "]", 413));
        list.Add(Json("batch object", batch, Example, 422));
        list.Add(Json("batch empty", batch, "[]", 422));
        list.Add(Json("batch of nulls", batch, "[null,null]", 422));
        list.Add(Json("batch truncated", batch, "[" + Example, 400));
        list.Add(Json("compare batch of 51", "/rulesets/compare",
            "{\"from\":\"cn.demo.hospital-basics@1.0.0\",\"to\":\"cn.demo.hospital-basics@1.0.0\",\"submissions\":[" + string.Join(',', Enumerable.Repeat(Example, 51)) + "]}", 413));

        // CSV with broken quoting or encoding.
        foreach (var (name, csv) in new[]
                 {
                     ("only header", "id,year,physicians\n"), ("empty", ""), ("no id column", "name,year\nx,2025\n"), ("unclosed quote at start", "id,year\n\"H1,2025\n"),
                     ("quote in header", "\"id,year\nH1,2025\n"), ("only quotes", "\"\"\"\"\"\"\"\n"),
                     ("all rows bad", "id,year\n,\n,\n"), ("CR only", "id\ryear\r"), ("row missing year", "id,physicians\nH1,5\n"),
                     ("unknown columns only", "foo,bar\n1,2\n"),
                 })
            list.Add(new($"csv: {name}", HttpMethod.Post, batch, "text/csv", U(csv)));
        list.Add(new("csv: invalid UTF-8", HttpMethod.Post, batch, "text/csv", new byte[] { 0x69, 0x64, 0x0A, 0xFF, 0xFE, 0x0A }, 400));
        list.Add(new("csv: GB18030", HttpMethod.Post, batch, "text/csv", new byte[] { 0xBB, 0xFA, 0xB9, 0xB9, 0xB1, 0xE0, 0xC2, 0xEB, 0x0A, 0x48, 0x31, 0x0A }, 400));
        list.Add(new("csv: UTF-16", HttpMethod.Post, batch, "text/csv", Encoding.Unicode.GetBytes("id,year\nH1,2025\n")));

        // Wrong content types.
        foreach (var media in new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/png", "application/yaml", "text/csv", "*/*", "application/jsonx", "json" })
        {
            if (media != "text/csv") list.Add(new($"score as {media}", HttpMethod.Post, score, media, U(Example), 415));
            list.Add(new($"compare as {media}", HttpMethod.Post, "/rulesets/compare", media, U("{}"), 415));
        }
        list.Add(new("score without content type", HttpMethod.Post, score, null, U(Example), 415));
        list.Add(new("batch as xml", HttpMethod.Post, batch, "application/xml", U("<a/>"), 415));
        list.Add(new("validate as png", HttpMethod.Post, "/rulesets/validate", "image/png", U(DemoYaml), 415));
        list.Add(new("validate without content type", HttpMethod.Post, "/rulesets/validate", null, U(DemoYaml), 415));

        // Unknown routes and methods ("/" is the web interface, docs/ui.md).
        foreach (var path in new[] { "/nope", "/rulesets/a/b/c/d", "/rulesets/../../etc/passwd", "/rulesets/%2e%2e/%2e%2e/etc/passwd", "/rulesets/cn.demo.hospital-basics/1.0.0/score/x",
                     "/rulesets/cn.nope", "/rulesets/cn.nope/1.0.0", "/rulesets/cn.demo.hospital-basics/9.9.9", "/rulesets/cn.demo.hospital-basics/^^^", "/rulesets/cn.demo.hospital-basics/>=x",
                     "/rulesets/" + new string('a', 4000), "/rulesets/中文/1.0.0", "/rulesets/cn.demo.hospital-basics?year=2030",
                     "/rulesets/cn.demo.hospital-basics?year=abc", "/rulesets/cn.demo.hospital-basics?year=99999999999", "/rulesets/cn.demo.hospital-basics/diff",
                     "/rulesets/cn.demo.hospital-basics/diff?from=1.0.0", "/rulesets/cn.demo.hospital-basics/diff?from=1.0.0&to=9.0.0", "/rulesets/cn.nope/diff?from=1&to=2",
                     "/health/nope", "/openapi/v2.json", "/swagger/../appsettings.json", "/appsettings.json", "/.git/config" })
            list.Add(new($"GET {path[..Math.Min(path.Length, 60)]}", HttpMethod.Get, path, null, null));
        foreach (var (method, path) in new[]
                 {
                     ("DELETE", "/rulesets"), ("PUT", $"{Demo}/1.0.0"), ("PATCH", "/rulesets/validate"), ("GET", score), ("GET", "/rulesets/validate"),
                     ("GET", "/rulesets/compare"), ("DELETE", score), ("PUT", batch), ("POST", "/rulesets"), ("POST", "/health/ready"), ("POST", $"{Demo}/1.0.0"),
                     ("OPTIONS", score), ("TRACE", "/rulesets"), ("FOO", "/rulesets"),
                 })
            list.Add(new($"{method} {path}", new HttpMethod(method), path, "application/json", method is "GET" or "TRACE" ? null : U("{}")));
        list.Add(Json("score unknown scheme", "/rulesets/cn.nope/1.0.0/score", Example, 404));
        list.Add(Json("score bad range", $"{Demo}/%3E%3D%3E/score", Example, 404));
        list.Add(Json("score traversal scheme", "/rulesets/..%2F..%2Fetc%2Fpasswd/1.0.0/score", Example));

        // Bad drafts for /rulesets/validate (YAML body and JSON body) and /rulesets/compare.
        var drafts = new List<(string Name, string Yaml)>
        {
            ("syntax", "scheme: [\n"), ("empty", ""), ("tab indent", "scheme: x\n\tversion: 1.0.0\n"), ("two documents", "a: 1\n---\nb: 2\n"),
            ("alias bomb", BillionLaughs()), ("deep flow", "a: " + new string('[', 5_000) + new string(']', 5_000)),
            ("deep block", "a:\n" + string.Concat(Enumerable.Range(1, 200).Select(i => new string(' ', i) + "b:\n"))),
            ("binary tag", "a: [!!binary]\n"), ("python tag", "a: !!python/object/apply:os.system [ls]\n"),
            ("unknown function", Draft("File('/etc/passwd')")), ("reflection", Draft("typeof(System.IO.File)")), ("exec", Draft("exec('rm -rf /')")),
            ("http", Draft("http('http://127.0.0.1/')")), ("sum unknown", Draft("sum(physicians)")), ("long expression", Draft(string.Concat(Enumerable.Repeat("1 + ", 600)) + "1")),
            ("deep expression", Draft(new string('(', 500) + "1" + new string(')', 500))), ("deep not", Draft(string.Concat(Enumerable.Repeat("not ", 300)) + "true")),
            ("deep minus", Draft(new string('-', 300) + "1")), ("huge number", Draft("99999999999999999999999999999999")), ("exponent", Draft("1e400")),
            ("extends traversal", "scheme: cn.x\nversion: 1.0.0\nextends: ../../etc/passwd@1.0.0\ntitle: { zh: 甲, en: A }\nindicators: []\n"),
            ("extends absolute", "scheme: cn.x\nversion: 1.0.0\nextends: /etc/passwd@1.0.0\ntitle: { zh: 甲, en: A }\nindicators: []\n"),
            ("extends file path", "scheme: cn.x\nversion: 1.0.0\nextends: ../demo/hospital-basics/1.0.0.yaml\ntitle: { zh: 甲, en: A }\nindicators: []\n"),
            ("scheme with slash", "scheme: ../../etc/passwd\nversion: 1.0.0\ntitle: { zh: 甲, en: A }\nindicators: []\n"),
            ("scheme with dots", "scheme: cn/../x\nversion: 1.0.0\ntitle: { zh: 甲, en: A }\nindicators: []\n"),
            ("version traversal", "scheme: cn.x\nversion: ../1.0.0\ntitle: { zh: 甲, en: A }\nindicators: []\n"),
            ("redefines installed version", DemoYaml.Replace("points: 20", "points: 21", StringComparison.Ordinal)),
            ("extends cycle-ish", "scheme: cn.demo.hospital-basics\nversion: 9.0.0\nextends: cn.demo.hospital-basics@9.0.0\ntitle: { zh: 甲, en: A }\nindicators: []\n"),
            ("random bytes", "\u0001\u0002\u0003: \u0004"),
        };
        foreach (var (name, yaml) in drafts)
        {
            list.Add(new($"validate yaml: {name}", HttpMethod.Post, "/rulesets/validate", "application/yaml", U(yaml)));
            list.Add(Json($"validate json: {name}", "/rulesets/validate", JsonSerializer.Serialize(new { ruleSet = yaml, file = "../../etc/passwd" })));
            list.Add(Json($"compare toDraft: {name}", "/rulesets/compare", JsonSerializer.Serialize(new { from = "cn.demo.hospital-basics@1.0.0", toDraft = yaml, submission = JsonDocument.Parse(Example).RootElement })));
        }
        foreach (var file in new[] { "/etc/passwd", "..\\..\\windows\\win.ini", "C:\\x.yaml", new string('a', 500), "", "\0" })
            list.Add(Json($"validate file name {file[..Math.Min(file.Length, 20)]}", "/rulesets/validate", JsonSerializer.Serialize(new { ruleSet = "scheme: [", file })));
        foreach (var (name, body) in new[]
                 {
                     ("ruleSet number", "{\"ruleSet\":1}"), ("ruleSet missing", "{}"), ("null body", "null"), ("array body", "[]"), ("ruleSet surrogate", "{\"ruleSet\":\"\\ud800\"}"),
                     ("tests invalid", JsonSerializer.Serialize(new { ruleSet = DemoYaml, tests = "cases: [\n" })), ("tests wrong shape", JsonSerializer.Serialize(new { ruleSet = DemoYaml, tests = "- 1\n- 2\n" })),
                     ("tests alias bomb", JsonSerializer.Serialize(new { ruleSet = DemoYaml, tests = BillionLaughs() })), ("truncated", "{\"ruleSet\":\"scheme: x"),
                 })
            list.Add(Json($"validate: {name}", "/rulesets/validate", body));
        foreach (var (name, body) in new[]
                 {
                     ("empty object", "{}"), ("null", "null"), ("from unknown", "{\"from\":\"cn.nope@1.0.0\",\"to\":\"cn.demo.hospital-basics@1.0.0\",\"submission\":" + Example + "}"),
                     ("to bad range", "{\"from\":\"cn.demo.hospital-basics@1.0.0\",\"to\":\"cn.demo.hospital-basics@>>\",\"submission\":" + Example + "}"),
                     ("no submission", "{\"from\":\"cn.demo.hospital-basics@1.0.0\",\"to\":\"cn.demo.hospital-basics@1.0.0\"}"),
                     ("submission not object", "{\"from\":\"cn.demo.hospital-basics@1.0.0\",\"to\":\"cn.demo.hospital-basics@1.0.0\",\"submission\":1}"),
                     ("submissions bad items", "{\"from\":\"cn.demo.hospital-basics@1.0.0\",\"to\":\"cn.demo.hospital-basics@1.0.0\",\"submissions\":[1,\"x\",null]}"),
                     ("from wrong type", "{\"from\":1,\"to\":\"cn.demo.hospital-basics@1.0.0\",\"submission\":" + Example + "}"),
                     ("from traversal", "{\"from\":\"../../etc/passwd@1.0.0\",\"to\":\"cn.demo.hospital-basics@1.0.0\",\"submission\":" + Example + "}"),
                     ("unpaired surrogate", "{\"from\":\"\\ud800\",\"to\":\"cn.demo.hospital-basics@1.0.0\",\"submission\":" + Example + "}"),
                     ("truncated", "{\"from\":\"cn.demo.hospital-basics@1.0.0\",\"to\":"),
                 })
            list.Add(Json($"compare: {name}", "/rulesets/compare", body));
        return list;
    }

    private static string Draft(string expression) =>
        $"scheme: cn.t.bad\nversion: 0.1.0\ntitle: {{ zh: 草案, en: Draft }}\nindicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {JsonSerializer.Serialize(expression)}\n    target: {{ at_least: 1 }}\n    points: 10\n";

    private static string BillionLaughs()
    {
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++) sb.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))).Append("]\n");
        return sb.ToString();
    }

    private static readonly Regex Code = new(@"^AS\d{4}$");

    /// <summary>What must hold of every answer to a bad request; returns why not, or null.</summary>
    internal static async Task<string?> Judge(Bad bad, HttpResponseMessage r)
    {
        var status = (int)r.StatusCode;
        var text = await r.Content.ReadAsStringAsync();
        if (status >= 500) return $"{status} {text[..Math.Min(text.Length, 300)]}";
        if (status < 400) return $"{status}: a bad request was accepted";
        if (bad.Status is { } want && status != want) return $"{status}, expected {want}: {text[..Math.Min(text.Length, 300)]}";
        if (r.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"{status} with Content-Type {r.Content.Headers.ContentType}";
        JsonElement p;
        try { p = JsonDocument.Parse(text).RootElement; }
        catch (JsonException) { return $"{status}: the problem is not JSON"; }
        if (!p.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String || !Code.IsMatch(code.GetString()!)) return $"{status}: no code";
        if (!p.TryGetProperty("status", out var st) || st.GetInt32() != status) return $"{status}: problem status differs";
        foreach (var leak in new[] { Repo.Root, "/work/", "at AssessmentScorer.", "Exception", "/tmp/", Path.GetTempPath(), "/etc/passwd\"", "StackTrace" })
            if (text.Contains(leak, StringComparison.Ordinal)) return $"{status}: the answer contains '{leak}': {Excerpt(text, leak)}";
        return null;
    }

    private static string Excerpt(string text, string s)
    {
        var i = text.IndexOf(s, StringComparison.Ordinal);
        return text.Substring(Math.Max(0, i - 80), Math.Min(text.Length - Math.Max(0, i - 80), 200));
    }

    private async Task Good(HttpClient http, List<string> failures, string after)
    {
        var r = await http.PostAsync($"{Demo}/1.0.0/score", new StringContent(Example, Encoding.UTF8, "application/json"));
        if (r.StatusCode != HttpStatusCode.OK) failures.Add($"good request after '{after}' answered {(int)r.StatusCode}");
        else if (!(await r.Content.ReadAsStringAsync()).Contains("\"total\":90", StringComparison.Ordinal)) failures.Add($"good request after '{after}' scored differently");
        var list = await http.GetAsync("/rulesets");
        if (list.StatusCode != HttpStatusCode.OK) failures.Add($"GET /rulesets after '{after}' answered {(int)list.StatusCode}");
    }

    [Fact]
    public void Corpus_HasAtLeast200BadRequests() => Corpus().Count.Should().BeGreaterThanOrEqualTo(200);

    [Fact]
    public async Task Corpus_Sequential_Every4xxProblemWithCode_No5xx_NoLeak_GoodRequestsKeepWorking()
    {
        var http = factory.CreateClient();
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        foreach (var bad in Corpus())
        {
            using var r = await http.SendAsync(bad.Build());
            statuses[(int)r.StatusCode] = statuses.GetValueOrDefault((int)r.StatusCode) + 1;
            if (await Judge(bad, r) is { } why) failures.Add($"{bad}: {why}");
            await Good(http, failures, bad.Name);
        }
        output.WriteLine($"{Corpus().Count} bad requests: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        foreach (var f in failures) output.WriteLine(f);
        failures.Should().BeEmpty();
        statuses.Keys.Should().OnlyContain(s => s >= 400 && s < 500);
    }

    [Fact]
    public async Task Corpus_InParallelWithGoodRequests_No5xx_GoodRequestsAllSucceed()
    {
        var http = factory.CreateClient();
        var failures = new List<string>();
        var corpus = Corpus();
        var fiveHundreds = 0;
        var good = Enumerable.Range(0, 200).Select(async _ =>
        {
            var local = new List<string>();
            await Good(http, local, "(parallel)");
            lock (failures) failures.AddRange(local);
        });
        var badOnes = corpus.Select(async bad =>
        {
            using var r = await http.SendAsync(bad.Build());
            if ((int)r.StatusCode >= 500) Interlocked.Increment(ref fiveHundreds);
            if (await Judge(bad, r) is { } why) lock (failures) failures.Add($"{bad}: {why}");
        });
        await Task.WhenAll(good.Concat(badOnes));
        foreach (var f in failures.Take(50)) output.WriteLine(f);
        fiveHundreds.Should().Be(0);
        failures.Should().BeEmpty();
        (await http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
