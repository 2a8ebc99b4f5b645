namespace AssessmentScorer.Testing;

/// <summary>This project's part of the shared <see cref="Repo"/> (tests/Shared/Repo.cs): the bundled rule sets, loaded and tested once.</summary>
internal static partial class Repo
{
    private static readonly Lazy<RegistryLoadResult> Loaded = new(() => RuleSetRegistry.LoadDirectory(RuleSets));
    public static RegistryLoadResult Registry => Loaded.Value;

    private static readonly Lazy<TestRunResult> TestRun = new(() => RuleSetTesting.RunDirectory(RuleSets));
    public static TestRunResult Tests => TestRun.Value;
}
