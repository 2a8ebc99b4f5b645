using AssessmentScorer.Fuzzing;
using Xunit.Abstractions;

namespace AssessmentScorer.Tests.Reliability;

/// <summary>
/// A fixed slice of tools/AssessmentScorer.Fuzz (the full run is documented in docs/reliability.md): every
/// input ends in a result or diagnostics within its budget, and every input the corpus holds still does.
/// </summary>
public class FuzzSliceTests(ITestOutputHelper output)
{
    private static readonly Lazy<FuzzContext> Context = new(() => FuzzContext.Load(Repo.RuleSets));

    [Fact]
    public void Campaign_20000InputsSeed1_NoFailureNoHangNoRunawayMemory()
    {
        var corpus = Path.Combine(Path.GetTempPath(), "as-fuzz-" + Guid.NewGuid().ToString("N"));
        var hung = new List<long>();
        var campaign = new Campaign(Context.Value, new FuzzOptions(20_000, Seed: 1, Budget: TimeSpan.FromSeconds(5), HardTimeout: TimeSpan.FromSeconds(60),
            MaxInputAllocatedBytes: 512L * 1024 * 1024, Corpus: corpus)) { OnHang = (i, _) => { lock (hung) hung.Add(i); } };

        var report = campaign.Run();

        output.WriteLine(report.ToString());
        output.WriteLine($"failing inputs (if any) were saved to {corpus}");
        hung.Should().BeEmpty();
        report.FailureDetails.Should().BeEmpty();
        report.Failures.Should().Be(0);
        report.Inputs.Should().Be(20_000);
        (report.Results + report.Diagnosed).Should().Be(20_000);
        report.ByKind.Keys.Should().Contain(new[] { "expression", "yaml-generated", "yaml-mutated", "hostile", "tests-mutated", "submission", "csv" });
        report.Results.Should().BeGreaterThan(1_000, "a useful share of inputs must get as far as scoring");
    }

    [Fact]
    public void Corpus_EverySavedInput_NowEndsInResultOrDiagnostics()
    {
        var corpus = Path.Combine(Repo.Root, "tools", "AssessmentScorer.Fuzz", "corpus");
        Directory.EnumerateFiles(corpus, "*.txt").Should().NotBeEmpty();

        var failures = Campaign.Replay(Context.Value, corpus, TimeSpan.FromSeconds(5));

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Generator_SameSeedAndIndex_SameInput()
    {
        var g = new Generator(Context.Value);

        for (var i = 0; i < 200; i++) g.Make(7, i).Should().Be(g.Make(7, i));
    }

    [Fact]
    public void Generator_Seed1_SameInputsInEveryProcess()
    {
        // "--seed 1 --start i --count 1" must reproduce input i anywhere. Update the digest when the generator or
        // the bundled rule sets change on purpose.
        var g = new Generator(Context.Value);
        var text = string.Join("\n", Enumerable.Range(0, 50).Select(i => g.Make(1, i)).Select(x => $"{x.Kind} {x.Target}\n{x.Text}"));

        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))).Should().Be(Seed1Digest);
    }

    private const string Seed1Digest = "47FD9A0546943F65C79183E69828372D4C51D5C47842E46205C543D0F9743B29";
}
