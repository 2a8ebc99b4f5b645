using System.Globalization;
using AssessmentScorer.Examples.RulePack;
using AssessmentScorer.NRules;

namespace AssessmentScorer.NRules.Tests;

/// <summary>The sample rule pack on the example cohorts: the expected actions fire, and none fires without its cause.</summary>
public class SamplePackTests
{
    private static IEnumerable<(string Subject, string? Item)> Of<T>(ActionReport r, Func<T, string?> item) where T : ResultAction =>
        r.Actions.OfType<T>().Select(a => (a.SubjectId, item(a)));

    [Fact]
    public void Qiaocheng_the_same_indicator_unmet_in_2024_and_2025_leads_to_exactly_these_interviews()
    {
        var report = Cohorts.QiaochengApplied.Value.Report;
        // qiaocheng-2024.json: QC-H14's performance grade C in 2024 and 2025; QC-H08's and QC-H13's technology-transfer
        // share down in both years. QC-H30 (grade C and the share down in 2025 only) and QC-H10 (the share down in 2024
        // only) have no interview.
        Of<Interview>(report, a => a.IndicatorId).Should().BeEquivalentTo(new (string, string?)[]
        {
            ("QC-H08", "tech_transfer_share_up"), ("QC-H13", "tech_transfer_share_up"), ("QC-H14", "performance_grade_b"),
        });
        var h14 = report.Actions.OfType<Interview>().Single(a => a.SubjectId == "QC-H14");
        h14.Causes.Select(c => (c.Year, c.Field, c.ItemId, c.Value)).Should().Equal((2025, "met", "performance_grade_b", "false"), (2024, "met", "performance_grade_b", "false"));
        h14.Rule.Should().Be("unmet-two-years.interview");
    }

    [Fact]
    public void Without_earlier_years_no_interview_fires()
    {
        var (ruleSet, now, _, _) = Cohorts.QiaochengApplied.Value;
        Cohorts.Pack.Value.Apply(now, ruleSet, null).Actions.OfType<Interview>().Should().BeEmpty();
    }

    [Fact]
    public void Qiaocheng_performance_grade_below_B_leads_to_rectification_and_reduced_reward_pay()
    {
        var report = Cohorts.QiaochengApplied.Value.Report;
        // performance_grade C: QC-H14 and QC-H30 (examples/qiaocheng/cohort.json); every other hospital has B or better.
        Of<Rectification>(report, a => a.IndicatorId).Should().BeEquivalentTo(new (string, string?)[]
            { ("QC-H14", "performance_grade_b"), ("QC-H30", "performance_grade_b") });
        report.Actions.OfType<RewardPayCoefficient>().Select(a => (a.SubjectId, a.Coefficient))
            .Should().BeEquivalentTo(new[] { ("QC-H14", 0.9m), ("QC-H30", 0.9m) });
        report.Actions.OfType<Rectification>().Should().OnlyContain(a => a.Deadline == new DateOnly(2026, 6, 30));
    }

    [Fact]
    public void Qiaocheng_top_band_is_commended_and_funding_follows_the_band()
    {
        var (_, now, _, report) = Cohorts.QiaochengApplied.Value;
        var passedTop = now.Results.Where(r => r.Grade == "达标" && r.Passed == true).Select(r => r.Subject.Id);
        report.Actions.OfType<Commendation>().Select(a => a.SubjectId).Should().BeEquivalentTo(passedTop)
            .And.BeEquivalentTo("QC-H01", "QC-H02", "QC-H05", "QC-H24", "QC-H27", "QC-H28");
        var expected = new Dictionary<string, decimal> { ["达标"] = 1.10m, ["基本达标"] = 1.05m, ["部分达标"] = 1.00m, ["未达标"] = 0.90m };
        foreach (var r in now.Results)
        {
            var funding = report.Actions.OfType<FundingCoefficient>().Where(a => a.SubjectId == r.Subject.Id).ToList();
            if (r.Grade is null) funding.Should().BeEmpty();
            else funding.Should().ContainSingle().Which.Coefficient.Should().Be(expected[r.Grade], r.Subject.Id);
        }
    }

    [Fact]
    public void National_grades_below_B_rectify_and_reduce_pay_and_A_plus_plus_is_commended()
    {
        var report = Cohorts.NationalApplied.Value.Report;
        // examples/national/tertiary-cohort.expected.json: C+ NAT-T004; C++ NAT-T006, NAT-T010, NAT-T032; A++ NAT-T003, NAT-T030.
        var below = new[] { "NAT-T004", "NAT-T006", "NAT-T010", "NAT-T032" };
        report.Actions.OfType<Rectification>().Select(a => a.SubjectId).Should().BeEquivalentTo(below);
        report.Actions.OfType<Rectification>().Should().OnlyContain(a => a.IndicatorId == null && a.Rule == "grade-below-b.rectification");
        report.Actions.OfType<RewardPayCoefficient>().Select(a => a.SubjectId).Should().BeEquivalentTo(below);
        report.Actions.OfType<Commendation>().Select(a => a.SubjectId).Should().BeEquivalentTo("NAT-T003", "NAT-T030");
        // No grade (eight specialty hospitals without peers): no funding coefficient, since nothing causes one.
        report.Actions.OfType<FundingCoefficient>().Select(a => a.SubjectId).Should().NotContain(Enumerable.Range(16, 8).Select(i => $"NAT-T0{i}"));
        report.Actions.OfType<FundingCoefficient>().Where(a => a.Coefficient == 1.05m).Select(a => a.SubjectId).Should().BeEquivalentTo("NAT-T014");
        report.Actions.OfType<DataNotice>().Select(a => a.SubjectId).Distinct().Should().BeEquivalentTo("NAT-T031", "NAT-T032");
        report.Actions.OfType<DataNotice>().Should().HaveCount(8);   // 6 indicators of NAT-T031 and 2 of NAT-T032 lacked data
    }

    public static TheoryData<string> Cases => new() { "qiaocheng", "national" };

    [Theory, MemberData(nameof(Cases))]
    public void Every_cause_holds_in_the_results(string which)
    {
        var (report, results) = Applied(which);
        report.Actions.Should().NotBeEmpty();
        foreach (var action in report.Actions)
        {
            action.Causes.Should().NotBeEmpty();
            action.Rule.Should().NotBeNullOrEmpty();
            foreach (var c in action.Causes)
                Actual(results[(c.SubjectId, c.Year)], c).Should().Be(c.Value, $"{action.Rule} on {c.SubjectId}: {c.Field} {c.ItemId}");
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void No_action_fires_without_the_cause_its_rule_requires(string which)
    {
        var (report, results) = Applied(which);
        var ruleSet = which == "national" ? Cohorts.RuleSet(Cohorts.National) : Cohorts.RuleSet(Cohorts.Qiaocheng);
        var grades = ruleSet.Grading!.Grades.Select(g => g.Grade).ToList();
        foreach (var a in report.Actions)
        {
            var current = results[(a.SubjectId, a.Year)];
            bool HasCause(string field, string? item, string value, int? year = null) =>
                a.Causes.Any(c => c.SubjectId == a.SubjectId && c.Field == field && c.ItemId == item && c.Value == value && c.Year == (year ?? a.Year));
            bool GradeBelowB() => grades.Contains("B") && current.Grade is { } g && grades.IndexOf(g) > grades.IndexOf("B") && HasCause("grade", null, g);
            bool PerformanceUnmet() => HasCause("met", Illustrative.PerformanceGradeIndicator, "false");
            var why = $"{a.Rule} on {a.SubjectId}";
            switch (a)
            {
                case Rectification r:
                    (GradeBelowB() || PerformanceUnmet()).Should().BeTrue(why);
                    if (r.IndicatorId is { } id) HasCause("met", id, "false").Should().BeTrue(why);
                    break;
                case RewardPayCoefficient p:
                    (GradeBelowB() || PerformanceUnmet()).Should().BeTrue(why);
                    p.Coefficient.Should().Be(Illustrative.ReducedRewardPay);
                    break;
                case Interview i:
                    if (i.IndicatorId is { } ind) (HasCause("met", ind, "false") && HasCause("met", ind, "false", a.Year - 1)).Should().BeTrue(why);
                    else a.Causes.Should().Contain(c => c.Field == "veto" && c.Value == "true", why);
                    break;
                case Commendation:
                    (current.Grade == grades[0] && HasCause("grade", null, grades[0]) && current.Passed != false).Should().BeTrue(why);
                    break;
                case FundingCoefficient f:
                    HasCause("grade", null, current.Grade ?? "?").Should().BeTrue(why);
                    var band = grades.IndexOf(current.Grade!);
                    f.Coefficient.Should().Be(band == 0 ? 1.10m : band == grades.Count - 1 ? 0.90m : band == 1 ? 1.05m : 1.00m, why);
                    break;
                case DataNotice d:
                    HasCause("status", d.IndicatorId, "Missing").Should().BeTrue(why);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected action {a.Kind}");
            }
        }
        // At most one coefficient of each kind per subject: the bands and the two below-B reasons never overlap.
        report.Actions.Where(a => a is FundingCoefficient or RewardPayCoefficient).GroupBy(a => (a.SubjectId, a.Kind))
            .Should().OnlyContain(g => g.Count() == 1);
    }

    private static (ActionReport Report, Dictionary<(string, int), AssessmentResult> Results) Applied(string which)
    {
        if (which == "national")
        {
            var n = Cohorts.NationalApplied.Value;
            return (n.Report, n.Now.Results.ToDictionary(r => (r.Subject.Id, r.Year)));
        }
        var q = Cohorts.QiaochengApplied.Value;
        return (q.Report, q.Now.Results.Concat(q.Before.Results).ToDictionary(r => (r.Subject.Id, r.Year)));
    }

    /// <summary>The property a cause names, read from the result independently of the facts.</summary>
    private static string Actual(AssessmentResult r, Cause c)
    {
        static string B(bool? b) => b switch { true => "true", false => "false", _ => "none" };
        static string N(decimal d) => (d / 1.0000000000m).ToString(CultureInfo.InvariantCulture);
        return c.Field switch
        {
            "grade" => r.Grade ?? "none",
            "passed" => B(r.Passed),
            "total" => N(r.Total),
            "rank" => r.Cohort?.Rank.ToString(CultureInfo.InvariantCulture) ?? "none",
            "veto" => B(r.Vetoes.Single(v => v.Id == c.ItemId).Triggered),
            "met" => B(r.Indicators.Single(i => i.Id == c.ItemId).Met),
            "status" => r.Indicators.Single(i => i.Id == c.ItemId).Status.ToString(),
            "points" => N(r.Indicators.Single(i => i.Id == c.ItemId).Points),
            _ => throw new InvalidOperationException($"unknown field {c.Field}"),
        };
    }
}
