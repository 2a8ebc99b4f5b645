using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli;

/// <summary>
/// Scores a cohort under two rule sets and prints the data problems first (years outside a version's period, fields the
/// new version reads that the cohort lacks), then the grade-migration matrix and the subjects that moved, each with the
/// indicators behind the move, those from rule changes apart from those from missing data.
/// </summary>
internal static class CompareCommand
{
    public static int Run(string rulesetsDir, string reference, string against, string[] files, TextWriter stdout, TextWriter stderr)
    {
        var installed = RuleSetSources.InstalledFor(rulesetsDir, reference, against);
        var resolved = RuleSetSources.Resolve(installed, rulesetsDir, reference, stderr);
        if (resolved is null) return Cli.Usage;
        var b = RuleSetSources.Resolve(installed, rulesetsDir, against, stderr);
        if (b is null) return Cli.Usage;
        foreach (var f in files)
            if (!File.Exists(f)) { stderr.WriteLine($"error: no such file '{f}' ({Path.GetFullPath(f)})"); return Cli.Usage; }
        // The rule set in force: for `scheme` alone, the version in force in the cohort's year.
        if (RuleSetSources.ReadFor(installed, reference, resolved, files, stderr) is not var (a, batchA)) return Cli.Usage;
        var batch = ReadForBoth(files, a, batchA, b);
        foreach (var p in batch.Problems) stderr.WriteLine(p.ToString());
        if (batch.Items.Count == 0) { stderr.WriteLine("error: no submission could be read"); return Cli.Findings; }
        var cmp = RuleSetComparison.Compare(a, b, batch.Items.Select(i => i.Submission).ToList());
        stdout.WriteLine($"{a} → {b}: {cmp.Subjects.Count} subjects, {cmp.Subjects.Count(s => s.Moved)} changed grade");
        if (cmp.Notes.Count > 0)
        {
            stdout.WriteLine();
            stdout.WriteLine("数据问题 Data problems");
            foreach (var n in cmp.Notes) stdout.WriteLine($"  ! {n.Message}");
        }
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
            Output.Table(stdout, new[] { "subject", "名称", "before", "after", "total before", "total after", "cause 原因", "rule changes 规则变化", "missing data 缺少数据" },
                moved.Select(s => new[] { s.SubjectId, s.Name ?? "", s.FromGrade ?? "—", s.ToGrade ?? "—", Output.Num(s.FromTotal), Output.Num(s.ToTotal), s.Cause,
                    string.Join(", ", s.Indicators.Where(i => !i.CausedByMissingData).Select(i => i.Id)),
                    string.Join(", ", s.Indicators.Where(i => i.CausedByMissingData).Select(i => $"{i.Id} ({string.Join(", ", i.MissingData)})")) }).ToList());
            var byData = moved.Count(s => s.Cause == "data");
            var byRules = moved.Count(s => s.Cause == "rules");
            stdout.WriteLine($"moved by rule changes {byRules}, by missing data {byData}, by both {moved.Count - byRules - byData}");
        }
        stderr.WriteLine($"read {batch.Read}, compared {cmp.Subjects.Count}, rejected {batch.Rejected}" + (cmp.Notes.Count > 0 ? $", {cmp.Notes.Count} data problem(s)" : ""));
        return batch.Rejected > 0 || cmp.Notes.Count > 0 ? Cli.Findings : Cli.Ok;
    }

    /// <summary>
    /// A file is read by the fields of one rule set, so a field only the other defines would be dropped: when
    /// <paramref name="b"/> defines fields <paramref name="a"/> lacks, the files are read by both and each submission
    /// carries the values of both readings.
    /// </summary>
    private static InputBatch ReadForBoth(string[] files, CompiledRuleSet a, InputBatch batchA, CompiledRuleSet b)
    {
        var known = a.Fields.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        if (b.Fields.All(f => known.Contains(f.Id))) return batchA;
        var batchB = Inputs.Read(files, b);
        var byId = batchB.Items.GroupBy(i => (i.Submission.Subject.Id, i.Submission.Year)).ToDictionary(g => g.Key, g => g.First().Submission);
        for (var i = 0; i < batchA.Items.Count; i++)
        {
            var item = batchA.Items[i];
            if (!byId.TryGetValue((item.Submission.Subject.Id, item.Submission.Year), out var other)) continue;
            var values = new Dictionary<string, FieldValue>(other.Values, StringComparer.Ordinal);
            foreach (var (k, v) in item.Submission.Values) values[k] = v;
            batchA.Items[i] = item with { Submission = item.Submission with { Values = values } };
        }
        // A column the other rule set reads was read after all: no "not read" warning for it.
        var unreadByB = batchB.Problems.Where(p => p.Code == "AS5004").Select(p => (p.File, p.Column)).ToHashSet();
        batchA.Problems.RemoveAll(p => p.Code == "AS5004" && !unreadByB.Contains((p.File, p.Column)));
        return batchA;
    }
}
