using System.CommandLine;

namespace AssessmentScorer.Cli;

/// <summary>Commands: score, apply, template, compare, validate, test, diff, sensitivity. Exit codes: 0 ok, 1 findings, 2 bad usage, 3 missing data.</summary>
internal static class Cli
{
    /// <summary>0 ok; 1 findings (rule-file errors, failed tests, rejected rows, invalid values); 2 bad usage; 3 scored, but some subject lacks data.</summary>
    public const int Ok = 0, Findings = 1, Usage = 2, MissingData = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var rulesetsOption = new Option<string>("--rulesets")
        {
            Description = "Directory of rule sets (default: ASSESSMENT_SCORER_RULESETS, else ./rulesets when there is one, else the rule sets bundled with the tool)",
            DefaultValueFactory = _ => DefaultRuleSets().Directory,
            Recursive = true,
        };

        var scoreRuleset = new Option<string>("--ruleset", "-r") { Description = "scheme (the version in force in each submission's year; also scheme@in-force), scheme@version, a range like scheme@^1.0, scheme@latest, or a draft rule file", Required = true };
        var scoreFormat = new Option<string>("--format", "-f") { Description = "table (default), json, jsonl (JSON lines: a header line, then one result per line), csv, xlsx or html", DefaultValueFactory = _ => "table" };
        scoreFormat.AcceptOnlyFromAmong(ScoreCommand.Formats);
        var scoreDetail = new Option<string>("--detail") { Description = "With json or jsonl: full (default; every result complete), indicators (rule-set constants once, in the catalogue) or summary (totals, grades, standing; no indicators)", DefaultValueFactory = _ => "full" };
        scoreDetail.AcceptOnlyFromAmong(ScoreCommand.Details);
        var scoreOut = new Option<string?>("--out", "-o") { Description = "Write the output to this file (required for xlsx)" };
        var scorePrevious = new Option<string[]>("--previous") { Description = "Last year's data (any input format), matched by subject id; repeat for several files" };
        var scoreFiles = new Argument<string[]>("inputs") { Description = "Submissions: .json (object or array), .jsonl, .csv (UTF-8 or GB18030) or .xlsx", Arity = ArgumentArity.OneOrMore };
        var scoreCohort = new Option<bool>("--cohort") { Description = "Score every submission as one cohort (ranks, percentile grades, aggregates); the default when there are several" };
        var scoreAlone = new Option<bool>("--alone") { Description = "Score each submission on its own (no ranks, no percentile grades, no aggregates); the default for one" };
        var scoreSensitivity = new Option<bool>("--sensitivity") { Description = "With --format html: add the grade-stability section (2% noise, 1000 draws, seed 1; docs/sensitivity.md)" };
        var score = new Command("score", "Score submissions or a cohort against a rule set") { scoreRuleset, scoreFormat, scoreDetail, scoreOut, scorePrevious, scoreCohort, scoreAlone, scoreSensitivity, scoreFiles };
        score.SetAction(r =>
        {
            if (r.GetValue(scoreCohort) && r.GetValue(scoreAlone))
            {
                stderr.WriteLine("error: --cohort and --alone exclude each other");
                return Usage;
            }
            var mode = r.GetValue(scoreCohort) ? ScoreMode.Cohort : r.GetValue(scoreAlone) ? ScoreMode.Alone : ScoreMode.Auto;
            return ScoreCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(scoreRuleset)!, r.GetValue(scoreFormat)!, r.GetValue(scoreOut),
                r.GetValue(scorePrevious) ?? Array.Empty<string>(), r.GetValue(scoreFiles)!, stdout, stderr, mode, r.GetValue(scoreSensitivity), r.GetValue(scoreDetail)!);
        });

        var applyRules = new Option<string>("--rules") { Description = "A compiled rules assembly (.dll) of NRules rule classes over the results (docs/nrules.md)", Required = true };
        var applyRuleset = new Option<string>("--ruleset", "-r") { Description = "The rule set that scores the inputs (as for score)", Required = true };
        var applyFormat = new Option<string>("--format", "-f") { Description = "table (default), json, csv or xlsx", DefaultValueFactory = _ => "table" };
        applyFormat.AcceptOnlyFromAmong(ApplyCommand.Formats);
        var applyOut = new Option<string?>("--out", "-o") { Description = "Write the actions to this file (required for xlsx)" };
        var applyPrevious = new Option<string[]>("--previous") { Description = "Last year's data (any input format), matched by subject id, as for score" };
        var applyEarlier = new Option<string[]>("--earlier") { Description = "Earlier years' submissions (any input format), scored with the same rule set, for rules that look back" };
        var applyFiles = new Argument<string[]>("inputs") { Description = "Submissions (any input format); several are scored as a cohort", Arity = ArgumentArity.OneOrMore };
        var apply = new Command("apply", "Score the inputs and apply a rules assembly to the results: rectifications, coefficients, interviews, commendations (结果运用)")
            { applyRules, applyRuleset, applyFormat, applyOut, applyPrevious, applyEarlier, applyFiles };
        apply.SetAction(r => ApplyCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(applyRules)!, r.GetValue(applyRuleset)!, r.GetValue(applyFormat)!, r.GetValue(applyOut),
            r.GetValue(applyPrevious) ?? Array.Empty<string>(), r.GetValue(applyEarlier) ?? Array.Empty<string>(), r.GetValue(applyFiles)!, stdout, stderr));

        var templateRuleset = new Option<string>("--ruleset", "-r") { Description = "scheme, scheme@version or a draft rule file whose fields the template asks for", Required = true };
        var templateFormat = new Option<string>("--format", "-f") { Description = "xlsx (default) or csv", DefaultValueFactory = _ => "xlsx" };
        templateFormat.AcceptOnlyFromAmong("xlsx", "csv");
        var templateOut = new Option<string?>("--out", "-o") { Description = "The file to write (required for xlsx)" };
        var template = new Command("template", "Write an empty input file with exactly the fields a rule set reads") { templateRuleset, templateFormat, templateOut };
        template.SetAction(r => TemplateCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(templateRuleset)!, r.GetValue(templateFormat)!, r.GetValue(templateOut), stdout, stderr));

        var compareRuleset = new Option<string>("--ruleset", "-r") { Description = "The rule set in force: scheme (the version in force in the cohort's year), scheme@version or a rule file", Required = true };
        var compareAgainst = new Option<string>("--against") { Description = "The rule set to compare with: scheme@version or a draft rule file", Required = true };
        var compareFiles = new Argument<string[]>("inputs") { Description = "The cohort (any input format)", Arity = ArgumentArity.OneOrMore };
        var compareOut = new Option<string?>("--out", "-o") { Description = "Write the comparison to this file rather than to standard output" };
        var compare = new Command("compare", "Score a cohort under two rule sets: grade-migration matrix and the subjects that moved") { compareRuleset, compareAgainst, compareOut, compareFiles };
        compare.SetAction(r => OutputFile.Printed(r.GetValue(compareOut), [.. r.GetValue(compareFiles)!, r.GetValue(compareRuleset)!, r.GetValue(compareAgainst)!], stdout, stderr,
            o => CompareCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(compareRuleset)!, r.GetValue(compareAgainst)!, r.GetValue(compareFiles)!, o, stderr)));

        var validatePaths = new Argument<string[]>("paths") { Description = "Rule files or directories (default: the rule-set directory)", Arity = ArgumentArity.ZeroOrMore };
        var validate = new Command("validate", "Check rule files and print every problem as file(line,col): error CODE: message") { validatePaths };
        validate.SetAction(r => ValidateCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(validatePaths) ?? Array.Empty<string>(), stdout, stderr));

        var testPaths = new Argument<string[]>("paths") { Description = "Directories, <version>.tests.yaml files or rule files (default: the rule-set directory)", Arity = ArgumentArity.ZeroOrMore };
        var testCoverage = new Option<bool>("--coverage") { Description = "List every coverage gap (target cases, bands, levels), not only uncovered indicators" };
        var test = new Command("test", "Run the rule-set tests beside each rule set") { testPaths, testCoverage };
        test.SetAction(r => TestCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(testPaths) ?? Array.Empty<string>(), r.GetValue(testCoverage), stdout, stderr));

        var diffFrom = new Argument<string>("from") { Description = "scheme@version or rule file of the old rule set" };
        var diffTo = new Argument<string>("to") { Description = "scheme@version or rule file (a draft) of the new rule set" };
        var diffOut = new Option<string?>("--out", "-o") { Description = "Write the changes to this file rather than to standard output" };
        var diff = new Command("diff", "Show what changed between two rule sets: indicators added or removed, targets, points, methods, cut-offs") { diffOut, diffFrom, diffTo };
        diff.SetAction(r => OutputFile.Printed(r.GetValue(diffOut), [r.GetValue(diffFrom)!, r.GetValue(diffTo)!], stdout, stderr,
            o => DiffCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(diffFrom)!, r.GetValue(diffTo)!, o, stderr)));

        var storePath = new Option<string>("--store") { Description = "The API's SQLite store (default: data/assessment-scorer.db, or AssessmentScorer__Store__Path)", DefaultValueFactory = _ => StoreCommand.DefaultStore };
        var storeForce = new Option<bool>("--force") { Description = "Replace the file written if it exists (never done without this)" };
        var backupOut = new Argument<string>("backup") { Description = "The backup file to write" };
        var backupCmd = new Command("backup", "Copy the store while the API may be running (SQLite online backup)") { storePath, storeForce, backupOut };
        backupCmd.SetAction(r => StoreCommand.Backup(r.GetValue(storePath)!, r.GetValue(backupOut)!, r.GetValue(storeForce), stdout, stderr));
        var restoreIn = new Argument<string>("backup") { Description = "The backup file to restore" };
        var restoreCmd = new Command("restore", "Restore the store from a backup (an existing store is replaced only with --force; stop the API first)") { storePath, storeForce, restoreIn };
        restoreCmd.SetAction(r => StoreCommand.Restore(r.GetValue(restoreIn)!, r.GetValue(storePath)!, r.GetValue(storeForce), stdout, stderr));
        var store = new Command("store", "Back up or restore the API's round store (SQLite)") { backupCmd, restoreCmd };

        var sensRuleset = new Option<string>("--ruleset", "-r") { Description = "scheme (the version in force), scheme@version or a draft rule file", Required = true };
        var sensNoise = new Option<string>("--noise") { Description = "Relative measurement noise per field, e.g. 2% (default)", DefaultValueFactory = _ => "2%" };
        var sensDraws = new Option<int>("--draws") { Description = "Noisy copies scored per subject (default 1000)", DefaultValueFactory = _ => 1000 };
        var sensSeed = new Option<int>("--seed") { Description = "Seed of the draws (default 1): the same seed gives the same result", DefaultValueFactory = _ => 1 };
        var sensFormat = new Option<string>("--format", "-f") { Description = "table (default) or json", DefaultValueFactory = _ => "table" };
        sensFormat.AcceptOnlyFromAmong("table", "json");
        var sensOut = new Option<string?>("--out", "-o") { Description = "Write the analysis to this file rather than to standard output" };
        var sensFiles = new Argument<string[]>("inputs") { Description = "The cohort (any input format)", Arity = ArgumentArity.OneOrMore };
        var sensitivity = new Command("sensitivity", "How robust the grades are: grade probabilities under noise, the smallest change that moves each grade, swing indicators, dense cut-offs")
            { sensRuleset, sensNoise, sensDraws, sensSeed, sensFormat, sensOut, sensFiles };
        sensitivity.SetAction(r => OutputFile.Printed(r.GetValue(sensOut), [.. r.GetValue(sensFiles)!, r.GetValue(sensRuleset)!], stdout, stderr,
            o => SensitivityCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(sensRuleset)!, r.GetValue(sensNoise)!, r.GetValue(sensDraws), r.GetValue(sensSeed),
                r.GetValue(sensFormat)!, r.GetValue(sensFiles)!, o, stderr)));

        var root = new RootCommand("assessment-scorer: score public hospitals against versioned assessment rule sets") { score, apply, template, compare, validate, test, diff, sensitivity, store };
        root.Options.Add(rulesetsOption);
        if (args is ["--version"])
        {
            // The tool's version and which rule sets a command run here would load.
            var (dir, where) = DefaultRuleSets();
            var version = typeof(Cli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "?";
            stdout.WriteLine($"assessment-scorer {version.Split('+')[0]}");
            stdout.WriteLine($"rule sets: {Path.GetFullPath(dir)} ({where})");
            var load = RuleSetRegistry.LoadDirectory(dir);
            foreach (var rs in load.Registry.All) stdout.WriteLine($"  {rs.Scheme}@{rs.Version} ({rs.Status})");
            return Ok;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine("Run 'assessment-scorer --help' for usage.");
            return Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return Findings;
        }
    }

    /// <summary>
    /// Where rule sets are loaded from when --rulesets is not given: ASSESSMENT_SCORER_RULESETS, else ./rulesets when the
    /// working directory has one (a checkout), else the rule sets and dictionary bundled with the installed tool.
    /// </summary>
    internal static (string Directory, string Where) DefaultRuleSets()
    {
        if (Environment.GetEnvironmentVariable("ASSESSMENT_SCORER_RULESETS") is { Length: > 0 } d) return (d, "ASSESSMENT_SCORER_RULESETS");
        if (System.IO.Directory.Exists("rulesets")) return ("rulesets", "./rulesets");
        var bundled = Path.Combine(AppContext.BaseDirectory, "rulesets");
        return System.IO.Directory.Exists(bundled) ? (bundled, "bundled with the tool") : ("rulesets", "./rulesets, not found");
    }
}
