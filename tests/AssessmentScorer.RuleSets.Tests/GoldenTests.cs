using System.Text.Json;

namespace AssessmentScorer.RuleSets.Tests;

/// <summary>Keeps rulesets/ and examples/ honest: everything loads clean and every example scores to its expected JSON.</summary>
public class GoldenTests
{
    [Fact]
    public void RuleSets_All_LoadWithoutErrorsOrWarnings()
    {
        Repo.Registry.Diagnostics.Select(d => d.ToString()).Should().BeEmpty();
        Repo.Registry.Registry.All.Should().NotBeEmpty();
    }

    [Fact]
    public void RuleSets_EveryIndicator_CitesItsSource()
    {
        foreach (var rs in Repo.Registry.Registry.All)
            foreach (var ind in rs.Indicators)
                ind.Source.Should().NotBeNullOrWhiteSpace($"{rs}: indicator {ind.Id} must cite its source clause");
    }

    [Fact]
    public void RuleSets_EveryIndicator_HasChineseAndEnglishNames()
    {
        foreach (var rs in Repo.Registry.Registry.All)
            foreach (var ind in rs.Indicators)
            {
                ind.Name.Should().NotBe(ind.Id, $"{rs}: {ind.Id} needs its Chinese name");
                ind.NameEn.Should().NotBe(ind.Name, $"{rs}: {ind.Id} needs an English name");
            }
    }

    public static IEnumerable<object[]> Examples() =>
        Directory.EnumerateFiles(Repo.Examples, "*.expected.json", SearchOption.AllDirectories)
            .Select(p => new object[] { Path.GetRelativePath(Repo.Root, p).Replace('\\', '/') })
            .OrderBy(x => (string)x[0], StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_Scored_MatchesExpectedJson(string expectedPath)
    {
        var expected = File.ReadAllText(Path.Combine(Repo.Root, expectedPath)).TrimEnd();
        var inputPath = Path.Combine(Repo.Root, expectedPath[..^".expected.json".Length] + ".json");
        File.Exists(inputPath).Should().BeTrue($"{expectedPath} needs its input beside it");
        using var doc = JsonDocument.Parse(expected);
        var ruleSet = doc.RootElement.GetProperty("ruleSet");
        var reference = $"{ruleSet.GetProperty("scheme").GetString()}@{ruleSet.GetProperty("version").GetString()}";
        var rs = Repo.Registry.Registry.Resolve(reference);
        rs.Should().NotBeNull($"{reference} must be loaded");

        var input = File.ReadAllText(inputPath);
        string actual;
        using (var inputDoc = JsonDocument.Parse(input))
        {
            if (inputDoc.RootElement.ValueKind == JsonValueKind.Array)
            {
                // Read as the CLI that wrote the expected result reads it.
                var batch = SubmissionBatch.ReadJsonArray(input);
                batch.Rejected.Should().BeEmpty();
                actual = rs!.ScoreCohort(batch.Submissions).ToJson();
            }
            else
            {
                var parsed = Submission.ParseJson(input);
                parsed.Submission.Should().NotBeNull();
                actual = rs!.Score(parsed.Submission!).ToJson();
            }
        }
        actual.TrimEnd().Should().Be(expected, "the example's result changed; if intended, regenerate it with the command in examples/README.md");
    }
}
