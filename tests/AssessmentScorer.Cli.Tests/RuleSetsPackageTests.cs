using System.IO.Compression;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// The library and the official rule sets as an embedding application gets them: both packed, referenced from the local
/// packages only by a new console application outside the repository, which loads the schemes with
/// <c>RuleSetRegistry.LoadBundled()</c> and scores with them.
/// </summary>
public sealed class RuleSetsPackageTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-pkg-");
    public void Dispose() => _dir.Delete(true);

    private static (int Exit, string Out) Run(string file, string workingDirectory, params string[] args) =>
        ChildProcess.Run(file, workingDirectory, null, args);

    private static (int Exit, string Out) RunWithCache(string file, string workingDirectory, string packageCache, params string[] args) =>
        ChildProcess.Run(file, workingDirectory, env => env["NUGET_PACKAGES"] = packageCache, args);

    [Fact]
    public void AnApplicationReferencingBothPackages_LoadsTheBundledRuleSets_AndScoresWithTheVersionInForce()
    {
        var packages = Directory.CreateDirectory(Path.Combine(_dir.FullName, "packages")).FullName;
        foreach (var project in new[] { "src/AssessmentScorer", "src/AssessmentScorer.RuleSets" })
        {
            var pack = Run("dotnet", Repo.Root, "pack", Repo.At(project), "-c", "Release", "-o", packages);
            pack.Exit.Should().Be(0, pack.Out);
        }

        // The content package holds every rule file (not the tests files) and the dictionary, and no assembly.
        using (var zip = ZipFile.OpenRead(Directory.GetFiles(packages, "AssessmentScorer.RuleSets.*.nupkg").Single()))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            var shipped = Directory.EnumerateFiles(Repo.At("rulesets"), "*.yaml", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".tests.yaml", StringComparison.Ordinal))
                .Select(f => "contentFiles/any/any/rulesets/" + Path.GetRelativePath(Repo.At("rulesets"), f).Replace('\\', '/'));
            names.Should().Contain(shipped).And.Contain("contentFiles/any/any/rulesets/dictionary.yaml");
            names.Should().NotContain(n => n.EndsWith(".tests.yaml", StringComparison.Ordinal) || n.EndsWith(".dll", StringComparison.Ordinal));
        }

        // The application restores into a cache of its own, so it gets the packages just packed and never a copy of the
        // same version cached by an earlier run; the machine's package folder serves the library's own dependencies.
        var app = Directory.CreateDirectory(Path.Combine(_dir.FullName, "app")).FullName;
        var cache = Path.Combine(_dir.FullName, "cache");
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="local" value="{packages}" /><add key="machine" value="{machineCache}" /></packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "app.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AssessmentScorer" Version="0.1.0" />
                <PackageReference Include="AssessmentScorer.RuleSets" Version="0.1.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using AssessmentScorer;
            var loaded = RuleSetRegistry.LoadBundled();
            foreach (var d in loaded.Diagnostics) Console.WriteLine(d);
            Console.WriteLine($"success={loaded.Success} rulesets={loaded.Registry.All.Count}");
            var inForce = loaded.Registry.InForce("cn.demo.hospital-basics", 2025);
            Console.WriteLine($"in force 2025: {inForce?.Scheme}@{inForce?.Version}");
            if (inForce is null) return 1;
            var parsed = Submission.ParseJson(File.ReadAllText(args[0]));
            var result = inForce.Score(parsed.Submission!);
            Console.WriteLine($"total={result.Total}/{result.MaxTotal}");
            return loaded.Success ? 0 : 1;
            """);
        var build = RunWithCache("dotnet", app, cache, "build", "-c", "Release", "-o", Path.Combine(app, "out"));
        build.Exit.Should().Be(0, build.Out);

        var dll = Path.Combine(app, "out", "app.dll");
        var run = Run("dotnet", _dir.FullName, dll, Repo.At("examples/demo/tertiary-hospital.json"));
        run.Exit.Should().Be(0, run.Out);
        var expected = RuleSetRegistry.LoadDirectory(Repo.At("rulesets")).Registry.All.Count;
        run.Out.Should().Contain($"success=True rulesets={expected}")
            .And.Contain("in force 2025: cn.demo.hospital-basics@1.0.0")
            .And.Contain("total=90/100");

        // Without the folder the package puts there, the application is told which package to add.
        Directory.Delete(Path.Combine(app, "out", "rulesets"), true);
        var bare = Run("dotnet", _dir.FullName, dll, Repo.At("examples/demo/tertiary-hospital.json"));
        bare.Exit.Should().Be(1, bare.Out);
        bare.Out.Should().Contain("AS1008").And.Contain("AssessmentScorer.RuleSets").And.Contain("rulesets=0");
    }
}
