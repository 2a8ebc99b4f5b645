namespace AssessmentScorer.Tests.Scoring;

public class AggregateSumTests
{
    [Fact]
    public void ScoreCohort_SumOf_AddsCountedSubjectsAndListsMissingOnes()
    {
        var yaml = """
            scheme: cn.t.sum
            version: 1.0.0
            title: { zh: 合计, en: Sum }
            indicators:
              - { id: a, name: { zh: 甲, en: A }, value: provincial_key_specialties, target: { at_least: 0 }, points: 1, source: s }
            aggregates:
              - id: district_provincial_specialties
                name: { zh: 全区省级重点专科数, en: District provincial key specialties }
                sum_of: provincial_key_specialties
                target: { at_least: 5 }
                source: s
            """;
        var rs = RuleSetLoader.Load(yaml, "t.yaml").RuleSet!;
        Submission S(string id, int? n) => new(new Subject(id, Tier: "secondary"), 2025,
            n is null ? new Dictionary<string, FieldValue>() : new Dictionary<string, FieldValue> { ["provincial_key_specialties"] = n.Value });

        var exactly = rs.ScoreCohort(new[] { S("h1", 2), S("h2", 3), S("h3", null) }).Aggregates.Single();
        exactly.Value.Should().Be(5m);
        exactly.Met.Should().BeTrue();
        exactly.Counted.Should().Be(2);
        exactly.MissingSubjects.Should().Equal("h3");

        var short1 = rs.ScoreCohort(new[] { S("h1", 2), S("h2", 2) }).Aggregates.Single();
        short1.Value.Should().Be(4m);
        short1.Met.Should().BeFalse();
    }
}

public class AggregateRatioTests
{
    [Fact]
    public void ScoreCohort_RatioOf_DividesTheSumsAndPicksTheTargetByYear()
    {
        var yaml = """
            scheme: cn.t.ratio
            version: 1.0.0
            title: { zh: 比值, en: Ratio }
            indicators:
              - { id: a, name: { zh: 甲, en: A }, value: physicians, target: { at_least: 0 }, points: 1, source: s }
            aggregates:
              - id: pooled_nurse_ratio
                name: { zh: 医护比（总体）, en: Pooled nurses per physician }
                ratio_of: { numerator: registered_nurses, denominator: physicians }
                target:
                  - when: year >= 2025
                    at_least: 2
                  - at_least: 1.5
                source: s
            """;
        var rs = RuleSetLoader.Load(yaml, "t.yaml").RuleSet!;
        Submission S(string id, int year, int nurses, int physicians) => new(new Subject(id), year,
            new Dictionary<string, FieldValue> { ["registered_nurses"] = nurses, ["physicians"] = physicians });

        // (150 + 250) / (100 + 100) = 2.0 exactly: meets ≥ 2 in 2025; the mean of the two ratios would also be 2, so use unequal sizes.
        var a = rs.ScoreCohort(new[] { S("h1", 2025, 150, 100), S("h2", 2025, 250, 100) }).Aggregates.Single();
        a.Value.Should().Be(2m);
        a.Met.Should().BeTrue();
        a.Target.Should().Be("≥ 2");

        // (100 + 380) / (100 + 200) = 1.6: the mean of ratios (1.0, 1.9) would be 1.45; the pooled ratio meets the 2024 target ≥ 1.5.
        var b = rs.ScoreCohort(new[] { S("h1", 2024, 100, 100), S("h2", 2024, 380, 200) }).Aggregates.Single();
        b.Value.Should().Be(1.6m);
        b.Target.Should().Be("≥ 1.5");
        b.Met.Should().BeTrue();
    }
}
