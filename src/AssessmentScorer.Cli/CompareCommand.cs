using AssessmentScorer.Cli.Io;

namespace AssessmentScorer.Cli;

/// <summary>Scores a cohort under two rule sets and prints the grade-migration matrix and the subjects that moved.</summary>
internal static class CompareCommand
{
    public static int Run(string rulesetsDir, string reference, string against, string[] files, TextWriter stdout, TextWriter stderr)
    {
        var a = ScoreCommand.Resolve(rulesetsDir, reference, stderr);
        if (a is null) return Cli.Usage;
        var b = ScoreCommand.Resolve(rulesetsDir, against, stderr);
        if (b is null) return Cli.Usage;
        foreach (var f in files)
            if (!File.Exists(f)) { stderr.WriteLine($"error: no such file '{f}'"); return Cli.Usage; }
        var batch = Inputs.Read(files, a);
        foreach (var p in batch.Problems) stderr.WriteLine(p.ToString());
        if (batch.Items.Count == 0) { stderr.WriteLine("error: no submission could be read"); return Cli.Findings; }
        var cmp = RuleSetComparison.Compare(a, b, batch.Items.Select(i => i.Submission).ToList());
        stdout.WriteLine($"{a} → {b}: {cmp.Subjects.Count} subjects, {cmp.Subjects.Count(s => s.Moved)} changed grade");
        stdout.WriteLine();
        stdout.WriteLine("等级迁移 Grade migration (rows: before, columns: after)");
        var header = new[] { "before \\ after" }.Concat(cmp.ToGrades).ToArray();
        var rows = cmp.FromGrades.Select((g, i) => new[] { g }.Concat(cmp.Matrix[i].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray()).ToList();
        Output.Table(stdout, header, rows);
        var moved = cmp.Subjects.Where(s => s.Moved).ToList();
        if (moved.Count > 0)
        {
            stdout.WriteLine();
            stdout.WriteLine("变动的对象 Subjects that moved");
            Output.Table(stdout, new[] { "subject", "名称", "before", "after", "total before", "total after", "indicators changed" },
                moved.Select(s => new[] { s.SubjectId, s.Name ?? "", s.FromGrade ?? "—", s.ToGrade ?? "—", Output.Num(s.FromTotal), Output.Num(s.ToTotal),
                    string.Join(", ", s.Indicators.Select(i => i.Id)) }).ToList());
        }
        stderr.WriteLine($"read {batch.Read}, compared {cmp.Subjects.Count}, rejected {batch.Rejected}");
        return batch.Rejected > 0 ? Cli.Findings : Cli.Ok;
    }
}
