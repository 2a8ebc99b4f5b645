using AssessmentScorer.Examples.RulePack;
using AssessmentScorer.NRules;
using NRules.Fluent.Dsl;

namespace AssessmentScorer.NRules.Tests;

/// <summary>Loading a rules assembly: clear errors naming the file, and the sample pack's rules by name.</summary>
public class LoadingTests
{
    [Fact]
    public void The_sample_pack_loads_from_its_file_with_every_rule()
    {
        var rules = ResultRules.Load(typeof(GradeBelowBRectification).Assembly.Location);
        rules.RuleNames.Should().HaveCount(13).And.Contain("unmet-two-years.interview").And.Contain("funding.bottom-band");
        // Loaded in a context of its own, the pack's rules still match the host's facts.
        var (ruleSet, now) = Cohorts.Score(Cohorts.National, "examples/national/tertiary-cohort.json");
        rules.Apply(now, ruleSet, null).ToJson().Should().Be(Cohorts.NationalApplied.Value.Report.ToJson());
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var act = () => ResultRules.Load("no/such/rules.dll");
        act.Should().Throw<ResultRulesException>().WithMessage("no/such/rules.dll: *rules assembly not found*");
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-an-assembly-{Guid.NewGuid():N}.dll");
        File.WriteAllText(path, "MZ? no.");
        try
        {
            var act = () => ResultRules.Load(path);
            act.Should().Throw<ResultRulesException>().WithMessage($"{path}: *not a .NET assembly*");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void An_assembly_without_rules_is_refused()
    {
        var path = typeof(CompiledRuleSet).Assembly.Location;   // the library: no rule classes
        var act = () => ResultRules.Load(path);
        act.Should().Throw<ResultRulesException>().WithMessage("*has no rule classes*");
    }

    [Fact]
    public void A_rule_recording_an_action_without_a_cause_fails_naming_the_subject_and_the_rule()
    {
        var (ruleSet, now) = Cohorts.Score(Cohorts.National, "examples/national/tertiary-cohort.json");
        var rules = ResultRules.FromTypes(typeof(CauselessRule));
        var act = () => rules.Apply(now.Results[0], ruleSet, null);
        act.Should().Throw<ResultRulesException>().WithMessage("NAT-T001 (2023)*causeless*needs at least one cause*");
    }

    [Fact]
    public void Json_names_kind_subject_rule_details_explanation_and_causes()
    {
        var json = Cohorts.QiaochengApplied.Value.Report.ToJson();
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        doc.RootElement.GetProperty("subjects").GetInt32().Should().Be(32);
        var interview = doc.RootElement.GetProperty("actions").EnumerateArray()
            .Single(a => a.GetProperty("kind").GetString() == "interview" && a.GetProperty("subjectId").GetString() == "QC-H14");
        interview.GetProperty("rule").GetString().Should().Be("unmet-two-years.interview");
        interview.GetProperty("details").GetProperty("indicator").GetString().Should().Be("performance_grade_b");
        interview.GetProperty("explanation").GetProperty("zh").GetString().Should()
            .Be("就 performance_grade_b 约谈领导班子。原因：2025年 公立医院绩效考核达到B等级及以上 未达标（目标 ≥ B）；2024年 公立医院绩效考核达到B等级及以上 未达标（目标 ≥ B）。");
        interview.GetProperty("causes").GetArrayLength().Should().Be(2);
    }

    [Name("causeless")]
    public sealed class CauselessRule : Rule
    {
        public override void Define()
        {
            SubjectFact s = null!;
            When().Match(() => s, x => x.Current);
            Then().Do(ctx => ctx.Act(new Commendation(s.SubjectId, s.Year, Array.Empty<Cause>())));
        }
    }
}
