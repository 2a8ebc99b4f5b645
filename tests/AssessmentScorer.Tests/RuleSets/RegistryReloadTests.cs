namespace AssessmentScorer.Tests.RuleSets;

/// <summary>Reloading a directory: a file broken in an edit never takes away the last good version of its rule set.</summary>
public class RegistryReloadTests
{
    private const string Demo = "demo/hospital-basics/1.0.0.yaml";
    private const string Tertiary = "cn/national/tertiary-performance/1.0.0.yaml";
    private static readonly string DemoText = Repo.Read("rulesets/" + Demo);

    private static TempDir Copy() => new TempDir().Write(Demo, DemoText).Write(Tertiary, Repo.Read("rulesets/" + Tertiary));

    [Fact]
    public void Reload_FileBroken_KeepsItsLastGoodVersionAndReportsWhy()
    {
        using var dir = Copy();
        var first = RuleSetRegistry.LoadDirectory(dir.Path);
        first.Success.Should().BeTrue();
        var good = first.Registry.Resolve("cn.demo.hospital-basics@1.0.0")!;

        dir.Write(Demo, DemoText.Replace("registered_nurses / physicians", "registered_nurses / doctors", StringComparison.Ordinal));
        var reload = first.Registry.Reload(dir.Path);

        reload.Success.Should().BeFalse();
        reload.Diagnostics.Should().Contain(d => d.Code == "AS3002" && d.Location.File.EndsWith(Demo, StringComparison.Ordinal));
        reload.Registry.Resolve("cn.demo.hospital-basics@1.0.0").Should().BeSameAs(good);
        reload.Registry.Resolve("cn.national.tertiary-performance@1.0.0").Should().NotBeNull()
            .And.NotBeSameAs(first.Registry.Resolve("cn.national.tertiary-performance@1.0.0"), "the good file is loaded afresh");

        // A registry that never held the version has nothing to keep.
        RuleSetRegistry.Empty.Reload(dir.Path).Registry.Resolve("cn.demo.hospital-basics@1.0.0").Should().BeNull();
    }

    [Fact]
    public void Reload_FileFixed_ServesTheNewContent()
    {
        using var dir = Copy();
        var broken = RuleSetRegistry.LoadDirectory(dir.Path).Registry;
        dir.Write(Demo, "scheme: [\n");
        broken = broken.Reload(dir.Path).Registry;
        var kept = broken.Resolve("cn.demo.hospital-basics@1.0.0")!;

        dir.Write(Demo, DemoText);
        var fixedUp = broken.Reload(dir.Path);
        fixedUp.Success.Should().BeTrue();
        fixedUp.Registry.Resolve("cn.demo.hospital-basics@1.0.0").Should().NotBeNull().And.NotBeSameAs(kept);
    }

    [Fact]
    public void Reload_FileRemovedFromACleanDirectory_DropsTheVersion_ButNotWhileAnotherFileIsBroken()
    {
        using var dir = Copy();
        var registry = RuleSetRegistry.LoadDirectory(dir.Path).Registry;
        File.Delete(Path.Combine(dir.Path, Tertiary));

        // Another file is broken: the load is not trusted to say what was removed, so everything good is kept.
        dir.Write(Demo, "scheme: [\n");
        var whileBroken = registry.Reload(dir.Path).Registry;
        whileBroken.Resolve("cn.national.tertiary-performance@1.0.0").Should().NotBeNull();

        dir.Write(Demo, DemoText);
        var clean = whileBroken.Reload(dir.Path);
        clean.Success.Should().BeTrue();
        clean.Registry.Resolve("cn.national.tertiary-performance@1.0.0").Should().BeNull();
        clean.Registry.Resolve("cn.demo.hospital-basics@1.0.0").Should().NotBeNull();
    }
}
