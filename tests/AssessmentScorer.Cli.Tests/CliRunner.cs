namespace AssessmentScorer.Cli.Tests;

/// <summary>Runs the command line in process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        var code = AssessmentScorer.Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
