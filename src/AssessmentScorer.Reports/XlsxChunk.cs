using System.Runtime.CompilerServices;

namespace AssessmentScorer.Reports;

/// <summary>
/// A run of a sheet's rows made on a pool thread (<see cref="XSheet.Items"/>): the same XML the workbook's writer would
/// write for them, except where a number is only known once the rows before are written — a row's number, the index of
/// a shared text first seen in this run, the style of a number format first seen in it. There it leaves a hole, and
/// <see cref="XlsxWriter"/> fills the holes as it copies the runs out in order (so the shared strings and the styles
/// are numbered in the order they first appear, as when the rows are written one by one).
/// </summary>
internal sealed class XlsxChunk : XmlSink, IRowSink
{
    public enum HoleKind : byte { Text, Format, Row }

    /// <summary>Where the writer fills in a number: at <c>Offset</c> of the bytes, the run's <c>Value</c>th text (a whole cell, with its style), format or row.</summary>
    public readonly record struct Hole(int Offset, HoleKind Kind, int Value, int Style);

    private const int CacheSize = 4096;
    private readonly XlsxWriter _book;
    private readonly Dictionary<string, int> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _localFormats = new(StringComparer.Ordinal);
    // The last texts looked up, by reference (a subject's id and name, the rule set's names and labels come back as the
    // same strings row after row): the shared index (≥ 0) or this run's own (~j).
    private readonly string?[] _cacheKeys = new string?[CacheSize];
    private readonly int[] _cacheValues = new int[CacheSize];
    private int _rows;
    private bool[] _wrap = [], _shared = [];
    private int _before = -1;   // the sheet's rows before this run's, when the run numbers its rows itself

    public XlsxChunk(XlsxWriter book, int width) : base(new byte[1 << 20])
    {
        _book = book;
        Cells = new XCell[width];
    }

    /// <summary>The row the item's rows are made in.</summary>
    public XCell[] Cells { get; }

    public List<Hole> Holes { get; } = new();

    /// <summary>The texts of the run not yet shared when it was made, in the order they first appear.</summary>
    public List<string> Texts { get; } = new();

    /// <summary>The number formats of the run not yet numbered when it was made, in the order they first appear.</summary>
    public List<string> Formats { get; } = new();

    public ReadOnlySpan<byte> Bytes => Buffer.AsSpan(0, Pos);

    /// <summary>The rows made in this run.</summary>
    public int Rows => _rows;

    /// <summary>Whether the run numbered its rows itself (no row holes).</summary>
    public bool Numbered => _before >= 0;

    /// <summary>
    /// Empties the run for the next one; given the sheet's rows before it (header included), it numbers its rows itself.
    /// Rows written through <see cref="IRowSink"/> take the sheet's wrapped and shared columns given here.
    /// </summary>
    public void Reset(int before = -1, bool[]? wrap = null, bool[]? shared = null)
    {
        _wrap = wrap ?? [];
        _shared = shared ?? [];
        Pos = 0;
        _rows = 0;
        _before = before;
        Holes.Clear();
        Texts.Clear();
        Formats.Clear();
        _local.Clear();
        _localFormats.Clear();
        Array.Clear(_cacheKeys);
    }

    void IRowSink.Row(XCell[] cells) => Row(cells, _wrap, _shared);

    void IRowSink.Row(XCell[] cells, int at, ReadOnlySpan<char> first, ReadOnlySpan<char> second) => Row(cells, _wrap, _shared, at, first, second);

    protected override void Room(int need)
    {
        if (Pos + need <= Buffer.Length) return;
        Array.Resize(ref Buffer, Math.Max(Buffer.Length * 2, Pos + need));
    }

    protected override bool SharedCell(string text, int style)
    {
        var slot = RuntimeHelpers.GetHashCode(text) & (CacheSize - 1);
        int v;
        if (ReferenceEquals(_cacheKeys[slot], text)) v = _cacheValues[slot];
        else
        {
            if (_book.SharedIndex(text, out var si)) v = si;
            else
            {
                if (!_local.TryGetValue(text, out var j))
                {
                    _local[text] = j = Texts.Count;
                    Texts.Add(text);
                }
                v = ~j;
            }
            _cacheKeys[slot] = text;
            _cacheValues[slot] = v;
        }
        if (v >= 0) SharedRef(v, style);
        else Holes.Add(new Hole(Pos, HoleKind.Text, ~v, style));
        return true;
    }

    protected override void FormatStyle(string format)
    {
        if (_book.FormatIndex(format, out var style)) { Int(style); return; }
        if (!_localFormats.TryGetValue(format, out var j))
        {
            _localFormats[format] = j = Formats.Count;
            Formats.Add(format);
        }
        Holes.Add(new Hole(Pos, HoleKind.Format, j, 0));
    }

    protected override void RowNumber()
    {
        ++_rows;
        if (_before < 0) { Holes.Add(new Hole(Pos, HoleKind.Row, _rows, 0)); return; }
        if (_before + _rows > XlsxWriter.MaxRows) throw _book.TooManyRows();
        Int(_before + _rows);
    }
}
