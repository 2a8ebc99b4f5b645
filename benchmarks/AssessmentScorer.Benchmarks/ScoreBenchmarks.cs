using BenchmarkDotNet.Attributes;

namespace AssessmentScorer.Benchmarks;

/// <summary>One full assessment: the complete AssessmentResult of one generated submission (JSON writing measured apart).</summary>
[MemoryDiagnoser]
public class ScoreBenchmarks
{
    private CompiledRuleSet _national = null!;
    private CompiledRuleSet _demo = null!;
    private Submission[] _nationalSubs = null!;
    private Submission[] _demoSubs = null!;
    private Submission _nationalExample = null!;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var root = Repo.Root;
        var load = RuleSetRegistry.LoadDirectory(Path.Combine(root, "rulesets"));
        _national = load.Registry.Resolve("cn.national.tertiary-performance@1.1.0")!;
        _demo = load.Registry.Resolve("cn.demo.hospital-basics@1.0.0")!;
        // 64 different subjects, cycled, so the figure is not one lucky submission.
        _nationalSubs = Generator.For(_national, Path.Combine(root, "examples/national/tertiary-hospital.json")).MakeMany(seed: 4, count: 64);
        _demoSubs = Generator.For(_demo, Path.Combine(root, "examples/demo/tertiary-hospital.json")).MakeMany(seed: 4, count: 64);
        _nationalExample = Submission.ParseJson(File.ReadAllText(Path.Combine(root, "examples/national/tertiary-hospital.json"))).Submission!;
    }

    /// <summary>The goal's figure: cn.national.tertiary-performance@1.1.0, all 56 indicators, complete result.</summary>
    [Benchmark(Baseline = true)]
    public AssessmentResult NationalTertiary_Score() => _national.Score(_nationalSubs[_i++ & 63]);

    /// <summary>The bundled national example submission (no missing values).</summary>
    [Benchmark]
    public AssessmentResult NationalTertiary_ScoreExample() => _national.Score(_nationalExample);

    /// <summary>Score, then read every explanation (what a client that shows all the text pays).</summary>
    [Benchmark]
    public int NationalTertiary_ScoreAndReadExplanations()
    {
        var r = _national.Score(_nationalSubs[_i++ & 63]);
        var n = 0;
        foreach (var i in r.Indicators) n += i.Explanation.Zh.Length + (i.DisplayValue?.Length ?? 0);
        return n;
    }

    /// <summary>Score and write the compact JSON the API returns.</summary>
    [Benchmark]
    public string NationalTertiary_ScoreAndToJson() => _national.Score(_nationalSubs[_i++ & 63]).ToJson(indented: false);

    /// <summary>The demonstration rule set (8 indicators, targets, vetoes, a checklist task).</summary>
    [Benchmark]
    public AssessmentResult Demo_Score() => _demo.Score(_demoSubs[_i++ & 63]);
}

/// <summary>Reading one national submission from its JSON text (the library's Submission.ParseJson; the goal is ≤ 10 µs).</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private string[] _texts = null!;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var root = Repo.Root;
        var national = RuleSetRegistry.LoadDirectory(Path.Combine(root, "rulesets")).Registry.Resolve("cn.national.tertiary-performance@1.1.0")!;
        // 64 different generated submissions as the e2e cohort writes them (indented, with last year's values).
        _texts = Generator.For(national, Path.Combine(root, "examples/national/tertiary-hospital.json")).MakeMany(seed: 4, count: 64).Select(Csv.ToJson).ToArray();
    }

    [Benchmark]
    public Submission? NationalSubmission_ParseJson() => Submission.ParseJson(_texts[_i++ & 63]).Submission;
}
