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
