using AssessmentScorer.Examples.RulePack;
using AssessmentScorer.NRules;

namespace AssessmentScorer.NRules.Tests;

/// <summary>The example cohorts scored once, and the sample pack compiled once.</summary>
internal static class Cohorts
{
    private static readonly Lazy<RuleSetRegistry> Registry = new(() => RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry);

    public static readonly Lazy<ResultRules> Pack = new(() => ResultRules.Load(typeof(GradeBelowBRectification).Assembly));

    public static CompiledRuleSet RuleSet(string reference) => Registry.Value.Resolve(reference)!;

    public static (CompiledRuleSet RuleSet, CohortResult Cohort) Score(string reference, string example)
    {
        var ruleSet = RuleSet(reference);
        var table = SubmissionBatch.ReadJsonArray(Repo.Read(example));
        table.RowsRejected.Should().Be(0);
        return (ruleSet, ruleSet.ScoreCohort(table.Submissions));
    }

    public const string Qiaocheng = "cn.anhui.bozhou.qiaocheng.high-quality@1.0.0";
    public const string National = "cn.national.tertiary-performance@1.1.0";

    public static readonly Lazy<(CompiledRuleSet RuleSet, CohortResult Now, CohortResult Before, ActionReport Report)> QiaochengApplied = new(() =>
    {
        var (ruleSet, now) = Score(Qiaocheng, "examples/qiaocheng/cohort.json");
        var (_, before) = Score(Qiaocheng, "examples/rule-pack/qiaocheng-2024.json");
        return (ruleSet, now, before, Pack.Value.Apply(now, ruleSet, new ResultHistory(before.Results)));
    });

    public static readonly Lazy<(CompiledRuleSet RuleSet, CohortResult Now, ActionReport Report)> NationalApplied = new(() =>
    {
        var (ruleSet, now) = Score(National, "examples/national/tertiary-cohort.json");
        return (ruleSet, now, Pack.Value.Apply(now, ruleSet, null));
    });
}
