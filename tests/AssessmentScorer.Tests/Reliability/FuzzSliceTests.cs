using AssessmentScorer.Fuzzing;
using Xunit.Abstractions;

namespace AssessmentScorer.Tests.Reliability;

/// <summary>
/// A small, fixed slice of tools/AssessmentScorer.Fuzz (the full campaign is a documented command in
/// docs/reliability.md): every input ends in a result or diagnostics within its allocation limit, and every input the
/// corpus holds still does. Nothing here has a time budget: the time an input takes depends on the machine's load,
/// so the slice reports times and asserts only what depends on the inputs and the code.
/// </summary>
public class FuzzSliceTests(ITestOutputHelper output)
{
    private static readonly Lazy<FuzzContext> Context = new(() => FuzzContext.Load(Repo.RuleSets));

    /// <summary>Inputs of seed 1 the suite runs: every kind of input, a few seconds on a quiet machine.</summary>
    private const int SliceInputs = 2_000;

    /// <summary>
    /// Bytes one input may allocate: 5 times the most any input allocated in the full campaign of 1,000,000 inputs
    /// (51 MiB). Allocation depends only on the input and the code, so this bound cannot flake.
    /// </summary>
    private const long MaxInputAllocatedBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The hang guard, not a budget: the slowest input of the full campaign took 0.6 s on a quiet machine, and the
    /// slowest of this slice 12.5 s on a machine loaded 16 times over (two cores, load average 33), so only an input
    /// that never ends (an endless loop) reaches 5 minutes. Without the guard such an input would stop the whole suite
    /// instead of failing this test.
    /// </summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    [Fact]
    public void Campaign_2000InputsSeed1_NoFailureNoHangNoRunawayAllocation()
    {
        var corpus = Path.Combine(Path.GetTempPath(), "as-fuzz-" + Guid.NewGuid().ToString("N"));
        var hung = new List<long>();
        var campaign = new Campaign(Context.Value, new FuzzOptions(SliceInputs, Seed: 1, Budget: null, HardTimeout: HangGuard,
            MaxInputAllocatedBytes: MaxInputAllocatedBytes, Corpus: corpus)) { OnHang = (i, _) => { lock (hung) hung.Add(i); } };

        var report = campaign.Run();

        output.WriteLine(report.ToString());
        output.WriteLine($"failing inputs (if any) were saved to {corpus}");
        hung.Should().BeEmpty();
        report.Hung.Should().BeFalse();
        report.FailureDetails.Should().BeEmpty();
        report.Failures.Should().Be(0);
        report.Inputs.Should().Be(SliceInputs);
        (report.Results + report.Diagnosed).Should().Be(SliceInputs);
        report.MaxInputAllocatedBytes.Should().BeLessThan(MaxInputAllocatedBytes);
        report.ByKind.Keys.Should().Contain(new[] { "expression", "yaml-generated", "yaml-mutated", "hostile", "tests-mutated", "submission", "csv" });
        report.Results.Should().BeGreaterThan(SliceInputs / 10, "a useful share of inputs must get as far as scoring");
    }

    [Fact]
    public void Corpus_EverySavedInput_NowEndsInResultOrDiagnostics()
    {
        var corpus = Path.Combine(Repo.Root, "tools", "AssessmentScorer.Fuzz", "corpus");
        Directory.EnumerateFiles(corpus, "*.txt").Should().NotBeEmpty();

        var failures = Campaign.Replay(Context.Value, corpus, budget: null);

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

    private const string Seed1Digest = "7F53E079D1EBA65C97D148C599A474319DF57391E55D3963D20A4475D3ECE78F";
}
