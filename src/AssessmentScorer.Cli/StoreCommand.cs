using AssessmentScorer.Store;

namespace AssessmentScorer.Cli;

/// <summary><c>store backup|restore</c>: the API's SQLite round store (docs/rounds.md).</summary>
internal static class StoreCommand
{
    public static string DefaultStore => Environment.GetEnvironmentVariable("AssessmentScorer__Store__Path") is { Length: > 0 } p ? p : "data/assessment-scorer.db";

    public static int Backup(string store, string output, bool force, TextWriter stdout, TextWriter stderr) =>
        Report(StoreBackup.Backup(store, output, force), $"backed up {store} to {output}", stdout, stderr);

    public static int Restore(string backup, string store, bool force, TextWriter stdout, TextWriter stderr) =>
        Report(StoreBackup.Restore(backup, store, force), $"restored {backup} to {store}", stdout, stderr);

    private static int Report(StoreBackup.Failure? failure, string done, TextWriter stdout, TextWriter stderr)
    {
        if (failure is null)
        {
            stdout.WriteLine(done);
            return Cli.Ok;
        }
        stderr.WriteLine($"error: {failure.Message}");
        return failure.ExitCode;
    }
}
