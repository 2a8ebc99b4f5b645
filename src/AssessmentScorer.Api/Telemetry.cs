using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AssessmentScorer.Api;

/// <summary>
/// Traces and metrics (OpenTelemetry): ASP.NET Core's request spans and HTTP metrics, and the API's own counts and
/// durations of scoring by scheme and version. Exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT (or
/// AssessmentScorer:Telemetry:OtlpEndpoint) is set; otherwise collected and not sent anywhere.
/// </summary>
public static class Telemetry
{
    /// <summary>The name of the API's meter and activity source.</summary>
    public const string Name = "AssessmentScorer.Api";

    private static readonly Meter Meter = new(Name);
    private static readonly ActivitySource Source = new(Name);

    /// <summary>Submissions scored, by scheme, version and endpoint (score, batch).</summary>
    public static readonly Counter<long> Scored = Meter.CreateCounter<long>("assessment_scorer.submissions.scored", "{submission}",
        "Submissions scored, by scheme, version and endpoint");

    /// <summary>How long scoring took (the engine only, not reading or writing), by scheme, version and endpoint.</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("assessment_scorer.scoring.duration", "s",
        "Time spent scoring a request's submissions, by scheme, version and endpoint");

    /// <summary>Times <paramref name="score"/> and records it against the rule set, in a span of its own.</summary>
    public static T Measure<T>(CompiledRuleSet ruleSet, string endpoint, int submissions, Func<T> score)
    {
        using var activity = Source.StartActivity($"score {ruleSet.Scheme}");
        activity?.SetTag("assessment_scorer.scheme", ruleSet.Scheme);
        activity?.SetTag("assessment_scorer.version", ruleSet.Version.ToString());
        activity?.SetTag("assessment_scorer.submissions", submissions);
        var started = Stopwatch.GetTimestamp();
        var result = score();
        var tags = new TagList { { "scheme", ruleSet.Scheme }, { "version", ruleSet.Version.ToString() }, { "endpoint", endpoint } };
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        Scored.Add(submissions, tags);
        return result;
    }

    internal static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var endpoint = builder.Configuration["AssessmentScorer:Telemetry:OtlpEndpoint"] is { Length: > 0 } configured ? configured
            : Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("assessment-scorer-api"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource(Name))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddMeter(Name));
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            var uri = new Uri(endpoint);
            otel.WithTracing(t => t.AddOtlpExporter(o => o.Endpoint = uri)).WithMetrics(m => m.AddOtlpExporter(o => o.Endpoint = uri));
        }
    }
}
