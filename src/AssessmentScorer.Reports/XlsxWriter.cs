using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using AssessmentScorer.Results;

namespace AssessmentScorer.Reports;

/// <summary>
/// A streaming .xlsx writer for <see cref="Xlsx.Write"/>: each sheet's XML goes straight into its zip entry as UTF-8
/// (one reused buffer, no object per cell), short texts that repeat (ids, names, labels) once in the shared-string
/// table and long unique ones inline, the fastest deflate level, and what a printed sheet needs: A4, landscape for
/// wide sheets, fit to the page's width, the header row repeated on every page, a header with the title and a footer
/// with the page number. The XML is made on the calling thread and deflated on a second one (a few buffers between
/// them), so on two cores the compression runs beside the rows being made rather than after them.
/// </summary>
internal sealed class XlsxWriter : XmlSink, IDisposable
{
    /// <summary>At most this many distinct shared texts; any further text is written inline (memory stays bounded).</summary>
    private const int SharedMaxCount = 500_000;

    private readonly ZipArchive _zip;
    private readonly string? _title;
    // Read by the threads making a large sheet's rows (XlsxChunk) while this one adds to them.
    private readonly ConcurrentDictionary<string, int> _shared = new(StringComparer.Ordinal);
    private readonly List<string> _sharedList = new();
    private readonly ConcurrentDictionary<string, int> _formats = new(StringComparer.Ordinal);
    private readonly List<(string Name, int Columns, int Rows)> _sheets = new();
    private Stream? _out;
    private string _sheet = "";
    private int _row;

    /// <summary>Items (subjects) per run of rows made on a pool thread.</summary>
    private const int ItemsPerChunk = 32;

    private const int BufferSize = 1 << 17;
    internal const int MaxRows = 1_048_576;
    /// <summary>Filled buffers on their way to the deflating thread, and the empty ones coming back.</summary>
    private readonly BlockingCollection<Chunk> _queue = new(boundedCapacity: 4);
    private readonly BlockingCollection<byte[]> _free = new();
    private readonly Task _deflater;
    private volatile Exception? _failure;

    /// <summary>Bytes for an entry's stream, or (Buffer null) the end of the entry, with <c>Done</c> set once it is closed.</summary>
    private readonly record struct Chunk(Stream Target, byte[]? Buffer, int Length, TaskCompletionSource? Done);

    public XlsxWriter(Stream output, string? title) : base(new byte[BufferSize])
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
    /// <param name="rows">The rows, unless <paramref name="s"/> gives them item by item (<see cref="XSheet.Items"/>).</param>
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
        _sheet = s.Name;
        _row = 1;
        if (s.Items is { } items) Chunked(items, wrap, shared);
        else foreach (var r in rows) Row(r, wrap, shared);
        var row = _row;
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
            foreach (var t in _sharedList) { Raw("<si>"u8); TextElement(t); Raw("</si>"u8); }
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

    private int Add(string text)
    {
        var index = _sharedList.Count;
        _shared[text] = index;
        _sharedList.Add(text);
        return index;
    }

    /// <summary>A text's index in the shared-string table, if it is there already (any thread).</summary>
    internal bool SharedIndex(string text, out int index) => _shared.TryGetValue(text, out index);

    /// <summary>A number format's style, if it has one already (any thread).</summary>
    internal bool FormatIndex(string format, out int style) => _formats.TryGetValue(format, out style);

    protected override bool SharedCell(string text, int style)
    {
        if (!_shared.TryGetValue(text, out var si))
        {
            if (_shared.Count >= SharedMaxCount) return false;
            si = Add(text);
        }
        SharedRef(si, style);
        return true;
    }

    protected override void FormatStyle(string format) => Int(Format(format));

    protected override void RowNumber()
    {
        if (_row == MaxRows) throw TooManyRows();
        Int(++_row);
    }

    /// <summary>The failure of a sheet that would pass the rows a worksheet can hold.</summary>
    internal InvalidOperationException TooManyRows() =>
        new($"工作表“{_sheet}”超过 1,048,576 行上限 / sheet \"{_sheet}\" would pass the 1,048,576 rows a worksheet can hold");

    /// <summary>
    /// A sheet's rows made item by item in runs on the pool's threads (a few runs in flight), each run copied out in
    /// order with its holes filled: the same bytes as the rows written one by one on this thread.
    /// </summary>
    private void Chunked(XItems items, bool[] wrap, bool[] shared)
    {
        var free = new ConcurrentBag<XlsxChunk>();
        var runs = (items.Count + ItemsPerChunk - 1) / ItemsPerChunk;
        // With each item's row count known, each run's first row is too: the runs number their rows themselves.
        int[]? before = null;
        if (items.RowCount is { } count)
        {
            before = new int[runs + 1];
            long rows = _row;
            for (var k = 0; k < runs; k++)
            {
                before[k] = (int)Math.Min(rows, MaxRows);
                for (var i = k * ItemsPerChunk; i < Math.Min(items.Count, (k + 1) * ItemsPerChunk); i++) rows += count(i);
            }
            before[runs] = (int)Math.Min(rows, MaxRows);
        }
        Ordered.Pipeline(runs, k =>
        {
            var chunk = free.TryTake(out var c) ? c : new XlsxChunk(this, items.Width);
            chunk.Reset(before?[k] ?? -1, wrap, shared);
            for (var i = k * ItemsPerChunk; i < Math.Min(items.Count, (k + 1) * ItemsPerChunk); i++)
                if (items.Write is { } write) write(i, chunk.Cells, chunk);
                else foreach (var r in items.Rows(i, chunk.Cells)) chunk.Row(r, wrap, shared);
            if (before is not null && before[k] + chunk.Rows != before[k + 1])
                throw new InvalidOperationException($"sheet \"{_sheet}\": items {k * ItemsPerChunk}–{Math.Min(items.Count, (k + 1) * ItemsPerChunk) - 1} gave {chunk.Rows} rows, not the {before[k + 1] - before[k]} their row counts said");
            return chunk;
        }, chunk => free.Add(Stitch(chunk)));
    }

    /// <summary>Copies a run out, its new texts and formats numbered first (in the order they appear in it) and its holes filled.</summary>
    private XlsxChunk Stitch(XlsxChunk chunk)
    {
        var texts = new int[chunk.Texts.Count];
        for (var j = 0; j < texts.Length; j++)
        {
            var t = chunk.Texts[j];
            texts[j] = _shared.TryGetValue(t, out var si) ? si : _shared.Count < SharedMaxCount ? Add(t) : -1;
        }
        var formats = new int[chunk.Formats.Count];
        for (var j = 0; j < formats.Length; j++) formats[j] = Format(chunk.Formats[j]);
        var bytes = chunk.Bytes;
        var at = 0;
        foreach (var h in chunk.Holes)
        {
            Raw(bytes[at..h.Offset]);
            at = h.Offset;
            switch (h.Kind)
            {
                case XlsxChunk.HoleKind.Text:
                    if (texts[h.Value] >= 0) SharedRef(texts[h.Value], h.Style);
                    else InlineCell(chunk.Texts[h.Value], h.Style);
                    break;
                case XlsxChunk.HoleKind.Format: Int(formats[h.Value]); break;
                default: RowNumber(); break;
            }
        }
        Raw(bytes[at..]);
        if (chunk.Numbered) _row += chunk.Rows;
        return chunk;
    }

    /// <summary>Hands the filled buffer to the deflating thread and goes on with an empty one.</summary>
    private void Flush()
    {
        if (_failure is { } f) throw new IOException($"writing the workbook failed: {f.Message}", f);
        if (Pos == 0) return;
        _queue.Add(new Chunk(_out!, Buffer, Pos, null));
        Buffer = _free.Take();
        Pos = 0;
    }

    protected override void Room(int need) => Flush();

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
