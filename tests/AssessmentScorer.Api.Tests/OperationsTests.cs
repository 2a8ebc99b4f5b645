using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using AssessmentScorer.Api.Tests.Contract;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AssessmentScorer.Api.Tests;

/// <summary>
/// Per-client rate limiting answered with a 429 problem, health probes exempt; every problem names its request;
/// scoring counted and timed by scheme; JSON logs in Production.
/// </summary>
public class OperationsTests
{
    private static WebApplicationFactory<Program> Factory(int permits, int timeoutSeconds = 100) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.CheckContract();
        b.UseSetting("AssessmentScorer:Operations:RequestTimeoutSeconds", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.UseSetting("AssessmentScorer:Operations:ShutdownTimeoutSeconds", "12");
        b.UseSetting("AssessmentScorer:RuleSetsPath", Repo.RuleSets);
        b.UseSetting("AssessmentScorer:Operations:PermitsPerWindow", permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.UseSetting("AssessmentScorer:Operations:WindowSeconds", "3600");   // one window for the whole test: no refill mid-test
    });

    [Fact]
    public async Task RateLimit_PastThePermits_429ProblemWithRetryAfter_HealthStillAnswers()
    {
        await using var factory = Factory(3);
        var http = factory.CreateClient();

        for (var i = 0; i < 3; i++) (await http.GetAsync("/rulesets")).StatusCode.Should().Be(HttpStatusCode.OK);
        var limited = await http.GetAsync("/rulesets/cn.demo.hospital-basics/1.0.0");

        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        limited.Headers.RetryAfter.Should().NotBeNull();
        var p = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        p.GetProperty("code").GetString().Should().Be("AS5023");
        p.GetProperty("requestId").GetString().Should().NotBeNullOrEmpty();
        (await http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RateLimit_Zero_TurnsItOff()
    {
        await using var factory = Factory(0);
        var http = factory.CreateClient();

        for (var i = 0; i < 20; i++) (await http.GetAsync("/rulesets")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Scoring_IsCountedAndTimedByScheme()
    {
        await using var factory = Factory(0);
        var http = factory.CreateClient();
        var counted = new List<(string Instrument, double Value, string? Scheme, string? Endpoint)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == Telemetry.Name) l.EnableMeasurementEvents(i); };
        void Record<T>(Instrument i, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? scheme = null, endpoint = null;
            foreach (var t in tags) { if (t.Key == "scheme") scheme = t.Value as string; if (t.Key == "endpoint") endpoint = t.Value as string; }
            lock (counted) counted.Add((i.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), scheme, endpoint));
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        var example = Repo.Read("examples/demo/tertiary-hospital.json");

        (await http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score", new StringContent(example, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score/batch", new StringContent($"[{example},{example.Replace("AH-BZ-QC-001", "H2", StringComparison.Ordinal)}]", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        lock (counted)
        {
            counted.Should().Contain(("assessment_scorer.submissions.scored", 1, "cn.demo.hospital-basics", "score"));
            counted.Should().Contain(("assessment_scorer.submissions.scored", 2, "cn.demo.hospital-basics", "batch"));
            // other tests in parallel may score this scheme too: at least these two requests were timed
            counted.Count(c => c.Instrument == "assessment_scorer.scoring.duration" && c.Scheme == "cn.demo.hospital-basics" && c.Value >= 0).Should().BeGreaterThanOrEqualTo(2);
        }
    }

    [Fact]
    public void Production_LogsAreJson()
    {
        using var factory = new ProductionApiFactory();
        factory.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName.Should().Be(ConsoleFormatterNames.Json);
    }

    /// <summary>A body that sends its first bytes and then nothing more, until the request is given up.</summary>
    private sealed class StalledContent : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync("[{"u8.ToArray());
            await stream.FlushAsync();
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        }

        protected override bool TryComputeLength(out long length) { length = 0; return false; }
    }

    [Fact]
    public async Task RequestTimeout_AStalledUpload_Is503Problem()
    {
        await using var factory = Factory(0, timeoutSeconds: 1);
        var http = factory.Server.CreateClient();   // streams the body (the default client buffers it first)
        var content = new StalledContent();
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var r = await http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score/batch", content);

        r.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().Should().Be("AS5024");
    }

    [Fact]
    public void Shutdown_WaitsForRequestsInFlight_AsLongAsConfigured()
    {
        using var factory = Factory(0);
        factory.Services.GetRequiredService<IOptions<Microsoft.Extensions.Hosting.HostOptions>>().Value.ShutdownTimeout.Should().Be(TimeSpan.FromSeconds(12));
    }
}
