using System.Text.Json.Nodes;

namespace AssessmentScorer.Cli.Tests;

/// <summary>The Leshan district cohort of examples/ repeated to <c>count</c> subjects, ids S00000, S00001, … (names changed by <c>name</c> when given).</summary>
internal static class RepeatedCohort
{
    public static CompiledRuleSet RuleSet() =>
        RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.sichuan.leshan.shizhong.high-quality@1.0.0")!;

    public static CohortResult Score(CompiledRuleSet rs, int count, Func<int, string>? name = null)
    {
        var template = JsonNode.Parse(File.ReadAllText(Repo.At("examples/leshan/district-cohort.json")))!.AsArray();
        var all = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var s = template[i % template.Count]!.DeepClone();
            s["subject"]!["id"] = $"S{i:D5}";
            if (name is not null) s["subject"]!["name"] = name(i);
            all.Add(s);
        }
        return rs.ScoreCohort(SubmissionBatch.ReadJsonArray(all.ToJsonString()).Submissions);
    }
}
