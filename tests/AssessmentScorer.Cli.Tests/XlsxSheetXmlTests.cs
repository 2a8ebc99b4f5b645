using System.IO.Compression;
using System.Text;
using System.Xml;
using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// A worksheet read from its bytes (<see cref="XlsxSheetXml"/>) gives the rows the general XML reader
/// (<see cref="Xlsx.ReadSheet"/>) gives: for the example workbooks and one the writer makes (where it must read them
/// itself), for hand-written sheets (entities, rich text, comments, gaps, formulas, empty rows and values) and for
/// thousands of deterministic mutations of them. Where it declines, the general reader reads the sheet; where the general
/// reader refuses the XML, it declines.
/// </summary>
public class XlsxSheetXmlTests
{
    private const string Ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static readonly string[] Sheets =
    {
        $"""
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{Ns}" xmlns:r="urn:r"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> 机构编码 [id] </t></is></c><c r="C1" t="s"><v>3</v></c></row>
<row r="2" spans="1:4"><c r="A2"><v>12.50</v></c><c t="b"><v>1</v></c><c/><c r="E2" s="4"><f>SUM(A2:B2)</f><v>45000</v></c></row><row r="4"/>
<row><c t="inlineStr"><is><r><rPr><b/></rPr><t>a&amp;b</t></r><r><t>&lt;c&gt; &#x4E2D;&#25991; &quot;q&quot; &apos;</t></r><rPh><t>ph</t></rPh></is></c><c><v/></c><c><is/></c></row></sheetData></worksheet>
""",
        $"""
<worksheet xmlns='{Ns}'><!-- made by hand --><sheetData><row r='7'><c r='B7'><v>1<!-- inside -->2</v>
  </c><c r='AA7' t='str'><v>text  with   spaces</v></c><c><x><y>ignored</y></x><v>3</v></c></row>
<row r="x"><c r="C"><v>9</v></c><c r="b2"><v>8</v></c></row><?pi inside?></sheetData><extLst><ext><v>not a cell</v></ext></extLst></worksheet>
""",
        // The cells the workbook writer and spreadsheet programs write most, read whole (values repeated, empty,
        // long, not ASCII, with entities or a '>', a cell inside another element, a value with something after it).
        $"""
<worksheet xmlns="{Ns}"><sheetData><row r="1"><c><v>5</v></c><c t="s"><v>0</v></c><c/><c><v>5</v></c><c><v></v></c><c t="s"><v>12</v></c><c><v>2023</v></c></row><row r="2"><c/><c><v>0.0760</v></c><c><v>7549321372.29</v></c><c><v>中文</v></c><c><v>a&gt;b</v></c><c><v>a>b</v></c><c t="s"><v>0</v></c><c><v>5</v></c></row>
<row><x><c><v>7</v></c></x><c><is><t>i</t></is><v>1</v></c><c t="s" ><v>3</v></c><c t="str"><v>5</v></c><c><v>2023</v></c><c r="J3"><v>5</v></c><c><v>9</v></c></row></sheetData></worksheet>
""",
        $"""<worksheet xmlns="{Ns}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>direct<t>kept</t>direct</is></c><c r="B1" t="e"><v>#N/A</v></c><c r="C1"><is><t>1</t></is><v>2</v></c></row></sheetData></worksheet>""",
    };

    private static string Text(string? type, string? raw, string? inline, uint? style) => $"{type ?? "-"}|{raw ?? "-"}|{inline ?? "-"}|{style?.ToString() ?? "-"}";

    /// <summary>The general reader's rows, or null when it refuses the XML.</summary>
    private static string? General(byte[] xml)
    {
        var (rows, numbers) = (new List<IReadOnlyList<string>>(), new List<int>());
        try { Xlsx.ReadSheet(new MemoryStream(xml), Text, rows, numbers); }
        catch (XmlException) { return null; }
        return Describe(rows, numbers);
    }

    private static string? Fast(byte[] xml)
    {
        var (rows, numbers) = (new List<IReadOnlyList<string>>(), new List<int>());
        if (!XlsxSheetXml.TryRead(xml, Text, rows, numbers))
        {
            rows.Should().BeEmpty("nothing is added when the sheet is declined");
            return null;
        }
        return Describe(rows, numbers);
    }

    private static string Describe(List<IReadOnlyList<string>> rows, List<int> numbers) =>
        string.Join("\n", rows.Select((r, i) => $"{numbers[i]}: {string.Join(" ; ", r)}"));

    private static IEnumerable<byte[]> RealSheets()
    {
        foreach (var book in new[] { "examples/yearly/2024-input.xlsx", "examples/yearly/2025-input.xlsx" })
            yield return Part(File.ReadAllBytes(Repo.At(book)), "xl/worksheets/sheet1.xml");
        using var written = new MemoryStream();
        Xlsx.Write(written, new[]
        {
            new XSheet("s", new[] { "id", "name", "n", "flag" }, new IReadOnlyList<XCell>[]
            {
                new XCell[] { "H1", "第一 \"医院\" <东> & 西", XCell.Num(12.5m, "0.00%"), XCell.Bool(true) },
                new XCell[] { "H2", "  spaces\nline  ", XCell.Num(-3m), XCell.Bool(false) },
                new XCell[] { "H3", null, XCell.Num(null), "" },
            }),
        });
        yield return Part(written.ToArray(), "xl/worksheets/sheet1.xml");
    }

    private static byte[] Part(byte[] book, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(book), ZipArchiveMode.Read);
        using var s = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public void RealAndHandWrittenSheets_AreReadHereAsTheGeneralReaderReadsThem()
    {
        foreach (var xml in RealSheets().Concat(Sheets.Select(Encoding.UTF8.GetBytes)))
        {
            var expected = General(xml);
            expected.Should().NotBeNull();
            Fast(xml).Should().Be(expected, "for {0}", Encoding.UTF8.GetString(xml)[..Math.Min(200, xml.Length)]);
        }
    }

    [Fact]
    public void SheetsItDoesNotRead_AreLeftToTheGeneralReader()
    {
        string[] declined =
        {
            $"""<x:worksheet xmlns:x="{Ns}"><x:sheetData><x:row r="1"><x:c><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>""",
            $"""<worksheet xmlns="{Ns}"><sheetData><row r="1"><c><v><![CDATA[1]]></v></c></row></sheetData></worksheet>""",
            $"""<worksheet xmlns="{Ns}"><sheetData><row r="1"><c t="inlineStr"><is><t>a{"\r\n"}b</t></is></c></row></sheetData></worksheet>""",
            $"""<worksheet xmlns="urn:other"><sheetData><row r="1"><c><v>1</v></c></row></sheetData></worksheet>""",
            $"""<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="{Ns}"/>""",
        };
        foreach (var text in declined)
        {
            var xml = Encoding.UTF8.GetBytes(text);
            Fast(xml).Should().BeNull("for {0}", text);
        }
        // Through the workbook, a sheet declined here is still read (by the general reader).
        Fast(Encoding.UTF8.GetBytes(declined[0])).Should().BeNull();
        General(Encoding.UTF8.GetBytes(declined[0])).Should().Be("1: -|1|-|-");
    }

    [Fact]
    public void EveryMutation_IsReadAsTheGeneralReaderReadsIt_OrDeclined()
    {
        var rng = new Random(18);
        string[] insertions = { "<", ">", "/", "&", "&amp;", "&#xD;", "&#1;", "&bogus;", "\"", "'", " ", "\n", "\r", "\t", "x:", "<v>1</v>", "</c>", "<c>", "<!-- c -->", "]]>", "=", "é", "\u00A0" };
        var (read, declined) = (0, 0);
        foreach (var sheet in Sheets)
        {
            for (var k = 0; k < 1500; k++)
            {
                var i = rng.Next(sheet.Length + 1);
                var mutated = (k % 3) switch
                {
                    0 => sheet[..i] + insertions[rng.Next(insertions.Length)] + sheet[i..],
                    1 => i < sheet.Length ? sheet[..i] + sheet[(i + 1)..] : sheet,
                    _ => sheet[..i] + sheet[Math.Min(sheet.Length, i + rng.Next(1, 12))..],
                };
                var xml = Encoding.UTF8.GetBytes(mutated);
                var fast = Fast(xml);
                if (fast is null) { declined++; continue; }
                read++;
                General(xml).Should().Be(fast, "for {0}", mutated);
            }
        }
        read.Should().BeGreaterThan(500, "many mutations are still sheets read here");
        declined.Should().BeGreaterThan(100);
    }
}
