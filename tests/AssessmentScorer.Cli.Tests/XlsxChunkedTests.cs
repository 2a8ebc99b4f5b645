using System.IO.Compression;
using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// A sheet made item by item in runs on every core (<see cref="XSheet.Items"/>) writes the same workbook as its rows
/// written one by one: every part of the zip byte for byte, shared strings and number formats numbered in the order
/// they first appear, rows numbered in order.
/// </summary>
public sealed class XlsxChunkedTests
{
    private static readonly string[] Header = { "id", "label", "note", "value", "flag", "plain", "wrapped" };

    /// <summary>Item i's rows (0 to 3 of them): texts new in later runs, a long text, specials, numbers in formats first seen late.</summary>
    private static IEnumerable<IReadOnlyList<XCell>> ItemRows(int i, XCell[] row)
    {
        for (var k = 0; k < i % 4; k++)
        {
            row[0] = $"组 group {i / 10}";
            row[1] = i % 97 == 5 ? new string('长', 401) : $"标签 label {i / 40} <&>\"";
            row[2] = k == 1 ? "" : $"说明 {i}-{k} line\nnext\u0001";
            row[3] = XCell.Num(i * 1.25m + k, i < 200 ? "0.00" : i % 2 == 0 ? "0.000%" : null);
            row[4] = XCell.Bool(k == 0 ? null : i % 3 == 0);
            row[5] = XCell.Num(k == 2 ? null : i);
            row[6] = $"wrapped {i % 7}";
            yield return row;
        }
    }

    /// <summary>How a sheet gives its rows: row by row, item by item, or item by item with each item's row count (the runs number their rows).</summary>
    public enum Made { Rows, Items, Counted }

    private static XSheet Sheet(int count, Made made)
    {
        var reused = new XCell[Header.Length];
        var sheet = new XSheet("明细 Details", Header, Enumerable.Range(0, count).SelectMany(i => ItemRows(i, reused)))
        {
            Items = made == Made.Rows ? null : new XItems(count, Header.Length, ItemRows) { RowCount = made == Made.Counted ? i => i % 4 : null },
        };
        sheet.Wrap.Add(6);
        return sheet;
    }

    private static Dictionary<string, byte[]> Parts(int count, Made made)
    {
        var summary = new XSheet("汇总 Summary", new[] { "id", "label" }, Enumerable.Range(0, 50).Select(i => (IReadOnlyList<XCell>)new XCell[] { $"S{i:D4}", $"标签 label {i / 40} <&>\"" }));
        using var ms = new MemoryStream();
        Xlsx.Write(ms, new[] { summary, Sheet(count, made), Sheet(count / 2, made) with { Name = "第二 Second" } }, "标题 & title");
        ms.Position = 0;
        using var zip = new ZipArchive(ms, ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            return copy.ToArray();
        });
    }

    [Theory]
    [InlineData(0, Made.Items)]
    [InlineData(7, Made.Items)]       // one run
    [InlineData(1000, Made.Items)]    // more runs than are made at once
    [InlineData(0, Made.Counted)]
    [InlineData(7, Made.Counted)]
    [InlineData(1000, Made.Counted)]
    public void ItemByItem_WritesTheSameWorkbook_AsRowByRow(int count, Made made)
    {
        var chunked = Parts(count, made);
        var oneByOne = Parts(count, Made.Rows);
        chunked.Keys.Should().BeEquivalentTo(oneByOne.Keys);
        foreach (var (name, bytes) in oneByOne)
            chunked[name].Should().Equal(bytes, $"part {name} must be the same bytes");
        var sheet = System.Text.Encoding.UTF8.GetString(chunked["xl/worksheets/sheet2.xml"]);
        var rows = Enumerable.Range(0, count).Sum(i => i % 4);
        if (rows > 0) sheet.Should().Contain($"<row r=\"{rows + 1}\">");
        sheet.Should().NotContain($"<row r=\"{rows + 2}\"");
        if (count >= 1000)
        {
            // A format first seen late, a shared text first seen in a late run and a long text written inline.
            System.Text.Encoding.UTF8.GetString(chunked["xl/styles.xml"]).Should().Contain("formatCode=\"0.000%\"");
            System.Text.Encoding.UTF8.GetString(chunked["xl/sharedStrings.xml"]).Should().Contain("标签 label 24 &lt;&amp;&gt;&quot;");
            sheet.Should().Contain("<is><t>" + new string('长', 401));
            sheet.Should().Contain("<is><t xml:space=\"preserve\">说明 ");   // a line break inside
        }
    }

    // Texts a reader could change the spaces of (a space first or last, a tab, a line break, a character left out), and texts it could not.
    private static readonly string[] Spaced = { " leading", "trailing ", "  ", "tab\there", "line\nbreak", "\u0001 after a control character", "before one left out \uFFFF" };
    private static readonly string[] Plain = { "plain 文本", "inner  spaces  kept", "\u3000全角空格\u3000", "x", "<&>\" specials" };

    public static IEnumerable<object[]> Texts() => Spaced.Select(t => new object[] { t, true }).Concat(Plain.Select(t => new object[] { t, false }));

    [Theory]
    [MemberData(nameof(Texts))]
    public void AText_IsMarkedToKeepItsSpaces_OnlyWhenAReaderCouldChangeThem(string text, bool preserve)
    {
        // Read back as written: control characters other than tab and line break, U+FFFE and U+FFFF left out.
        var readBack = new string(text.Where(c => c is '\t' or '\n' or >= ' ' and not ('\uFFFE' or '\uFFFF')).ToArray());
        XmlSink.NeedsPreserve(text).Should().Be(preserve);
        // Inline (a column of unique texts) and shared (a column that repeats them): both read back as written.
        var rows = Enumerable.Range(0, 4).Select(i => (IReadOnlyList<XCell>)new XCell[] { text, i == 0 ? text : $"其他 other {i}" }).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"as-preserve-{Guid.NewGuid():N}.xlsx");
        try
        {
            using (var file = File.Create(path)) Xlsx.Write(file, new[] { new XSheet("文本 Texts", new[] { "shared", "inline" }, rows) });
            var table = WorkbookTests.Read(path).Tables[0];
            for (var i = 0; i < rows.Count; i++)
            {
                table.Rows[i][0].Should().Be(readBack);
                table.Rows[i][1].Should().Be(i == 0 ? readBack : $"其他 other {i}");
            }
            using var zip = ZipFile.OpenRead(path);
            string Part(string name) { using var r = new StreamReader(zip.GetEntry(name)!.Open()); return r.ReadToEnd(); }
            var shared = Part("xl/sharedStrings.xml");
            var sheet = Part("xl/worksheets/sheet1.xml");
            var tag = preserve ? "<t xml:space=\"preserve\">" : "<t>";
            shared.Should().Contain("<si>" + tag);
            sheet.Should().Contain("<is>" + tag);
            if (!preserve) (shared + sheet).Should().NotContain("<is><t xml:space").And.NotContain("<si><t xml:space");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AnItemGivingOtherRowsThanItsCount_FailsTheWorkbook()
    {
        var sheet = new XSheet("明细 Details", Header, Enumerable.Range(0, 500).SelectMany(i => ItemRows(i, new XCell[Header.Length])))
        {
            Items = new XItems(500, Header.Length, ItemRows) { RowCount = i => i == 321 ? 0 : i % 4 },
        };
        using var ms = new MemoryStream();
        var act = () => Xlsx.Write(ms, new[] { sheet });
        act.Should().Throw<InvalidOperationException>().WithMessage("*items 320–351 gave 48 rows, not the 47*");
    }

    [Theory]
    [InlineData(Made.Rows)]
    [InlineData(Made.Items)]
    [InlineData(Made.Counted)]
    public void ASheetPastTheRowLimit_FailsTheWorkbook_HoweverItsRowsAreMade(Made made)
    {
        // The header and 1,048,576 rows: one row too many.
        const int count = 1_048_576;
        static IEnumerable<IReadOnlyList<XCell>> One(int i, XCell[] row) { row[0] = XCell.Num(i); yield return row; }
        var sheet = new XSheet("大 Large", new[] { "n" }, Enumerable.Range(0, count).SelectMany(i => One(i, new XCell[1])))
        {
            Items = made == Made.Rows ? null : new XItems(count, 1, One) { RowCount = made == Made.Counted ? _ => 1 : null },
        };
        using var ms = new MemoryStream();
        var act = () => Xlsx.Write(ms, new[] { sheet });
        act.Should().Throw<InvalidOperationException>().WithMessage("*sheet \"大 Large\" would pass the 1,048,576 rows a worksheet can hold");
    }

    [Fact]
    public void AnItemThatFails_FailsTheWorkbook()
    {
        var sheet = new XSheet("明细 Details", Header, Enumerable.Range(0, 500).SelectMany(i => ItemRows(i, new XCell[Header.Length])))
        {
            Items = new XItems(500, Header.Length, (i, row) => i == 321 ? throw new InvalidOperationException("item 321") : ItemRows(i, row)),
        };
        using var ms = new MemoryStream();
        var act = () => Xlsx.Write(ms, new[] { sheet });
        act.Should().Throw<InvalidOperationException>().WithMessage("item 321");
    }
}
