using AssessmentScorer.Reports;

using System.Globalization;
using System.Text.Json;

namespace AssessmentScorer.Cli;

/// <summary>Prints how robust each grade is to measurement noise (the analysis is the library's: <see cref="Sensitivity"/>).</summary>
internal static class SensitivityCommand
{
    public static int Run(string rulesetsDir, string reference, string noise, int draws, int seed, string format, string[] files, TextWriter stdout, TextWriter stderr)
    {
        if (!TryNoise(noise, out var relative))
        {
            stderr.WriteLine($"error: --noise '{noise}' is not a relative noise such as 2% or 0.02");
            return Cli.Usage;
        }
        if (draws < 1) { stderr.WriteLine("error: --draws must be at least 1"); return Cli.Usage; }
        var installed = RuleSetSources.InstalledFor(rulesetsDir, reference);
        var resolved = RuleSetSources.Resolve(installed, rulesetsDir, reference, stderr);
        if (resolved is null) return Cli.Usage;
        foreach (var f in files)
            if (!File.Exists(f)) { stderr.WriteLine($"error: no such file '{f}' ({Path.GetFullPath(f)})"); return Cli.Usage; }
        if (RuleSetSources.ReadFor(installed, reference, resolved, files, stderr) is not var (rs, batch)) return Cli.Usage;
        foreach (var p in batch.Problems) stderr.WriteLine(p.ToString());
        if (batch.Items.Count == 0) { stderr.WriteLine("error: no submission could be read"); return Cli.Findings; }
        var result = Sensitivity.Analyze(rs, batch.Items.Select(i => i.Submission).ToList(), new SensitivityOptions(relative, draws, seed));
        if (format == "json")
        {
            stdout.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return Cli.Ok;
        }
        Write(result, stdout);
        return Cli.Ok;
    }

    internal static bool TryNoise(string text, out decimal relative)
    {
        var t = text.Trim();
        var percent = t.EndsWith('%');
        var ok = decimal.TryParse(percent ? t[..^1] : t, NumberStyles.Number, CultureInfo.InvariantCulture, out relative) && relative >= 0;
        if (percent) relative /= 100;
        return ok;
    }

    private static string P(decimal share) => SensitivitySection.P(share);

    internal static void Write(SensitivityResult r, TextWriter w)
    {
        w.WriteLine($"{r.RuleSet.Scheme}@{r.RuleSet.Version}: noise {P(r.Options.Noise)} per field, {r.Options.Draws} draws, seed {r.Options.Seed}");
        w.WriteLine();
        w.WriteLine("等级稳定性 Grade stability (most fragile first)");
        Output.Table(w, new[] { "subject", "名称", "grade", "P(grade)", "other grades", "smallest change that moves the grade" },
            r.Subjects.OrderBy(s => s.Stability).ThenBy(s => s.SubjectId, StringComparer.Ordinal).Select(s => new[]
            {
                s.SubjectId, s.Name ?? "", s.Grade, P(s.Stability),
                string.Join(", ", s.Grades.Where(g => g.Grade != s.Grade).Select(g => $"{g.Grade} {P(g.Probability)}")),
                SensitivitySection.Flip(s.SmallestFlip) ?? "none within ±50%",
            }).ToList());
        w.WriteLine();
        w.WriteLine("摇摆指标 Indicators deciding grades at the margin");
        if (r.Swings.Count == 0) w.WriteLine("  none: no grade moved under this noise");
        else Output.Table(w, new[] { "indicator", "名称", "subjects" }, r.Swings.Select(s => new[] { s.Id, s.Name, s.Subjects.ToString(CultureInfo.InvariantCulture) }).ToList());
        w.WriteLine();
        w.WriteLine($"分数线附近 Cut-offs and the subjects within ±{Output.Num(r.Options.Margin)} of them");
        if (r.Cutoffs.Count == 0) w.WriteLine("  the rule set does not grade by cut-offs");
        else Output.Table(w, new[] { "grade", "cut-off", "subjects near", "share" }, r.Cutoffs.Select(c => new[] { c.Grade, Output.Num(c.Cutoff), c.Near.ToString(CultureInfo.InvariantCulture), P(c.Share) }).ToList());
    }
}
