namespace AssessmentScorer.Tests.Results;

public class StreamedJsonTests
{
    [Fact]
    public void WriteJson_Cohort_IsByteIdenticalToToJson()
    {
        var rs = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.national.tertiary-performance@1.1.0")!;
        using var doc = System.Text.Json.JsonDocument.Parse(Repo.Read("examples/national/tertiary-cohort.json"));
        var cohort = rs.ScoreCohort(doc.RootElement.EnumerateArray().Select(e => Submission.FromJson(e).Submission!).ToList());
        foreach (var indented in new[] { true, false })
        {
            using var ms = new MemoryStream();
            cohort.WriteJson(ms, indented);
            System.Text.Encoding.UTF8.GetString(ms.ToArray()).Should().Be(cohort.ToJson(indented));
        }
    }
}
