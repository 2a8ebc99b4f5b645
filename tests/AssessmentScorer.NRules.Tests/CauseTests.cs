using AssessmentScorer.NRules;

namespace AssessmentScorer.NRules.Tests;

/// <summary>A cause's words are made when read, and equality does not depend on how they were made.</summary>
public class CauseTests
{
    [Fact]
    public void A_cause_from_a_fact_equals_the_same_cause_written_out()
    {
        var (ruleSet, now) = Cohorts.Score(Cohorts.Qiaocheng, "examples/qiaocheng/cohort.json");
        var h14 = now.Results.Single(r => r.Subject.Id == "QC-H14");
        var fact = new IndicatorFact(h14, h14.Indicators.Single(i => i.Id == "performance_grade_b"), current: true);

        var made = Cause.Met(fact);
        var written = new Cause("QC-H14", 2025, "met", "performance_grade_b", "false",
            new("2025年 公立医院绩效考核达到B等级及以上 未达标（目标 ≥ B）", "Performance assessment grade B or higher not met in 2025 (target ≥ B)"));

        made.Should().Be(written);
        made.GetHashCode().Should().Be(written.GetHashCode());
        (made with { Value = "true" }).Should().NotBe(written);
        var subject = new SubjectFact(h14, ruleSet.Grading!.Grades.Select(g => g.Grade).ToArray(), current: true);
        Cause.Grade(subject).Explanation.Should().Be(new Explanation("2025年考核等级 未达标", "grade 未达标 in 2025"));
        subject.GradeBand.Should().Be(3);
        subject.GradeBelow("达标").Should().BeTrue();
        subject.GradeAtLeast("未达标").Should().BeTrue();
        subject.GradeBelow("B").Should().BeFalse("B is not one of this scheme's grades");
    }
}
