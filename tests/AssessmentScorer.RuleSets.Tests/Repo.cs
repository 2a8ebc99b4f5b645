namespace AssessmentScorer.RuleSets.Tests;

internal static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AssessmentScorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (AssessmentScorer.sln) not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;
    public static string RuleSets => Path.Combine(Root, "rulesets");
    public static string Examples => Path.Combine(Root, "examples");

    private static readonly Lazy<RegistryLoadResult> Loaded = new(() => RuleSetRegistry.LoadDirectory(RuleSets));
    public static RegistryLoadResult Registry => Loaded.Value;

    private static readonly Lazy<TestRunResult> TestRun = new(() => RuleSetTesting.RunDirectory(RuleSets));
    public static TestRunResult Tests => TestRun.Value;
}
