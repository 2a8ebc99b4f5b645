using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace AssessmentScorer.Reports;

/// <summary>
/// A streaming .xlsx writer for <see cref="Xlsx.Write"/>: each sheet's XML goes straight into its zip entry as UTF-8
/// (one reused buffer, no object per cell), short texts that repeat (ids, names, labels) once in the shared-string
/// table and long unique ones inline, the fastest deflate level, and what a printed sheet needs: A4, landscape for
/// wide sheets, fit to the page's width, the header row repeated on every page, a header with the title and a footer
/// with the page number. The XML is made on the calling thread and deflated on a second one (a few buffers between
/// them), so on two cores the compression runs beside the rows being made rather than after them.
/// </summary>
internal sealed class XlsxWriter : IDisposable
{
    /// <summary>Texts up to this many characters of a column that repeats its texts go into the shared-string table.</summary>
    private const int SharedMaxLength = 400;

    /// <summary>At most this many distinct shared texts; any further text is written inline (memory stays bounded).</summary>
    private const int SharedMaxCount = 500_000;

    private readonly ZipArchive _zip;
    private readonly string? _title;
    private readonly Dictionary<string, int> _shared = new(StringComparer.Ordinal);
    private readonly List<string> _sharedList = new();
    private readonly Dictionary<string, int> _formats = new(StringComparer.Ordinal);
    private readonly List<(string Name, int Columns, int Rows)> _sheets = new();
    private byte[] _buffer = new byte[BufferSize];
    private int _pos;
    private Stream? _out;

    private const int BufferSize = 1 << 17;
    private const int MaxRows = 1_048_576;
    /// <summary>Filled buffers on their way to the deflating thread, and the empty ones coming back.</summary>
    private readonly BlockingCollection<Chunk> _queue = new(boundedCapacity: 4);
    private readonly BlockingCollection<byte[]> _free = new();
    private readonly Task _deflater;
    private volatile Exception? _failure;

    /// <summary>Bytes for an entry's stream, or (Buffer null) the end of the entry, with <c>Done</c> set once it is closed.</summary>
    private readonly record struct Chunk(Stream Target, byte[]? Buffer, int Length, TaskCompletionSource? Done);

    /// <summary>Cell style indexes: 0 default, 1 the header row, 2 wrapped text; number formats from 3 on.</summary>
    private const int HeaderStyle = 1, WrapStyle = 2;

    public XlsxWriter(Stream output, string? title)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        _title = title;
        for (var i = 0; i < 4; i++) _free.Add(new byte[BufferSize]);
        _deflater = Task.Factory.StartNew(Deflate, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The second thread: writes each buffer into its entry's (deflating) stream and closes entries when asked.</summary>
    private void Deflate()
    {
        foreach (var c in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (_failure is null && c.Buffer is not null) c.Target.Write(c.Buffer, 0, c.Length);
                if (c.Buffer is null) { c.Target.Dispose(); c.Done?.SetResult(); }
            }
            catch (Exception ex)
            {
                _failure ??= ex;
                c.Done?.TrySetException(ex);
            }
            finally
            {
                if (c.Buffer is not null) _free.Add(c.Buffer);
            }
        }
    }

    private void Open(string name) => _out = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();

    /// <summary>Ends the entry being written: its last bytes sent, and waits until the deflating thread has closed it (the zip takes one entry at a time).</summary>
    private void Close()
    {
        Flush();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(new Chunk(_out!, null, 0, done));
        done.Task.GetAwaiter().GetResult();
        _out = null;
        if (_failure is { } f) throw new IOException($"writing the workbook failed: {f.Message}", f);
    }

    /// <summary>Writes one sheet: header, rows (read once), widths, wrapped columns and validations.</summary>
    /// <param name="shared">Per column: whether its texts repeat (shared) or are mostly unique (written inline).</param>
    public void Sheet(XSheet s, IReadOnlyList<double> widths, bool[] shared, IEnumerable<IReadOnlyList<XCell>> rows)
    {
        var index = _sheets.Count + 1;
        var columns = Math.Max(1, s.Header.Count);
        var wrap = new bool[Math.Max(columns, s.Wrap.Count == 0 ? 0 : s.Wrap.Max() + 1)];
        foreach (var c in s.Wrap) if (c >= 0) wrap[c] = true;
        var last = Xlsx.ColumnName(columns - 1);
        var wide = widths.Sum() > 110;
        Open($"xl/worksheets/sheet{index}.xml");
        Raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"u8);
        Raw("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><sheetViews><sheetView workbookViewId=\"0\""u8);
        if (index == 1) Raw(" tabSelected=\"1\""u8);
        Raw("><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews><cols>"u8);
        for (var c = 0; c < widths.Count; c++)
        {
            Raw("<col min=\""u8); Int(c + 1); Raw("\" max=\""u8); Int(c + 1); Raw("\" width=\""u8); Double(widths[c]); Raw("\" customWidth=\"1\""u8);
            if (c < wrap.Length && wrap[c]) { Raw(" style=\""u8); Int(WrapStyle); Raw("\""u8); }
            Raw("/>"u8);
        }
        // The header row two lines high: its wrapped Chinese-and-English labels are read, not cut, on screen and on paper.
        Raw("</cols><sheetData><row r=\"1\" ht=\"32\" customHeight=\"1\">"u8);
        foreach (var h in s.Header) Cell(h, HeaderStyle, false);
        Raw("</row>"u8);
        var row = 1;
        foreach (var r in rows)
        {
            if (row == MaxRows) throw new InvalidOperationException($"工作表“{s.Name}”超过 1,048,576 行上限 / sheet \"{s.Name}\" would pass the 1,048,576 rows a worksheet can hold");
            row++;
            Raw("<row r=\""u8); Int(row); Raw("\">"u8);
            for (var c = 0; c < r.Count; c++)
            {
                var cell = r[c];
                var style = c < wrap.Length && wrap[c] ? WrapStyle : 0;
                if (cell.Number is { } d)
                {
                    if (cell.Format is { } f) style = Format(f);
                    Raw(style == 0 ? "<c><v>"u8 : "<c s=\""u8);
                    if (style != 0) { Int(style); Raw("\"><v>"u8); }
                    Decimal(d);
                    Raw("</v></c>"u8);
                }
                else if (cell.Flag is { } b) Cell(b ? "是" : "否", style, true);
                else Cell(cell.Text, style, c >= shared.Length || shared[c]);
            }
            Raw("</row>"u8);
        }
        Raw("</sheetData><autoFilter ref=\"A1:"u8); Text(last); Int(Math.Max(row, 1)); Raw("\"/>"u8);
        Validations(s.Validations);
        Raw("<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\""u8);
        Raw(wide ? "landscape"u8 : "portrait"u8);
        Raw("\" fitToWidth=\"1\" fitToHeight=\"0\"/><headerFooter><oddHeader>"u8);
        // &C centre, &A the sheet's name, &P this page, &N pages; a literal & is written &&.
        Text("&C" + (_title is null ? "" : _title.Replace("&", "&&", StringComparison.Ordinal) + " · ") + "&A");
        Raw("</oddHeader><oddFooter>"u8);
        Text("&C第 &P 页，共 &N 页 Page &P of &N");
        Raw("</oddFooter></headerFooter></worksheet>"u8);
        Close();
        _sheets.Add((s.Name, columns, row));
    }

    private void Validations(List<XValidation> list)
    {
        if (list.Count == 0) return;
        Raw("<dataValidations count=\""u8); Int(list.Count); Raw("\">"u8);
        foreach (var v in list)
        {
            var prompt = v.Prompt.Length > 250 ? v.Prompt[..250] : v.Prompt;
            var (type, op, f1, f2) = v.Kind switch
            {
                "list" => ("list", null, "\"" + string.Join(",", v.List!) + "\"", null),
                _ => (v.Kind == "whole" ? "whole" : "decimal",
                    v.Min is not null && v.Max is not null ? "between" : v.Min is not null ? "greaterThanOrEqual" : "lessThanOrEqual",
                    Bound(v.Min ?? v.Max, v.Kind), v.Min is not null && v.Max is not null ? Bound(v.Max, v.Kind) : null),
            };
            if (type != "list" && v.Min is null && v.Max is null) continue;
            Raw("<dataValidation type=\""u8); Text(type); Raw("\""u8);
            if (op is not null) { Raw(" operator=\""u8); Text(op); Raw("\""u8); }
            Raw(" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" promptTitle=\""u8); Text("取值范围 Valid values");
            Raw("\" prompt=\""u8); Text(prompt); Raw("\" errorTitle=\""u8); Text("取值无效 Invalid value"); Raw("\" error=\""u8); Text(prompt);
            Raw("\" sqref=\""u8); Text($"{Xlsx.ColumnName(v.Column)}2:{Xlsx.ColumnName(v.Column)}100000"); Raw("\"><formula1>"u8); Text(f1);
            Raw("</formula1>"u8);
            if (f2 is not null) { Raw("<formula2>"u8); Text(f2); Raw("</formula2>"u8); }
            Raw("</dataValidation>"u8);
        }
        Raw("</dataValidations>"u8);
    }

    private static string Bound(decimal? d, string kind) => kind == "whole"
        ? Math.Clamp(Math.Truncate(d ?? 0), int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture)
        : (d ?? 0).ToString(CultureInfo.InvariantCulture);

    /// <summary>The shared strings, the styles, the workbook (sheets, print titles, filter ranges) and the package parts.</summary>
    public void Finish()
    {
        Part("xl/sharedStrings.xml", () =>
        {
            Raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" uniqueCount=\""u8);
            Int(_sharedList.Count); Raw("\">"u8);
            foreach (var t in _sharedList) { Raw("<si><t xml:space=\"preserve\">"u8); Text(t); Raw("</t></si>"u8); }
            Raw("</sst>"u8);
        });
        Part("xl/styles.xml", Styles);
        Part("xl/workbook.xml", () =>
        {
            Raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"u8);
            for (var i = 0; i < _sheets.Count; i++)
            {
                Raw("<sheet name=\""u8); Text(_sheets[i].Name); Raw("\" sheetId=\""u8); Int(i + 1); Raw("\" r:id=\"rId"u8); Int(i + 1); Raw("\"/>"u8);
            }
            Raw("</sheets><definedNames>"u8);
            for (var i = 0; i < _sheets.Count; i++)
            {
                var quoted = "'" + _sheets[i].Name.Replace("'", "''", StringComparison.Ordinal) + "'";
                Raw("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\""u8); Int(i); Raw("\" hidden=\"1\">"u8);
                Text($"{quoted}!$A$1:${Xlsx.ColumnName(_sheets[i].Columns - 1)}${Math.Max(1, _sheets[i].Rows)}"); Raw("</definedName>"u8);
                Raw("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\""u8); Int(i); Raw("\">"u8); Text($"{quoted}!$1:$1"); Raw("</definedName>"u8);
            }
            Raw("</definedNames></workbook>"u8);
        });
        Part("xl/_rels/workbook.xml.rels", () =>
        {
            Raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"u8);
            for (var i = 0; i < _sheets.Count; i++)
            {
                Raw("<Relationship Id=\"rId"u8); Int(i + 1); Raw("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet"u8); Int(i + 1); Raw(".xml\"/>"u8);
            }
            Raw("<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"u8);
        });
        Part("_rels/.rels", () => Raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"u8));
        Part("[Content_Types].xml", () =>
        {
            Raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"u8);
            for (var i = 0; i < _sheets.Count; i++)
            {
                Raw("<Override PartName=\"/xl/worksheets/sheet"u8); Int(i + 1); Raw(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"u8);
            }
            Raw("</Types>"u8);
        });
    }

    private void Styles()
    {
        Raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"u8);
        var formats = _formats.OrderBy(f => f.Value).ToList();
        if (formats.Count > 0)
        {
            Raw("<numFmts count=\""u8); Int(formats.Count); Raw("\">"u8);
            foreach (var (code, style) in formats) { Raw("<numFmt numFmtId=\""u8); Int(161 + style); Raw("\" formatCode=\""u8); Text(code); Raw("\"/>"u8); }
            Raw("</numFmts>"u8);
        }
        Raw("<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"u8);
        Raw("<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill><fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"u8);
        Raw("<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"u8);
        Raw("<cellXfs count=\""u8); Int(3 + formats.Count); Raw("\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"u8);
        Raw("<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"u8);
        Raw("<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"u8);
        foreach (var (_, style) in formats) { Raw("<xf numFmtId=\""u8); Int(161 + style); Raw("\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"u8); }
        Raw("</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"u8);
    }

    private void Part(string name, Action write)
    {
        Open(name);
        write();
        Close();
    }

    /// <summary>The style of a number format (custom formats are numbered from 164, their styles from 3).</summary>
    private int Format(string f)
    {
        if (!_formats.TryGetValue(f, out var id)) _formats[f] = id = 3 + _formats.Count;
        return id;
    }

    private void Cell(string? text, int style, bool share)
    {
        if (string.IsNullOrEmpty(text))
        {
            if (style == 0) Raw("<c/>"u8);
            else { Raw("<c s=\""u8); Int(style); Raw("\"/>"u8); }
            return;
        }
        if (share && text.Length <= SharedMaxLength && (_shared.TryGetValue(text, out var si) || _shared.Count < SharedMaxCount && Add(text, out si)))
        {
            Raw("<c t=\"s\""u8);
            if (style != 0) { Raw(" s=\""u8); Int(style); Raw("\""u8); }
            Raw("><v>"u8); Int(si); Raw("</v></c>"u8);
            return;
        }
        Raw("<c t=\"inlineStr\""u8);
        if (style != 0) { Raw(" s=\""u8); Int(style); Raw("\""u8); }
        Raw("><is><t xml:space=\"preserve\">"u8); Text(text); Raw("</t></is></c>"u8);
    }

    private bool Add(string text, out int index)
    {
        index = _sharedList.Count;
        _shared[text] = index;
        _sharedList.Add(text);
        return true;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (_pos == _buffer.Length) Flush();
            var n = Math.Min(bytes.Length, _buffer.Length - _pos);
            bytes[..n].CopyTo(_buffer.AsSpan(_pos));
            _pos += n;
            bytes = bytes[n..];
        }
    }

    private void Int(int n)
    {
        if (_pos + 11 > _buffer.Length) Flush();
        n.TryFormat(_buffer.AsSpan(_pos), out var written, default, CultureInfo.InvariantCulture);
        _pos += written;
    }

    private void Double(double d)
    {
        if (_pos + 32 > _buffer.Length) Flush();
        d.TryFormat(_buffer.AsSpan(_pos), out var written, "0.##", CultureInfo.InvariantCulture);
        _pos += written;
    }

    private void Decimal(decimal d)
    {
        if (_pos + 40 > _buffer.Length) Flush();
        // As stored (1.50 stays 1.50): a reader takes the number, the number format decides what is shown.
        d.TryFormat(_buffer.AsSpan(_pos), out var written, default, CultureInfo.InvariantCulture);
        _pos += written;
    }

    /// <summary>Text with the XML specials escaped and characters XML cannot hold (control characters) left out.</summary>
    private void Text(string s)
    {
        var span = s.AsSpan();
        while (span.Length > 0)
        {
            var stop = span.IndexOfAny(Special);
            var plain = stop < 0 ? span : span[..stop];
            while (plain.Length > 0)
            {
                // At most 3 UTF-8 bytes per UTF-16 char; write in pieces that fit the buffer.
                var take = Math.Min(plain.Length, 8192);
                if (take < plain.Length && char.IsHighSurrogate(plain[take - 1])) take--;
                if (_pos + take * 3 > _buffer.Length) Flush();
                _pos += Encoding.UTF8.GetBytes(plain[..take], _buffer.AsSpan(_pos));
                plain = plain[take..];
            }
            if (stop < 0) break;
            Raw(span[stop] switch
            {
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '&' => "&amp;"u8,
                '"' => "&quot;"u8,
                '\n' => "\n"u8,
                '\t' => "\t"u8,
                '\r' => "&#13;"u8,
                _ => ""u8,
            });
            span = span[(stop + 1)..];
        }
    }

    private static readonly SearchValues<char> Special = SearchValues.Create(
        "<>&\"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF");

    /// <summary>Hands the filled buffer to the deflating thread and goes on with an empty one.</summary>
    private void Flush()
    {
        if (_failure is { } f) throw new IOException($"writing the workbook failed: {f.Message}", f);
        if (_pos == 0) return;
        _queue.Add(new Chunk(_out!, _buffer, _pos, null));
        _buffer = _free.Take();
        _pos = 0;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _deflater.Wait();
        _out?.Dispose();   // an entry left open by a failure: closed, so the zip can end
        _queue.Dispose();
        _free.Dispose();
        _zip.Dispose();
    }
}
