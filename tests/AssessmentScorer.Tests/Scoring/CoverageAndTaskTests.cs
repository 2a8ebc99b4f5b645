namespace AssessmentScorer.Tests.Scoring;

/// <summary>Coverage and grading.min_coverage: a grade is never given on an empty or near-empty basis.</summary>
public class CoverageTests
{
    // A plan to 2025: one task due at its end (30 points), one yearly figure (10), one rule that applies from 2025 (60).
    private static string Yaml(string minCoverage = "") => $$"""
        scheme: cn.t.coverage
        version: 1.0.0
        title: { zh: 覆盖率, en: Coverage }
        effective: { from: 2022-01-01, to: 2025-12-31 }
        indicators:
          - { id: plan, name: { zh: 规划任务, en: Plan task }, task: { deadline: 2025-12-31, evidence: [方案] }, points: 30, source: s }
          - { id: yearly, name: { zh: 年度指标, en: Yearly figure }, value: physicians, target: { at_least: 10 }, points: 10, source: s }
          - { id: later, name: { zh: 期末指标, en: End-of-plan figure }, applies_when: year >= 2025, value: registered_nurses, target: { at_least: 10 }, points: 60, source: s }
        grading:
          method: cutoffs
          basis: percent
          grades: [ { grade: 优秀, min: 90 }, { grade: 不合格 } ]
          pass: grade >= '优秀'
          {{minCoverage}}
        """;

    private static AssessmentResult Score(int year, string minCoverage = "", bool done = true) =>
        RuleSetLoader.Load(Yaml(minCoverage), "t.yaml").RuleSet!.Score(new Submission(new Subject("h"), year,
            new Dictionary<string, FieldValue> { ["physicians"] = 20, ["registered_nurses"] = 20 }, null,
            new Dictionary<string, TaskReport> { ["plan"] = new(done, done ? new DateOnly(2023, 5, 1) : null, done ? new[] { "方案" } : Array.Empty<string>()) }));

    [Fact]
    public void BeforeTheDeadline_LittleDue_NoGradeAndSaysWhy()
    {
        var r = Score(2023);
        r.MaxTotal.Should().Be(10);
        r.Coverage!.Points.Should().Be(10);
        r.Coverage.FullPoints.Should().Be(100);          // the task and the 2025 rule are added back
        r.Coverage.Share.Should().Be(0.1m);
        r.Coverage.Minimum.Should().Be(0.5m);            // the documented default
        r.Grade.Should().BeNull();                       // 10/10 would read 优秀
        r.Passed.Should().BeNull();
        r.Coverage.GradeWithheld!.Zh.Should().Contain("10").And.Contain("100").And.Contain("50%");
        r.Coverage.GradeWithheld.En.Should().Contain("no grade");
        r.NextGrade.Should().BeNull();
    }

    [Fact]
    public void InTheDeadlineYear_EverythingDue_Graded()
    {
        var r = Score(2025);
        r.Coverage!.Share.Should().Be(1m);
        r.Coverage.GradeWithheld.Should().BeNull();
        r.Grade.Should().Be("优秀");
        r.Passed.Should().BeTrue();
    }

    [Fact]
    public void StatedMinimum_Applies()
    {
        Score(2023, "min_coverage: 10%").Grade.Should().Be("优秀");
        Score(2023, "min_coverage: 10.01%").Grade.Should().BeNull();
    }

    [Fact]
    public void TaskDoneEarly_IsNotScoredBeforeItsYear_AndIsOnTimeInIt()
    {
        var early = Score(2024).Indicators.Single(i => i.Id == "plan");
        early.Status.Should().Be(IndicatorStatus.NotApplicable);
        early.Explanation.En.Should().Contain("judged in 2025");
        var due = Score(2025).Indicators.Single(i => i.Id == "plan");
        due.Points.Should().Be(30);
        due.Value.Should().Be("on_time");
    }

    [Fact]
    public void Json_CarriesCoverage()
    {
        var json = Score(2023).ToJson();
        json.Should().Contain("\"coverage\": {").And.Contain("\"fullPoints\": 100").And.Contain("\"share\": 0.1").And.Contain("\"minimum\": 0.5")
            .And.Contain("\"gradeWithheld\": {");
        Score(2025).ToJson().Should().Contain("\"gradeWithheld\": null");
    }

    [Fact]
    public void Load_MinCoverageOutOfRange_IsADiagnostic()
    {
        var load = RuleSetLoader.Load(Yaml("min_coverage: 150%"), "t.yaml");
        load.Success.Should().BeFalse();
        load.Diagnostics.Should().Contain(d => d.Code == "AS2004" && d.Message.Contains("min_coverage"));
    }

    [Fact]
    public void Diff_ShowsMinCoverageAndTaskChanges()
    {
        var a = RuleSetLoader.Load(Yaml(), "t.yaml").RuleSet!;
        var b = RuleSetLoader.Load(Yaml("min_coverage: 80%").Replace("deadline: 2025-12-31, evidence: [方案]", "from: 2022-01-01, deadline: 2025-12-31, evidence: [方案], evidence_match: names"), "t.yaml").RuleSet!;
        var changes = RuleSetDiff.Compare(a, b).Changes;
        changes.Should().Contain(c => c.Element == "grading" && c.Aspect == "minCoverage" && c.Before == "50%" && c.After == "80%");
        changes.Should().Contain(c => c.Id == "plan" && c.Aspect == "task" && c.After!.Contains("from 2022-01-01") && c.After.Contains("by name"));
    }
}

/// <summary>A task's window (from … deadline), its check, and evidence read as distinct, named documents.</summary>
public class TaskRuleTests
{
    private const string Yaml = """
        scheme: cn.t.tasks
        version: 1.0.0
        title: { zh: 任务, en: Tasks }
        indicators:
          - id: yearly
            name: { zh: 年度任务, en: Yearly task }
            task: { from: 01-01, deadline: 12-31, evidence: [方案] }
            points: 2
            source: s
          - id: keep
            name: { zh: 保持二甲, en: Keep grade 2A }
            task: { deadline: 12-31, evidence: [复审], evidence_match: names, check: "accreditation_grade >= '二级甲等'", standard: { zh: 保持二级甲等, en: 2A kept } }
            points: 2
            source: s
          - id: two
            name: { zh: 两份, en: Two }
            task: { evidence: [甲, 乙], min_evidence: 2 }
            points: 2
            source: s
          - id: monthly
            name: { zh: 每月, en: Monthly }
            task: { evidence: [1月+分析会, 2月+分析会, 11月+分析会], evidence_match: names }
            points: 2
            source: s
          - id: either
            name: { zh: 任一, en: Either }
            task: { evidence: [章程|组建方案], evidence_match: names }
            points: 2
            source: s
        """;

    private static readonly CompiledRuleSet Rs = RuleSetLoader.Load(Yaml, "t.yaml").RuleSet!;

    private static IndicatorResult Score(string id, TaskReport report, string? grade = "二级甲等")
    {
        var values = new Dictionary<string, FieldValue>();
        if (grade is not null) values["accreditation_grade"] = grade;
        return Rs.Score(new Submission(new Subject("h"), 2024, values, null, new Dictionary<string, TaskReport> { [id] = report }))
            .Indicators.Single(i => i.Id == id);
    }

    private static TaskReport Done(string? on, params string[] evidence) =>
        new(true, on is null ? null : DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), evidence);

    [Theory]
    [InlineData("2023-12-31", false, "before_window")]
    [InlineData("2024-01-01", true, "on_time")]
    [InlineData("2024-12-31", true, "on_time")]
    [InlineData("2030-06-01", false, "late")]
    public void Window_OnlyCompletionsInTheAssessmentYearCount(string on, bool met, string value)
    {
        var r = Score("yearly", Done(on, "方案"));
        r.Met.Should().Be(met);
        r.Value.Should().Be(value);
        r.Target.Should().Be("2024-01-01 至 2024-12-31 完成 / done from 2024-01-01 to 2024-12-31");
    }

    [Fact]
    public void Window_WithoutCompletionDate_IsMissing()
    {
        var r = Score("yearly", Done(null, "方案"));
        r.Status.Should().Be(IndicatorStatus.Missing);
        r.MissingData.Should().Equal("tasks.yearly.completed_on");
    }

    [Fact]
    public void Check_False_IsNotMetWhateverTheEvidence()
    {
        var r = Score("keep", Done("2024-10-01", "二级甲等医院复审结果通知（未通过）"), grade: "二级乙等");
        r.Met.Should().BeFalse();
        r.Points.Should().Be(0);
        r.Value.Should().Be("standard_not_met");
        r.Explanation.Zh.Should().Contain("保持二级甲等");
    }

    [Fact]
    public void Check_True_IsMet() => Score("keep", Done("2024-10-01", "二级甲等医院复审结果通知")).Met.Should().BeTrue();

    [Fact]
    public void Check_DataMissing_IsMissingAndNamesTheField()
    {
        var r = Score("keep", Done("2024-10-01", "复审结果通知"), grade: null);
        r.Status.Should().Be(IndicatorStatus.Missing);
        r.MissingData.Should().Equal("values.accreditation_grade");
    }

    [Fact]
    public void Count_SameDocumentTwice_CountsOnce()
    {
        var r = Score("two", Done(null, "会议纪要", " 会议纪要 "));
        r.Met.Should().BeFalse();
        r.Explanation.Zh.Should().Contain("不同的佐证材料只有 1 份，需要 2 份");
        Score("two", Done(null, "会议纪要", "验收报告")).Met.Should().BeTrue();
    }

    [Fact]
    public void Names_NumbersMatchWholeNumbers_AndEachDocumentProvesOneName()
    {
        // "11月" does not stand for "1月"; one document naming 1月 and 2月 proves only one of them.
        var r = Score("monthly", Done(null, "11月分析会记录", "2月分析会记录", "1月、2月分析会合订"));
        r.Met.Should().BeTrue();
        var missing = Score("monthly", Done(null, "11月分析会记录", "12月分析会记录", "2月分析会记录"));
        missing.Met.Should().BeFalse();
        missing.Explanation.Zh.Should().Contain("缺少佐证材料：1月分析会");
        Score("monthly", Done(null, "1月、2月分析会合订", "11月分析会记录")).Met.Should().BeFalse();
        Score("monthly", Done(null, "1月记录", "2月分析会记录", "11月分析会记录")).Met.Should().BeFalse();   // a+b: both in one document
    }

    [Fact]
    public void Names_AlternativesAcceptEither()
    {
        Score("either", Done(null, "医共体组建方案")).Met.Should().BeTrue();
        var r = Score("either", Done(null, "食堂菜单"));
        r.Met.Should().BeFalse();
        r.Explanation.Zh.Should().Contain("章程或组建方案");
    }

    [Fact]
    public void Load_FromAfterDeadline_IsADiagnostic()
    {
        var load = RuleSetLoader.Load(Yaml.Replace("from: 01-01, deadline: 12-31", "from: 12-31, deadline: 07-31"), "t.yaml");
        load.Success.Should().BeFalse();
        load.Diagnostics.Should().Contain(d => d.Code == "AS2004" && d.Message.Contains("task from"));
    }
}
