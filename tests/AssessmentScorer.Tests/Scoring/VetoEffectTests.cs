namespace AssessmentScorer.Tests.Scoring;

public class VetoEffectTests
{
    private const string Yaml = """
        scheme: cn.t.veto
        version: 1.0.0
        title: { zh: 否决, en: Veto }
        indicators:
          - { id: a, name: { zh: 甲, en: A }, value: physicians, target: { at_least: 10 }, points: 60, source: s }
          - { id: b, name: { zh: 乙, en: B }, value: registered_nurses, target: { at_least: 10 }, points: 40, source: s }
        grading:
          method: cutoffs
          grades: [ { grade: 优秀, min: 90 }, { grade: 合格, min: 60 }, { grade: 不合格 } ]
          pass: grade >= '合格'
        vetoes:
          - { id: accident, name: { zh: 重大事故, en: Major accident }, when: major_safety_incidents > 0, effect: zero }
          - { id: complaint, name: { zh: 投诉, en: Complaints }, when: complaints > 0, effect: { cap_grade: 合格 } }
        """;

    private static readonly CompiledRuleSet Rs = RuleSetLoader.Load(Yaml, "t.yaml").RuleSet!;

    private static AssessmentResult Score(int incidents, int complaints) => Rs.Score(new Submission(new Subject("h"), 2025,
        new Dictionary<string, FieldValue> { ["physicians"] = 20, ["registered_nurses"] = 20, ["major_safety_incidents"] = incidents, ["complaints"] = complaints }));

    [Fact]
    public void Zero_WhenTriggered_VetoesEveryIndicatorAndFails()
    {
        var r = Score(1, 0);
        r.Indicators.Should().OnlyContain(i => i.Status == IndicatorStatus.Vetoed && i.Points == 0);
        r.Total.Should().Be(0);
        r.MaxTotal.Should().Be(100);
        r.Passed.Should().BeFalse();
        r.Grade.Should().Be("不合格");
        r.Indicators[0].Explanation.Zh.Should().Contain("一票否决");
    }

    [Fact]
    public void CapGrade_WhenTriggered_CapsButStillPasses()
    {
        var r = Score(0, 2);
        r.Total.Should().Be(100);
        r.Grade.Should().Be("合格");
        r.Passed.Should().BeTrue();
        r.Vetoes.Single(v => v.Id == "complaint").Triggered.Should().BeTrue();
    }

    [Fact]
    public void ZeroAndCap_BothTriggered_ZeroWins()
    {
        var r = Score(1, 1);
        r.Grade.Should().Be("不合格");
        r.Passed.Should().BeFalse();
    }

    [Fact]
    public void Neither_Triggered_NothingChanges()
    {
        var r = Score(0, 0);
        r.Grade.Should().Be("优秀");
        r.Indicators.Should().OnlyContain(i => i.Status == IndicatorStatus.Scored);
    }
}
