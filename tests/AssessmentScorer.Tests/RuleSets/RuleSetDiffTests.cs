namespace AssessmentScorer.Tests.RuleSets;

public class RuleSetDiffTests
{
    private const string V1 = """
        scheme: cn.t.diff
        version: 1.0.0
        status: published
        title: { zh: 差异, en: Diff }
        indicators:
          - { id: a, name: { zh: 甲, en: A }, value: physicians, target: { at_least: 10 }, points: 10, source: s 1 }
          - { id: b, name: { zh: 乙, en: B }, value: beds_x, target: { at_least: 1 }, points: 5, source: s 2 }
        fields:
          - { id: beds_x, type: integer }
        grading:
          method: cutoffs
          grades: [ { grade: 合格, min: 10 }, { grade: 不合格 } ]
        """;

    private const string V2 = """
        scheme: cn.t.diff
        version: 2.0.0
        status: published
        title: { zh: 差异, en: Diff }
        indicators:
          - { id: a, name: { zh: 甲, en: A }, value: physicians, target: { at_least: 12 }, points: 8, source: s 1 }
          - { id: c, name: { zh: 丙, en: C }, value: registered_nurses, target: { at_least: 1 }, points: 5, source: s 3 }
        grading:
          method: cutoffs
          grades: [ { grade: 合格, min: 8 }, { grade: 不合格 } ]
        vetoes:
          - { id: v, name: { zh: 否决, en: Veto }, when: major_safety_incidents > 0 }
        """;

    private static CompiledRuleSet Load(string yaml)
    {
        var r = RuleSetLoader.Load(yaml, "t.yaml");
        r.Diagnostics.Where(d => d.Severity == Severity.Error).Should().BeEmpty();
        return r.RuleSet!;
    }

    [Fact]
    public void Compare_TwoVersions_ListsEverySemanticChange()
    {
        var diff = RuleSetDiff.Compare(Load(V1), Load(V2));
        var lines = diff.Changes.Select(c => $"{c.Change} {c.Element} {c.Id} {c.Aspect}: {c.Before} → {c.After}").ToList();
        lines.Should().Contain("changed indicator a target: ≥ 10 → ≥ 12");
        lines.Should().Contain("changed indicator a points: 10 → 8");
        lines.Should().ContainMatch("added indicator c : *registered_nurses*");
        lines.Should().ContainMatch("removed indicator b : *beds_x*");
        lines.Should().Contain("changed grading 合格 cutoff: ≥ 10 → ≥ 8");
        lines.Should().ContainMatch("added veto v *when major_safety_incidents > 0: fail");
        diff.From.Version.Should().Be("1.0.0");
        diff.To.Version.Should().Be("2.0.0");
    }

    [Fact]
    public void Compare_SameRuleSet_HasNoChanges()
    {
        var a = Load(V1);
        RuleSetDiff.Compare(a, a).Changes.Should().BeEmpty();
    }

    [Fact]
    public void Compare_ReadingKeys_AboutSideWhenUndefinedAndExclusionsAreNamed()
    {
        const string Before = """
            scheme: cn.t.read
            version: 1.0.0
            title: { zh: 读法, en: Readings }
            indicators:
              - { id: r, name: { zh: 比, en: R }, value: registered_nurses / physicians, target: { about: 2, tolerance: 0.2, side: both }, points: 10 }
            """;
        const string After = """
            scheme: cn.t.read
            version: 1.1.0
            title: { zh: 读法, en: Readings }
            applies_to:
              kind: hospital
              exclude:
                - { when: "category == 'tcm'", reason: { zh: 另行考核, en: assessed separately } }
            indicators:
              - { id: r, name: { zh: 比, en: R }, value: registered_nurses / physicians, target: { about: 2, tolerance: 0.2, side: at_least }, when_undefined: missing, points: 10 }
            """;

        var lines = RuleSetDiff.Compare(Load(Before), Load(After)).Changes.Select(c => $"{c.Change} {c.Element} {c.Id} {c.Aspect}: {c.Before} → {c.After}").ToList();

        lines.Should().Contain("changed indicator r target: about 2 ± 0.2, both sides → about 2 ± 0.2, at least side");
        lines.Should().Contain("changed indicator r whenUndefined: undefined → missing");
        lines.Should().Contain("added exclusion category == 'tcm' :  → 另行考核 / assessed separately");
    }

    [Fact]
    public void Compare_LinearFloorWhenCaseAndByYear_AreNamedWithBeforeAndAfter()
    {
        const string Before = """
            scheme: cn.t.floor
            version: 1.0.0
            title: { zh: 下限, en: Floor }
            indicators:
              - { id: p, name: { zh: 人员, en: P }, value: registered_nurses / physicians, unit: '%', target: { at_least: 40% }, score: { method: linear, from: 30% }, points: 10 }
              - { id: q, name: { zh: 丙, en: Q }, value: physicians, target: [ { when: "tier == 'tertiary'", at_least: { by_year: { 2025: 5, 2026: 6 } } }, { at_least: 3 } ], points: 5 }
            """;
        var after = Before.Replace("from: 30%", "from: 35%").Replace("2026: 6", "2026: 7").Replace("tier == 'tertiary'", "tier == 'secondary'").Replace("1.0.0", "1.1.0");

        var lines = RuleSetDiff.Compare(Load(Before), Load(after)).Changes.Select(c => $"{c.Change} {c.Element} {c.Id} {c.Aspect}: {c.Before} → {c.After}").ToList();

        lines.Should().Contain("changed indicator p scoring: from 30% → from 35%");
        lines.Should().ContainSingle(l => l.StartsWith("changed indicator q target:", StringComparison.Ordinal))
            .Which.Should().Contain("tier == 'tertiary'").And.Contain("tier == 'secondary'").And.Contain("2026: 7");
    }
}
