using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentScorer.Api.Tests.Contract;

/// <summary>A response that breaks the OpenAPI document; thrown in the test host so the request, and the test, fail.</summary>
public sealed class ContractViolationException(string message) : Exception(message);

/// <summary>
/// Put in front of the API in every test host: each response of every test is buffered and checked against the
/// committed OpenAPI document before it leaves; a violation replaces it with an exception the client sees.
/// </summary>
public sealed class ContractCheckingStartupFilter : IStartupFilter
{
    /// <summary>Every violation seen, for the message of a test that only looks at a status.</summary>
    public static ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>How many responses were checked, by operation and status ("GET /rulesets 200").</summary>
    public static ConcurrentDictionary<string, int> Checked { get; } = new(StringComparer.Ordinal);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (!OpenApiContract.Covers(context.Request.Path.Value ?? "/")) { await nextMiddleware(context); return; }
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await nextMiddleware(context);
                // What was written through the pipe and not yet flushed (a response written after the request's token was cancelled).
                await context.Response.BodyWriter.FlushAsync(CancellationToken.None);
            }
            finally { context.Response.Body = original; }
            var body = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            var failures = OpenApiContract.Committed.Check(context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode,
                context.Response.ContentType, body);
            Checked.AddOrUpdate($"{context.Request.Method} {context.Request.Path} {context.Response.StatusCode}", 1, (_, n) => n + 1);
            if (failures.Count > 0)
            {
                var message = "The response breaks the OpenAPI document:\n" + string.Join("\n", failures) + "\nbody: " + (body.Length > 2000 ? body[..2000] + "…" : body);
                Violations.Enqueue(message);
                throw new ContractViolationException(message);
            }
            buffer.Position = 0;
            if (buffer.Length > 0) await buffer.CopyToAsync(original, context.RequestAborted);
        });
        next(app);
    };
}

public static class ContractChecking
{
    /// <summary>Checks every response of this host against the document.</summary>
    public static IWebHostBuilder CheckContract(this IWebHostBuilder builder) =>
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ContractCheckingStartupFilter>());
}
