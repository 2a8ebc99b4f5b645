using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;

namespace AssessmentScorer.Api;

/// <summary>Settings under "AssessmentScorer:Operations" in appsettings.json.</summary>
public sealed class OperationsOptions
{
    /// <summary>Requests one client (by remote address) may make per window; 0 turns the limit off. Health probes are never limited.</summary>
    public int PermitsPerWindow { get; set; } = 1200;
    public int WindowSeconds { get; set; } = 60;
    /// <summary>Longest a request may take before it is answered 503; 0 turns the limit off.</summary>
    public int RequestTimeoutSeconds { get; set; } = 100;
    /// <summary>How long shutdown waits for requests in flight to finish.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;
}

/// <summary>What running the service needs beside the endpoints: per-client rate limits, request timeouts, graceful shutdown, JSON logs.</summary>
internal static class Operations
{
    public static OperationsOptions AddOperations(this WebApplicationBuilder builder)
    {
        var ops = builder.Configuration.GetSection("AssessmentScorer:Operations").Get<OperationsOptions>() ?? new OperationsOptions();

        // Production logs are one JSON object a line, with the request id (the 'requestId' of every problem) in their scope.
        if (builder.Environment.IsProduction())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                ops.PermitsPerWindow <= 0 || context.Request.Path.StartsWithSegments("/health")
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "local", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = ops.PermitsPerWindow,
                        Window = TimeSpan.FromSeconds(Math.Max(1, ops.WindowSeconds)),
                        QueueLimit = 0,
                    }));
            o.OnRejected = async (context, _) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : ops.WindowSeconds;
                context.HttpContext.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                await Problems.Of(429, "AS5023", "Too many requests",
                    $"This client has made more than {ops.PermitsPerWindow.ToString(CultureInfo.InvariantCulture)} requests in {ops.WindowSeconds.ToString(CultureInfo.InvariantCulture)} s; retry after {retry.ToString(CultureInfo.InvariantCulture)} s.")
                    .ExecuteAsync(context.HttpContext);
            };
        });

        builder.Services.AddRequestTimeouts(o =>
        {
            if (ops.RequestTimeoutSeconds <= 0) return;
            o.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = TimeSpan.FromSeconds(ops.RequestTimeoutSeconds),
                TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
                WriteTimeoutResponse = context => Problems.Of(503, "AS5024", "Request timed out",
                    $"The request took longer than {ops.RequestTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s.").ExecuteAsync(context),
            };
        });

        // On SIGTERM the server stops accepting connections and lets requests in flight finish, up to this long.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(1, ops.ShutdownTimeoutSeconds)));
        return ops;
    }

    /// <summary>Declares on every endpoint of a group the answers of the rate limit (429) and the request timeout (503); health probes have neither.</summary>
    public static RouteGroupBuilder Limited(this RouteGroupBuilder group) =>
        group.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ApiProblem), ["application/problem+json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ApiProblem), ["application/problem+json"]));
}
