using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace AssessmentScorer.Reports;

/// <summary>
/// Sheet XML as UTF-8 into a buffer: raw bytes, numbers, escaped texts and a data row's cells. What happens to a full
/// buffer, how a shared text and a number format are numbered and how a row is numbered are the subclass's: the
/// workbook's writer (<see cref="XlsxWriter"/>) numbers them as it goes; a chunk of rows made on another core
/// (<see cref="XlsxChunk"/>) leaves a hole where only the writer, taking the chunks in order, knows the number.
/// </summary>
internal abstract class XmlSink
{
    /// <summary>Texts up to this many characters of a column that repeats its texts go into the shared-string table.</summary>
    public const int SharedMaxLength = 400;

    /// <summary>Cell style indexes: 0 default, 1 the header row, 2 wrapped text; number formats from 3 on.</summary>
    protected const int HeaderStyle = 1, WrapStyle = 2;

    protected byte[] Buffer;
    protected int Pos;

    protected XmlSink(byte[] buffer) => Buffer = buffer;

    /// <summary>Makes room for at least <paramref name="need"/> more bytes (at most 32 KB).</summary>
    protected abstract void Room(int need);

    /// <summary>Writes <paramref name="text"/> as a shared-string cell, or returns false when it is to be written inline.</summary>
    protected abstract bool SharedCell(string text, int style);

    /// <summary>Writes the style index of a number format.</summary>
    protected abstract void FormatStyle(string format);

    /// <summary>Writes the next row's number.</summary>
    protected abstract void RowNumber();

    /// <summary>One data row: numbers with their format's style, yes/no and texts (shared or inline by column).</summary>
    public void Row(IReadOnlyList<XCell> r, bool[] wrap, bool[] shared)
    {
        // The large sheets' rows are arrays: their cells read in place, not through the list's interface one by one.
        if (r is XCell[] cells) Row(cells.AsSpan(), wrap, shared);
        else
        {
            var copy = new XCell[r.Count];
            for (var c = 0; c < copy.Length; c++) copy[c] = r[c];
            Row(copy, wrap, shared);
        }
    }

    /// <summary>
    /// One data row whose cells <paramref name="at"/> and <paramref name="at"/> + 1 are the texts <paramref name="first"/>
    /// and <paramref name="second"/> (written straight from the characters; the same bytes as those texts as strings).
    /// </summary>
    public void Row(XCell[] r, bool[] wrap, bool[] shared, int at, ReadOnlySpan<char> first, ReadOnlySpan<char> second) =>
        Row(r.AsSpan(), wrap, shared, at, first, second);

    private void Row(ReadOnlySpan<XCell> r, bool[] wrap, bool[] shared, int at = -1, ReadOnlySpan<char> first = default, ReadOnlySpan<char> second = default)
    {
        Raw("<row r=\""u8); RowNumber(); Raw("\">"u8);
        for (var c = 0; c < r.Length; c++)
        {
            ref readonly var cell = ref r[c];
            var style = c < wrap.Length && wrap[c] ? WrapStyle : 0;
            if (at >= 0 && c - at is 0 or 1) Cell(c == at ? first : second, style, c >= shared.Length || shared[c]);
            else if (cell.Number is { } d)
            {
                if (cell.Format is { } f) { Raw("<c s=\""u8); FormatStyle(f); Raw("\"><v>"u8); }
                else if (style == 0) Raw("<c><v>"u8);
                else { Raw("<c s=\""u8); Int(style); Raw("\"><v>"u8); }
                Decimal(d);
                Raw("</v></c>"u8);
            }
            else if (cell.Flag is { } b) Cell(b ? "是" : "否", style, true);
            else Cell(cell.Text, style, c >= shared.Length || shared[c]);
        }
        Raw("</row>"u8);
    }

    protected void Cell(string? text, int style, bool share)
    {
        if (string.IsNullOrEmpty(text))
        {
            if (style == 0) Raw("<c/>"u8);
            else { Raw("<c s=\""u8); Int(style); Raw("\"/>"u8); }
            return;
        }
        if (share && text.Length <= SharedMaxLength && SharedCell(text, style)) return;
        InlineCell(text, style);
    }

    /// <summary>The cell <see cref="Cell(string?, int, bool)"/> writes for the text of these characters (a string made only to share it).</summary>
    protected void Cell(ReadOnlySpan<char> text, int style, bool share)
    {
        if (text.IsEmpty || share && text.Length <= SharedMaxLength) Cell(text.IsEmpty ? null : new string(text), style, share);
        else InlineCell(text, style);
    }

    protected void SharedRef(int index, int style)
    {
        Raw("<c t=\"s\""u8);
        if (style != 0) { Raw(" s=\""u8); Int(style); Raw("\""u8); }
        Raw("><v>"u8); Int(index); Raw("</v></c>"u8);
    }

    protected void InlineCell(ReadOnlySpan<char> text, int style)
    {
        Raw("<c t=\"inlineStr\""u8);
        if (style != 0) { Raw(" s=\""u8); Int(style); Raw("\""u8); }
        Raw("><is>"u8); TextElement(text); Raw("</is></c>"u8);
    }

    /// <summary>
    /// A <c>&lt;t&gt;</c> element of the text, marked <c>xml:space="preserve"</c> only when a reader could otherwise
    /// change its whitespace: a space first or last, a tab or a line break, or a character left out (which could leave a
    /// space first or last). Most texts need no mark.
    /// </summary>
    protected void TextElement(ReadOnlySpan<char> text)
    {
        if (NeedsPreserve(text)) Raw("<t xml:space=\"preserve\">"u8);
        else Raw("<t>"u8);
        Text(text);
        Raw("</t>"u8);
    }

    /// <summary>Whether <paramref name="text"/> needs <c>xml:space="preserve"</c> (see <see cref="TextElement"/>).</summary>
    internal static bool NeedsPreserve(ReadOnlySpan<char> text) =>
        !text.IsEmpty && (text[0] == ' ' || text[^1] == ' ' || text.IndexOfAny(WhitespaceOrLeftOut) >= 0);

    // The control characters (tabs and line breaks among them), U+FFFE and U+FFFF: what Text escapes as whitespace or
    // leaves out beside the XML specials.
    private const string ControlAndNonCharacters = "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF";

    // Tabs, line breaks and the characters Text leaves out.
    private static readonly SearchValues<char> WhitespaceOrLeftOut = SearchValues.Create(ControlAndNonCharacters);

    /// <remarks>Inlined: a literal's copy is then a few moves of its known length, not a call (~10 literals a cell).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void Raw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= Buffer.Length - Pos)
        {
            bytes.CopyTo(Buffer.AsSpan(Pos));
            Pos += bytes.Length;
            return;
        }
        RawInPieces(bytes);
    }

    private void RawInPieces(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (Pos == Buffer.Length) Room(Math.Min(bytes.Length, 1 << 15));
            var n = Math.Min(bytes.Length, Buffer.Length - Pos);
            bytes[..n].CopyTo(Buffer.AsSpan(Pos));
            Pos += n;
            bytes = bytes[n..];
        }
    }

    protected void Int(int n)
    {
        if (Pos + 11 > Buffer.Length) Room(11);
        n.TryFormat(Buffer.AsSpan(Pos), out var written, default, CultureInfo.InvariantCulture);
        Pos += written;
    }

    protected void Double(double d)
    {
        if (Pos + 32 > Buffer.Length) Room(32);
        d.TryFormat(Buffer.AsSpan(Pos), out var written, "0.##", CultureInfo.InvariantCulture);
        Pos += written;
    }

    private void Decimal(decimal d)
    {
        if (Pos + 40 > Buffer.Length) Room(40);
        // As stored (1.50 stays 1.50): a reader takes the number, the number format decides what is shown.
        d.TryFormat(Buffer.AsSpan(Pos), out var written, default, CultureInfo.InvariantCulture);
        Pos += written;
    }

    /// <summary>Text with the XML specials escaped and characters XML cannot hold (control characters) left out.</summary>
    protected void Text(ReadOnlySpan<char> span)
    {
        while (span.Length > 0)
        {
            var stop = span.IndexOfAny(Special);
            var plain = stop < 0 ? span : span[..stop];
            while (plain.Length > 0)
            {
                // At most 3 UTF-8 bytes per UTF-16 char; write in pieces that fit the buffer.
                var take = Math.Min(plain.Length, 8192);
                if (take < plain.Length && char.IsHighSurrogate(plain[take - 1])) take--;
                if (Pos + take * 3 > Buffer.Length) Room(take * 3);
                Pos += Encoding.UTF8.GetBytes(plain[..take], Buffer.AsSpan(Pos));
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

    private static readonly SearchValues<char> Special = SearchValues.Create("<>&\"" + ControlAndNonCharacters);
}
