namespace AssessmentScorer.Tests.RuleSets;

/// <summary>Unit sanity of literal bounds (AS3018) and errors of an override reported where the author wrote it.</summary>
public class AuthoringDiagnosticsTests
{
    private const string Base = """
        scheme: cn.t.base
        version: 1.0.0
        status: published
        title: { zh: 基础, en: Base }
        fields:
          - { id: share_field, type: number, unit: '%', min: 0, max: 1 }
        indicators:
          - { id: grade_b, name: { zh: 等级, en: Grade }, value: performance_grade, target: { at_least: B }, score: pass_fail, points: 10 }
          - { id: ds, name: { zh: 日间, en: Day }, value: day_surgeries / elective_surgeries, unit: '%', target: { at_least: 10% }, score: pass_fail, points: 10 }
        """;

    private static RuleSetRegistry Installed()
    {
        var b = RuleSetLoader.Load(Base, "base/1.0.0.yaml");
        b.Success.Should().BeTrue(string.Join("; ", b.Diagnostics));
        return RuleSetRegistry.Combine(RuleSetRegistry.Empty, new[] { b.RuleSet! });
    }

    [Theory]
    [InlineData("day_surgeries / elective_surgeries", "15", "the value day_surgeries / elective_surgeries is a share", "15%")]
    [InlineData("share_field", "45", "field share_field ranges 0 to 1 (%)", "45%")]
    [InlineData("physicians", "-1", "field physicians ranges 0 to +∞", null)]
    public void Bound_OutsideTheValuesRange_WarnsAtItsPlaceWithWhatWasMeant(string value, string bound, string range, string? meant)
    {
        var yaml = $$"""
            scheme: cn.t.units
            version: 1.0.0
            title: { zh: 单位, en: Units }
            fields:
              - { id: share_field, type: number, unit: '%', min: 0, max: 1 }
            indicators:
              - id: x
                name: { zh: 甲, en: X }
                value: {{value}}
                unit: '%'
                target: { at_least: {{bound}} }
                points: 10
            """;
        var r = RuleSetLoader.Load(yaml, "units.yaml");
        r.Success.Should().BeTrue("a suspicious bound is a warning, not an error");
        var w = r.Diagnostics.Should().ContainSingle(d => d.Code == "AS3018").Which;
        w.Severity.Should().Be(Severity.Warning);
        w.Location.Should().Be(new Location("units.yaml", 11, 25));
        w.Message.Should().Contain($"the bound {bound} lies outside the value's range ({range}");
        if (meant is null) w.Message.Should().NotContain("did you mean");
        else w.Message.Should().EndWith($"did you mean {meant}?");
    }

    [Theory]
    [InlineData("15%")]
    [InlineData("0.15")]
    public void Bound_InsideTheRange_IsNotWarned(string bound)
    {
        var yaml = Base.Replace("at_least: 10%", $"at_least: {bound}");
        RuleSetLoader.Load(yaml, "b.yaml").Diagnostics.Should().NotContain(d => d.Code == "AS3018");
    }

    [Fact]
    public void Override_BreakingWhatItInherits_IsReportedAtTheOverridingLineWithTheBaseAsANote()
    {
        const string Draft = """
            scheme: cn.t.base
            version: 1.1.0
            status: draft
            title: { zh: 基础, en: Base }
            extends: cn.t.base@1.0.0
            indicators:
              - id: grade_b
                value: physicians
            """;
        var r = Installed().LoadDraft(Draft, "draft/1.1.0.yaml");
        r.Success.Should().BeFalse();
        var e = r.Diagnostics.Should().ContainSingle(d => d.Code == "AS3002").Which;
        e.Location.File.Should().Be("draft/1.1.0.yaml");
        e.Location.Line.Should().Be(7, "the override of grade_b starts there");
        e.Message.Should().Contain("note: in the definition this override of 'grade_b' inherits, at base/1.0.0.yaml(8,");
        r.Diagnostics.Should().OnlyContain(d => d.Location.File == "draft/1.1.0.yaml");
    }
}
