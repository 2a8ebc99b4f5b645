using System.Text.Json;
using AssessmentScorer.Fuzzing;

namespace AssessmentScorer.Tests.Reliability;

/// <summary>Every example of examples/ and seeded random submissions for every bundled rule set, with a way to score them all.</summary>
internal static class Workload
{
    public sealed record Item(string Name, string Reference, IReadOnlyList<string> SubmissionsJson, bool Cohort);

    public static IReadOnlyList<Item> Items { get; } = Build();

    private static List<Item> Build()
    {
        var items = new List<Item>();
        foreach (var expected in Directory.EnumerateFiles(Path.Combine(Repo.Root, "examples"), "*.expected.json", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(expected));
            var rs = doc.RootElement.GetProperty("ruleSet");
            var reference = $"{rs.GetProperty("scheme").GetString()}@{rs.GetProperty("version").GetString()}";
            var input = File.ReadAllText(expected[..^".expected.json".Length] + ".json");
            using var inputDoc = JsonDocument.Parse(input);
            var cohort = inputDoc.RootElement.ValueKind == JsonValueKind.Array;
            var subs = cohort ? inputDoc.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToArray() : new[] { input };
            items.Add(new Item(Path.GetRelativePath(Repo.Root, expected), reference, subs, cohort));
        }
        // Seeded random submissions (wrong values, missing data, odd subjects) for every rule set.
        var ctx = FuzzContext.Load(Repo.RuleSets);
        var gen = new Generator(ctx);
        foreach (var rs in ctx.Installed.All)
        {
            var r = new Random(rs.Scheme.Length * 31 + rs.Version.Major);
            var made = 0;
            for (var attempt = 0; attempt < 400 && made < 8; attempt++)
            {
                var json = gen.SubmissionJson(r, rs);
                if (Submission.ParseJson(json).Submission is null) continue;
                items.Add(new Item($"{rs.Scheme}@{rs.Version} random {made}", $"{rs.Scheme}@{rs.Version}", new[] { json }, false));
                made++;
            }
        }
        return items;
    }

    /// <summary>Scores one item against a registry: the result (or cohort) JSON.</summary>
    public static string Score(RuleSetRegistry registry, Item item)
    {
        var rs = registry.Resolve(item.Reference) ?? throw new InvalidOperationException(item.Reference + " not loaded");
        var subs = item.SubmissionsJson.Select(j => Submission.ParseJson(j).Submission!).ToList();
        return item.Cohort ? rs.ScoreCohort(subs).ToJson() : rs.Score(subs[0]).ToJson();
    }
}
