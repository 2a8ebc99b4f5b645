namespace AssessmentScorer.Cli;

internal static class ValidateCommand
{
    public static int Run(string rulesetsDir, string[] paths, TextWriter stdout, TextWriter stderr)
    {
        // No paths: the rule-set directory itself.
        if (paths.Length == 0)
        {
            if (!Directory.Exists(rulesetsDir)) { RuleSetSources.NoDirectory(rulesetsDir, stderr); return Cli.Usage; }
            paths = new[] { rulesetsDir };
        }
        // Installed rule sets let a draft extend them; a draft never joins the registry.
        var installed = RuleSetSources.Installed(rulesetsDir).Registry;
        var errors = 0; var warnings = 0; var checkedFiles = 0;
        foreach (var path in paths)
        {
            IReadOnlyList<Diagnostic> diags;
            if (Directory.Exists(path))
            {
                var load = RuleSetRegistry.LoadDirectory(path);
                diags = load.Diagnostics;
                checkedFiles += load.Registry.All.Count + load.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Location.File).Distinct().Count();
                foreach (var rs in load.Registry.All) stdout.WriteLine($"ok  {rs.File}  {rs}  {rs.Indicators.Count} indicators  sha256:{rs.Digest[..12]}");
            }
            else if (File.Exists(path))
            {
                string text;
                try { text = File.ReadAllText(path); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"{path}: error AS1008: the file cannot be read: {ex.Message}");
                    errors++;
                    continue;
                }
                var result = installed.LoadDraft(text, path.Replace('\\', '/'));
                diags = result.Diagnostics;
                checkedFiles++;
                if (result.RuleSet is { } rs) stdout.WriteLine($"ok  {path}  {rs}  {rs.Indicators.Count} indicators  sha256:{rs.Digest[..12]}");
            }
            else
            {
                stderr.WriteLine($"error: '{path}' is neither a file nor a directory (looked for {Path.GetFullPath(path)})");
                return Cli.Usage;
            }
            Output.Diagnostics(diags, stderr, ScoreCommand.ReadLines);
            errors += diags.Count(d => d.Severity == Severity.Error);
            warnings += diags.Count(d => d.Severity == Severity.Warning);
        }
        stdout.WriteLine($"{checkedFiles} file(s) checked: {errors} error(s), {warnings} warning(s)");
        return errors > 0 ? Cli.Findings : Cli.Ok;
    }
}
