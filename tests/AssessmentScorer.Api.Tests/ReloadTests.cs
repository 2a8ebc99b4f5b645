using AssessmentScorer.Api.Tests.Contract;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentScorer.Api.Tests;

/// <summary>A rule-set directory of its own, copied from rulesets/, that a test may break and reload.</summary>
public sealed class TempRuleSets : IDisposable
{
    public TempRuleSets()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "as-api-" + Guid.NewGuid().ToString("N"));
        foreach (var rel in new[] { "demo/hospital-basics/1.0.0.yaml", "cn/national/tertiary-performance/1.0.0.yaml", "cn/national/tertiary-performance/1.1.0.yaml" })
            Write(rel, Repo.Read("rulesets/" + rel));
    }

    public string Path { get; }
    public const string Demo = "demo/hospital-basics/1.0.0.yaml";
    public const string Tertiary = "cn/national/tertiary-performance/1.0.0.yaml";

    public void Write(string rel, string text)
    {
        var full = System.IO.Path.Combine(Path, rel);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        // Write then rename, as a deployment would; a reader never sees half a file.
        File.WriteAllText(full + ".tmp", text);
        File.Move(full + ".tmp", full, overwrite: true);
    }

    public void Delete(string rel) => File.Delete(System.IO.Path.Combine(Path, rel));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Reloading the rule sets while requests are served: never a half-loaded set, and a broken file never replaces a good version.</summary>
public class ReloadTests
{
    private static readonly string Example = Repo.Read("examples/demo/tertiary-hospital.json");
    private static readonly string TertiaryExample = Repo.Read("examples/national/tertiary-hospital.json");

    [Fact]
    public void Load_FileBrokenOnReload_GoodVersionStillServedAndDiagnosticsSayWhy()
    {
        using var dir = new TempRuleSets();
        var store = new RuleSetStore(dir.Path);
        store.Load().Should().NotContain(d => d.Severity == Severity.Error);
        var good = store.Registry.Resolve("cn.demo.hospital-basics@1.0.0")!;
        var goodJson = good.Score(Submission.ParseJson(Example).Submission!).ToJson();

        foreach (var (why, broken, code) in new[]
                 {
                     ("YAML syntax", "scheme: [\n", "AS1001"),
                     ("unknown field", Repo.Read("rulesets/" + TempRuleSets.Demo).Replace("registered_nurses / physicians", "registered_nurses / doctors", StringComparison.Ordinal), "AS3002"),
                     ("empty", "", "AS1007"),
                     ("truncated", Repo.Read("rulesets/" + TempRuleSets.Demo)[..1500], "AS"),
                 })
        {
            dir.Write(TempRuleSets.Demo, broken);
            var diags = store.Load();

            var served = store.Registry.Resolve("cn.demo.hospital-basics@1.0.0");
            served.Should().NotBeNull(why);
            served!.Digest.Should().Be(good.Digest, why);
            served.Score(Submission.ParseJson(Example).Submission!).ToJson().Should().Be(goodJson, why);
            diags.Should().Contain(d => d.Severity == Severity.Error && d.Code.StartsWith(code, StringComparison.Ordinal) && d.Location.File.EndsWith(TempRuleSets.Demo, StringComparison.Ordinal), why);
            store.Diagnostics.Should().Equal(diags);
        }

        // Fixed again: loads clean, still the same version.
        dir.Write(TempRuleSets.Demo, Repo.Read("rulesets/" + TempRuleSets.Demo));
        store.Load().Should().NotContain(d => d.Severity == Severity.Error);
        store.Registry.Resolve("cn.demo.hospital-basics@1.0.0")!.Digest.Should().Be(good.Digest);
    }

    [Fact]
    public void Load_ParentBrokenOnReload_ChildKeepsItsGoodVersionToo()
    {
        using var dir = new TempRuleSets();
        var store = new RuleSetStore(dir.Path);
        store.Load();
        var child = store.Registry.Resolve("cn.national.tertiary-performance@1.1.0")!.Digest;

        dir.Write(TempRuleSets.Tertiary, "scheme: cn.national.tertiary-performance\nversion: 1.0.0\nindicators: [\n");
        var diags = store.Load();

        store.Registry.Resolve("cn.national.tertiary-performance@1.1.0")!.Digest.Should().Be(child);
        store.Registry.Resolve("cn.national.tertiary-performance@1.0.0").Should().NotBeNull();
        diags.Should().Contain(d => d.Code == "AS1001");
    }

    [Fact]
    public async Task Reload_While2000RequestsAreServed_EveryAnswerIsFromAWholeRegistry()
    {
        using var dir = new TempRuleSets();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.CheckContract().UseSetting("AssessmentScorer:RuleSetsPath", dir.Path)
            .UseSetting("AssessmentScorer:Operations:PermitsPerWindow", "0"));   // 2,000 requests from one client
        var http = factory.CreateClient();
        var store = factory.Services.GetRequiredService<RuleSetStore>();
        var expectedDemo = await (await http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score", new StringContent(Example, Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync();
        var expectedTertiary = await (await http.PostAsync("/rulesets/cn.national.tertiary-performance/1.1.0/score", new StringContent(TertiaryExample, Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync();
        expectedDemo.Should().Contain("\"total\":90");
        var baseCount = store.Registry.All.Count;
        var failures = new ConcurrentBag<string>();
        var counts = new ConcurrentDictionary<int, int>();
        using var stop = new CancellationTokenSource();
        var reloads = 0;
        // Readers go on until the reloader has reloaded at least ten times, so the reloads overlap the requests
        // however the machine schedules the two (on a loaded machine the readers could otherwise finish first).
        const int MinReloads = 10;

        var reloader = Task.Run(() =>
        {
            var demo = Repo.Read("rulesets/" + TempRuleSets.Demo);
            var tertiary = Repo.Read("rulesets/" + TempRuleSets.Tertiary);
            for (var i = 0; !stop.IsCancellationRequested || i < MinReloads; i++)
            {
                // Add and remove a new version, and break and fix files, while requests run.
                if (i % 2 == 0) dir.Write("demo/hospital-basics/1.1.0.yaml", demo.Replace("version: 1.0.0", "version: 1.1.0", StringComparison.Ordinal));
                else dir.Delete("demo/hospital-basics/1.1.0.yaml");
                dir.Write(TempRuleSets.Tertiary, i % 3 == 0 ? tertiary[..(tertiary.Length / 2)] : tertiary);
                dir.Write(TempRuleSets.Demo, i % 4 == 1 ? "scheme: [" : demo);
                store.Load();
                Interlocked.Increment(ref reloads);
            }
            dir.Write(TempRuleSets.Tertiary, tertiary);
            dir.Write(TempRuleSets.Demo, demo);
            store.Load();
        });
        var readers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var n = 0;
            while (n < 250 || Volatile.Read(ref reloads) < MinReloads)
            {
                var registry = store.Registry;
                counts.AddOrUpdate(registry.All.Count, 1, (_, c) => c + 1);
                if (registry.Resolve("cn.demo.hospital-basics@1.0.0") is null || registry.Resolve("cn.national.tertiary-performance@1.1.0") is null)
                    failures.Add($"a registry of {registry.All.Count} lacked a good version");
                var (path, body, expected) = (w + n) % 2 == 0
                    ? ("/rulesets/cn.demo.hospital-basics/1.0.0/score", Example, expectedDemo)
                    : ("/rulesets/cn.national.tertiary-performance/1.1.0/score", TertiaryExample, expectedTertiary);
                var r = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
                var text = await r.Content.ReadAsStringAsync();
                if (r.StatusCode != HttpStatusCode.OK) failures.Add($"{path}: {(int)r.StatusCode} {text[..Math.Min(200, text.Length)]}");
                else if (text != expected) failures.Add($"{path}: a different result during reload");
                n++;
            }
            return n;
        })).ToArray();

        var served = (await Task.WhenAll(readers)).Sum();
        stop.Cancel();
        await reloader;

        failures.Should().BeEmpty();
        served.Should().BeGreaterThanOrEqualTo(2000);
        reloads.Should().BeGreaterThanOrEqualTo(MinReloads);
        counts.Keys.Should().OnlyContain(c => c == baseCount || c == baseCount + 1, "a registry is the old one or the new one, never part of one");
        store.Registry.All.Count.Should().BeOneOf(baseCount, baseCount + 1);
        (await http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
