namespace AssessmentScorer.Tests.RuleSets;

public class RuleSetLoaderTests
{
    /// <summary>A minimal valid rule set. Line 5 starts the indicator; line 7 is its value, line 8 its target.</summary>
    private const string Good = """
        scheme: t.demo
        version: 1.0.0
        title: { zh: 测试, en: Test }
        indicators:
          - id: share
            name: { zh: 占比, en: Share }
            value: personnel_expenditure / business_expenditure
            target: { at_least: 40% }
            points: 20
        """;

    private const string TwoMoreIndicators = """

          - id: a
            name: { zh: 甲, en: A }
            value: b + 1
            target: { at_least: 1 }
            points: 1
          - id: b
            name: { zh: 乙, en: B }
            value: a + 1
            target: { at_least: 1 }
            points: 1
        """;

    private static RuleSetLoadResult Load(string yaml) => RuleSetLoader.Load(yaml, "t.yaml");

    private static Diagnostic Reports(RuleSetLoadResult result, string code, int line, int column)
    {
        result.Success.Should().BeFalse();
        result.RuleSet.Should().BeNull();
        var d = result.Diagnostics.Should().ContainSingle(x => x.Code == code, $"one {code} is expected among: {string.Join(" | ", result.Diagnostics)}").Subject;
        d.Severity.Should().Be(Severity.Error);
        d.Location.Should().Be(new Location("t.yaml", line, column));
        return d;
    }

    [Fact]
    public void Load_ValidRuleSet_Compiles()
    {
        var result = Load(Good);

        result.Success.Should().BeTrue(string.Join(" | ", result.Diagnostics));
        result.Diagnostics.Should().NotContain(d => d.Severity == Severity.Error);
        var rs = result.RuleSet!;
        rs.ToString().Should().Be("t.demo@1.0.0");
        rs.Status.Should().Be("draft");
        rs.Indicators.Should().ContainSingle().Which.Targets.Should().Equal("≥ 40%");
        rs.FieldsRead.Should().Equal("business_expenditure", "personnel_expenditure");
        rs.Digest.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void Load_UnknownKey_IsAS2001AtTheKeyWithAHint()
    {
        var d = Reports(Load(Good.Replace("    points: 20", "    points: 20\n    pionts: 3")), "AS2001", 10, 5);
        d.Message.Should().Contain("unknown key 'pionts' in an indicator").And.Contain("did you mean 'points'?");
    }

    [Fact]
    public void Load_UnknownTopLevelKey_IsAS2001()
    {
        var d = Reports(Load("schema: x\n" + Good), "AS2001", 1, 1);
        d.Message.Should().Contain("'schema'").And.Contain("did you mean 'scheme'?");
    }

    [Fact]
    public void Load_MissingVersion_IsAS2002AtTheMapping()
    {
        var d = Reports(Load(Good.Replace("version: 1.0.0\n", "")), "AS2002", 1, 1);
        d.Message.Should().Be("a rule file needs 'version'");
    }

    [Fact]
    public void Load_IndicatorWithoutPoints_IsAS2002AtTheIndicator()
    {
        var d = Reports(Load(Good.Replace("\n    points: 20", "")), "AS2002", 5, 5);
        d.Message.Should().Contain("needs 'points (or weight)'");
    }

    [Fact]
    public void Load_DuplicateIndicatorId_IsAS2005AtTheSecond()
    {
        var yaml = Good + "\n  - id: share\n    name: { zh: 甲, en: A }\n    value: 1\n    target: { at_least: 1 }\n    points: 1";
        var d = Reports(Load(yaml), "AS2005", 10, 5);
        d.Message.Should().Be("indicator 'share' is declared twice");
    }

    [Fact]
    public void Load_DuplicateMappingKey_IsAS2006AtTheSecondKey()
    {
        var d = Reports(Load(Good.Replace("    points: 20", "    points: 20\n    points: 30")), "AS2006", 10, 5);
        d.Message.Should().Contain("'points'");
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0.0-beta")]
    [InlineData("01.0.0")]
    [InlineData("v1.0.0")]
    public void Load_InvalidVersion_IsAS4001AtTheValue(string version)
    {
        var d = Reports(Load(Good.Replace("version: 1.0.0", "version: " + version)), "AS4001", 2, 10);
        d.Message.Should().Contain($"'{version}' is not a semantic version");
    }

    [Fact]
    public void Load_ExpressionSyntaxError_IsAS3001AtTheColumnInsideTheExpression()
    {
        // "    value: " puts the expression at column 12; the missing ')' is at offset 45, the end.
        var d = Reports(Load(Good.Replace("business_expenditure", "(business_expenditure")), "AS3001", 7, 57);
        d.Message.Should().Contain("missing ')'");
    }

    [Fact]
    public void Load_ExpressionSyntaxErrorInQuotedScalar_CountsTheQuote()
    {
        var yaml = Good.Replace("value: personnel_expenditure / business_expenditure", "value: 'personnel_expenditure = business_expenditure'");
        var d = Reports(Load(yaml), "AS3001", 7, 35);
        d.Message.Should().Contain("'=='");
    }

    [Fact]
    public void Load_ExpressionSyntaxErrorInQuotedScalarWithDoubledQuotes_PointsAtTheCharacterInTheFile()
    {
        // In the file the single '=' stands at column 64: the quote is at 12, the text starts at 13, and
        // "if(tier == ''tertiary'', personnel_expenditure, 0) " is 51 characters as written.
        var yaml = Good.Replace("value: personnel_expenditure / business_expenditure", "value: 'if(tier == ''tertiary'', personnel_expenditure, 0) = 1'");
        var d = Reports(Load(yaml), "AS3001", 7, 64);
        d.Message.Should().Contain("'=='");
    }

    [Fact]
    public void Load_ExpressionSyntaxErrorInDoubleQuotedScalar_CountsTheQuote()
    {
        var yaml = Good.Replace("value: personnel_expenditure / business_expenditure", "value: \"if(tier == 'tertiary', personnel_expenditure, 0) = 1\"");
        Reports(Load(yaml), "AS3001", 7, 62);
    }

    [Fact]
    public void Load_ExpressionSyntaxErrorInTarget_PointsIntoTheTarget()
    {
        // "    target: { at_least: " puts the bound at column 25; '1e3' has its exponent at offset 1.
        var d = Reports(Load(Good.Replace("at_least: 40%", "at_least: 1e3")), "AS3001", 8, 26);
        d.Message.Should().Contain("exponent");
    }

    [Fact]
    public void Load_UnknownField_IsAS3002WithAHint()
    {
        var d = Reports(Load(Good.Replace("personnel_expenditure /", "personel_expenditure /")), "AS3002", 7, 12);
        d.Message.Should().Contain("'personel_expenditure'").And.Contain("did you mean 'personnel_expenditure'?");
    }

    [Fact]
    public void Load_IndicatorsDependingOnEachOther_IsAS3004()
    {
        var result = Load(Good + TwoMoreIndicators);

        var d = Reports(result, "AS3004", 12, 12);
        d.Message.Should().Contain("a → b → a");
    }

    [Fact]
    public void Load_IndicatorsDependingOnEachOther_ReportOnlyTheCycle()
    {
        var result = Load(Good + TwoMoreIndicators);

        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be("AS3004");
    }

    [Fact]
    public void Load_IndicatorReadingAnotherIndicator_Compiles()
    {
        var yaml = Good + "\n  - id: doubled\n    name: { zh: 双, en: Double }\n    value: share * 2\n    target: { at_least: 80% }\n    points: 1";
        var result = Load(yaml);
        result.Success.Should().BeTrue(string.Join(" | ", result.Diagnostics));
        result.RuleSet!.Indicators.Select(i => i.Id).Should().Equal("share", "doubled");
    }

    [Fact]
    public void Load_OverlappingBands_IsAS3009AtTheLaterBand()
    {
        var yaml = Good.Replace("    points: 20", """
                points: 20
                score:
                  method: bands
                  bands:
                    - { from: 10%, to: 30%, points: 5 }
                    - { from: 20%, points: 10 }
            """.TrimEnd());
        var d = Reports(Load(yaml), "AS3009", 14, 11);
        d.Message.Should().Be("bands of 'share' overlap: [10%, 30%) and [20%, +∞)");
    }

    [Fact]
    public void Load_TouchingBands_DoNotOverlap()
    {
        var yaml = Good.Replace("    points: 20", "    points: 20\n    score:\n      method: bands\n      bands:\n        - { from: 10%, to: 30%, points: 5 }\n        - { from: 30%, points: 20 }");
        var result = Load(yaml);
        result.Success.Should().BeTrue(string.Join(" | ", result.Diagnostics));
    }

    [Fact]
    public void Load_GradeMinimumAboveTheMaximum_IsAS3010()
    {
        var yaml = Good + "\ngrading:\n  grades:\n    - { grade: A, min: 25 }\n    - { grade: B, min: 10 }\n    - { grade: C }\n";
        var d = Reports(Load(yaml), "AS3010", 12, 7);
        d.Message.Should().Be("grade 'A' can never be given: its minimum 25 is above the most a subject can score (20)");
    }

    [Fact]
    public void Load_GradeMinimumNotBelowThePreviousGrade_IsAS3010()
    {
        var yaml = Good + "\ngrading:\n  grades:\n    - { grade: A, min: 10 }\n    - { grade: B, min: 15 }\n    - { grade: C }\n";
        var d = Reports(Load(yaml), "AS3010", 13, 7);
        d.Message.Should().Contain("grade 'B' can never be given").And.Contain("not below the grade listed before it (10)");
    }

    [Fact]
    public void Load_EqualGradeMinimums_IsAS3010()
    {
        var yaml = Good + "\ngrading:\n  grades:\n    - { grade: A, min: 10 }\n    - { grade: B, min: 10 }\n    - { grade: C }\n";
        Reports(Load(yaml), "AS3010", 13, 7);
    }

    [Fact]
    public void Load_AboutWithoutTolerance_IsAS2002AtTheTarget()
    {
        var d = Reports(Load(Good.Replace("at_least: 40%", "about: 40%")), "AS2002", 8, 13);
        d.Message.Should().Contain("needs 'tolerance'");
    }

    [Fact]
    public void Load_AboutWithTolerance_Compiles()
    {
        var result = Load(Good.Replace("at_least: 40%", "about: 40%, tolerance: 2%, side: both"));
        result.Success.Should().BeTrue(string.Join(" | ", result.Diagnostics));
        result.RuleSet!.Indicators[0].Targets.Should().Equal("about 40% ± 2%, both sides");
    }

    [Fact]
    public void Load_AboutWithoutSide_IsAS2002NamingSide()
    {
        var d = Reports(Load(Good.Replace("at_least: 40%", "about: 40%, tolerance: 2%")), "AS2002", 8, 13);
        d.Message.Should().Contain("'side'").And.Contain("at_least");
    }

    [Fact]
    public void Load_AboutWithAnUnknownSide_IsAS2004()
    {
        var d = Reports(Load(Good.Replace("at_least: 40%", "about: 40%, tolerance: 2%, side: up")), "AS2004", 8, 48);
        d.Message.Should().Contain("at_most");
    }

    [Fact]
    public void Load_WhenUndefinedUnknown_IsAS2004()
    {
        var d = Reports(Load(Good.Replace("    points: 20", "    points: 20\n    when_undefined: ignore")), "AS2004", 10, 21);
        d.Message.Should().Contain("not_applicable");
    }

    [Fact]
    public void Load_ToleranceWithoutAbout_IsAS2004()
    {
        var d = Reports(Load(Good.Replace("at_least: 40%", "at_least: 40%, tolerance: 2%")), "AS2004", 8, 41);
        d.Message.Should().Contain("tolerance only with 'about'");
    }

    [Fact]
    public void Load_ThreeDistinctMistakes_AreAllReportedAtOnce()
    {
        var yaml = Good
            .Replace("version: 1.0.0", "version: 1.0")
            .Replace("    points: 20", "    points: 20\n    pionts: 3")
            .Replace("business_expenditure", "busines_expenditure");

        var result = Load(yaml);

        result.Success.Should().BeFalse();
        result.Diagnostics.Count.Should().BeGreaterThanOrEqualTo(3);
        result.Diagnostics.Select(d => (d.Code, d.Location.Line, d.Location.Column)).Should().Contain(new[]
        {
            ("AS4001", 2, 10),
            ("AS3002", 7, 36),
            ("AS2001", 10, 5),
        });
        result.Diagnostics.Select(d => d.Location.Line).Should().BeInAscendingOrder("diagnostics come in file order");
    }

    [Fact]
    public void Load_Reformatted_GivesTheSameDigest()
    {
        const string reformatted = """
            # the same rule set: comments, key order, quoting and flow versus block style differ
            title:
              en: Test
              zh: 测试
            indicators:
              - points: 20
                target:
                  at_least: 40%     # 以上
                value: personnel_expenditure / business_expenditure
                name: {en: Share, zh: 占比}
                id: share
            version: "1.0.0"
            scheme: t.demo
            """;

        var a = Load(Good);
        var b = Load(reformatted);

        a.Success.Should().BeTrue();
        b.Success.Should().BeTrue(string.Join(" | ", b.Diagnostics));
        b.RuleSet!.Digest.Should().Be(a.RuleSet!.Digest);
        b.RuleSet.Reference.Should().Be(a.RuleSet.Reference);
    }

    [Fact]
    public void Load_ChangedTarget_ChangesTheDigest()
    {
        var a = Load(Good);
        var b = Load(Good.Replace("at_least: 40%", "at_least: 45%"));

        a.Success.Should().BeTrue();
        b.Success.Should().BeTrue();
        b.RuleSet!.Digest.Should().NotBe(a.RuleSet!.Digest);
    }

    [Fact]
    public void Load_ReorderedIndicators_ChangesTheDigest()
    {
        var one = Good + "\n  - id: other\n    name: { zh: 乙, en: B }\n    value: physicians\n    target: { at_least: 1 }\n    points: 1";
        var swapped = """
            scheme: t.demo
            version: 1.0.0
            title: { zh: 测试, en: Test }
            indicators:
              - id: other
                name: { zh: 乙, en: B }
                value: physicians
                target: { at_least: 1 }
                points: 1
              - id: share
                name: { zh: 占比, en: Share }
                value: personnel_expenditure / business_expenditure
                target: { at_least: 40% }
                points: 20
            """;
        Load(swapped).RuleSet!.Digest.Should().NotBe(Load(one).RuleSet!.Digest, "list order is meaningful, unlike key order");
    }

    [Fact]
    public void Load_ThreeMegabyteFile_IsAS1002()
    {
        var yaml = Good + "\nnotes: |\n" + string.Concat(Enumerable.Repeat("  " + new string('x', 98) + "\n", 30_000));
        var result = Load(yaml);
        result.Diagnostics.Should().ContainSingle().Which.Should().Be(
            new Diagnostic("AS1002", Severity.Error, "the file is larger than 2048 KiB, the limit for a rule file", new Location("t.yaml", 0, 0)));
    }

    [Fact]
    public void LoadDirectory_ThreeMegabyteFile_IsAS1002AndLeftOut()
    {
        using var dir = new TempDir()
            .Write("big/1.0.0.yaml", Good.Replace("t.demo", "t.big") + "\nnotes: |\n" + string.Concat(Enumerable.Repeat("  " + new string('x', 98) + "\n", 30_000)))
            .Write("ok/1.0.0.yaml", Good);

        var (result, allocated) = Allocation.Measure(() => RuleSetRegistry.LoadDirectory(dir.Path));

        // The big file is read as text once (6 MB of UTF-16) and refused by its size, never parsed.
        allocated.Should().BeLessThan(16L * 1024 * 1024);
        result.Success.Should().BeFalse();
        var d = result.Diagnostics.Should().ContainSingle(x => x.Code == "AS1002").Subject;
        d.Location.Should().Be(new Location(Path.Combine(dir.Path, "big/1.0.0.yaml").Replace('\\', '/'), 0, 0));
        result.Registry.All.Select(r => r.ToString()).Should().Equal("t.demo@1.0.0");
    }

    [Fact]
    public void LoadDirectory_AliasBomb_IsAS1004AndTheOtherFilesLoad()
    {
        using var dir = new TempDir()
            .Write("bomb/1.0.0.yaml", YamlReaderTests.BillionLaughs())
            .Write("ok/1.0.0.yaml", Good);

        var result = RuleSetRegistry.LoadDirectory(dir.Path);

        var d = result.Diagnostics.Should().ContainSingle(x => x.Code == "AS1004").Subject;
        (d.Location.Line, d.Location.Column).Should().Be((6, 15));
        result.Registry.Resolve("t.demo@1.0.0").Should().NotBeNull();
    }

    [Fact]
    public void LoadDirectory_DeeplyNestedFile_IsAS1003()
    {
        using var dir = new TempDir().Write("deep/1.0.0.yaml", "scheme: t.deep\nversion: 1.0.0\nx: " + new string('[', 200) + new string(']', 200) + "\n");
        var result = RuleSetRegistry.LoadDirectory(dir.Path);
        var d = result.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("AS1003");
        (d.Location.Line, d.Location.Column).Should().Be((3, 67));
    }
}
