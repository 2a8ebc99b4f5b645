using AssessmentScorer.NRules;
using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli;

/// <summary>apply: score the inputs, run a compiled rules assembly over the results and write the actions (结果运用).</summary>
internal static class ApplyCommand
{
    public static readonly string[] Formats = { "table", "json", "csv", "xlsx" };

    public static int Run(string rulesetsDir, string rulesPath, string reference, string format, string? outPath, string[] previousFiles,
        string[] earlierFiles, string[] files, TextWriter stdout, TextWriter stderr)
    {
        if (format == "xlsx" && outPath is null)
        {
            stderr.WriteLine("error: --format xlsx writes a workbook; give --out <file.xlsx>");
            return Cli.Usage;
        }
        if (OutputFile.Refused(outPath, files.Concat(previousFiles).Concat(earlierFiles).Append(rulesPath).Append(reference), stderr)) return Cli.Usage;
        ResultRules rules;
        try
        {
            rules = ResultRules.Load(rulesPath);
        }
        catch (ResultRulesException e)
        {
            stderr.WriteLine($"error: --rules {e.Message}");
            return Cli.Usage;
        }
        var installed = RuleSetSources.InstalledFor(rulesetsDir, reference);
        var resolved = RuleSetSources.Resolve(installed, rulesetsDir, reference, stderr);
        if (resolved is null) return Cli.Usage;
        foreach (var f in files.Concat(previousFiles).Concat(earlierFiles))
            if (!File.Exists(f))
            {
                stderr.WriteLine($"error: no such file '{f}'");
                return Cli.Usage;
            }
        if (RuleSetSources.ReadFor(installed, reference, resolved, files, stderr) is not var (rs, batch)) return Cli.Usage;
        var problems = new List<InputProblem>(batch.Problems);
        if (previousFiles.Length > 0) Inputs.AttachPrevious(batch, Inputs.Read(previousFiles, rs), problems);
        // Earlier years' results for rules that look back: the earlier inputs scored with the same rule set, a cohort per year.
        ResultHistory? history = null;
        if (earlierFiles.Length > 0)
        {
            var earlier = Inputs.Read(earlierFiles, rs);
            problems.AddRange(earlier.Problems);
            history = new ResultHistory([]);
            foreach (var year in earlier.Items.GroupBy(i => i.Submission.Year).OrderBy(g => g.Key))
                foreach (var r in rs.ScoreCohort(year.Select(i => i.Submission)).Results) history.Add(r);
        }
        foreach (var p in problems) stderr.WriteLine(p.ToString());
        if (batch.Items.Count == 0)
        {
            stderr.WriteLine($"read {batch.Read}, applied 0, rejected {batch.Rejected}: no submission could be read");
            return Cli.Findings;
        }

        var subs = batch.Items.Select(i => i.Submission).ToList();
        ActionReport report;
        try
        {
            report = subs.Count == 1
                ? rules.Apply(rs.Score(subs[0]), rs, history)
                : rules.Apply(ScoreCommand.WithProgress(subs.Count, stderr, p => rs.ScoreCohort(subs, p)), rs, history);
        }
        catch (ResultRulesException e)
        {
            stderr.WriteLine($"error: {rulesPath}: {e.Message}");
            return Cli.Findings;
        }

        byte[]? bytes = null;
        string? text = null;
        switch (format)
        {
            case "json": text = report.ToJson() + "\n"; break;
            case "csv": text = ActionReports.Csv(report); break;
            case "xlsx":
                using (var ms = new MemoryStream()) { ActionReports.Workbook(ms, report); bytes = ms.ToArray(); }
                break;
            default: text = ActionReports.Table(report); break;
        }
        if (outPath is null) stdout.Write(text);
        else
        {
            if (!(bytes is not null ? OutputFile.TryWrite(outPath, bytes, stderr) : OutputFile.TryWrite(outPath, text ?? "", stderr))) return Cli.Usage;
            stderr.WriteLine($"wrote {outPath}");
        }
        stderr.WriteLine($"read {batch.Read}, applied {subs.Count}, rejected {batch.Rejected}; {report.Actions.Count} action(s) from {rules.RuleNames.Count} rule(s)");
        return batch.Rejected > 0 || problems.Any(p => !ProblemCodes.IsWarning(p.Code)) ? Cli.Findings : Cli.Ok;
    }
}
