using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli;

/// <summary>Writes an empty input file with exactly the fields a rule set reads (the writer is TemplateWorkbook, shared with the API).</summary>
internal static class TemplateCommand
{
    public static int Run(string rulesetsDir, string reference, string format, string? outPath, TextWriter stdout, TextWriter stderr)
    {
        var rs = RuleSetSources.Resolve(rulesetsDir, reference, stderr);
        if (rs is null) return Cli.Usage;
        if (format == "xlsx" && outPath is null)
        {
            stderr.WriteLine("error: --format xlsx writes a workbook; give --out <file.xlsx>");
            return Cli.Usage;
        }
        if (format == "csv")
        {
            var text = TemplateWorkbook.Csv(rs);
            if (outPath is null) stdout.Write(text); else File.WriteAllText(outPath, text);
        }
        else
        {
            using var fs = File.Create(outPath!);
            TemplateWorkbook.WriteXlsx(fs, rs);
        }
        if (outPath is not null) stderr.WriteLine($"wrote {outPath}: {TemplateWorkbook.Columns(rs).Count} columns for {rs}");
        return Cli.Ok;
    }
}
