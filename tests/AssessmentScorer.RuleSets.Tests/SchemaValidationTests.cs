using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AssessmentScorer.RuleSets.Tests;

/// <summary>
/// rulesets/schema.json (rule files) and rulesets/tests.schema.json (their tests files), run by a real JSON Schema
/// validator over every bundled file read as YAML 1.2 (what an editor sees): every file is valid, and a misspelled
/// key, a wrong type or an unknown method is caught at its place.
/// </summary>
public class SchemaValidationTests
{
    private static readonly Lazy<JsonSchema> RuleSetSchema = new(() => Load("schema.json"));
    private static readonly Lazy<JsonSchema> TestsSchema = new(() => Load("tests.schema.json"));

    private static JsonSchema Load(string name) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(Repo.RuleSets, name)), new BuildOptions(), new Uri($"https://schemas.invalid/rulesets/{name}"));

    public static TheoryData<string> RuleFiles() => Files(f => !f.EndsWith(".tests.yaml", StringComparison.Ordinal));
    public static TheoryData<string> TestsFiles() => Files(f => f.EndsWith(".tests.yaml", StringComparison.Ordinal));

    private static TheoryData<string> Files(Func<string, bool> which)
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Repo.RuleSets, "*.yaml", SearchOption.AllDirectories)
                     .Where(f => Path.GetFileName(f) != "dictionary.yaml" && which(f)).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Repo.RuleSets, f).Replace('\\', '/'));
        return data;
    }

    /// <summary>Each error as "instance location: message".</summary>
    internal static List<string> Errors(JsonSchema schema, string yaml)
    {
        var json = Yaml12.ToJson(yaml)!.ToJsonString();
        using var doc = JsonDocument.Parse(json);
        var results = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var errors = new List<string>();
        Collect(results, errors);
        return errors.Distinct().ToList();
    }

    // Only the failures that make the whole fail: a branch of a oneOf that another branch satisfied is no error.
    private static void Collect(EvaluationResults r, List<string> errors)
    {
        if (r.IsValid) return;
        foreach (var (_, message) in r.Errors ?? new Dictionary<string, string>()) errors.Add($"{r.InstanceLocation}: {message}");
        foreach (var d in r.Details ?? []) Collect(d, errors);
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void BundledRuleFile_IsValidAgainstTheSchema(string file) =>
        Errors(RuleSetSchema.Value, File.ReadAllText(Path.Combine(Repo.RuleSets, file))).Should().BeEmpty();

    [Theory]
    [MemberData(nameof(TestsFiles))]
    public void BundledTestsFile_IsValidAgainstTheTestsSchema(string file) =>
        Errors(TestsSchema.Value, File.ReadAllText(Path.Combine(Repo.RuleSets, file))).Should().BeEmpty();

    private static readonly string Demo = File.ReadAllText(Path.Combine(Repo.RuleSets, "demo/hospital-basics/1.0.0.yaml"));

    [Theory]
    [InlineData("    points: 20\n", "    pionts: 20\n", "/indicators/0", "pionts")]
    [InlineData("    points: 20\n", "    points: twenty\n", "/indicators/0/points", null)]
    [InlineData("method: linear", "method: lineer", "/indicators/0/score/method", null)]
    [InlineData("scheme: cn.demo.hospital-basics", "schema: cn.demo.hospital-basics", "", "schema")]
    [InlineData("version: 1.0.0", "version: 1.0", "/version", null)]
    public void BrokenRuleFile_IsRejectedAtItsPlace(string from, string to, string location, string? named)
    {
        Demo.Should().Contain(from);
        var broken = Demo.Replace(from, to, StringComparison.Ordinal);

        var errors = Errors(RuleSetSchema.Value, broken);

        errors.Should().Contain(e => e.StartsWith(location + (location.Length == 0 ? "" : ""), StringComparison.Ordinal) && (named == null || e.Contains(named)),
            $"the error must name {location} {named}; got:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void BrokenTestsFile_MisspelledExpectKey_IsRejectedAtItsPlace()
    {
        var tests = File.ReadAllText(Path.Combine(Repo.RuleSets, "demo/hospital-basics/1.0.0.tests.yaml"));
        var broken = tests.Replace("      total: 100\n", "      totl: 100\n", StringComparison.Ordinal);
        broken.Should().NotBe(tests);

        Errors(TestsSchema.Value, broken).Should().Contain(e => e.StartsWith("/cases/0/expect", StringComparison.Ordinal) && e.Contains("totl"));
    }

    [Fact]
    public void Yaml12_ReadsDatesAsText_AndNumbersAsNumbers()
    {
        var json = Yaml12.ToJson("a: 2025-06-30\nb: 40\nc: 40%\nd: '7'\ne: true\nf: ~\ng: 0.5\nh: yes\n")!;
        json["a"]!.GetValueKind().Should().Be(JsonValueKind.String);
        json["b"]!.GetValue<decimal>().Should().Be(40);
        json["c"]!.GetValue<string>().Should().Be("40%");
        json["d"]!.GetValue<string>().Should().Be("7");
        json["e"]!.GetValue<bool>().Should().BeTrue();
        json["f"].Should().BeNull();
        json["g"]!.GetValue<decimal>().Should().Be(0.5m);
        json["h"]!.GetValue<string>().Should().Be("yes", "YAML 1.2 has no yes/no booleans");
    }
}
