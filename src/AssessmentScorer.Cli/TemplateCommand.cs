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
        if (OutputFile.Refused(outPath, [reference], stderr)) return Cli.Usage;
        if (format == "csv" && outPath is null) stdout.Write(TemplateWorkbook.Csv(rs));
        else if (!(format == "csv" ? OutputFile.TryWrite(outPath!, TemplateWorkbook.Csv(rs), stderr) : OutputFile.TryWrite(outPath!, s => TemplateWorkbook.WriteXlsx(s, rs), stderr)))
            return Cli.Usage;
        if (outPath is not null) stderr.WriteLine($"wrote {outPath}: {TemplateWorkbook.Columns(rs).Count} columns for {rs}");
        return Cli.Ok;
    }
}
