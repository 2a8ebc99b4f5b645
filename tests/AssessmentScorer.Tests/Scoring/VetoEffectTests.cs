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

public class YearlyDeadlineTests
{
    private const string Yaml = """
        scheme: cn.t.yearly
        version: 1.0.0
        title: { zh: 年度任务, en: Yearly task }
        indicators:
          - id: ward
            name: { zh: 内科病房楼投入使用, en: Medical ward building in use }
            task: { deadline: 07-31, evidence: [验收报告] }
            score: { method: checklist, late_points: 1 }
            points: 4
            source: s
        """;

    private static IndicatorResult Score(int year, string? on) => RuleSetLoader.Load(Yaml, "t.yaml").RuleSet!.Score(new Submission(new Subject("h"), year,
        new Dictionary<string, FieldValue>(), null,
        new Dictionary<string, TaskReport> { ["ward"] = new(on is not null, on is null ? null : DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), new[] { "验收报告" }) })).Indicators.Single();

    [Theory]
    [InlineData(2024, "2024-07-31", true, 4)]
    [InlineData(2024, "2024-08-01", false, 1)]
    [InlineData(2025, "2025-07-30", true, 4)]
    [InlineData(2025, null, false, 0)]
    public void Checklist_DayOfTheAssessmentYear_IsTheDeadline(int year, string? on, bool met, int points)
    {
        var r = Score(year, on);
        r.Met.Should().Be(met);
        r.Points.Should().Be(points);
        r.Target.Should().StartWith($"{year}-07-31");
    }

    [Fact]
    public void Load_BadYearlyDeadline_IsADiagnostic()
    {
        var load = RuleSetLoader.Load(Yaml.Replace("07-31", "02-30"), "t.yaml");
        load.Success.Should().BeFalse();
        load.Diagnostics.Should().Contain(d => d.Code == "AS2004" && d.Location.Line == 7);
    }
}

public class EvidenceMatchTests
{
    private static IndicatorResult Score(string match, params string[] evidence)
    {
        var yaml = $$"""
            scheme: cn.t.evidence
            version: 1.0.0
            title: { zh: 佐证, en: Evidence }
            indicators:
              - id: t
                name: { zh: 任务, en: Task }
                task: { deadline: 2023-12-31, evidence: [会议纪要, 验收报告], evidence_match: {{match}} }
                points: 2
                source: s
            """;
        return RuleSetLoader.Load(yaml, "t.yaml").RuleSet!.Score(new Submission(new Subject("a"), 2023, new Dictionary<string, FieldValue>(), null,
            new Dictionary<string, TaskReport> { ["t"] = new(true, new DateOnly(2023, 6, 1), evidence) })).Indicators.Single();
    }

    [Fact]
    public void Names_EveryListedNameFound_IsMet() => Score("names", "2023年第一次会议纪要", "平台验收报告").Met.Should().BeTrue();

    [Fact]
    public void Names_OneNameMissing_IsNotMetAndSaysWhich()
    {
        var r = Score("names", "2023年第一次会议纪要", "工作总结");
        r.Met.Should().BeFalse();
        r.Explanation.Zh.Should().Contain("验收报告").And.NotContain("会议纪要、");
    }

    [Fact]
    public void Count_AnyDocument_IsMet() => Score("count", "工作总结").Met.Should().BeTrue();
}

public class PointsInScoreTests
{
    private const string Yaml = """
        scheme: cn.t.points
        version: 1.0.0
        title: { zh: 分值, en: Points }
        indicators:
          - id: a
            name: { zh: 甲, en: A }
            value: physicians
            target: { at_least: 10 }
            score: { method: pass_fail, points: 10 }
            source: s
        """;

    [Fact]
    public void PointsInsideScore_AreTheIndicatorsPoints()
    {
        var rs = RuleSetLoader.Load(Yaml, "t.yaml").RuleSet!;
        rs.Indicators.Single().MaxPoints.Should().Be(10);
        rs.Score(new Submission(new Subject("h"), 2025, new Dictionary<string, FieldValue> { ["physicians"] = 10 })).Total.Should().Be(10);
    }

    [Fact]
    public void PointsInBothPlaces_IsADiagnosticAtTheIndicatorKey()
    {
        var load = RuleSetLoader.Load(Yaml.Replace("    source: s", "    points: 5\n    source: s"), "t.yaml");
        load.Success.Should().BeFalse();
        load.Diagnostics.Should().Contain(d => d.Code == "AS2004" && d.Location.Line == 10 && d.Message.Contains("not both"));
    }
}
