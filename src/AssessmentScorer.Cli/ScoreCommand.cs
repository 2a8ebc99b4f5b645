using System.Text.Json;

namespace AssessmentScorer.Cli;

internal static class ScoreCommand
{
    public static int Run(string rulesetsDir, string reference, string format, string[] files, TextWriter stdout, TextWriter stderr)
    {
        var load = RuleSetRegistry.LoadDirectory(rulesetsDir);
        if (!load.Success)
            Output.Diagnostics(load.Diagnostics.Where(d => d.Severity == Severity.Error), stderr, ReadLines);
        var rs = load.Registry.Resolve(reference);
        if (rs is null)
        {
            var known = load.Registry.All.Select(r => r.ToString());
            stderr.WriteLine($"error: no rule set matches '{reference}' in {rulesetsDir}. Loaded: {string.Join(", ", known)}");
            return Cli.Usage;
        }
        var submissions = new List<Submission>();
        var bad = 0;
        foreach (var file in files)
        {
            string text;
            try { text = File.ReadAllText(file); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"{file}: error AS5000: cannot read the file: {ex.Message}");
                bad++;
                continue;
            }
            foreach (var (sub, problems, label) in Read(text, file))
            {
                if (sub is null)
                {
                    foreach (var p in problems) stderr.WriteLine($"{label}: error {p.Code}: {p.Field}: {p.Message}");
                    bad++;
                    continue;
                }
                submissions.Add(sub);
            }
        }
        if (submissions.Count == 0)
        {
            stderr.WriteLine("error: no submission could be read");
            return Cli.Findings;
        }
        if (submissions.Count == 1)
        {
            var result = rs.Score(submissions[0]);
            if (format == "json") stdout.WriteLine(result.ToJson());
            else Table.Write(stdout, result);
        }
        else
        {
            var cohort = rs.ScoreCohort(submissions);
            if (format == "json") stdout.WriteLine(cohort.ToJson());
            else Table.Write(stdout, cohort);
        }
        if (bad > 0) stderr.WriteLine($"{submissions.Count} scored, {bad} rejected");
        return bad > 0 ? Cli.Findings : Cli.Ok;
    }

    /// <summary>A file holds one submission (an object) or a cohort (an array of them).</summary>
    internal static IEnumerable<(Submission? Sub, IReadOnlyList<Problem> Problems, string Label)> Read(string text, string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            var parsed = Submission.ParseJson(text);
            return new[] { (parsed.Submission, parsed.Problems, file) };
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                var single = Submission.ParseJson(text);
                return new[] { (single.Submission, single.Problems, file) };
            }
            var list = new List<(Submission?, IReadOnlyList<Problem>, string)>();
            var i = 0;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                var parsed = Submission.ParseJson(item.GetRawText());
                list.Add((parsed.Submission, parsed.Problems, $"{file}[{i}]"));
                i++;
            }
            return list;
        }
    }

    internal static string[]? ReadLines(string file)
    {
        try { return File.ReadAllLines(file); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }
}
