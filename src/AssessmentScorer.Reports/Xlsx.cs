using System.Globalization;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SpreadCheetah;
using Cell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using Style = SpreadCheetah.Styling.Style;
using DataValidation = SpreadCheetah.Validations.DataValidation;
using SpreadCheetah.Styling;
using SpreadCheetah.Validations;
using SpreadCheetah.Worksheets;

namespace AssessmentScorer.Reports;

/// <summary>A cell to write: text, number (with an optional Excel number format such as <c>0.00%</c>) or yes/no.</summary>
public readonly record struct XCell(string? Text, decimal? Number = null, bool? Flag = null, string? Format = null)
{
    public static implicit operator XCell(string? s) => new(s);
    public static XCell Num(decimal? d, string? format = null) => d is null ? new XCell((string?)null) : new XCell(null, d, null, format);
    public static XCell Bool(bool? b) => b is null ? new XCell((string?)null) : new XCell(null, null, b);
}

/// <summary>
/// A worksheet to write: a header row (frozen, with an autofilter), rows (read once, as they come), optional column
/// widths, columns whose text wraps, and validation per column.
/// </summary>
public sealed record XSheet(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<XCell>> Rows)
{
    public List<XValidation> Validations { get; } = new();
    public List<double> Widths { get; } = new();
    public HashSet<int> Wrap { get; } = new();
}

/// <summary>Data validation on one column below the header: whole or decimal numbers in a range, or a list.</summary>
public sealed record XValidation(int Column, string Kind, decimal? Min, decimal? Max, IReadOnlyList<string>? List, string Prompt);

/// <summary>.xlsx reading with DocumentFormat.OpenXml; streaming writing with SpreadCheetah.</summary>
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
            // The sheet is read as a stream of XML nodes (never as a document tree): one cell at a time.
            using var xml = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), new XmlReaderSettings { IgnoreComments = true, IgnoreWhitespace = false, DtdProcessing = DtdProcessing.Prohibit });
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
                    cells.Add(Text(type, value, inline, style, shared, dateStyles));
                }
                else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "row") cells = null;
            }
            // A workbook stores no cell for trailing empty ones: a row ends where its last value is, not where the header does.
            if (rows.Count > 0)
                foreach (var r in rows.Skip(1))
                    while (r.Count < rows[0].Count) ((List<string>)r).Add("");
            return (rows, numbers, null);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            return (rows, numbers, $"not a readable .xlsx workbook: {ex.Message}");
        }
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

    private static int ColumnIndex(string? reference)
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
    /// column widths from the header and the first rows, wrapped long-text columns, and data validation where given.
    /// </summary>
    public static void Write(Stream output, IEnumerable<XSheet> sheets) => WriteAsync(output, sheets).GetAwaiter().GetResult();

    private const int WidthSample = 200;

    private static async Task WriteAsync(Stream output, IEnumerable<XSheet> sheets)
    {
        await using var book = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions { BufferSize = 1 << 16 });
        var header = book.AddStyle(new Style
        {
            Font = { Bold = true },
            Fill = { Color = System.Drawing.Color.FromArgb(0xDD, 0xEB, 0xF7) },
            Alignment = { WrapText = true, Vertical = VerticalAlignment.Top },
        });
        var wrapStyle = new Style { Alignment = { WrapText = true, Vertical = VerticalAlignment.Top } };
        var wrap = book.AddStyle(wrapStyle);
        var formats = new Dictionary<string, StyleId>(StringComparer.Ordinal);
        StyleId Format(string f) => formats.TryGetValue(f, out var id) ? id : formats[f] = book.AddStyle(new Style { Format = NumberFormat.Custom(f) });

        foreach (var s in sheets)
        {
            // The first rows are read ahead to size the columns; the rest stream straight through.
            using var rows = s.Rows.GetEnumerator();
            var sample = new List<IReadOnlyList<XCell>>();
            while (sample.Count < WidthSample && rows.MoveNext()) sample.Add(rows.Current);
            var last = ColumnName(Math.Max(0, s.Header.Count - 1));
            var options = new WorksheetOptions { FrozenRows = 1, AutoFilter = new AutoFilterOptions($"A1:{last}1") };
            for (var c = 0; c < s.Header.Count; c++)
            {
                var width = c < s.Widths.Count ? s.Widths[c]
                    : Math.Clamp(Math.Max(Width(s.Header[c]) / 2 + 2, sample.Select(r => c < r.Count ? Width(Shown(r[c])) + 2 : 0).DefaultIfEmpty(0).Max()), 8, 48);
                var column = options.Column(c + 1);
                column.Width = width;
                if (s.Wrap.Contains(c)) column.DefaultStyle = wrapStyle;
            }
            await book.StartWorksheetAsync(SheetName(s.Name), options);
            await book.AddHeaderRowAsync(s.Header.ToArray(), header);
            var buffer = new List<StyledCell>(s.Header.Count);
            async ValueTask Add(IReadOnlyList<XCell> row)
            {
                buffer.Clear();
                for (var c = 0; c < row.Count; c++)
                {
                    var cell = row[c];
                    var style = s.Wrap.Contains(c) ? wrap : (StyleId?)null;
                    if (cell.Number is { } d) buffer.Add(new StyledCell(d, cell.Format is { } f ? Format(f) : style));
                    else if (cell.Flag is { } b) buffer.Add(new StyledCell(b ? "是" : "否", style));
                    else buffer.Add(new StyledCell(cell.Text, style));
                }
                await book.AddRowAsync(buffer);
            }
            foreach (var row in sample) await Add(row);
            while (rows.MoveNext()) await Add(rows.Current);
            foreach (var v in s.Validations)
            {
                var validation = v.Kind switch
                {
                    "list" => DataValidation.ListValues(v.List!),
                    "whole" => v.Min is { } a && v.Max is { } b ? DataValidation.IntegerBetween((int)a, (int)Math.Min(b, int.MaxValue))
                        : v.Min is { } a2 ? DataValidation.IntegerGreaterThanOrEqualTo((int)a2)
                        : v.Max is { } b2 ? DataValidation.IntegerLessThanOrEqualTo((int)Math.Min(b2, int.MaxValue)) : null,
                    _ => v.Min is { } a && v.Max is { } b ? DataValidation.DecimalBetween((double)a, (double)b)
                        : v.Min is { } a2 ? DataValidation.DecimalGreaterThanOrEqualTo((double)a2)
                        : v.Max is { } b2 ? DataValidation.DecimalLessThanOrEqualTo((double)b2) : null,
                };
                if (validation is null) continue;
                var prompt = v.Prompt.Length > 250 ? v.Prompt[..250] : v.Prompt;
                validation.InputTitle = "取值范围 Valid values";
                validation.InputMessage = prompt;
                validation.ErrorTitle = "取值无效 Invalid value";
                validation.ErrorMessage = prompt;
                book.AddDataValidation($"{ColumnName(v.Column)}2:{ColumnName(v.Column)}100000", validation);
            }
        }
        await book.FinishAsync();
    }

    /// <summary>A cell as it reads, for sizing its column.</summary>
    private static string Shown(XCell c) => c.Number is { } d ? d.ToString("0.####", CultureInfo.InvariantCulture) : c.Flag is not null ? "是" : c.Text ?? "";

    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private static double Width(string s) => s.Sum(c => c > 0x2E80 ? 2.0 : 1.0);
}
