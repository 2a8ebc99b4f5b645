using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AssessmentScorer.Cli.Io;

/// <summary>A cell to write: text, number or yes/no.</summary>
internal readonly record struct XCell(string? Text, decimal? Number = null, bool? Flag = null)
{
    public static implicit operator XCell(string? s) => new(s);
    public static XCell Num(decimal? d) => d is null ? new XCell((string?)null) : new XCell(null, d);
    public static XCell Bool(bool? b) => b is null ? new XCell((string?)null) : new XCell(null, null, b);
}

/// <summary>A worksheet to write: a header row (frozen), rows, and optional validation per column.</summary>
internal sealed record XSheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<XCell>> Rows)
{
    public List<XValidation> Validations { get; } = new();
    public List<double> Widths { get; } = new();
}

/// <summary>Data validation on one column below the header: whole or decimal numbers in a range, or a list.</summary>
internal sealed record XValidation(int Column, string Kind, decimal? Min, decimal? Max, IReadOnlyList<string>? List, string Prompt);

/// <summary>Minimal .xlsx reading and writing with DocumentFormat.OpenXml.</summary>
internal static class Xlsx
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

    public static void Write(Stream output, IReadOnlyList<XSheet> sheets)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        wb.Workbook = new Workbook();
        var styles = wb.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var sheetsEl = wb.Workbook.AppendChild(new Sheets());
        uint id = 1;
        foreach (var s in sheets)
        {
            var part = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var ws = new Worksheet();
            ws.Append(new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 }));
            var widths = s.Header.Select((h, i) => i < s.Widths.Count ? s.Widths[i] : Math.Clamp(Width(h) + 2, 8, 40)).ToList();
            var cols = new Columns();
            for (var i = 0; i < widths.Count; i++)
                cols.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
            ws.Append(cols);
            ws.Append(data);
            var header = new Row { RowIndex = 1 };
            for (var c = 0; c < s.Header.Count; c++) header.Append(TextCell(c, 1, s.Header[c], bold: true));
            data.Append(header);
            for (var r = 0; r < s.Rows.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 2) };
                for (var c = 0; c < s.Rows[r].Count; c++)
                {
                    var cell = s.Rows[r][c];
                    if (cell.Number is { } d) row.Append(new Cell { CellReference = $"{ColumnName(c)}{r + 2}", CellValue = new CellValue(d.ToString(CultureInfo.InvariantCulture)) });
                    else if (cell.Flag is { } b) row.Append(new Cell { CellReference = $"{ColumnName(c)}{r + 2}", DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") });
                    else if (cell.Text is not null) row.Append(TextCell(c, r + 2, cell.Text, bold: false));
                }
                data.Append(row);
            }
            if (s.Validations.Count > 0)
            {
                var dvs = new DataValidations();
                foreach (var v in s.Validations)
                {
                    var range = $"{ColumnName(v.Column)}2:{ColumnName(v.Column)}100000";
                    var dv = new DataValidation
                    {
                        SequenceOfReferences = new ListValue<StringValue> { InnerText = range },
                        AllowBlank = true, ShowErrorMessage = true, ShowInputMessage = true,
                        PromptTitle = "取值范围 Valid values", Prompt = v.Prompt.Length > 250 ? v.Prompt[..250] : v.Prompt,
                        ErrorTitle = "取值无效 Invalid value", Error = v.Prompt.Length > 250 ? v.Prompt[..250] : v.Prompt,
                    };
                    switch (v.Kind)
                    {
                        case "list":
                            dv.Type = DataValidationValues.List;
                            dv.Append(new Formula1($"\"{string.Join(",", v.List!)}\""));
                            break;
                        default:
                            dv.Type = v.Kind == "whole" ? DataValidationValues.Whole : DataValidationValues.Decimal;
                            if (v.Min is not null && v.Max is not null)
                            {
                                dv.Operator = DataValidationOperatorValues.Between;
                                dv.Append(new Formula1(v.Min.Value.ToString(CultureInfo.InvariantCulture)));
                                dv.Append(new Formula2(v.Max.Value.ToString(CultureInfo.InvariantCulture)));
                            }
                            else if (v.Min is not null)
                            {
                                dv.Operator = DataValidationOperatorValues.GreaterThanOrEqual;
                                dv.Append(new Formula1(v.Min.Value.ToString(CultureInfo.InvariantCulture)));
                            }
                            else if (v.Max is not null)
                            {
                                dv.Operator = DataValidationOperatorValues.LessThanOrEqual;
                                dv.Append(new Formula1(v.Max.Value.ToString(CultureInfo.InvariantCulture)));
                            }
                            break;
                    }
                    dvs.Append(dv);
                }
                dvs.Count = (uint)s.Validations.Count;
                ws.Append(dvs);
            }
            part.Worksheet = ws;
            sheetsEl.Append(new Sheet { Id = wb.GetIdOfPart(part), SheetId = id++, Name = SheetName(s.Name) });
        }
        wb.Workbook.Save();
    }

    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private static double Width(string s) => s.Sum(c => c > 0x2E80 ? 2.0 : 1.0);

    private static Cell TextCell(int c, int r, string text, bool bold) => new()
    {
        CellReference = $"{ColumnName(c)}{r}",
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
        StyleIndex = bold ? 1u : 0u,
    };

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 });
}
