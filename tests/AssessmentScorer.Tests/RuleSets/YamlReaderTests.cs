using System.Text;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Tests.RuleSets;

public class YamlReaderTests
{
    private static (YNode? Root, IReadOnlyList<Diagnostic> Diagnostics) Read(string text)
    {
        var diags = new DiagnosticBag();
        var root = YamlReader.Read(text, "t.yaml", RuleSetLimits.Default, diags);
        return (root, diags.ToList());
    }

    private static Diagnostic Single(IReadOnlyList<Diagnostic> diagnostics, string code)
    {
        var d = diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be(code);
        d.Severity.Should().Be(Severity.Error);
        return d;
    }

    /// <summary>
    /// What refusing <see cref="BillionLaughs"/> may allocate: a few hundred kilobytes for the reader and its 200,000
    /// counted nodes, with room for first-use initialization (the measured figure is about 35 KB).
    /// </summary>
    internal const long AliasBombAllocationBound = 4L * 1024 * 1024;

    /// <summary>9 levels of 9 aliases each: expands to 9^9 (387 million) nodes.</summary>
    internal static string BillionLaughs()
    {
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
            sb.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))).Append("]\n");
        return sb.ToString();
    }

    [Theory]
    [InlineData("a: [!!binary]\n")]
    [InlineData("a: !<%zz> x\n")]
    [InlineData("grading: { pass: [!!binary] }\n")]
    public void Read_TagYamlDotNetRejectsWithArgumentException_IsAS1001NotException(string text)
    {
        // Found by tools/AssessmentScorer.Fuzz: YamlDotNet throws ArgumentException ("Global tags must be valid URIs").
        var (root, diags) = Read(text);

        root.Should().BeNull();
        var d = Single(diags, "AS1001");
        d.Location.Line.Should().Be(1);
        d.Message.Should().NotContain("Exception").And.NotContain("Parameter");
    }

    [Fact]
    public void Read_ValidDocument_KeepsOneBasedLinesAndColumns()
    {
        var (root, diags) = Read("a: 1\nb:\n  - x\n  - { y: 2 }\n");

        diags.Should().BeEmpty();
        var map = root.Should().BeOfType<YMap>().Subject;
        (map.Line, map.Column).Should().Be((1, 1));
        map.Entries.Select(e => e.Key.Value).Should().Equal("a", "b");
        var a = map.Get("a").Should().BeOfType<YScalar>().Subject;
        (a.Value, a.Line, a.Column, a.IsPlain).Should().Be(("1", 1, 4, true));
        var seq = map.Get("b").Should().BeOfType<YSeq>().Subject;
        (seq.Line, seq.Column).Should().Be((3, 3));
        var x = seq.Items[0].Should().BeOfType<YScalar>().Subject;
        (x.Line, x.Column).Should().Be((3, 5));
        var inner = seq.Items[1].Should().BeOfType<YMap>().Subject;
        (inner.Line, inner.Column).Should().Be((4, 5));
    }

    [Fact]
    public void Read_QuotedScalar_IsMarkedQuotedAndKeepsItsText()
    {
        var (root, _) = Read("v: 'a: b'\nn: ~\n");
        var map = (YMap)root!;
        var v = (YScalar)map.Get("v")!;
        (v.Value, v.IsQuoted, v.IsPlain, v.Column).Should().Be(("a: b", true, false, 4));
        ((YScalar)map.Get("n")!).IsNull.Should().BeTrue();
    }

    [Fact]
    public void Read_AliasToAnchor_ReusesTheAnchoredNode()
    {
        var (root, diags) = Read("base: &b { x: 1 }\ncopy: *b\n");
        diags.Should().BeEmpty();
        var map = (YMap)root!;
        map.Get("copy").Should().BeSameAs(map.Get("base"));
    }

    [Fact]
    public void Read_UnclosedQuote_IsAS1001AtTheQuote()
    {
        var (root, diags) = Read("scheme: t.demo\nversion: '1.0.0\ntitle: x\n");

        root.Should().BeNull();
        var d = Single(diags, "AS1001");
        d.Location.Should().Be(new Location("t.yaml", 2, 10));
        d.Message.Should().StartWith("YAML syntax: ").And.Contain("quoted scalar");
    }

    [Fact]
    public void Read_BadIndentation_IsAS1001WithLineAndColumn()
    {
        var (root, diags) = Read("scheme: t.demo\nversion: 1.0.0\n  title: x\n");

        root.Should().BeNull();
        Single(diags, "AS1001").Location.Should().Be(new Location("t.yaml", 3, 8));
    }

    [Fact]
    public void Read_SequenceItemInAMapping_IsAS1001()
    {
        var (_, diags) = Read("scheme: t.demo\n- x\n");
        Single(diags, "AS1001").Location.Should().Be(new Location("t.yaml", 2, 1));
    }

    [Fact]
    public void Read_UnclosedFlowSequence_IsAS1001NotAnException()
    {
        IReadOnlyList<Diagnostic> diags = Array.Empty<Diagnostic>();
        var act = () => diags = Read("scheme: t.demo\nversion: [1.0.0\ntitle: x\n").Diagnostics;

        act.Should().NotThrow();
        var d = Single(diags, "AS1001");
        d.Location.Line.Should().BeInRange(2, 4);
        d.Location.Column.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Load_UnclosedFlowMapping_IsAS1001NotAnException()
    {
        RuleSetLoadResult? result = null;
        var act = () => result = RuleSetLoader.Load("scheme: t.demo\ntitle: { zh: a, en: b\nversion: 1.0.0\n", "t.yaml");

        act.Should().NotThrow();
        result!.Success.Should().BeFalse();
        var d = result.Diagnostics.Should().ContainSingle(x => x.Code == "AS1001").Subject;
        d.Location.Line.Should().BeInRange(2, 4);
    }

    [Fact]
    public void Read_DuplicateKey_IsAS2006AtTheSecondKeyAndTheFirstValueStays()
    {
        var (root, diags) = Read("a: 1\nb: 2\na: 3\n");

        var d = Single(diags, "AS2006");
        d.Location.Should().Be(new Location("t.yaml", 3, 1));
        d.Message.Should().Contain("'a'");
        ((YScalar)((YMap)root!).Get("a")!).Value.Should().Be("1");
    }

    [Fact]
    public void Read_DuplicateKeyInFlowMapping_IsAS2006AtThatKey()
    {
        var (_, diags) = Read("title: { zh: a, zh: b }\n");
        Single(diags, "AS2006").Location.Should().Be(new Location("t.yaml", 1, 17));
    }

    [Fact]
    public void Read_AliasBomb_IsRefusedWithAS1004WithoutExpandingIt()
    {
        var text = BillionLaughs();

        var ((root, diags), allocated) = Allocation.Measure(() => Read(text));

        allocated.Should().BeLessThan(AliasBombAllocationBound, "aliases are counted, never copied: expanding 9^9 nodes would take gigabytes");
        root.Should().BeNull();
        var d = Single(diags, "AS1004");
        d.Location.Should().Be(new Location("t.yaml", 6, 15));
        d.Message.Should().Contain("200000 nodes");
    }

    [Fact]
    public void Read_UnknownAlias_IsAS1001AtTheAlias()
    {
        var (root, diags) = Read("a: 1\nb: *nothing\n");
        root.Should().BeNull();
        var d = Single(diags, "AS1001");
        d.Location.Should().Be(new Location("t.yaml", 2, 4));
        d.Message.Should().Contain("*nothing");
    }

    [Fact]
    public void Read_TwoHundredNestedFlowSequences_IsRefusedWithAS1003()
    {
        var text = "x: " + new string('[', 200) + new string(']', 200) + "\n";

        var (root, diags) = Read(text);

        root.Should().BeNull();
        var d = Single(diags, "AS1003");
        // The root mapping is level 1; the 64th '[' (column 4 + 63) would be level 65.
        d.Location.Should().Be(new Location("t.yaml", 1, 67));
        d.Message.Should().Contain("64 levels");
    }

    [Fact]
    public void Read_SixtyThreeNestedSequences_IsAccepted()
    {
        var (root, diags) = Read("x: " + new string('[', 63) + new string(']', 63) + "\n");
        diags.Should().BeEmpty();
        root.Should().BeOfType<YMap>();
    }

    [Fact]
    public void Read_ThreeMegabyteFile_IsRefusedWithAS1002ForTheWholeFile()
    {
        var text = "notes: |\n" + string.Concat(Enumerable.Repeat("  " + new string('x', 98) + "\n", 30_000));
        Encoding.UTF8.GetByteCount(text).Should().BeGreaterThan(3_000_000);

        var (root, diags) = Read(text);

        root.Should().BeNull();
        var d = Single(diags, "AS1002");
        d.Location.Should().Be(new Location("t.yaml", 0, 0));
        d.Message.Should().Contain("2048 KiB");
    }

    [Fact]
    public void Read_SecondDocument_IsAS1005AtItsMarker()
    {
        var (root, diags) = Read("a: 1\n---\nb: 2\n");
        root.Should().BeNull();
        Single(diags, "AS1005").Location.Should().Be(new Location("t.yaml", 2, 1));
    }

    [Fact]
    public void Read_ComplexKey_IsAS1006()
    {
        var (root, diags) = Read("? [a, b]\n: 1\n");
        root.Should().BeNull();
        Single(diags, "AS1006").Location.Should().Be(new Location("t.yaml", 1, 3));
    }

    [Fact]
    public void Load_AliasBomb_IsRefusedWithAS1004()
    {
        var text = BillionLaughs();
        var (result, allocated) = Allocation.Measure(() => RuleSetLoader.Load(text, "t.yaml"));
        allocated.Should().BeLessThan(AliasBombAllocationBound, "the loader stops at the reader's node count");
        result.Success.Should().BeFalse();
        result.RuleSet.Should().BeNull();
        result.Diagnostics.Should().ContainSingle().Which.Should().Be(
            new Diagnostic("AS1004", Severity.Error, "the YAML expands to more than 200000 nodes (check anchors and aliases)", new Location("t.yaml", 6, 15)));
    }

    [Fact]
    public void Load_EmptyFile_IsAS1007()
    {
        var result = RuleSetLoader.Load("# only a comment\n", "t.yaml");
        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be("AS1007");
        result.Diagnostics[0].Location.Should().Be(new Location("t.yaml", 1, 1));
    }
}
