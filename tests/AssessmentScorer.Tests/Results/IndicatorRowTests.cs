using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Tests.Results;

/// <summary>
/// An indicator's cells read from the scorer's outcome (<see cref="IndicatorList.RowOf"/>) without its record: each is the
/// record's property of the same name, for every example and seeded random submission of every bundled rule set, alone
/// and in cohorts.
/// </summary>
public class IndicatorRowTests
{
    [Fact]
    public void RowOf_IsWhatTheRecordCarries_ForEveryExampleAndRandomSubmission()
    {
        var registry = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;
        var kinds = new HashSet<string>();
        var read = 0;
        foreach (var item in AssessmentScorer.Tests.Reliability.Workload.Items)
        {
            var rs = registry.Resolve(item.Reference)!;
            var subs = item.SubmissionsJson.Select(j => Submission.ParseJson(j).Submission!).ToList();
            foreach (var r in subs.Select(rs.Score).Concat(rs.ScoreCohort(subs).Results))
            {
                var list = r.Indicators.Should().BeOfType<IndicatorList>().Subject;
                for (var k = 0; k < list.Count; k++)
                {
                    var record = list[k];
                    var c = list.RowOf(k);
                    var because = $"{item.Name}: {r.Subject.Id} {record.Id}";
                    c.Value.Should().Be(record.Value, because);
                    c.Value?.GetType().Should().Be(record.Value!.GetType(), because);
                    if (c.Value is decimal d) d.Scale.Should().Be(((decimal)record.Value!).Scale, because);
                    c.DisplayValue.Should().Be(record.DisplayValue, because);
                    c.Target.Should().Be(record.Target, because);
                    (c.Met, c.Points, c.MaxPoints, c.Status).Should().Be((record.Met, record.Points, record.MaxPoints, record.Status), because);
                    c.Points.Scale.Should().Be(record.Points.Scale, because);
                    c.MaxPoints.Scale.Should().Be(record.MaxPoints.Scale, because);
                    c.MissingData.Should().Equal(record.MissingData, because);
                    var d2 = list.Def(k);
                    (d2.Id, d2.Name.Zh, d2.Name.En, d2.Dimension).Should().Be((record.Id, record.Name, record.NameEn, record.Dimension), because);
                    kinds.Add($"{c.Value?.GetType().Name ?? "null"}/{c.Status}/{(c.Target is null ? "no target" : "target")}/{list.Outcomes[k].Deferred is not null}");
                    read++;
                }
                list.Invoking(l => l.RowOf(l.Count)).Should().Throw<ArgumentOutOfRangeException>();
                list.Invoking(l => l.RowOf(-1)).Should().Throw<ArgumentOutOfRangeException>();
            }
        }
        read.Should().BeGreaterThan(1000);
        // Numbers, yes/no and levels scored; no value (missing, not applicable); targets given and made from last year's value.
        kinds.Should().Contain(["Decimal/Scored/target/False", "Boolean/Scored/target/False", "String/Scored/target/False", "null/Missing/target/False"]);
        kinds.Should().Contain(k => k.StartsWith("null/NotApplicable/", StringComparison.Ordinal));
        kinds.Should().Contain(k => k.EndsWith("/target/True", StringComparison.Ordinal), "a target made from last year's value");
    }
}
