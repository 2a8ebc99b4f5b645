using AssessmentScorer.Api.Tests.Contract;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentScorer.Api.Tests;

/// <summary>
/// A province or the whole country in one request: 13,000-submission batches are admitted by the default limits, read
/// from JSON arrays, JSON lines, CSV or a workbook, answered as they are written (JSON or JSON lines, full or with the
/// rule-set constants once), and large batches sent together wait their turn in a bounded queue, or are answered 429 with
/// Retry-After when it is full, instead of being scored all at once.
/// </summary>
public class LargeBatchTests
{
    private static readonly string Example = Repo.Read("examples/demo/tertiary-hospital.json");
    private static readonly string Compact = JsonSerializer.Serialize(JsonDocument.Parse(Example).RootElement);

    private static string Line(int i) => Compact.Replace("AH-BZ-QC-001", $"H{i:D5}", StringComparison.Ordinal)
        .Replace("\"beds\":820", $"\"beds\":{300 + i % 900}", StringComparison.Ordinal);

    private static string Array(int n) => "[" + string.Join(",", Enumerable.Range(0, n).Select(Line)) + "]";

    private static string Lines(int n) => string.Join("\n", Enumerable.Range(0, n).Select(Line)) + "\n";

    private static WebApplicationFactory<Program> Host(bool contract, params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            if (contract) b.CheckContract();
            b.UseSetting("AssessmentScorer:RuleSetsPath", Repo.RuleSets);
            b.UseSetting("AssessmentScorer:Operations:PermitsPerWindow", "0");
            foreach (var (k, v) in settings) b.UseSetting(k, v);
        });

    private const string Url = "/rulesets/cn.demo.hospital-basics/1.0.0/score/batch";

    [Fact]
    public async Task FourNationalSizeBatchesAtOnce_AllAnswered_OneScoredAtATime()
    {
        using var host = Host(contract: false, ("AssessmentScorer:Limits:MaxConcurrentBatches", "1"), ("AssessmentScorer:Limits:MaxQueuedBatches", "8"),
            ("AssessmentScorer:Limits:QueuedBatchBytes", "0"), ("AssessmentScorer:Operations:RequestTimeoutSeconds", "0"));
        // No request timeout: how long the last batch waits for its turn depends on the machine, not on the code.
        var http = host.CreateClient();
        http.Timeout = TimeSpan.FromMinutes(20);   // a hang guard only
        var body = Array(13_000);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var r = await http.PostAsync(Url, new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await r.Content.ReadAsStringAsync();
            return (r.StatusCode, text);
        }));

        foreach (var (status, text) in answers)
        {
            status.Should().Be(HttpStatusCode.OK, text.Length > 500 ? text[..500] : text);
            using var doc = JsonDocument.Parse(text);
            doc.RootElement.GetProperty("counts").GetProperty("scored").GetInt32().Should().Be(13_000);
            doc.RootElement.GetProperty("results").GetArrayLength().Should().Be(13_000);
        }
        answers.Select(a => a.text).Distinct().Should().ContainSingle("the same cohort gives the same bytes whoever waited");
        var gate = host.Services.GetRequiredService<BatchGate>();
        gate.PeakInWork.Should().Be(1, "large batches are scored one at a time, however many arrive together");
        gate.Waiting.Should().Be(0);
    }

    [Fact]
    public async Task LargeBatch_QueueFull_429AS5023WithRetryAfter()
    {
        using var host = Host(contract: true, ("AssessmentScorer:Limits:MaxConcurrentBatches", "1"), ("AssessmentScorer:Limits:MaxQueuedBatches", "0"),
            ("AssessmentScorer:Limits:QueuedBatchBytes", "1000"), ("AssessmentScorer:Limits:BatchRetryAfterSeconds", "7"));
        var http = host.CreateClient();
        var gate = host.Services.GetRequiredService<BatchGate>();
        using (var held = await gate.EnterAsync(CancellationToken.None))
        {
            held.Should().NotBeNull();
            using var refused = await http.PostAsync(Url, new StringContent(Array(20), Encoding.UTF8, "application/json"));
            refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
            JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().Should().Be("AS5023");
            // A small batch (Content-Length at most QueuedBatchBytes) does not wait for a turn.
            using var small = await http.PostAsync(Url, new StringContent(Array(1), Encoding.UTF8, "application/json"));
            small.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        using var after = await http.PostAsync(Url, new StringContent(Array(20), Encoding.UTF8, "application/json"));
        after.StatusCode.Should().Be(HttpStatusCode.OK, "the turn was given back");
    }

    [Fact]
    public async Task JsonLinesBody_JsonLinesAnswer_HeaderThenOneLinePerResultThenCounts_SameResultsAsTheArray()
    {
        using var host = Host(contract: true);
        var http = host.CreateClient();
        var array = await http.PostAsync(Url, new StringContent(Array(30), Encoding.UTF8, "application/json"));
        using var full = JsonDocument.Parse(await array.Content.ReadAsStringAsync());

        var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(Lines(30), Encoding.UTF8, "application/x-ndjson") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        using var r = await http.SendAsync(request);
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.Should().Be("application/x-ndjson");
        var lines = (await r.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().HaveCount(1 + 30 + 1);
        using var header = JsonDocument.Parse(lines[0]);
        header.RootElement.GetProperty("detail").GetString().Should().Be("full");
        header.RootElement.GetProperty("ruleSet").GetProperty("scheme").GetString().Should().Be("cn.demo.hospital-basics");
        for (var i = 0; i < 30; i++)
            lines[1 + i].Should().Be(full.RootElement.GetProperty("results")[i].GetRawText(), "each line is the result as the JSON answer writes it");
        using var tail = JsonDocument.Parse(lines[^1]);
        tail.RootElement.GetProperty("counts").GetProperty("scored").GetInt32().Should().Be(30);
    }

    [Theory]
    [InlineData("summary")]
    [InlineData("indicators")]
    public async Task DetailQuery_RuleSetConstantsOnceInTheCatalogue_TotalsAndGradesAsTheFullAnswer(string detail)
    {
        using var host = Host(contract: true);
        var http = host.CreateClient();
        var body = Array(40);
        using var full = JsonDocument.Parse(await (await http.PostAsync(Url, new StringContent(body, Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync());
        using var r = await http.PostAsync($"{Url}?detail={detail}", new StringContent(body, Encoding.UTF8, "application/json"));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await r.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;

        root.GetProperty("detail").GetString().Should().Be(detail);
        var catalogue = root.GetProperty("catalogue").GetProperty("indicators");
        catalogue.GetArrayLength().Should().Be(full.RootElement.GetProperty("results")[0].GetProperty("indicators").GetArrayLength());
        (text.Split("\"definedIn\"").Length - 1).Should().Be(catalogue.GetArrayLength(), "where each rule is defined is written once, in the catalogue");
        (text.Split("\"method\"").Length - 1).Should().Be(catalogue.GetArrayLength(), "so is each indicator's method");
        root.GetProperty("counts").GetProperty("scored").GetInt32().Should().Be(40);
        for (var i = 0; i < 40; i++)
        {
            var a = root.GetProperty("results")[i];
            var b = full.RootElement.GetProperty("results")[i];
            a.GetProperty("total").GetDecimal().Should().Be(b.GetProperty("total").GetDecimal());
            a.GetProperty("grade").GetRawText().Should().Be(b.GetProperty("grade").GetRawText());
            a.GetProperty("cohort").GetRawText().Should().Be(b.GetProperty("cohort").GetRawText());
            a.TryGetProperty("indicators", out var indicators).Should().Be(detail == "indicators");
            if (detail == "indicators")
                for (var k = 0; k < indicators.GetArrayLength(); k++)
                {
                    indicators[k].TryGetProperty("name", out _).Should().BeFalse("the name is in the catalogue");
                    indicators[k].GetProperty("points").GetDecimal().Should().Be(b.GetProperty("indicators")[k].GetProperty("points").GetDecimal());
                    indicators[k].GetProperty("explanation").GetRawText().Should().Be(b.GetProperty("indicators")[k].GetProperty("explanation").GetRawText());
                }
        }
    }

    [Fact]
    public async Task DetailQuery_Unknown_400NamingTheParameter()
    {
        using var host = Host(contract: true);
        using var r = await host.CreateClient().PostAsync($"{Url}?detail=everything", new StringContent(Array(2), Encoding.UTF8, "application/json"));
        r.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("detail");
    }

    [Fact]
    public async Task CsvAndWorkbookBodies_SameTotalsAndGradesAsTheJsonArray()
    {
        using var host = Host(contract: true);
        var http = host.CreateClient();
        var ruleSet = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.demo.hospital-basics@1.0.0")!;
        var subs = Enumerable.Range(0, 25).Select(i => Submission.ParseJson(Line(i)).Submission!).ToList();
        var columns = AssessmentScorer.Reports.TemplateWorkbook.Columns(ruleSet);
        var rows = subs.Select(s => (IReadOnlyList<AssessmentScorer.Reports.XCell>)columns.Select(c => AssessmentScorer.Reports.TemplateWorkbook.Cell(s, c.Id)).ToArray()).ToList();
        var csv = AssessmentScorer.Reports.Tables.Csv(columns.Select(c => c.Header).ToList(), rows);
        using var ms = new MemoryStream();
        AssessmentScorer.Reports.Xlsx.Write(ms, new[] { new AssessmentScorer.Reports.XSheet("填报 Data", columns.Select(c => c.Header).ToList(), rows) });

        using var json = JsonDocument.Parse(await (await http.PostAsync(Url, new StringContent(Array(25), Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync());
        var csvAnswer = await http.PostAsync(Url, new StringContent(csv, Encoding.UTF8, "text/csv"));
        csvAnswer.StatusCode.Should().Be(HttpStatusCode.OK, await csvAnswer.Content.ReadAsStringAsync());
        using var fromCsv = JsonDocument.Parse(await csvAnswer.Content.ReadAsStringAsync());
        var xlsx = new ByteArrayContent(ms.ToArray());
        xlsx.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var xlsxAnswer = await http.PostAsync(Url, xlsx);
        xlsxAnswer.StatusCode.Should().Be(HttpStatusCode.OK, await xlsxAnswer.Content.ReadAsStringAsync());
        using var fromXlsx = JsonDocument.Parse(await xlsxAnswer.Content.ReadAsStringAsync());

        foreach (var other in new[] { fromCsv, fromXlsx })
            for (var i = 0; i < 25; i++)
            {
                var a = json.RootElement.GetProperty("results")[i];
                var b = other.RootElement.GetProperty("results")[i];
                b.GetProperty("subject").GetProperty("id").GetString().Should().Be(a.GetProperty("subject").GetProperty("id").GetString());
                b.GetProperty("total").GetDecimal().Should().Be(a.GetProperty("total").GetDecimal());
                b.GetProperty("grade").GetRawText().Should().Be(a.GetProperty("grade").GetRawText());
            }
    }
}
