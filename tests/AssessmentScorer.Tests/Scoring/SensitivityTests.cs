namespace AssessmentScorer.Tests.Scoring;

public class SensitivityTests
{
    // One pass/fail indicator on a count (at least 10 physicians: 10 points) and one on a share (at least 50%: 10
    // points); 合格 from 20 points, 基本合格 from 10.
    private const string Yaml = """
        scheme: cn.t.sensitivity
        version: 1.0.0
        title: { zh: 稳定性, en: Stability }
        indicators:
          - { id: docs, name: { zh: 医师, en: Physicians }, value: physicians, target: { at_least: 10 }, score: pass_fail, points: 10 }
          - { id: nurses, name: { zh: 护士占比, en: Nurse share }, value: registered_nurses / (registered_nurses + physicians), unit: '%', target: { at_least: 50% }, score: pass_fail, points: 10 }
        grading:
          method: cutoffs
          grades: [ { grade: 合格, min: 20 }, { grade: 基本合格, min: 10 }, { grade: 不合格 } ]
        """;

    private static CompiledRuleSet Rs()
    {
        var r = RuleSetLoader.Load(Yaml, "s.yaml");
        r.Success.Should().BeTrue(string.Join("; ", r.Diagnostics));
        return r.RuleSet!;
    }

    private static Submission Sub(string id, decimal physicians, decimal nurses) =>
        new(new Subject(id, Kind: "hospital", Tier: "tertiary"), 2025, new Dictionary<string, FieldValue> { ["physicians"] = physicians, ["registered_nurses"] = nurses });

    [Fact]
    public void Analyze_SameSeed_GivesTheSameResult_AndAnotherSeedOtherDraws()
    {
        var subs = new[] { Sub("edge", 12, 12), Sub("safe", 40, 200) };
        var a = Sensitivity.Analyze(Rs(), subs, new SensitivityOptions(0.05m, 1000, 7));
        var b = Sensitivity.Analyze(Rs(), subs, new SensitivityOptions(0.05m, 1000, 7));
        var c = Sensitivity.Analyze(Rs(), subs, new SensitivityOptions(0.05m, 1000, 8));
        a.Subjects.Select(s => s.Stability).Should().Equal(b.Subjects.Select(s => s.Stability));
        a.Subjects[0].Grades.Should().BeEquivalentTo(b.Subjects[0].Grades, o => o.WithStrictOrdering());
        c.Subjects[0].Stability.Should().NotBe(a.Subjects[0].Stability, "another seed draws other noise");
    }

    [Fact]
    public void Analyze_ShareExactlyAtItsTarget_KeepsItsGradeAboutHalfTheTime_AndAFarSubjectAlways()
    {
        // 500 nurses of 1,000 staff: the share is exactly 50%, so noise on either count moves it below about half the time.
        var r = Sensitivity.Analyze(Rs(), new[] { Sub("edge", 500, 500), Sub("safe", 40, 200) }, new SensitivityOptions(0.02m, 2000, 1));
        var edge = r.Subjects[0];
        edge.Grade.Should().Be("合格");
        edge.Stability.Should().BeInRange(0.3m, 0.7m);
        edge.Grades.Should().Contain(g => g.Grade == "基本合格" && g.Probability == 1 - edge.Stability);
        r.Subjects[1].Stability.Should().Be(1m);
        r.Subjects[1].SmallestFlip.Should().BeNull("its share (83%) would need a change beyond ±50% of a count to fall below half");
        r.Swings.Should().ContainSingle(s => s.Id == "nurses").Which.Subjects.Should().Be(1);
    }

    [Fact]
    public void Analyze_CountAtItsTarget_SmallestFlipIsOnePhysicianFewer()
    {
        // 10 physicians meet "at least 10"; whole physicians only, so the grade moves at 9 (−10%). The share
        // (30 nurses of 40 staff = 75%) is far from its target.
        var r = Sensitivity.Analyze(Rs(), new[] { Sub("h", 10, 30) }, new SensitivityOptions(0.01m, 1000, 1));
        var flip = r.Subjects[0].SmallestFlip!;
        flip.Field.Should().Be("physicians");
        flip.From.Should().Be(10);
        flip.To.Should().Be(9);
        flip.RelativeChange.Should().Be(-0.1m);
        flip.Grade.Should().Be("基本合格");
    }

    [Fact]
    public void Analyze_Cutoffs_CountsTheSubjectsNearEachCutoff()
    {
        var subs = new[] { Sub("a", 10, 30), Sub("b", 5, 30), Sub("c", 5, 1) };   // 20, 10 and 0 points
        var r = Sensitivity.Analyze(Rs(), subs, new SensitivityOptions(0m, 10, 1, Margin: 0m));
        r.Cutoffs.Should().BeEquivalentTo(new[] { new DenseCutoff("合格", 20, 1, 0.3333m), new DenseCutoff("基本合格", 10, 1, 0.3333m) });
        r.Subjects.Should().OnlyContain(s => s.Stability == 1m, "no noise, no moves");
    }
}
