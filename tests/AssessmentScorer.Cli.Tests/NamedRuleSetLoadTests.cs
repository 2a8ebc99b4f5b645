using System.Text;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// A command naming a rule set loads only its scheme (and what that extends); what it reports when the rule set is not
/// there is still that of every installed rule set. JSON inputs in UTF-8 are read without decoding them first, and
/// score as those in other encodings do.
/// </summary>
public sealed class NamedRuleSetLoadTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-named-");

    static NamedRuleSetLoadTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => _dir.Delete(true);

    private string P(string name) => Path.Combine(_dir.FullName, name);

    private const string Demo = "cn.demo.hospital-basics@1.0.0";

    /// <summary>The bundled demo rule set, and a second scheme whose file does not load.</summary>
    private string RuleSetsWithABrokenNeighbour()
    {
        var root = P("rulesets");
        Directory.CreateDirectory(Path.Combine(root, "demo"));
        File.Copy(Repo.At("rulesets/demo/hospital-basics/1.0.0.yaml"), Path.Combine(root, "demo", "1.0.0.yaml"));
        Directory.CreateDirectory(Path.Combine(root, "broken"));
        File.WriteAllText(Path.Combine(root, "broken", "1.0.0.yaml"),
            "scheme: t.broken\nversion: 1.0.0\nstatus: published\ntitle: { zh: 坏, en: Broken }\nindicators:\n  - id: x\n    value: nope +\n    points: 1\n");
        return root;
    }

    [Fact]
    public void Score_NamedRuleSet_IsNotHeldUpByAnotherSchemesBrokenFile()
    {
        var root = RuleSetsWithABrokenNeighbour();

        var (code, stdout, stderr) = CliRunner.Run("score", "--rulesets", root, "-r", Demo, "--format", "json", Repo.At("examples/demo/tertiary-hospital.json"));

        code.Should().Be(0, stderr);
        stdout.Should().Contain("\"total\": 90");
        stderr.Should().NotContain("t.broken").And.NotContain("broken/1.0.0.yaml");
    }

    [Fact]
    public void Score_UnknownRuleSet_NamesEveryLoadedRuleSetAndEveryFileInError()
    {
        var root = RuleSetsWithABrokenNeighbour();

        var (code, _, stderr) = CliRunner.Run("score", "--rulesets", root, "-r", "cn.nope@latest", Repo.At("examples/demo/tertiary-hospital.json"));

        code.Should().Be(2);
        stderr.Should().Contain("no rule set matches 'cn.nope@latest'").And.Contain($"Loaded: {Demo}").And.Contain("broken/1.0.0.yaml");
    }

    [Fact]
    public void Score_BundledNationalRuleSet_LoadsNothingElseButScoresAsAFullLoadDoes()
    {
        var (code, stdout, stderr) = CliRunner.Run("score", "--rulesets", Repo.RuleSets, "-r", "cn.anhui.bozhou.qiaocheng.high-quality@1.0.0", "--format", "csv",
            Repo.At("examples/qiaocheng/cohort.json"));
        var all = AssessmentScorer.RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.anhui.bozhou.qiaocheng.high-quality@1.0.0")!;
        var some = AssessmentScorer.RuleSetRegistry.LoadSchemes(Repo.RuleSets, new[] { "cn.anhui.bozhou.qiaocheng.high-quality" });

        code.Should().BeOneOf(new[] { 0, 3 }, stderr);
        stdout.Should().NotBeEmpty();
        some.Registry.Schemes.Should().Equal("cn.anhui.bozhou.qiaocheng.high-quality", "cn.national.tertiary-performance");
        some.Registry.Resolve("cn.anhui.bozhou.qiaocheng.high-quality@1.0.0")!.Digest.Should().Be(all.Digest);
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16")]
    [InlineData("gb18030")]
    public void Score_JsonArrayInAnyEncoding_GivesTheResultsOfUtf8(string encoding)
    {
        var text = "[" + File.ReadAllText(Repo.At("examples/demo/tertiary-hospital.json")) + ","
            + File.ReadAllText(Repo.At("examples/demo/tertiary-hospital.json")).Replace("\"name\": \"", "\"name\": \"第二 ") + "]";
        File.WriteAllBytes(P("utf8.json"), new UTF8Encoding(false).GetBytes(text));
        File.WriteAllBytes(P("other.json"), encoding switch
        {
            "utf-8-bom" => new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(),
            "utf-16" => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
            _ => Encoding.GetEncoding("GB18030").GetBytes(text),
        });

        var utf8 = CliRunner.Run("score", "--rulesets", Repo.RuleSets, "-r", Demo, "--format", "json", P("utf8.json"));
        var other = CliRunner.Run("score", "--rulesets", Repo.RuleSets, "-r", Demo, "--format", "json", P("other.json"));

        utf8.Code.Should().Be(0, utf8.Err);
        other.Should().Be(utf8 with { Err = utf8.Err });
        utf8.Out.Should().Contain("第二 ");
    }

    [Fact]
    public void Score_JsonLinesWithABom_ReadsEveryLine()
    {
        var one = File.ReadAllText(Repo.At("examples/demo/tertiary-hospital.json")).ReplaceLineEndings(" ");
        File.WriteAllBytes(P("c.jsonl"), new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(one + "\n" + one.Replace("\"name\": \"", "\"name\": \"第二 ") + "\n")).ToArray());

        var (code, stdout, stderr) = CliRunner.Run("score", "--rulesets", Repo.RuleSets, "-r", Demo, "--format", "csv", P("c.jsonl"));

        code.Should().Be(0, stderr);
        stderr.Should().Contain("read 2, scored 2, rejected 0");
        stdout.Should().Contain("第二 ");
    }
}
