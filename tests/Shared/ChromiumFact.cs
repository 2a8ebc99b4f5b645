namespace AssessmentScorer.Testing;

/// <summary>
/// A test that needs Debian's chromium (never a downloaded browser). Where there is none (a machine with only the .NET
/// SDK) it is skipped, and the test run lists it as skipped with this reason; .ci/run installs chromium and sets
/// ASSESSMENT_SCORER_REQUIRE_BROWSER=1, so there a missing browser fails instead of skipping.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Locate() is null && Environment.GetEnvironmentVariable("ASSESSMENT_SCORER_REQUIRE_BROWSER") != "1")
            Skip = "Debian's chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH): this browser test is skipped here. bash .ci/run installs it and runs it.";
    }

    /// <summary>CHROMIUM_PATH when set, else Debian's chromium; null when that file is not there.</summary>
    public static string? Locate() =>
        (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? new[] { p } : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        .FirstOrDefault(File.Exists);
}
