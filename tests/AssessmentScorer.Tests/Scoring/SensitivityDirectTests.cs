using System.Text.Json;
using AssessmentScorer.Scoring;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// A cohort-relative run's direct draws (rank-scored values worked out as flat programs, without the engine's
/// re-scoring) against the engine's draws, draw by draw, and against scoring the noisy cohort in full.
/// </summary>
public class SensitivityDirectTests
{
    private static readonly Lazy<RuleSetRegistry> Registry = new(() => RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry);

    private const string National = "cn.national.tertiary-performance@1.1.0";

    private static CompiledRuleSet Load(string yaml)
    {
        var r = RuleSetLoader.Load(yaml, "direct.yaml");
        r.Success.Should().BeTrue(string.Join("; ", r.Diagnostics));
        return r.RuleSet!;
    }

    // Rank-scored values of every shape the direct draws take: a field, a ratio, a ratio with a product on top, a
    // division by a division, a sum over a field, a negated difference, growth against last year; an exclusion on a
    // subject attribute; grades by percentile within a category.
    private const string Shapes = """
        scheme: cn.t.direct
        version: 1.0.0
        title: { zh: 直接, en: Direct }
        applies_to:
          exclude:
            - when: category == 'tcm'
              reason: { zh: 不考核, en: not assessed }
        fields:
          - { id: a, name: { zh: 甲, en: A }, type: integer, min: 0 }
          - { id: b, name: { zh: 乙, en: B }, type: integer, min: 0 }
          - { id: c, name: { zh: 丙, en: C }, type: number, min: 0 }
          - { id: d, name: { zh: 丁, en: D }, type: number, min: 0, max: 100 }
        indicators:
          - { id: plain, name: { zh: 一, en: One }, value: d, score: { method: percentile, direction: higher }, points: 10 }
          - { id: ratio, name: { zh: 二, en: Two }, value: a / b, score: { method: percentile, direction: higher }, points: 10 }
          - { id: scaled, name: { zh: 三, en: Three }, value: c * 100 / b, score: { method: percentile, direction: lower }, points: 10 }
          - { id: nested, name: { zh: 四, en: Four }, value: c / (a / 10000), score: { method: percentile, direction: lower }, points: 10 }
          - { id: summed, name: { zh: 五, en: Five }, value: (a + b + 2) / c, score: { method: percentile, direction: higher }, points: 10 }
          - { id: negated, name: { zh: 六, en: Six }, value: -(c - d), score: { method: percentile, direction: higher }, points: 10 }
          - { id: grown, name: { zh: 七, en: Seven }, value: growth(c), score: { method: percentile, direction: lower }, points: 10 }
        grading:
          method: percentile
          stratify_by: [category]
          rounding: ceiling
          grades: [ { grade: A, top: 20% }, { grade: B, top: 50% }, { grade: C } ]
        """;

    /// <summary>
    /// Subjects with every edge the direct draws must hand to the engine or keep as submitted: zero denominators
    /// (zeros carry no noise), missing fields, no previous year, a previous value of zero, counts of 1 that large
    /// noise rounds to 0 (a denominator becomes zero: the value changes kind), equal values (ties), an excluded
    /// subject, a category with one subject.
    /// </summary>
    private static List<Submission> Edges(int count)
    {
        var subs = new List<Submission>();
        for (var i = 0; i < count; i++)
        {
            var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal)
            {
                ["a"] = FieldValue.Of(i % 9 == 0 ? 0 : 40 + i % 17),
                ["b"] = FieldValue.Of(i % 5 == 0 ? 1 : i % 11 == 0 ? 0 : 20 + i % 7),
                ["c"] = FieldValue.Of(1000 + 37.25m * (i % 13)),
                ["d"] = FieldValue.Of(i % 4 == 0 ? 99.5m : 60 + i % 6),
            };
            if (i % 7 == 3) values.Remove("c");
            if (i % 10 == 6) values.Remove("d");
            PreviousPeriod? previous = i % 6 == 1 ? null : new PreviousPeriod(2024, new Dictionary<string, FieldValue>
            {
                ["c"] = FieldValue.Of(i % 8 == 2 ? 0 : 1000 + 11 * (i % 5)),
            });
            var category = i == count - 1 ? "alone" : i % 15 == 14 ? "tcm" : i % 3 == 0 ? "general" : "specialty";
            subs.Add(new Submission(new Subject($"h{i}", Kind: "hospital", Tier: "tertiary", Category: category), 2025, values, previous));
        }
        return subs;
    }

    private static void SameDraws(CompiledRuleSet rs, List<Submission> subs, SensitivityOptions options, int draws, bool expectFallback)
    {
        var direct = new Sensitivity.CohortDraws(new Sensitivity.Job(rs, options, new ParallelOptions()), subs);
        var engine = new Sensitivity.CohortDraws(new Sensitivity.Job(rs, options, new ParallelOptions()) { Direct = false }, subs);
        direct.Direct.Should().BeTrue("every rank-scored value here is one the direct draws take");
        engine.Direct.Should().BeFalse();
        var (a, b) = (direct.NewState(), engine.NewState());
        var fallbacks = 0;
        var moved = 0;
        for (var d = 0; d < draws; d++)
        {
            direct.Evaluate(a, draw: d);
            direct.RankAndGrade(a, new ParallelOptions());
            engine.Evaluate(b, draw: d);
            engine.RankAndGrade(b, new ParallelOptions());
            a.Grade.Should().Equal(b.Grade, $"draw {d}");
            a.Total.Should().Equal(b.Total, $"draw {d}");
            a.Points.Should().Equal(b.Points, $"draw {d}");
            a.Excluded.Should().Equal(b.Excluded, $"draw {d}");
            for (var j = 0; j < a.Rank.Length; j++)
            {
                a.Has[j].Should().Equal(b.Has[j], $"draw {d}, indicator {j}");
                a.Rank[j].Should().Equal(b.Rank[j], $"draw {d}, indicator {j}");
            }
            fallbacks += a.Synced.Count(s => !s);
            moved += a.Grade.Where((g, i) => g != direct.Baseline.Grade[i]).Count();
        }
        moved.Should().BeGreaterThan(0, "the noise moves grades");
        if (expectFallback) fallbacks.Should().BeGreaterThan(0, "a value that changes kind is scored by the engine");
        else fallbacks.Should().Be(0);
    }

    [Fact]
    public void Shapes_DirectDraws_GiveTheEngineDrawsGradesRanksAndPoints_OnEveryEdge()
    {
        // 60% noise: counts of 1 round to 0 in about a fifth of the draws (a zero denominator: the engine scores that subject).
        SameDraws(Load(Shapes), Edges(90), new SensitivityOptions(0.6m, 1, 7), draws: 40, expectFallback: true);
        // 2% noise: many near-ties of equal submitted values, no change of kind.
        SameDraws(Load(Shapes), Edges(90).Select(s => s with
        {
            Values = s.Values.ToDictionary(kv => kv.Key, kv => kv.Key == "b" && kv.Value.Number == 1 ? FieldValue.Of(25) : kv.Value, StringComparer.Ordinal),
        }).ToList(), new SensitivityOptions(0.02m, 1, 8), draws: 40, expectFallback: false);
    }

    [Fact]
    public void Shapes_DirectDraws_AreTheNoisyCohortScoredInFull()
    {
        var rs = Load(Shapes);
        var subs = Edges(60);
        var options = new SensitivityOptions(0.3m, 1, 5);
        var draws = new Sensitivity.CohortDraws(new Sensitivity.Job(rs, options, new ParallelOptions()), subs);
        draws.Direct.Should().BeTrue();
        var st = draws.NewState();
        foreach (var d in new[] { 0, 5, 2 })
        {
            draws.Evaluate(st, draw: d);
            draws.RankAndGrade(st, new ParallelOptions());
            var full = rs.ScoreCohort(SensitivityPathTests.NoisyCohort(draws, subs, options.Noise, d)).Results;
            st.Grade.Should().Equal(full.Select(r => r.Grade), $"draw {d}");
            st.Total.Should().Equal(full.Select(r => r.Total), $"draw {d}");
        }
    }

    [Fact]
    public void National_DirectDraws_GiveTheEngineDraws_AndTheSameAnalysis()
    {
        // 128 hospitals × 30 draws = 3,840 subject-draws compared draw by draw; then the whole analysis byte for byte.
        var rs = Registry.Value.Resolve(National)!;
        var subs = SensitivityPathTests.Widened(SensitivityPathTests.Cohort("examples/national/tertiary-cohort.json"), 4);
        SameDraws(rs, subs, new SensitivityOptions(0.05m, 1, 3), draws: 30, expectFallback: false);
        var options = new SensitivityOptions(0.02m, 200, 1);
        var fast = JsonSerializer.Serialize(Sensitivity.Analyze(rs, subs, options, threads: -1, direct: true));
        fast.Should().Be(JsonSerializer.Serialize(Sensitivity.Analyze(rs, subs, options, threads: -1, direct: false)));
    }

    [Theory]
    [InlineData("if(a > b, a, b)", "a function other than prev() and growth()")]
    [InlineData("a / b", "a veto reads a noisy field", "vetoes: [ { id: v, name: { zh: 否, en: Veto }, when: 'a > 1000', effect: fail } ]")]
    [InlineData("a / b", "another indicator reads the value", "", "  - { id: other, name: { zh: 他, en: Other }, value: r * 2, score: { method: monitor } }")]
    [InlineData("a / b", "applies_when", "", "", "applies_when: b > 0")]
    public void DirectDraws_AreNotUsed_WhereTheirConditionsDoNotHold(string value, string why, string vetoes = "", string more = "", string appliesWhen = "")
    {
        var aw = appliesWhen.Length > 0 ? ", " + appliesWhen : "";
        var yaml = $$"""
            scheme: cn.t.refused
            version: 1.0.0
            title: { zh: 拒绝, en: Refused }
            fields:
              - { id: a, name: { zh: 甲, en: A }, type: integer, min: 0 }
              - { id: b, name: { zh: 乙, en: B }, type: integer, min: 0 }
            indicators:
              - { id: r, name: { zh: 一, en: One }, value: '{{value}}', score: { method: percentile, direction: higher }, points: 10{{aw}} }
            {{more}}
            {{vetoes}}
            grading:
              method: percentile
              grades: [ { grade: A, top: 50% }, { grade: B } ]
            """;
        var rs = Load(yaml);
        var subs = Enumerable.Range(1, 12).Select(i => new Submission(new Subject($"h{i}", Kind: "hospital"), 2025,
            new Dictionary<string, FieldValue> { ["a"] = FieldValue.Of(10 * i), ["b"] = FieldValue.Of(7 + i) })).ToList();
        var options = new SensitivityOptions(0.05m, 60, 2);
        var draws = new Sensitivity.CohortDraws(new Sensitivity.Job(rs, options, new ParallelOptions()), subs);
        draws.Direct.Should().BeFalse(why);
        // And the analysis is the engine's either way.
        JsonSerializer.Serialize(Sensitivity.Analyze(rs, subs, options, threads: -1, direct: true))
            .Should().Be(JsonSerializer.Serialize(Sensitivity.Analyze(rs, subs, options, threads: -1, direct: false)));
    }
}
