using System.Globalization;
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
            var shared = wb.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? Array.Empty<string>();
            var dateStyles = DateStyles(wb);
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var col = ColumnIndex(cell.CellReference?.Value);
                    while (cells.Count < col) cells.Add("");
                    cells.Add(Text(cell, shared, dateStyles));
                }
                rows.Add(cells);
                numbers.Add((int)(row.RowIndex?.Value ?? (uint)rows.Count));
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

    private static string Text(Cell cell, string[] shared, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text ?? cell.InnerText;
        if (cell.DataType?.Value == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Length ? shared[i] : "";
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
        if (cell.DataType?.Value == CellValues.Boolean) return raw == "1" ? "true" : "false";
        if (cell.DataType is null && cell.StyleIndex is { } si && dateStyles.Contains(si.Value)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var oa) && oa is > 0 and < 2958466)
            return DateTime.FromOADate(oa).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return raw ?? "";
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
