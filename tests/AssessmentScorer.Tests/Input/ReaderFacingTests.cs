namespace AssessmentScorer.Tests.Input;

/// <summary>
/// What a submitter and a reader meet: Chinese labels accepted for codes, ranges reported as a submission is read,
/// conditions described in words, sources by title, and a reference that finds nothing saying why.
/// </summary>
public class ReaderFacingTests
{
    private const string Described = """
        scheme: t.words
        version: 1.0.0
        title: { zh: 描述测试, en: Descriptions }
        sources:
          - { file: 001_abc.txt, title: 某区医政工作要点 }
        descriptions:
          "tier  ==   'tertiary'": { zh: 三级医院, en: tertiary hospitals }
        indicators:
          - id: beds_ok
            name: { zh: 床位, en: Beds }
            value: beds
            applies_when: tier == 'tertiary'
            target: { at_least: 100 }
            points: 10
            source: 001_abc.txt 二(三)
          - id: emr
            name: { zh: 电子病历, en: EMR }
            value: emr_level
            applies_when: category == 'tcm'
            target: { at_least: 4 }
            points: 10
        """;

    private static Submission Hospital(string tier, string category = "general") =>
        new(new Subject("h1", "一院", "hospital", tier, category, "public", null, 500), 2025, new Dictionary<string, FieldValue> { ["emr_level"] = 5 });

    [Fact]
    public void AppliesWhen_Described_IsTheWordsInTheExplanation_AndAnUndescribedOneIsAWarning()
    {
        var load = RuleSetLoader.Load(Described, "t.yaml");
        load.Success.Should().BeTrue(string.Join(" | ", load.Diagnostics));
        var warning = load.Diagnostics.Should().ContainSingle(d => d.Code == "AS3019").Subject;
        warning.Severity.Should().Be(Severity.Warning);
        warning.Message.Should().Contain("category == 'tcm'").And.Contain("descriptions:");
        warning.Location.Line.Should().Be(19, "the warning stands at the undescribed applies_when");

        var r = load.RuleSet!.Score(Hospital("secondary"));
        var beds = r.Indicators.Single(i => i.Id == "beds_ok");
        beds.Status.Should().Be(IndicatorStatus.NotApplicable);
        beds.Explanation.Zh.Should().Be("床位：不适用（仅适用于三级医院）", "white space in the key does not matter");
        beds.Explanation.En.Should().Be("Beds: not applicable (applies to tertiary hospitals only)");
        var emr = r.Indicators.Single(i => i.Id == "emr");
        emr.Explanation.Zh.Should().Be("电子病历：不适用（适用条件不成立）", "without a description the expression is still not shown");
        emr.Explanation.En.Should().NotContain("tcm");
    }

    [Fact]
    public void Descriptions_AreNotPartOfTheDigest()
    {
        var a = RuleSetLoader.Load(Described, "t.yaml").RuleSet!;
        var b = RuleSetLoader.Load(Described.Replace("{ zh: 三级医院, en: tertiary hospitals }", "{ zh: 三级公立医院, en: tertiary public hospitals }"), "t.yaml").RuleSet!;
        b.Digest.Should().Be(a.Digest, "rewording a description leaves what the version scores, and its identity, unchanged");
        var c = RuleSetLoader.Load(Described.Replace("at_least: 100", "at_least: 101"), "t.yaml").RuleSet!;
        c.Digest.Should().NotBe(a.Digest);
    }

    [Fact]
    public void SourceTitle_PutsTheDocumentsTitleInPlaceOfItsFileName()
    {
        var rs = RuleSetLoader.Load(Described, "t.yaml").RuleSet!;
        rs.Sources.Should().Equal(new SourceDocument("001_abc.txt", "某区医政工作要点"));
        rs.SourceTitle("001_abc.txt 二(三)").Should().Be("某区医政工作要点 二(三)");
        rs.SourceTitle("other.md §2").Should().Be("other.md §2", "a file with no title stays as written");
        rs.SourceTitle(null).Should().BeNull();
    }

    [Fact]
    public void SourceTitle_OneFileHoldingSeveralDocuments_PicksTheOneItsClauseNames()
    {
        var registry = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;
        var rs = registry.Resolve("cn.hospital.annual-goals@1.0.0")!;
        rs.SourceTitle("000_86f4e3f6087374c5.txt 篇3 四")!.Should().StartWith("医院高质量发展后勤方案 篇3（").And.EndWith(" 四");
        rs.SourceTitle("000_86f4e3f6087374c5.txt 篇2 一")!.Should().StartWith("医院高质量发展后勤方案 篇2（");
    }

    [Theory]
    [InlineData("三级", "tertiary")]
    [InlineData("三级医院", "tertiary")]
    [InlineData("二级", "secondary")]
    [InlineData("一级", "primary")]
    [InlineData("tertiary", "tertiary")]
    [InlineData("Tertiary", "tertiary")]
    public void Csv_TierAsChineseLabelOrCode_IsTheCode(string written, string code)
    {
        var csv = $"id,tier,category,year,emr_level\nh1,{written},中医院,2025,是\n";
        var batch = SubmissionCsv.Read(csv, Repo.Demo);
        batch.Submissions.Should().ContainSingle().Which.Subject.Tier.Should().Be(code);
        batch.Submissions[0].Subject.Category.Should().Be("tcm");
    }

    [Fact]
    public void Json_SubjectInChinese_IsReadAsItsCodes_AndAnUnknownOneIsNamedInChinese()
    {
        var ok = Submission.ParseJson("""{ "subject": { "id": "h", "tier": "三级", "category": "综合", "ownership": "公立" }, "year": 2025, "values": {} }""");
        ok.Submission!.Subject.Tier.Should().Be("tertiary");
        ok.Submission.Subject.Category.Should().Be("general");
        ok.Submission.Subject.Ownership.Should().Be("public");

        var bad = Submission.ParseJson("""{ "subject": { "id": "h", "tier": "四级" }, "year": 2025, "values": {} }""");
        var r = Repo.Demo.Score(bad.Submission!);
        var p = r.Problems.Should().ContainSingle(x => x.Code == "AS5008").Subject;
        p.Field.Should().Be("subject.tier");
        p.Message.Should().StartWith("对象的 tier 应为 三级 tertiary、二级 secondary、一级 primary 之一，而不是“四级”");
    }

    [Fact]
    public void ParseJson_ValueOutsideTheDictionarysRange_IsReportedAsItIsRead()
    {
        var parsed = Submission.ParseJson("""{ "subject": { "id": "h" }, "year": 2025, "values": { "physicians": -1, "registered_nurses": 0 } }""");
        var p = parsed.Problems.Should().ContainSingle().Subject;
        p.Code.Should().Be("AS5003");
        p.Field.Should().Be("values.physicians");
        p.Message.Should().Contain("执业（助理）医师数").And.Contain("不小于 0").And.Contain("-1");
        parsed.Submission!.Values.Should().NotContainKey("physicians", "a value out of range is read as missing");
        parsed.Submission.Values.Should().ContainKey("registered_nurses", "0 is inside the range (min 0 included)");
    }

    [Theory]
    [InlineData("是", true)]
    [InlineData("否", false)]
    [InlineData("yes", true)]
    [InlineData("FALSE", false)]
    [InlineData("√", true)]
    public void Flag_ReadsYesAndNoInEitherLanguage(string text, bool expected) => InputValues.Flag(text).Should().Be(expected);

    [Theory]
    [InlineData("40%", 0.4)]
    [InlineData("40 ％", 0.4)]
    [InlineData("1,234.5", 1234.5)]
    [InlineData("0.4", 0.4)]
    public void Number_ReadsPercentAndSeparators(string text, double expected) => InputValues.Number(text).Should().Be((decimal)expected);

    [Fact]
    public void TryResolve_SaysWhyNothingMatches()
    {
        var registry = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;

        registry.TryResolve("garbage@@@", out var none, out var why).Should().BeFalse();
        none.Should().BeNull();
        why!.Code.Should().Be("AS4005");
        why.Message.Should().Contain("'garbage@@@' is not a rule-set reference");

        registry.TryResolve("Garbage!", out _, out why).Should().BeFalse();
        why!.Message.Should().Contain("'Garbage!' is not a rule-set reference").And.Contain("scheme id");

        registry.TryResolve("cn.nowhere.scheme", out _, out why).Should().BeFalse();
        why!.Code.Should().Be("AS4002");
        why.Message.Should().Contain("no rule set has the scheme 'cn.nowhere.scheme'").And.Contain("cn.demo.hospital-basics");

        registry.TryResolve("cn.demo.hospital-basics@9.x", out _, out why).Should().BeFalse();
        why!.Message.Should().Contain("its versions: 1.0.0");

        registry.TryResolve("cn.demo.hospital-basics@^1.0", out var found, out why).Should().BeTrue();
        found!.Version.ToString().Should().Be("1.0.0");
        why.Should().BeNull();
    }

    [Theory]
    [InlineData("tertiary", "三级")]
    [InlineData("tcm", "中医")]
    [InlineData("all", "全部")]
    [InlineData("tertiary/general", "三级 · 综合")]
    [InlineData("某地", "某地")]
    public void SubjectCodes_Label(string code, string label) => SubjectCodes.Label(code).Should().Be(label);
}
