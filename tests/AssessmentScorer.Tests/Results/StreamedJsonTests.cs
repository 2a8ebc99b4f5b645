namespace AssessmentScorer.Tests.Results;

public class StreamedJsonTests
{
    [Fact]
    public void WriteJson_Cohort_IsByteIdenticalToToJson()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "AssessmentScorer.sln"))) root = root.Parent!;
        var rs = RuleSetRegistry.LoadDirectory(Path.Combine(root.FullName, "rulesets")).Registry.Resolve("cn.national.tertiary-performance@1.1.0")!;
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root.FullName, "examples/national/tertiary-cohort.json")));
        var cohort = rs.ScoreCohort(doc.RootElement.EnumerateArray().Select(e => Submission.FromJson(e).Submission!).ToList());
        foreach (var indented in new[] { true, false })
        {
            using var ms = new MemoryStream();
            cohort.WriteJson(ms, indented);
            System.Text.Encoding.UTF8.GetString(ms.ToArray()).Should().Be(cohort.ToJson(indented));
        }
    }
}
