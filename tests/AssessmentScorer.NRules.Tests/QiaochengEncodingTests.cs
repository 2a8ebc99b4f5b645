using AssessmentScorer.Benchmarks.Qiaocheng;

namespace AssessmentScorer.NRules.Tests;

/// <summary>
/// The NRules encoding of the 亳州 rule set (benchmarks/Qiaocheng, the nrules benchmark's) agrees with the engine on
/// 2,000 generated hospitals: every hospital indicator's status, met and points, and the total, grade and pass.
/// </summary>
public class QiaochengEncodingTests
{
    private static readonly Lazy<(List<QcHospital> Hospitals, List<AssessmentResult> Results)> Run = new(() =>
    {
        var hospitals = QcGenerator.Hospitals(2_000);
        var ruleSet = Cohorts.RuleSet(QcNRules.RuleSet);
        var results = QcNRules.Submissions(hospitals).Select(ruleSet.Score).ToList();
        QcNRules.Run(QcNRules.Compile(), hospitals);
        return (hospitals, results);
    });

    [Fact]
    public void The_rules_agree_with_the_engine_on_every_indicator_and_on_total_grade_and_pass()
    {
        var (hospitals, results) = Run.Value;
        var disagreements = QcNRules.Disagreements(hospitals, results);
        disagreements.Should().BeEmpty("{0} disagreements, first: {1}", disagreements.Count, string.Join(" | ", disagreements.Take(10)));
    }

    [Fact]
    public void The_direct_reference_agrees_with_the_engine_and_concludes_what_the_rules_conclude()
    {
        var (ruled, results) = Run.Value;
        var hospitals = QcGenerator.Hospitals(2_000);
        QcDirect.Run(hospitals);
        var disagreements = QcNRules.Disagreements(hospitals, results);
        disagreements.Should().BeEmpty("{0} disagreements, first: {1}", disagreements.Count, string.Join(" | ", disagreements.Take(10)));
        // Outcome for outcome, the same conclusions as under NRules (which rule applied, value, target, points, sentences).
        for (var k = 0; k < hospitals.Count; k++)
        {
            var (d, r) = (hospitals[k], ruled[k]);
            (d.Total, d.MaxTotal, d.Grade, d.Passed).Should().Be((r.Total, r.MaxTotal, r.Grade, r.Passed), d.Id);
            for (var i = 0; i < QcIndicators.Count; i++)
            {
                var (a, b) = (d.Outcomes[i], r.Outcomes[i]);
                (a is null).Should().Be(b is null, $"{d.Id} {QcIndicators.Ids[i]}");
                if (a is null || b is null) continue;
                (a.Status, a.Met, a.Points, a.MaxPoints, a.Value, a.Target).Should().Be((b.Status, b.Met, b.Points, b.MaxPoints, b.Value, b.Target), $"{d.Id} {QcIndicators.Ids[i]}");
                a.Explanation.Should().Be(b.Explanation);
            }
        }
        hospitals.SelectMany(h => h.Outcomes).Count(o => o is null).Should().BeGreaterThan(0, "some rules do not apply to every hospital");
    }

    [Fact]
    public void The_generated_hospitals_cover_met_not_met_boundary_missing_undefined_and_every_grade()
    {
        var (hospitals, results) = Run.Value;
        var outcomes = results.SelectMany(r => r.Indicators).Where(i => QcIndicators.IndexOf.ContainsKey(i.Id)).ToList();
        outcomes.Should().Contain(i => i.Met == true).And.Contain(i => i.Met == false)
            .And.Contain(i => i.Status == IndicatorStatus.Missing).And.Contain(i => i.Status == IndicatorStatus.Undefined)
            .And.Contain(i => i.Status == IndicatorStatus.NotApplicable);
        // Exactly on the target: day surgery at 10%, nurses at 1.2 per physician, personnel at 40% — met (以上 includes it).
        outcomes.Where(i => i.Id == "day_surgery_share" && i.Met == true).Select(i => i.Value).Should().Contain(0.10m);
        outcomes.Where(i => i.Id == "nurse_ratio" && i.Met == true).Select(i => i.Value).Should().Contain(1.2m);
        // Partial linear points.
        outcomes.Should().Contain(i => i.Id == "personnel_share" && i.Points > 0 && i.Points < i.MaxPoints);
        var missingShare = outcomes.Count(i => i.Status == IndicatorStatus.Missing) / (double)outcomes.Count;
        missingShare.Should().BeInRange(0.01, 0.15);
        results.Select(r => r.Grade).Distinct().Should().Contain(["达标", "基本达标", "部分达标", "未达标"]);
        results.Should().Contain(r => r.Passed == true).And.Contain(r => r.Passed == false);
        hospitals.Should().OnlyContain(h => h.Graded);
    }
}
