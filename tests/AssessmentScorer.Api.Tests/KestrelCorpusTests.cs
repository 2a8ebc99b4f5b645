using AssessmentScorer.Api.Tests.Contract;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit.Abstractions;

namespace AssessmentScorer.Api.Tests;

/// <summary>The API on a real Kestrel listening on 127.0.0.1 only, with the limits of <see cref="ApiFactory"/>.</summary>
public sealed class KestrelApiFactory : WebApplicationFactory<Program>
{
    public KestrelApiFactory() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.CheckContract();
        builder.UseSetting("AssessmentScorer:RuleSetsPath", Repo.RuleSets);
        builder.UseSetting("AssessmentScorer:Operations:PermitsPerWindow", "0");   // the corpus is many requests from one client; OperationsTests limits
        builder.UseSetting("AssessmentScorer:Limits:MaxBodyBytes", "200000");
        builder.UseSetting("AssessmentScorer:Limits:MaxBatchBodyBytes", "200000");
        builder.UseSetting("AssessmentScorer:Limits:MaxBatchSize", "50");
        builder.UseSetting("AssessmentScorer:Limits:MaxDraftBytes", "20000");
    }
}

/// <summary>
/// The bad-request corpus over real sockets, plus what only a real server meets: raw malformed HTTP, a NUL in the
/// path, bodies shorter than their Content-Length, oversized chunked bodies. Kestrel answers protocol errors itself
/// (400/413 without a body, before the application runs); the application's answers are problem details.
/// </summary>
public class KestrelCorpusTests(KestrelApiFactory factory, ITestOutputHelper output) : IClassFixture<KestrelApiFactory>
{
    private static readonly string Example = Repo.Read("examples/demo/tertiary-hospital.json");

    private HttpClient Client()
    {
        factory.StartServer();
        var http = factory.CreateClient();
        http.BaseAddress!.Host.Should().Be("127.0.0.1");
        return http;
    }

    /// <summary>Keep-alive connections the server closed after a bad request can race a new request: one retry, counted.</summary>
    private readonly List<string> _retried = new();

    private async Task GoodAsync(HttpClient http, List<string> failures, string after)
    {
        HttpResponseMessage r;
        try { r = await http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score", new StringContent(Example, Encoding.UTF8, "application/json")); }
        catch (HttpRequestException)
        {
            lock (_retried) _retried.Add(after);
            r = await http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score", new StringContent(Example, Encoding.UTF8, "application/json"));
        }
        if (r.StatusCode != HttpStatusCode.OK) failures.Add($"good request after {after}: {(int)r.StatusCode}");
    }

    [Fact]
    public async Task Corpus_OverRealSockets_Every4xxProblemWithCode_No5xx_GoodRequestsKeepWorking()
    {
        var http = Client();
        var failures = new List<string>();
        var corpus = BadRequestCorpusTests.Corpus();
        var resets = new List<string>();
        foreach (var bad in corpus)
        {
            HttpResponseMessage r;
            try { r = await http.SendAsync(bad.Build()); }
            catch (HttpRequestException ex) when (bad.Status == 413)
            {
                // The server answers 413 before reading an oversized body and closes the connection; the client may
                // see the reset before the answer. Either way nothing was accepted and the server goes on serving.
                resets.Add($"{bad.Name} ({ex.InnerException?.GetType().Name})");
                await GoodAsync(http, failures, bad.Name);
                continue;
            }
            using (r)
                if (await BadRequestCorpusTests.Judge(bad, r) is { } why) failures.Add($"{bad}: {why}");
            await GoodAsync(http, failures, bad.Name);
        }
        output.WriteLine($"{corpus.Count} bad requests over 127.0.0.1, {failures.Count} failures; connection closed before the 413 was read: {string.Join(", ", resets)}; good requests retried once on a closed keep-alive connection after: {string.Join(", ", _retried)}");
        failures.Should().BeEmpty();
    }

    /// <summary>Sends raw bytes; the answer, or "" when Kestrel closes or resets the connection without one.</summary>
    private async Task<string> RawAsync(string request)
    {
        var port = Client().BaseAddress!.Port;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        using var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            tcp.Client.Shutdown(SocketShutdown.Send);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            // A hang guard, not a time budget: Kestrel answers or closes within milliseconds; only a connection it never
            // answers nor closes reaches it.
            return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static IEnumerable<object[]> RawRequests()
    {
        const string host = "Host: 127.0.0.1\r\n";
        yield return new object[] { "NUL in path", $"GET /rulesets/%00/1.0.0 HTTP/1.1\r\n{host}Connection: close\r\n\r\n" };
        yield return new object[] { "garbage request line", "HELLO WORLD\r\n\r\n" };
        yield return new object[] { "no host", "GET /rulesets HTTP/1.1\r\nConnection: close\r\n\r\n" };
        yield return new object[] { "bad version", $"GET /rulesets HTTP/9.9\r\n{host}\r\n" };
        yield return new object[] { "huge header", $"GET /rulesets HTTP/1.1\r\n{host}X-Big: {new string('a', 100_000)}\r\nConnection: close\r\n\r\n" };
        yield return new object[] { "short body", $"POST /rulesets/cn.demo.hospital-basics/1.0.0/score HTTP/1.1\r\n{host}Content-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{{\"year\":" };
        yield return new object[] { "bad chunk", $"POST /rulesets/cn.demo.hospital-basics/1.0.0/score HTTP/1.1\r\n{host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n" };
        yield return new object[] { "oversized chunked", $"POST /rulesets/cn.demo.hospital-basics/1.0.0/score HTTP/1.1\r\n{host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
                                    string.Concat(Enumerable.Repeat($"{40_000:x}\r\n{new string(' ', 40_000)}\r\n", 8)) + "0\r\n\r\n" };
        yield return new object[] { "length and chunked", $"POST /rulesets/validate HTTP/1.1\r\n{host}Content-Type: application/yaml\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n" };
    }

    [Theory]
    [MemberData(nameof(RawRequests))]
    public async Task RawMalformedHttp_4xxNever5xx_ServerKeepsServing(string name, string request)
    {
        var response = await RawAsync(request);

        output.WriteLine($"{name}: {response.Split('\n')[0]}");
        if (response.Length > 0)
        {
            var status = int.Parse(response.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            // HTTP/9.9 is answered 505 by Kestrel itself (RFC 9110 15.6.6), before the application runs.
            if (name == "bad version") status.Should().Be(505);
            else status.Should().BeInRange(400, 499, name);
            if (response.Contains("Content-Type", StringComparison.OrdinalIgnoreCase))
                response.Should().Contain("application/problem+json", name);
            response.Should().NotContain("Exception").And.NotContain(Repo.Root).And.NotContain("/work/");
        }
        var failures = new List<string>();
        await GoodAsync(Client(), failures, name);
        failures.Should().BeEmpty();
    }
}
