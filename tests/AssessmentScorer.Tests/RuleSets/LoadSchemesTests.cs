using AssessmentScorer.RuleSets;
using AssessmentScorer.Testing;

namespace AssessmentScorer.Tests.RuleSets;

/// <summary>
/// <see cref="RuleSetRegistry.LoadSchemes"/>: a command naming one rule set loads its scheme and the ones it extends,
/// and gets exactly the rule sets a full load gives for them.
/// </summary>
public class LoadSchemesTests
{
    private static string RuleSet(string scheme, string version, string? extends = null, string head = "") =>
        head + $"scheme: {scheme}\nversion: {version}\nstatus: published\ntitle: {{ zh: 测试, en: Test }}\n"
        + (extends is null ? "" : $"extends: {extends}\n")
        + "indicators:\n  - id: share\n    name: { zh: 占比, en: Share }\n    value: personnel_expenditure / business_expenditure\n"
        + "    target: { at_least: 40% }\n    points: 20\n";

    [Fact]
    public void BundledRuleSets_EachSchemeAlone_GivesTheSameRuleSetsAsAFullLoad()
    {
        var full = RuleSetRegistry.LoadDirectory(Repo.RuleSets);
        full.Success.Should().BeTrue(string.Join(" | ", full.Diagnostics));
        foreach (var scheme in full.Registry.Schemes)
        {
            var some = RuleSetRegistry.LoadSchemes(Repo.RuleSets, new[] { scheme });
            some.Success.Should().BeTrue(string.Join(" | ", some.Diagnostics));
            var wanted = full.Registry.Versions(scheme);
            some.Registry.Versions(scheme).Select(r => r.ToString()).Should().Equal(wanted.Select(r => r.ToString()));
            foreach (var rs in wanted)
                some.Registry.Resolve($"{rs.Scheme}@{rs.Version}")!.Digest.Should().Be(rs.Digest, $"{rs} compiles the same alone");
            // Nothing of an unrelated scheme is compiled.
            some.Registry.All.Count.Should().BeLessThan(full.Registry.All.Count, scheme);
        }
    }

    [Fact]
    public void NationalTertiary_LoadsBothVersionsAndNoOtherScheme()
    {
        var some = RuleSetRegistry.LoadSchemes(Repo.RuleSets, new[] { "cn.national.tertiary-performance" });

        some.Registry.All.Select(r => r.ToString()).Should().Equal("cn.national.tertiary-performance@1.0.0", "cn.national.tertiary-performance@1.1.0");
    }

    [Fact]
    public void AChild_BringsItsParentSchemeAndTheParentsOwnParent()
    {
        using var dir = new TempDir()
            .Write("a/1.0.0.yaml", RuleSet("t.a", "1.0.0"))
            .Write("b/1.0.0.yaml", RuleSet("t.b", "1.0.0", extends: "t.a@^1.0"))
            .Write("c/1.0.0.yaml", RuleSet("t.c", "1.0.0", extends: "t.b@1.0.0"))
            .Write("other/1.0.0.yaml", RuleSet("t.other", "1.0.0"));

        var some = RuleSetRegistry.LoadSchemes(dir.Path, new[] { "t.c" });

        some.Success.Should().BeTrue(string.Join(" | ", some.Diagnostics));
        some.Registry.Schemes.Should().Equal("t.a", "t.b", "t.c");
        some.Registry.Resolve("t.c@1.0.0")!.Digest.Should().Be(RuleSetRegistry.LoadDirectory(dir.Path).Registry.Resolve("t.c@1.0.0")!.Digest);
    }

    [Fact]
    public void AnotherSchemesBrokenFile_IsNotReported_ButTheWantedSchemesErrorsAre()
    {
        using var dir = new TempDir()
            .Write("good/1.0.0.yaml", RuleSet("t.good", "1.0.0"))
            .Write("good/1.1.0.yaml", RuleSet("t.good", "1.1.0").Replace("points: 20", "points: twenty"))
            .Write("broken/1.0.0.yaml", RuleSet("t.broken", "1.0.0").Replace("points: 20", "points: twenty"));

        var some = RuleSetRegistry.LoadSchemes(dir.Path, new[] { "t.good" });
        var full = RuleSetRegistry.LoadDirectory(dir.Path);

        some.Registry.All.Select(r => r.ToString()).Should().Equal("t.good@1.0.0");
        some.Diagnostics.Should().NotBeEmpty().And.OnlyContain(d => d.Location.File.Contains("/good/"));
        some.Diagnostics.Select(d => d.ToString()).Should().Equal(full.Diagnostics.Where(d => d.Location.File.Contains("/good/")).Select(d => d.ToString()));
        full.Diagnostics.Should().Contain(d => d.Location.File.Contains("/broken/"));
    }

    [Fact]
    public void AFileWhoseSchemeIsNotPlainlyWritten_IsLoadedInCase()
    {
        using var dir = new TempDir()
            .Write("q/1.0.0.yaml", RuleSet("t.q", "1.0.0").Replace("scheme: t.q", "scheme: \"t.q\""))
            .Write("r/1.0.0.yaml", RuleSet("t.r", "1.0.0"));

        var some = RuleSetRegistry.LoadSchemes(dir.Path, new[] { "t.q" });

        some.Registry.All.Select(r => r.ToString()).Should().Equal("t.q@1.0.0");
    }

    [Fact]
    public void NoDirectory_SaysSo()
    {
        var some = RuleSetRegistry.LoadSchemes(Path.Combine(Path.GetTempPath(), "as-none-" + Guid.NewGuid().ToString("N")), new[] { "t.a" });

        some.Success.Should().BeFalse();
        some.Registry.All.Should().BeEmpty();
    }

    [Theory]
    [InlineData("scheme: t.a\nversion: 1.0.0\n", "t.a", null)]
    [InlineData("# comment\n---\nscheme: t.a # the scheme\nextends: t.b@^1.0\n", "t.a", "t.b")]
    [InlineData("title:\n  zh: x\nfields:\n- a\n- b\nscheme: t.a\r\nextends: t.b\r\n", "t.a", "t.b")]
    [InlineData("scheme: \"t.a\"\n", null, null)]            // quoted
    [InlineData("scheme: t.a\nscheme: t.b\n", null, null)]   // twice
    [InlineData("{ scheme: t.a }\n", null, null)]            // flow mapping
    [InlineData("<<: *base\nscheme: t.a\n", null, null)]     // merge key
    [InlineData("scheme: t.a\nextends: &x t.b\n", null, null)]   // anchor
    [InlineData("scheme: t.a\nextends: t.b\n  .c\n", null, null)] // value continued
    [InlineData("scheme : t.a\n", null, null)]
    [InlineData("version: 1.0.0\n", null, null)]            // no scheme
    [InlineData("scheme: t.a\n---\nscheme: t.b\n", null, null)] // two documents
    [InlineData("scheme: Not.An.Id\n", null, null)]
    public void Head_ReadsOnlyPlainFiles(string text, string? scheme, string? extends)
    {
        var head = RuleFileHead.Of(text);

        if (scheme is null) head.Should().BeNull();
        else head.Should().Be(new RuleFileHead(scheme, extends));
    }
}
