using System.Text.Json;

namespace AssessmentScorer.RuleSets.Tests;

/// <summary>The editor schema (rulesets/schema.json) and the loader agree on the keys a rule file may use.</summary>
public class SchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.RuleSets, "schema.json"))).RootElement;

    private static IEnumerable<string> Keys(JsonElement e) => e.GetProperty("properties").EnumerateObject().Select(p => p.Name).OrderBy(x => x, StringComparer.Ordinal);

    [Fact]
    public void RootKeys_SchemaAndLoader_Agree()
    {
        var loaderKeys = typeof(RuleSetLoader).Assembly.GetType("AssessmentScorer.RuleSets.RuleSetParser")!
            .GetField("RootKeys", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null) as string[];
        Keys(Schema).Should().BeEquivalentTo(loaderKeys!);
    }

    [Fact]
    public void IndicatorKeys_SchemaAndLoader_Agree()
    {
        var loaderKeys = typeof(RuleSetLoader).Assembly.GetType("AssessmentScorer.RuleSets.RuleSetParser")!
            .GetField("IndicatorKeys", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null) as string[];
        Keys(Schema.GetProperty("properties").GetProperty("indicators").GetProperty("items")).Should().BeEquivalentTo(loaderKeys!);
    }

    [Fact]
    public void TaskAndGradingKeys_SchemaHasEveryKeyTheLoaderReads()
    {
        var task = Schema.GetProperty("properties").GetProperty("indicators").GetProperty("items").GetProperty("properties").GetProperty("task");
        Keys(task).Should().BeEquivalentTo(new[] { "deadline", "from", "evidence", "min_evidence", "evidence_match", "standard", "method", "check" });
        Keys(Schema.GetProperty("properties").GetProperty("grading")).Should().Contain("min_coverage");
    }

    [Fact]
    public void RuleFiles_All_ReferenceTheSchema()
    {
        foreach (var file in Directory.EnumerateFiles(Repo.RuleSets, "*.yaml", SearchOption.AllDirectories)
                     .Where(f => !f.EndsWith(".tests.yaml", StringComparison.Ordinal) && Path.GetFileName(f) != "dictionary.yaml"))
            File.ReadLines(file).First().Should().StartWith("# yaml-language-server: $schema=", file);
    }
}
