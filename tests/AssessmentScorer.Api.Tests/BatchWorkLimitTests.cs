using AssessmentScorer.Api.Tests.Contract;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AssessmentScorer.Api.Tests;

/// <summary>
/// The work of a batch is bounded by the indicator results it would produce, not only by its byte size and count:
/// 20,000 minimal submissions (1.5 MB) against the national tertiary scheme once took 5.5 GB and ended in an
/// OutOfMemoryException (500). Found by the reliability probe of issue 7.
/// </summary>
public class BatchWorkLimitTests
{
    private static readonly string Example = Repo.Read("examples/demo/tertiary-hospital.json");

    private static HttpClient Client(int maxResults) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.CheckContract();
        b.UseSetting("AssessmentScorer:RuleSetsPath", Repo.RuleSets);
        b.UseSetting("AssessmentScorer:Limits:MaxBatchIndicatorResults", maxResults.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }).CreateClient();

    private static string Batch(int n) =>
        "[" + string.Join(",", Enumerable.Range(0, n).Select(i => Example.Replace("AH-BZ-QC-001", $"H{i}", StringComparison.Ordinal))) + "]";

    [Fact]
    public async Task Batch_MoreIndicatorResultsThanTheLimit_413NamingTheLimit()
    {
        var http = Client(100);   // the demonstration rule set has 7 indicators: 14 submissions make 98 results, 15 make 105

        var ok = await http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score/batch", new StringContent(Batch(14), Encoding.UTF8, "application/json"));
        var over = await http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score/batch", new StringContent(Batch(15), Encoding.UTF8, "application/json"));

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        over.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        over.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var p = JsonDocument.Parse(await over.Content.ReadAsStringAsync()).RootElement;
        p.GetProperty("code").GetString().Should().Be("AS5017");
        p.GetProperty("detail").GetString().Should().Contain("105").And.Contain("100");
    }

    [Fact]
    public async Task Compare_MoreIndicatorResultsThanTheLimit_413()
    {
        var http = Client(100);
        var body = $"{{\"from\":\"cn.demo.hospital-basics@1.0.0\",\"to\":\"cn.demo.hospital-basics@1.0.0\",\"submissions\":{Batch(8)}}}";

        var r = await http.PostAsync("/rulesets/compare", new StringContent(body, Encoding.UTF8, "application/json"));

        r.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().Should().Be("AS5017");
    }

    [Fact]
    public void DefaultLimits_AdmitTheWholeCountryInOneBatch_AndStillBoundIt()
    {
        // 13,000 national tertiary hospitals × 56 indicators (rule set 1.1.0) must fit; the bound stays within a few times that.
        var limits = new ApiLimits();
        limits.MaxBatchIndicatorResults.Should().BeInRange(13_000 * 56, 2_000_000);
        limits.MaxBatchSize.Should().BeGreaterThan(13_000);
        limits.MaxBatchBodyBytes.Should().BeGreaterThan(13_000L * 3_500, "a national submission is about 3.4 KB of JSON");
        limits.MaxConcurrentBatches.Should().BeGreaterThan(0);
    }
}
