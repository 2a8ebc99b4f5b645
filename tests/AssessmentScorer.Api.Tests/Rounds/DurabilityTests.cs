using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace AssessmentScorer.Api.Tests.Rounds;

/// <summary>An acknowledged submission is durable: the API process killed with SIGKILL right after a 2xx loses nothing.</summary>
public class DurabilityTests
{
    private sealed class ApiProcess : IAsyncDisposable
    {
        private readonly Process _process;
        public HttpClient Http { get; }

        private ApiProcess(Process process, HttpClient http) { _process = process; Http = http; }

        public static async Task<ApiProcess> StartAsync(string store)
        {
            var port = FreePort();
            var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AssessmentScorer.Api.dll"), "--urls", $"http://127.0.0.1:{port}"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(store)!,
            };
            psi.Environment["AssessmentScorer__RuleSetsPath"] = Repo.RuleSets;
            psi.Environment["AssessmentScorer__Store__Path"] = store;
            psi.Environment["AssessmentScorer__Store__AdminKey"] = RoundsFactory.AdminKey;
            psi.Environment["AssessmentScorer__Operations__PermitsPerWindow"] = "0";
            var process = Process.Start(psi)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Add("X-Api-Key", RoundsFactory.AdminKey);
            // A hang guard, not a timing: polls until the host answers, failing only if it never does.
            var guard = Stopwatch.StartNew();
            while (true)
            {
                try { if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) break; }
                catch (HttpRequestException) { }
                if (process.HasExited) throw new InvalidOperationException("the API exited at start");
                if (guard.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("the API did not start");
                await Task.Delay(100);
            }
            return new ApiProcess(process, http);
        }

        /// <summary>SIGKILL: no shutdown, no flush, nothing the process could do on its way out.</summary>
        public async Task KillAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) await KillAsync();
            Http.Dispose();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }
    }

    [Fact]
    public async Task ASubmissionAnswered2xx_SurvivesSigkill_AndIsThereAfterRestart()
    {
        var folder = Directory.CreateTempSubdirectory("as-durable-").FullName;
        try
        {
            var store = Path.Combine(folder, "store.db");
            long round;
            var digests = new List<string>();
            await using (var api = await ApiProcess.StartAsync(store))
            {
                var made = await api.Http.PostAsJsonAsync("/rounds", new { scheme = "cn.sichuan.leshan.shizhong.high-quality", year = 2025, name = "乐山 2025" });
                made.StatusCode.Should().Be(HttpStatusCode.Created);
                round = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                var sub = RoundWorkflowTests.Cohort()[0]!;
                for (var i = 0; i < 3; i++)
                {
                    sub["values"]!["day_surgeries"] = 3000 + i;
                    var res = await api.Http.PostAsync($"/rounds/{round}/submissions", RoundWorkflowTests.Json(sub.DeepClone()));
                    res.StatusCode.Should().Be(HttpStatusCode.OK);
                    digests.Add((await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted")[0].GetProperty("contentDigest").GetString()!);
                }
                await api.KillAsync(); // right after the last 2xx
            }
            await using (var again = await ApiProcess.StartAsync(store))
            {
                var revisions = await again.Http.GetFromJsonAsync<JsonElement>($"/rounds/{round}/submissions/SC-LS-SZ-001/revisions");
                revisions.EnumerateArray().Select(r => r.GetProperty("contentDigest").GetString()).Should().Equal(digests);
                var current = await again.Http.GetFromJsonAsync<JsonElement>($"/rounds/{round}/submissions/SC-LS-SZ-001");
                current.GetProperty("submission").GetProperty("values").GetProperty("day_surgeries").GetDecimal().Should().Be(3002);
                (await again.Http.GetFromJsonAsync<JsonElement>($"/audit?round={round}")).GetArrayLength().Should().Be(4);
            }
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
