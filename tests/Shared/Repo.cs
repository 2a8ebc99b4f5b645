namespace AssessmentScorer.Testing;

/// <summary>
/// Paths in the repository checkout the code runs from, found by walking up to <c>AssessmentScorer.sln</c> from the
/// binaries, then from the working directory. This one file is linked into every test project
/// (tests/Directory.Build.props), the fuzz harness and the benchmarks; a project adds its own members (the
/// demonstration rule set, the loaded registry) in a part of this partial class.
/// </summary>
internal static partial class Repo
{
    private static readonly Lazy<string?> Found = new(() => FindAbove(AppContext.BaseDirectory) ?? FindAbove(Directory.GetCurrentDirectory()));

    /// <summary>The checkout's root folder, or null when the code runs outside a checkout.</summary>
    public static string? TryRoot => Found.Value;

    /// <summary>The checkout's root folder (the one holding AssessmentScorer.sln).</summary>
    public static string Root => Found.Value
        ?? throw new InvalidOperationException($"AssessmentScorer.sln not found above {AppContext.BaseDirectory} nor above {Directory.GetCurrentDirectory()}");

    /// <summary>The bundled rule sets, <c>rulesets/</c>.</summary>
    public static string RuleSets => Path.Combine(Root, "rulesets");

    /// <summary>The worked examples and their expected results, <c>examples/</c>.</summary>
    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>A path in the checkout, given relative to its root with forward slashes.</summary>
    public static string At(string relative) => Path.Combine(Root, relative);

    /// <summary>The text of a file of the checkout.</summary>
    public static string Read(string relative) => File.ReadAllText(At(relative));

    private static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AssessmentScorer.sln"))) return dir.FullName;
        return null;
    }
}
