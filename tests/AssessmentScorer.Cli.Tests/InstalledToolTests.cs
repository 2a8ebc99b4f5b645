namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// The tool as a user gets it: packed, installed with <c>dotnet tool install --tool-path</c> from the local package
/// only (no network needed), and run from an empty directory, where it finds the rule sets bundled inside it.
/// </summary>
public sealed class InstalledToolTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-tool-");
    public void Dispose() => _dir.Delete(true);

    private static (int Exit, string Out) Run(string file, string workingDirectory, params string[] args) =>
        ChildProcess.Run(file, workingDirectory, env => env.Remove("ASSESSMENT_SCORER_RULESETS"), args);

    [Fact]
    public void PackedTool_InstalledFromItsPackage_ScoresFromAnEmptyDirectory_WithItsBundledRuleSets()
    {
        var packages = Directory.CreateDirectory(Path.Combine(_dir.FullName, "packages")).FullName;
        var tools = Path.Combine(_dir.FullName, "tools");
        var empty = Directory.CreateDirectory(Path.Combine(_dir.FullName, "empty")).FullName;

        var pack = Run("dotnet", Repo.Root, "pack", Repo.At("src/AssessmentScorer.Cli"), "-c", "Release", "-o", packages);
        pack.Exit.Should().Be(0, pack.Out);
        var install = Run("dotnet", empty, "tool", "install", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources", "AssessmentScorer.Cli");
        install.Exit.Should().Be(0, install.Out);

        var exe = Path.Combine(tools, OperatingSystem.IsWindows() ? "assessment-scorer.exe" : "assessment-scorer");
        var version = Run(exe, empty, "--version");
        version.Exit.Should().Be(0, version.Out);
        version.Out.Should().Contain("(bundled with the tool)").And.Contain("cn.national.tertiary-performance@1.1.0 (published)");

        File.Copy(Repo.At("examples/demo/tertiary-hospital.json"), Path.Combine(empty, "h.json"));
        var score = Run(exe, empty, "score", "-r", "cn.demo.hospital-basics", "h.json");
        score.Exit.Should().Be(0, score.Out);
        score.Out.Should().Contain("cn.demo.hospital-basics@1.0.0").And.Contain("总分 Total: 90 / 100");
        var validate = Run(exe, empty, "validate");
        validate.Exit.Should().Be(0, validate.Out);
        validate.Out.Should().Contain("0 error(s)");
    }
}
