using System.Globalization;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AssessmentScorer.Reports;

/// <summary>A cell to write: text, number (with an optional Excel number format such as <c>0.00%</c>) or yes/no.</summary>
public readonly record struct XCell(string? Text, decimal? Number = null, bool? Flag = null, string? Format = null)
{
    public static implicit operator XCell(string? s) => new(s);
    public static XCell Num(decimal? d, string? format = null) => d is null ? new XCell((string?)null) : new XCell(null, d, null, format);
    public static XCell Bool(bool? b) => b is null ? new XCell((string?)null) : new XCell(null, null, b);
}

/// <summary>
/// A worksheet to write: a header row (frozen, with an autofilter), rows (read once, as they come; a row may be one
/// array filled anew for each, as each is read before the next is asked for), optional column widths, columns whose
/// text wraps, and validation per column.
/// </summary>
public sealed record XSheet(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<XCell>> Rows)
{
    public List<XValidation> Validations { get; } = new();
    public List<double> Widths { get; } = new();
    public HashSet<int> Wrap { get; } = new();

    /// <summary>
    /// The same rows as <see cref="Rows"/>, made item by item (optional): a large sheet's XML is then made in runs of
    /// items on every core and written in order, and <see cref="Rows"/> is read only for its first rows (to size the
    /// columns). The workbook's bytes are the same either way.
    /// </summary>
    public XItems? Items { get; init; }
}

/// <summary>
/// A sheet's rows item by item: <paramref name="Rows"/>(i, row) gives item i's rows (of <paramref name="Count"/>), each
/// may be <c>row</c> (a reused array of <paramref name="Width"/> cells) filled anew; it is called from several threads
/// at once, each with its own array.
/// </summary>
public sealed record XItems(int Count, int Width, Func<int, XCell[], IEnumerable<IReadOnlyList<XCell>>> Rows)
{
    /// <summary>
    /// Item i's number of rows (optional), known before its rows are made: each run then numbers its rows itself
    /// instead of leaving the numbers to the writer. An item that then gives another number of rows fails the workbook.
    /// </summary>
    public Func<int, int>? RowCount { get; init; }

    /// <summary>
    /// Item i's rows written straight into the sheet's XML (optional, in place of <see cref="Rows"/> for the runs): the
    /// same rows, some of whose texts may be given as characters rather than strings.
    /// </summary>
    internal Action<int, XCell[], IRowSink>? Write { get; init; }
}

/// <summary>Where an item writes its rows (<see cref="XItems.Write"/>), in order, each read before the next is given.</summary>
internal interface IRowSink
{
    void Row(XCell[] cells);

    /// <summary>A row whose cells <paramref name="at"/> and <paramref name="at"/> + 1 are the texts <paramref name="first"/> and <paramref name="second"/>.</summary>
    void Row(XCell[] cells, int at, ReadOnlySpan<char> first, ReadOnlySpan<char> second);
}

/// <summary>Data validation on one column below the header: whole or decimal numbers in a range, or a list.</summary>
public sealed record XValidation(int Column, string Kind, decimal? Min, decimal? Max, IReadOnlyList<string>? List, string Prompt);

/// <summary>.xlsx reading with DocumentFormat.OpenXml (sheets as a stream of XML nodes); streaming writing with <see cref="XlsxWriter"/>.</summary>
public static class Xlsx
{
    public static (List<IReadOnlyList<string>> Rows, List<int> Numbers, string? Error) ReadFirstSheet(byte[] bytes)
    {
        var rows = new List<IReadOnlyList<string>>();
        var numbers = new List<int>();
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var doc = SpreadsheetDocument.Open(stream, false);
            var wb = doc.WorkbookPart ?? throw new InvalidDataException("the workbook has no workbook part");
            var sheet = wb.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("the workbook has no sheet");
            var part = (WorksheetPart)wb.GetPartById(sheet.Id!.Value!);
            var shared = SharedStrings(wb.SharedStringTablePart);
            var dateStyles = DateStyles(wb);
            // The sheet's XML is read from its bytes as spreadsheet programs write it (XlsxSheetXml), else with the
            // general XML reader.
            using var sheetXml = new MemoryStream();
            using (var partStream = part.GetStream(FileMode.Open, FileAccess.Read)) partStream.CopyTo(sheetXml);
            var xmlBytes = sheetXml.GetBuffer().AsSpan(0, (int)sheetXml.Length);   // the bytes copied once, not again
            string CellText(string? type, string? raw, string? inline, uint? style) => Text(type, raw, inline, style, shared, dateStyles);
            if (!XlsxSheetXml.TryRead(xmlBytes, CellText, rows, numbers))
                ReadSheet(new MemoryStream(sheetXml.GetBuffer(), 0, (int)sheetXml.Length, writable: false), CellText, rows, numbers);
            PadRows(rows);
            return (rows, numbers, null);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            return (rows, numbers, $"not a readable .xlsx workbook: {ex.Message}");
        }
    }

    /// <summary>
    /// A sheet's rows read with the general XML reader, as a stream of XML nodes (never as a document tree): one cell at a
    /// time, each cell's text made by <paramref name="text"/> (type, value, inline text, style).
    /// </summary>
    internal static void ReadSheet(Stream sheet, Func<string?, string?, string?, uint?, string> text, List<IReadOnlyList<string>> rows, List<int> numbers)
    {
        using var xml = XmlReader.Create(sheet, new XmlReaderSettings { IgnoreComments = true, IgnoreWhitespace = false, DtdProcessing = DtdProcessing.Prohibit });
        List<string>? cells = null;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "row" && xml.NamespaceURI == Main)
            {
                cells = new List<string>();
                numbers.Add(uint.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (int)n : rows.Count + 1);
                rows.Add(cells);
                if (xml.IsEmptyElement) cells = null;
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c" && xml.NamespaceURI == Main && cells is not null)
            {
                var col = ColumnIndex(xml.GetAttribute("r"));
                var type = xml.GetAttribute("t");
                var style = uint.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var si) ? si : (uint?)null;
                string? value = null, inline = null;
                if (!xml.IsEmptyElement)
                {
                    var depth = xml.Depth;
                    while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                    {
                        if (xml.NodeType != XmlNodeType.Element) continue;
                        if (xml.LocalName == "v") value = xml.ReadElementContentAsString();
                        else if (xml.LocalName == "is") inline = InnerText(xml);
                        if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) break;
                    }
                }
                while (cells.Count < col) cells.Add("");
                cells.Add(text(type, value, inline, style));
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "row") cells = null;
        }
    }

    /// <summary>A workbook stores no cell for trailing empty ones: a row ends where its last value is, not where the header does.</summary>
    private static void PadRows(List<IReadOnlyList<string>> rows)
    {
        if (rows.Count > 0)
            foreach (var r in rows.Skip(1))
                while (r.Count < rows[0].Count) ((List<string>)r).Add("");
    }

    /// <summary>The shared strings, read one item at a time.</summary>
    private static string[] SharedStrings(SharedStringTablePart? part)
    {
        if (part is null) return Array.Empty<string>();
        var list = new List<string>();
        using var xml = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), new XmlReaderSettings { IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit });
        while (xml.Read())
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si") list.Add(InnerText(xml));
        return list.ToArray();
    }

    private static HashSet<uint> DateStyles(WorkbookPart wb)
    {
        var result = new HashSet<uint>();
        var formats = wb.WorkbookStylesPart?.Stylesheet?.CellFormats?.Elements<CellFormat>().ToList();
        if (formats is null) return result;
        var custom = wb.WorkbookStylesPart!.Stylesheet!.NumberingFormats?.Elements<NumberingFormat>()
            .ToDictionary(n => n.NumberFormatId!.Value, n => n.FormatCode?.Value ?? "") ?? new Dictionary<uint, string>();
        for (var i = 0; i < formats.Count; i++)
        {
            var id = formats[i].NumberFormatId?.Value ?? 0;
            var isDate = id is >= 14 and <= 22 or >= 45 and <= 47 ||
                         (custom.TryGetValue(id, out var code) && code.Contains('y', StringComparison.OrdinalIgnoreCase) && code.Contains('d', StringComparison.OrdinalIgnoreCase));
            if (isDate) result.Add((uint)i);
        }
        return result;
    }

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A cell's text as it reads: shared and inline strings, yes/no as true/false, dates (by their style) as yyyy-MM-dd, numbers as written.</summary>
    private static string Text(string? type, string? raw, string? inline, uint? style, string[] shared, HashSet<uint> dateStyles)
    {
        switch (type)
        {
            case "s":
                return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Length ? shared[i] : "";
            case "inlineStr": return inline ?? "";
            case "b": return raw == "1" ? "true" : "false";
            case null when style is { } si && dateStyles.Contains(si)
                && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var oa) && oa is > 0 and < 2958466:
                return DateTime.FromOADate(oa).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            default: return raw ?? inline ?? "";
        }
    }

    /// <summary>The text of every &lt;t&gt; under the element the reader stands on (rich text runs joined), leaving the reader on its end.</summary>
    private static string InnerText(XmlReader xml)
    {
        if (xml.IsEmptyElement) return "";
        var depth = xml.Depth;
        var sb = new System.Text.StringBuilder();
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA && xml.Depth > depth + 1)
                sb.Append(xml.Value);
        return sb.ToString();
    }

    internal static int ColumnIndex(string? reference)
    {
        if (reference is null) return 0;
        var n = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetterUpper(c)) break;
            n = n * 26 + (c - 'A' + 1);
        }
        return Math.Max(0, n - 1);
    }

    public static string ColumnName(int index)
    {
        var s = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }

    /// <summary>
    /// Writes the sheets as one workbook, streaming each sheet's rows as they come (nothing is held per row): typed
    /// cells (numbers with their number format, yes/no, text), a bold, wrapped, frozen header row with an autofilter,
    /// column widths from the header and the first rows, wrapped long-text columns, data validation where given, and
    /// a page setup for printing (A4, landscape when wide, fit to width, the header row on every page, the title and
    /// the page number in the header and footer).
    /// </summary>
    /// <param name="title">The title printed in each page's header (the sheet's name beside it).</param>
    public static void Write(Stream output, IEnumerable<XSheet> sheets, string? title = null)
    {
        using var book = new XlsxWriter(output, title);
        foreach (var s in sheets)
        {
            // The first rows are read ahead to size the columns; the rest stream straight through.
            using var rows = s.Rows.GetEnumerator();
            var sample = new List<IReadOnlyList<XCell>>();
            while (sample.Count < WidthSample && rows.MoveNext()) sample.Add(rows.Current.ToArray());   // copied: a row may be a reused buffer
            var widths = new List<double>(s.Header.Count);
            for (var c = 0; c < s.Header.Count; c++)
                widths.Add(c < s.Widths.Count ? s.Widths[c]
                    : Math.Clamp(Math.Max(Width(s.Header[c]) / 2 + 2, sample.Select(r => c < r.Count ? Width(Shown(r[c])) + 2 : 0).DefaultIfEmpty(0).Max()), 8, 48));
            // A column whose first rows repeat their texts (ids, names, labels, sources) shares them; one of mostly
            // unique texts (explanations) writes them inline.
            var shared = new bool[s.Header.Count];
            for (var c = 0; c < shared.Length; c++)
            {
                var texts = sample.Where(r => c < r.Count && r[c].Number is null && r[c].Flag is null && !string.IsNullOrEmpty(r[c].Text)).Select(r => r[c].Text!).ToList();
                shared[c] = texts.Count == 0 || texts.Distinct(StringComparer.Ordinal).Count() * 2 <= texts.Count;
            }
            book.Sheet(s with { Name = SheetName(s.Name) }, widths, shared, Rest(sample, rows));
        }
        book.Finish();
    }

    private static IEnumerable<IReadOnlyList<XCell>> Rest(List<IReadOnlyList<XCell>> sample, IEnumerator<IReadOnlyList<XCell>> rows)
    {
        foreach (var r in sample) yield return r;
        while (rows.MoveNext()) yield return rows.Current;
    }

    private const int WidthSample = 200;

    /// <summary>A cell as it reads, for sizing its column.</summary>
    private static string Shown(XCell c) => c.Number is { } d ? d.ToString("0.####", CultureInfo.InvariantCulture) : c.Flag is not null ? "是" : c.Text ?? "";

    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private static double Width(string s) => s.Sum(c => c > 0x2E80 ? 2.0 : 1.0);
}
