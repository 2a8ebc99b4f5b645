namespace AssessmentScorer.Tests.RuleSets;

public class RuleSetRegistryTests
{
    /// <summary>A one-indicator rule set. Line 5 is 'extends' when given.</summary>
    private static string RuleSet(string scheme, string version, string status = "published", string target = "40%",
        string? extends = null, string? effective = null, string value = "personnel_expenditure / business_expenditure")
    {
        var lines = new List<string>
        {
            $"scheme: {scheme}",
            $"version: {version}",
            $"status: {status}",
            "title: { zh: 测试, en: Test }",
        };
        if (extends is not null) lines.Add($"extends: {extends}");
        if (effective is not null) lines.Add($"effective: {effective}");
        lines.AddRange(new[]
        {
            "indicators:",
            "  - id: share",
            "    name: { zh: 占比, en: Share }",
            $"    value: {value}",
            $"    target: {{ at_least: {target} }}",
            "    points: 20",
        });
        return string.Join("\n", lines) + "\n";
    }

    private const string Child = """
        scheme: t.child
        version: 1.0.0
        status: published
        title: { zh: 子方案, en: Child }
        extends: t.base@^1.0
        indicators:
          - id: share
            target: { at_least: 50% }
            points: 30
          - id: nurses
            name: { zh: 注册护士, en: Nurses }
            value: registered_nurses
            target: { at_least: 10 }
            points: 5
        """;

    private static RegistryLoadResult Load(TempDir dir) => RuleSetRegistry.LoadDirectory(dir.Path);

    private static string Display(TempDir dir, string relative) => Path.Combine(dir.Path, relative).Replace('\\', '/');

    private static TempDir FourVersions() => new TempDir()
        .Write("s/1.0.0.yaml", RuleSet("t.s", "1.0.0"))
        .Write("s/1.1.0.yaml", RuleSet("t.s", "1.1.0"))
        .Write("s/1.2.0.yaml", RuleSet("t.s", "1.2.0", status: "draft"))
        .Write("s/2.0.0.yaml", RuleSet("t.s", "2.0.0"))
        .Write("s/2.1.0.yaml", RuleSet("t.s", "2.1.0", status: "draft"));

    [Theory]
    [InlineData("t.s@1.0.0", "1.0.0")]
    [InlineData("t.s@1.1.0", "1.1.0")]
    [InlineData("t.s@latest", "2.0.0")]
    [InlineData("t.s", "2.0.0")]
    [InlineData("t.s@^1.0", "1.1.0")]
    [InlineData("t.s@^1", "1.1.0")]
    [InlineData("t.s@~1.0", "1.0.0")]
    [InlineData("t.s@1.x", "1.1.0")]
    [InlineData("t.s@>=1.0 <2.0", "1.1.0")]
    [InlineData("t.s@1.2.0", "1.2.0")]
    [InlineData("t.s@2.1.0", "2.1.0")]
    public void Resolve_VersionOrRange_PicksTheHighestPublishedMatch(string reference, string expected)
    {
        using var dir = FourVersions();
        var load = Load(dir);
        load.Success.Should().BeTrue(string.Join(" | ", load.Diagnostics));

        var rs = load.Registry.Resolve(reference);

        rs.Should().NotBeNull();
        rs!.Version.ToString().Should().Be(expected);
        rs.Scheme.Should().Be("t.s");
    }

    [Theory]
    [InlineData("t.s@3.0.0")]
    [InlineData("t.s@^3")]
    [InlineData("t.s@not-a-range")]
    [InlineData("t.other@latest")]
    public void Resolve_NoMatch_IsNull(string reference)
    {
        using var dir = FourVersions();
        Load(dir).Registry.Resolve(reference).Should().BeNull();
    }

    [Fact]
    public void Resolve_LatestWhenOnlyDraftsExist_IsNull()
    {
        using var dir = new TempDir().Write("d/0.1.0.yaml", RuleSet("t.d", "0.1.0", status: "draft"));
        var registry = Load(dir).Registry;
        registry.Resolve("t.d@latest").Should().BeNull();
        registry.Resolve("t.d@0.1.0").Should().NotBeNull();
    }

    [Fact]
    public void Versions_ListsEveryVersionLowestFirst()
    {
        using var dir = FourVersions();
        var registry = Load(dir).Registry;
        registry.Versions("t.s").Select(v => v.Version.ToString()).Should().Equal("1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0");
        registry.Schemes.Should().Equal("t.s");
    }

    [Theory]
    [InlineData(2019, null)]
    [InlineData(2020, "1.0.0")]
    [InlineData(2022, "1.0.0")]
    [InlineData(2023, "2.0.0")]
    [InlineData(2030, "2.0.0")]
    public void InForce_Year_PicksThePublishedVersionWhosePeriodCoversIt(int year, string? expected)
    {
        using var dir = new TempDir()
            .Write("s/1.0.0.yaml", RuleSet("t.s", "1.0.0", effective: "{ from: 2020-01-01, to: 2022-12-31 }"))
            .Write("s/2.0.0.yaml", RuleSet("t.s", "2.0.0", effective: "{ from: 2023-01-01 }"))
            .Write("s/2.1.0.yaml", RuleSet("t.s", "2.1.0", status: "draft", effective: "{ from: 2023-01-01 }"));
        var registry = Load(dir).Registry;

        (registry.InForce("t.s", year)?.Version.ToString()).Should().Be(expected);
    }

    [Fact]
    public void LoadDirectory_SameVersionWithDifferentContent_IsAS4003AndTheFirstStays()
    {
        using var dir = new TempDir()
            .Write("a/1.0.0.yaml", RuleSet("t.s", "1.0.0", target: "40%"))
            .Write("b/1.0.0.yaml", RuleSet("t.s", "1.0.0", target: "50%"));

        var load = Load(dir);

        load.Success.Should().BeFalse();
        var d = load.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("AS4003");
        d.Location.Should().Be(new Location(Display(dir, "b/1.0.0.yaml"), 1, 1));
        d.Message.Should().Contain("t.s@1.0.0 is already defined with different content in " + Display(dir, "a/1.0.0.yaml"));
        var kept = load.Registry.Resolve("t.s@1.0.0")!;
        kept.File.Should().Be(Display(dir, "a/1.0.0.yaml"));
        kept.Indicators[0].Targets.Should().Equal("≥ 40%");
        load.Registry.All.Should().ContainSingle();
    }

    [Fact]
    public void LoadDirectory_SameVersionWithSameContentReformatted_IsAccepted()
    {
        using var dir = new TempDir()
            .Write("a/1.0.0.yaml", RuleSet("t.s", "1.0.0"))
            .Write("b/1.0.0.yaml", "# a copy\n" + RuleSet("t.s", "1.0.0").Replace("{ at_least: 40% }", "\n      at_least: 40%"));

        var load = Load(dir);

        load.Diagnostics.Should().NotContain(d => d.Code == "AS4003");
        load.Registry.All.Should().ContainSingle();
    }

    [Fact]
    public void LoadDirectory_FileNamedOtherThanItsVersion_WarnsAS4006()
    {
        using var dir = new TempDir().Write("s/latest.yaml", RuleSet("t.s", "1.0.0"));
        var load = Load(dir);
        var d = load.Diagnostics.Should().ContainSingle().Subject;
        (d.Code, d.Severity, d.Location.Line, d.Location.Column).Should().Be(("AS4006", Severity.Warning, 0, 0));
        load.Success.Should().BeTrue();
    }

    [Fact]
    public void LoadDirectory_MissingDirectory_IsAS1008()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"));
        var load = RuleSetRegistry.LoadDirectory(missing);
        var d = load.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("AS1008");
        d.Location.Should().Be(new Location(missing, 0, 0));
        load.Success.Should().BeFalse();
        load.Registry.All.Should().BeEmpty();
    }

    [Fact]
    public void Extends_ChildOverridesAndAdds_ResultsNameWhereEachRuleCameFrom()
    {
        using var dir = new TempDir()
            .Write("base/1.0.0.yaml", RuleSet("t.base", "1.0.0"))
            .Write("child/1.0.0.yaml", Child);
        var load = Load(dir);
        load.Success.Should().BeTrue(string.Join(" | ", load.Diagnostics));
        var child = load.Registry.Resolve("t.child@1.0.0")!;
        child.Extends.Should().Be("t.base@^1.0");

        var result = child.Score(new Submission(new Subject("h1", Tier: "tertiary"), 2025, new Dictionary<string, FieldValue>
        {
            ["personnel_expenditure"] = 45, ["business_expenditure"] = 100, ["registered_nurses"] = 12,
        }));

        result.Indicators.Select(i => i.Id).Should().Equal("share", "nurses");
        var share = result.Indicators[0];
        share.Target.Should().Be("≥ 50%");
        share.Met.Should().BeFalse();
        share.MaxPoints.Should().Be(30);
        share.Name.Should().Be("占比", "an override keeps the keys it does not give");
        share.DefinedIn.File.Should().Be("child/1.0.0.yaml");
        share.DefinedIn.Scheme.Should().Be("t.child");
        share.DefinedIn.Overrides.Should().Equal("points", "target");
        share.DefinedIn.Base.Should().NotBeNull();
        share.DefinedIn.Base!.File.Should().Be("base/1.0.0.yaml");
        share.DefinedIn.Base.Scheme.Should().Be("t.base");
        share.DefinedIn.Base.Version.Should().Be("1.0.0");
        share.DefinedIn.Base.Overrides.Should().BeEmpty();

        var nurses = result.Indicators[1];
        nurses.Met.Should().BeTrue();
        nurses.Points.Should().Be(5);
        nurses.DefinedIn.File.Should().Be("child/1.0.0.yaml");
        nurses.DefinedIn.Overrides.Should().BeEmpty();
        nurses.DefinedIn.Base.Should().BeNull();
        result.MaxTotal.Should().Be(35);

        var json = result.ToJson();
        json.Should().Contain("\"overrides\": [\n          \"points\",\n          \"target\"\n        ]");
        json.Should().Contain("\"base\": {\n          \"file\": \"base/1.0.0.yaml\"");
    }

    [Fact]
    public void Extends_DigestCoversTheParent()
    {
        using var one = new TempDir().Write("base/1.0.0.yaml", RuleSet("t.base", "1.0.0")).Write("child/1.0.0.yaml", Child);
        using var two = new TempDir().Write("base/1.0.0.yaml", RuleSet("t.base", "1.0.0", target: "35%")).Write("child/1.0.0.yaml", Child);

        var a = Load(one).Registry.Resolve("t.child@1.0.0")!;
        var b = Load(two).Registry.Resolve("t.child@1.0.0")!;

        b.Digest.Should().NotBe(a.Digest);
    }

    [Fact]
    public void Extends_MissingScheme_IsAS4002AtTheReference()
    {
        using var dir = new TempDir().Write("child/1.0.0.yaml", Child);

        var load = Load(dir);

        var d = load.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("AS4002");
        d.Location.Should().Be(new Location(Display(dir, "child/1.0.0.yaml"), 5, 10));
        d.Message.Should().Be("no published rule set matches 't.base@^1.0'");
        load.Registry.All.Should().BeEmpty();
    }

    [Fact]
    public void Extends_OnlyADraftParent_IsAS4002()
    {
        using var dir = new TempDir()
            .Write("base/1.0.0.yaml", RuleSet("t.base", "1.0.0", status: "draft"))
            .Write("child/1.0.0.yaml", Child);
        var load = Load(dir);
        load.Diagnostics.Should().ContainSingle(d => d.Code == "AS4002").Which.Location.Should().Be(new Location(Display(dir, "child/1.0.0.yaml"), 5, 10));
        load.Registry.Resolve("t.child@1.0.0").Should().BeNull();
    }

    [Fact]
    public void Extends_Cycle_IsAS4004()
    {
        using var dir = new TempDir()
            .Write("a/1.0.0.yaml", RuleSet("t.a", "1.0.0", extends: "t.b@1.0.0"))
            .Write("b/1.0.0.yaml", RuleSet("t.b", "1.0.0", extends: "t.a@1.0.0"));

        var load = Load(dir);

        var d = load.Diagnostics.Should().ContainSingle(x => x.Code == "AS4004").Subject;
        d.Location.Should().Be(new Location(Display(dir, "a/1.0.0.yaml"), 5, 10));
        d.Message.Should().Contain("t.a@1.0.0 → t.b@1.0.0 → t.a@1.0.0");
        load.Registry.All.Should().BeEmpty();
    }

    [Fact]
    public void Extends_SelfCycle_IsAS4004()
    {
        using var dir = new TempDir().Write("a/1.0.0.yaml", RuleSet("t.a", "1.0.0", extends: "t.a@1.0.0"));
        var load = Load(dir);
        var d = load.Diagnostics.Should().ContainSingle(x => x.Code == "AS4004").Subject;
        (d.Location.Line, d.Location.Column).Should().Be((5, 10));
    }

    [Fact]
    public void Extends_BrokenParent_ChildReportsAS4007()
    {
        using var dir = new TempDir()
            .Write("base/1.0.0.yaml", RuleSet("t.base", "1.0.0", value: "personnel_expenditure / nope"))
            .Write("child/1.0.0.yaml", Child);

        var load = Load(dir);

        var parentError = load.Diagnostics.Should().ContainSingle(x => x.Code == "AS3002").Subject;
        parentError.Location.Should().Be(new Location(Display(dir, "base/1.0.0.yaml"), 8, 36));
        var d = load.Diagnostics.Should().ContainSingle(x => x.Code == "AS4007").Subject;
        d.Location.Should().Be(new Location(Display(dir, "child/1.0.0.yaml"), 5, 10));
        d.Message.Should().Contain("'t.base@^1.0' has errors of its own");
        load.Registry.All.Should().BeEmpty();
    }

    [Fact]
    public void LoadDraft_ExtendsAnInstalledRuleSet()
    {
        using var dir = new TempDir().Write("base/1.0.0.yaml", RuleSet("t.base", "1.0.0"));
        var registry = Load(dir).Registry;

        var draft = registry.LoadDraft(Child, "child.yaml");

        draft.Success.Should().BeTrue(string.Join(" | ", draft.Diagnostics));
        draft.RuleSet!.Indicators.Select(i => (i.Id, i.MaxPoints)).Should().Equal(("share", 30m), ("nurses", 5m));
        draft.RuleSet.Indicators[0].DefinedIn.Base!.File.Should().Be("base/1.0.0.yaml");
        registry.Resolve("t.child@1.0.0").Should().BeNull("a draft is checked, not installed");
    }

    [Fact]
    public void LoadDraft_RedefinesAnInstalledVersion_AS4003NamesTheInstalledFileRelativeToItsDirectory()
    {
        // A draft comes from an API client: no diagnostic may tell it where the server keeps its rule sets.
        using var dir = new TempDir().Write("base/1.0.0.yaml", RuleSet("t.base", "1.0.0"));
        var registry = RuleSetRegistry.LoadDirectory(Path.GetFullPath(dir.Path)).Registry;

        var draft = registry.LoadDraft(RuleSet("t.base", "1.0.0", target: "41%"), "draft.yaml");

        var d = draft.Diagnostics.Should().ContainSingle(x => x.Code == "AS4003").Subject;
        d.Message.Should().Contain("base/1.0.0.yaml").And.NotContain(dir.Path).And.NotContain(Path.GetTempPath());
        draft.Diagnostics.Should().OnlyContain(x => !x.Location.File.Contains(dir.Path) && !x.Message.Contains(dir.Path));
    }

    [Fact]
    public void Load_ExtendsWithoutARegistry_IsAS4002()
    {
        var result = RuleSetLoader.Load(Child, "t.yaml");
        result.Success.Should().BeFalse();
        result.Diagnostics.Should().ContainSingle().Which.Location.Should().Be(new Location("t.yaml", 5, 10));
        result.Diagnostics[0].Code.Should().Be("AS4002");
    }
}
