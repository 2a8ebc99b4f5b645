using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AssessmentScorer.Api.Tests.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentScorer.Api.Tests;

/// <summary>
/// Shutdown on a real Kestrel: once the host is told to stop it takes no new connections, and a request already
/// being served still gets its whole answer.
/// </summary>
public class GracefulShutdownTests
{
    private sealed class Factory(TaskCompletionSource entered) : WebApplicationFactory<Program>
    {
        public Factory() : this(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)) { }

        public TaskCompletionSource Entered { get; } = entered;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.CheckContract();
            builder.UseSetting("AssessmentScorer:RuleSetsPath", Repo.RuleSets);
            builder.UseSetting("AssessmentScorer:Operations:ShutdownTimeoutSeconds", "60");
            // Says when the request has reached the application (test instrumentation, not an endpoint).
            builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new Signal(Entered)));
        }
    }

    private sealed class Signal(TaskCompletionSource entered) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Method == "POST") entered.TrySetResult();
                await nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>Sends the first part of the body, then the rest only when released.</summary>
    private sealed class GatedContent(string body, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await stream.FlushAsync();
            await release.WaitAsync(TimeSpan.FromSeconds(60));
            await stream.WriteAsync(bytes.AsMemory(bytes.Length / 2));
        }

        protected override bool TryComputeLength(out long length) { length = Encoding.UTF8.GetByteCount(body); return true; }
    }

    [Fact]
    public async Task Stop_WhileARequestIsInFlight_NewConnectionsRefused_TheRequestStillAnswered()
    {
        var factory = new Factory();
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var content = new GatedContent(Repo.Read("examples/demo/tertiary-hospital.json"), release.Task);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var pending = http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score", content);
        await factory.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var stopping = factory.DisposeAsync().AsTask();

        var refused = false;
        for (var i = 0; i < 600 && !refused; i++)
        {
            using var probe = new TcpClient();
            try { await probe.ConnectAsync(address.Host, address.Port); await Task.Delay(50); }
            catch (SocketException) { refused = true; }
        }
        refused.Should().BeTrue("a stopping server takes no new connections");
        stopping.IsCompleted.Should().BeFalse("the server waits for the request in flight");

        release.SetResult();
        using var r = await pending.WaitAsync(TimeSpan.FromSeconds(60));
        r.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetDecimal().Should().Be(90);
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
