using System.CommandLine;

namespace AssessmentScorer.Cli;

/// <summary>Commands: score, validate, test. Exit codes: 0 ok, 1 findings, 2 bad usage.</summary>
internal static class Cli
{
    public const int Ok = 0, Findings = 1, Usage = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var rulesetsOption = new Option<string>("--rulesets")
        {
            Description = "Directory of rule sets (default: ./rulesets, or ASSESSMENT_SCORER_RULESETS)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ASSESSMENT_SCORER_RULESETS") is { Length: > 0 } d ? d : "rulesets",
            Recursive = true,
        };

        var scoreRuleset = new Option<string>("--ruleset", "-r") { Description = "scheme@version, scheme@latest or a range like scheme@^1.0", Required = true };
        var scoreFormat = new Option<string>("--format", "-f") { Description = "json or table", DefaultValueFactory = _ => "table" };
        scoreFormat.AcceptOnlyFromAmong("json", "table");
        var scoreFiles = new Argument<string[]>("submissions") { Description = "Submission JSON files (an object, or an array for a cohort)", Arity = ArgumentArity.OneOrMore };
        var score = new Command("score", "Score submissions against a rule set") { scoreRuleset, scoreFormat, scoreFiles };
        score.SetAction(r => ScoreCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(scoreRuleset)!, r.GetValue(scoreFormat)!, r.GetValue(scoreFiles)!, stdout, stderr));

        var validatePaths = new Argument<string[]>("paths") { Description = "Rule files or directories", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", "Check rule files and print every problem as file(line,col): error CODE: message") { validatePaths };
        validate.SetAction(r => ValidateCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(validatePaths)!, stdout, stderr));

        var testDir = new Argument<string>("directory") { Description = "Directory holding rule sets and their <version>.tests.yaml files", DefaultValueFactory = _ => "rulesets" };
        var testCoverage = new Option<bool>("--coverage") { Description = "List every coverage gap (target cases, bands, levels), not only uncovered indicators" };
        var test = new Command("test", "Run the rule-set tests beside each rule set") { testDir, testCoverage };
        test.SetAction(r => TestCommand.Run(r.GetValue(testDir)!, r.GetValue(testCoverage), stdout, stderr));

        var diffFrom = new Argument<string>("from") { Description = "scheme@version of the old rule set" };
        var diffTo = new Argument<string>("to") { Description = "scheme@version of the new rule set" };
        var diff = new Command("diff", "Show what changed between two rule sets: indicators added or removed, targets, points, methods, cut-offs") { diffFrom, diffTo };
        diff.SetAction(r => DiffCommand.Run(r.GetValue(rulesetsOption)!, r.GetValue(diffFrom)!, r.GetValue(diffTo)!, stdout, stderr));

        var root = new RootCommand("assessment-scorer: score public hospitals against versioned assessment rule sets") { score, validate, test, diff };
        root.Options.Add(rulesetsOption);
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
}
