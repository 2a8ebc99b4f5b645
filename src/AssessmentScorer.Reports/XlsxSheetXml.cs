using System.Buffers;
using System.Globalization;
using System.Text;

namespace AssessmentScorer.Reports;

/// <summary>
/// A worksheet's XML read straight from its UTF-8 bytes: rows, cells and their values, as <see cref="Xlsx.ReadFirstSheet"/>
/// reads them with the general XML reader. It reads the XML that spreadsheet programs write (the main namespace as the
/// default one, no prefixes on elements, no CDATA or document type, the five named entities and character references,
/// no carriage returns or control characters, nothing after a cell's value but the cell's end); on anything else it
/// reads nothing and says so, and the general reader reads the sheet (its results, and its errors, are the reference).
/// </summary>
internal sealed partial class XlsxSheetXml
{
    [System.Text.RegularExpressions.GeneratedRegex("""^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.0\1([ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])(?i:utf-8)\3)?([ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(yes|no)\5)?[ \t\n]*$""")]
    private static partial System.Text.RegularExpressions.Regex Declaration();

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    // Bytes the general reader would change (a carriage return becomes a line feed) or refuse (control characters).
    private static readonly SearchValues<byte> Unusual = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    private readonly Func<string?, string?, string?, uint?, string> _text;
    private readonly List<IReadOnlyList<string>> _rows;
    private readonly List<int> _numbers;
    private List<string>? _cells;
    // The cell being read: its depth (-1 outside one), column, type and style; its value and inline text.
    private int _cellDepth = -1, _col, _isDepth = -1;
    private string? _type, _value, _inline;
    private uint? _style;
    private readonly Text _v = new(), _is = new();
    private bool _afterValue;   // a value element just ended: only the cell's end may follow
    private int _width;   // the most cells a row has had: the next row's list is made that large
    private readonly string?[] _recent = new string?[512];

    private XlsxSheetXml(Func<string?, string?, string?, uint?, string> text, List<IReadOnlyList<string>> rows, List<int> numbers) =>
        (_text, _rows, _numbers) = (text, rows, numbers);

    /// <summary>
    /// Reads the sheet into <paramref name="rows"/> and <paramref name="numbers"/>, each cell's text made by
    /// <paramref name="text"/> (type, value, inline text, style); false, with nothing added, when the XML is not of the kind read here.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> xml, Func<string?, string?, string?, uint?, string> text, List<IReadOnlyList<string>> rows, List<int> numbers)
    {
        var added = rows.Count;
        if (new XlsxSheetXml(text, rows, numbers).Read(xml)) return true;
        rows.RemoveRange(added, rows.Count - added);
        numbers.RemoveRange(added, numbers.Count - added);
        return false;
    }

    private bool Read(ReadOnlySpan<byte> xml)
    {
        if (xml.StartsWith("\uFEFF"u8)) xml = xml[3..];
        if (xml.IndexOfAny(Unusual) >= 0 || !System.Text.Unicode.Utf8.IsValid(xml)) return false;
        var i = 0;
        if (xml.StartsWith("<?xml"u8) && xml.Length > 5 && xml[5] is (byte)' ' or (byte)'\t' or (byte)'\n')
        {
            // The declaration: version 1.0, UTF-8 when an encoding is named.
            var end = xml.IndexOf("?>"u8);
            if (end < 0 || !Declaration().IsMatch(Encoding.UTF8.GetString(xml[..end]))) return false;
            i = end + 2;
        }
        var open = new List<(int Start, int Length)>();   // the open elements' names, outermost first
        var root = false;
        var prefixes = new List<string> { "xml" };   // the attribute prefixes declared (on the root only)
        while (i < xml.Length)
        {
            var lt = xml[i..].IndexOf((byte)'<');
            var content = lt < 0 ? xml[i..] : xml.Slice(i, lt);
            if (content.Length > 0)
            {
                if (content.IndexOf("]]>"u8) >= 0) return false;   // not allowed in text
                if (open.Count == 0 || _afterValue) { if (content.IndexOfAnyExcept(" \t\n"u8) >= 0) return false; }
                else if (_v.Open) { if (!_v.Add(content)) return false; }
                else if (_isDepth >= 0 && open.Count > _isDepth + 1) { if (!_is.Add(content)) return false; }
                else if (!Decode(content, null)) return false;
            }
            if (lt < 0) break;
            i += lt;
            var rest = xml[i..];
            if (_cells is not null && _cellDepth < 0 && rest.Length > 3 && rest[1] == (byte)'c' && TryCell(rest, out var used))
            {
                i += used;
                continue;
            }
            if (rest.StartsWith("<?"u8))
            {
                // A processing instruction: a name (not xml) and text.
                var end = rest.IndexOf("?>"u8);
                if (end < 0) return false;
                var pi = rest[2..end];
                var target = pi.IndexOfAny(" \t\n"u8) is var sp and >= 0 ? pi[..sp] : pi;
                if (!IsName(target) || target.Contains((byte)':') || (target.Length == 3 && Encoding.ASCII.GetString(target).Equals("xml", StringComparison.OrdinalIgnoreCase))) return false;
                i += end + 2;
                continue;
            }
            if (rest.StartsWith("<!--"u8))
            {
                var end = rest[4..].IndexOf("-->"u8);
                if (end < 0 || rest.Slice(4, end).IndexOf("--"u8) >= 0 || (end > 0 && rest[4 + end - 1] == (byte)'-')) return false;
                i += 4 + end + 3;
                continue;
            }
            if (rest.StartsWith("<!"u8)) return false;   // CDATA or a document type
            var close = rest.IndexOf((byte)'>');
            if (close < 2) return false;
            var tagStart = i;
            var tag = rest[..(close + 1)];
            i += close + 1;
            if (tag[1] == (byte)'/')
            {
                // An end tag closes the innermost open element.
                var name = tag[2..^1].TrimEnd(" \t\n"u8);
                if (open.Count == 0) return false;
                var (start, length) = open[^1];
                if (!name.SequenceEqual(xml.Slice(start, length))) return false;
                open.RemoveAt(open.Count - 1);
                if (_afterValue)
                {
                    if (open.Count != _cellDepth) return false;
                    _afterValue = false;
                }
                End(name, open.Count);
                continue;
            }
            var empty = tag[^2] == (byte)'/';
            var body = tag[1..(empty ? ^2 : ^1)];
            var nameEnd = body.IndexOfAny(" \t\n"u8);
            var elementName = nameEnd < 0 ? body : body[..nameEnd];
            if (!IsName(elementName) || elementName.Contains((byte)':') || _afterValue) return false;
            var depth = open.Count;
            var attributes = new Attributes { Root = depth == 0, Prefixes = prefixes };
            if (nameEnd >= 0 && !attributes.Read(body[nameEnd..])) return false;
            if (depth == 0)
            {
                if (root || attributes.Xmlns != Main) return false;   // one root, in the main namespace
                root = true;
            }
            else if (attributes.Xmlns is not null) return false;
            if (!Start(elementName, depth, empty, attributes)) return false;
            if (!empty) open.Add((tagStart + 1, elementName.Length));
        }
        return root && open.Count == 0 && _cellDepth < 0;
    }

    private bool Start(ReadOnlySpan<byte> name, int depth, bool empty, Attributes attributes)
    {
        if (_cellDepth >= 0)
        {
            // Inside a cell: its value and its inline text, wherever they stand under it (as the general reader finds them).
            if (_v.Open) return false;   // an element inside a value
            if (_isDepth >= 0) return true;
            if (name.SequenceEqual("v"u8))
            {
                if (empty) { _value = ""; _afterValue = true; }
                else _v.Start();
            }
            else if (name.SequenceEqual("is"u8))
            {
                if (empty) _inline = "";
                else { _isDepth = depth; _is.Start(); }
            }
            return true;
        }
        if (name.SequenceEqual("row"u8))
        {
            _cells = new List<string>(_width);
            _numbers.Add(attributes.Number(attributes.R, attributes.RText) is { } n ? (int)n : _rows.Count + 1);
            _rows.Add(_cells);
            if (empty) _cells = null;
        }
        else if (name.SequenceEqual("c"u8) && _cells is not null)
        {
            _col = attributes.RText is { } rText ? Xlsx.ColumnIndex(rText) : Column(attributes.R);
            _type = attributes.Type();
            _style = attributes.Number(attributes.S, attributes.SText);
            _value = null; _inline = null;
            _cellDepth = depth;
            if (empty) EndCell();
        }
        return true;
    }

    private void End(ReadOnlySpan<byte> name, int depth)
    {
        if (_cellDepth >= 0)
        {
            if (_v.Open) { _value = _v.End(); _afterValue = true; }
            else if (_isDepth == depth) { _isDepth = -1; _inline = _is.End(); }
            else if (depth == _cellDepth) EndCell();
            return;
        }
        if (name.SequenceEqual("row"u8))
        {
            _width = Math.Max(_width, _cells?.Count ?? 0);
            _cells = null;
        }
    }

    /// <summary>
    /// The cells spreadsheet programs write most — <c>&lt;c/&gt;</c>, <c>&lt;c&gt;&lt;v&gt;…&lt;/v&gt;&lt;/c&gt;</c> and
    /// <c>&lt;c t="s"&gt;&lt;v&gt;…&lt;/v&gt;&lt;/c&gt;</c>, a value without entities or <c>&gt;</c> — read whole, with the
    /// same result as the element-by-element steps (no reference: the cell follows the row's last); false for any other.
    /// </summary>
    private bool TryCell(ReadOnlySpan<byte> rest, out int used)
    {
        used = 0;
        if (rest.StartsWith("<c/>"u8))
        {
            used = 4;
            _cells!.Add(_text(null, null, null, null));
            return true;
        }
        string? type;
        int start;
        if (rest.StartsWith("<c><v>"u8)) (type, start) = (null, 6);
        else if (rest.StartsWith("<c t=\"s\"><v>"u8)) (type, start) = ("s", 12);
        else return false;
        var value = rest[start..];
        var end = value.IndexOf((byte)'<');
        if (end < 0 || !value[end..].StartsWith("</v></c>"u8)) return false;
        value = value[..end];
        if (value.IndexOfAny((byte)'&', (byte)'>') >= 0) return false;   // entities (and a "]]>") are left to the steps
        used = start + end + 8;
        _cells!.Add(_text(type, Value(value), null, null));
        return true;
    }

    /// <summary>A value's text; a short ASCII one that came lately (0, 1, a year, a shared-string index) is the same string again.</summary>
    private string Value(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return "";
        if (bytes.Length > 8 || !Ascii.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var hash = 0;
        foreach (var b in bytes) hash = hash * 31 + b;
        ref var slot = ref _recent[hash & (_recent.Length - 1)];
        if (slot is { } s && s.Length == bytes.Length && Ascii.Equals(bytes, s)) return s;
        return slot = Encoding.ASCII.GetString(bytes);
    }

    private void EndCell()
    {
        _cellDepth = -1;
        while (_cells!.Count < _col) _cells.Add("");
        _cells.Add(_text(_type, _value, _inline, _style));
    }

    /// <summary>Text with its entities replaced, appended to <paramref name="to"/> (when given); false for an entity not read here.</summary>
    private static bool Decode(ReadOnlySpan<byte> text, StringBuilder? to)
    {
        while (true)
        {
            var amp = text.IndexOf((byte)'&');
            if (amp < 0) { to?.Append(Encoding.UTF8.GetString(text)); return true; }
            to?.Append(Encoding.UTF8.GetString(text[..amp]));
            text = text[(amp + 1)..];
            var semi = text.IndexOf((byte)';');
            if (semi < 1) return false;
            var entity = text[..semi];
            text = text[(semi + 1)..];
            if (entity.SequenceEqual("lt"u8)) to?.Append('<');
            else if (entity.SequenceEqual("gt"u8)) to?.Append('>');
            else if (entity.SequenceEqual("amp"u8)) to?.Append('&');
            else if (entity.SequenceEqual("quot"u8)) to?.Append('"');
            else if (entity.SequenceEqual("apos"u8)) to?.Append('\'');
            else if (entity[0] == (byte)'#')
            {
                var hex = entity.Length > 1 && entity[1] == (byte)'x';
                var digits = Encoding.ASCII.GetString(entity[(hex ? 2 : 1)..]);
                if (!int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)) return false;
                // Only characters XML allows (no control characters but tab and line feed; a carriage return is changed by the general reader).
                if (code is < 0x20 and not (0x9 or 0xA) or (>= 0xD800 and <= 0xDFFF) or 0xFFFE or 0xFFFF or > 0x10FFFF) return false;
                to?.Append(char.ConvertFromUtf32(code));
            }
            else return false;
        }
    }

    /// <summary>An XML name as spreadsheet programs write them: ASCII letters, digits, <c>_ - . :</c>, not starting with a digit, <c>-</c>, <c>.</c> or <c>:</c>.</summary>
    private static bool IsName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || !(char.IsAsciiLetter((char)name[0]) || name[0] == (byte)'_')) return false;
        foreach (var b in name)
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-' or (byte)'.' or (byte)':')) return false;
        return name.IndexOf((byte)':') == name.LastIndexOf((byte)':') && name[^1] != (byte)':';
    }

    /// <summary>The column of a cell reference (<c>AB12</c> → 27), as <see cref="Xlsx.ColumnIndex"/> reads it, from its bytes.</summary>
    private static int Column(ReadOnlySpan<byte> reference)
    {
        var n = 0;
        foreach (var c in reference)
        {
            if (c is < (byte)'A' or > (byte)'Z') break;
            n = n * 26 + (c - 'A' + 1);
        }
        return Math.Max(0, n - 1);
    }

    /// <summary>A value's text as it is read (one piece of text without entities is taken as it is, else the pieces are joined).</summary>
    private sealed class Text
    {
        private readonly StringBuilder _joined = new();
        private string? _first;
        private int _pieces;
        public bool Open;

        public void Start() { Open = true; _first = null; _pieces = 0; _joined.Clear(); }

        public bool Add(ReadOnlySpan<byte> content)
        {
            if (_pieces++ == 0 && content.IndexOf((byte)'&') < 0) { _first = Encoding.UTF8.GetString(content); return true; }
            if (_first is not null) { _joined.Append(_first); _first = null; }
            return Decode(content, _joined);
        }

        public string End()
        {
            Open = false;
            return _first ?? (_pieces == 0 ? "" : _joined.ToString());
        }
    }

    /// <summary>
    /// The attributes read: <c>r</c>, <c>t</c>, <c>s</c> (as bytes, or as text when written with entities) and the
    /// default namespace; any other is checked and passed over. Prefixes are declared on the root only; an attribute
    /// given twice, an undeclared prefix or an <c>xml:space</c> other than default or preserve is not read here.
    /// </summary>
    private ref struct Attributes
    {
        public ReadOnlySpan<byte> R, T, S;
        public string? RText, TText, SText, Xmlns;
        public bool Root;
        public List<string> Prefixes;

        /// <summary>The cell's type; the usual ones without a new string.</summary>
        public readonly string? Type() =>
            TText ?? (T.IsEmpty && !_hasT ? null : T.SequenceEqual("s"u8) ? "s" : T.SequenceEqual("inlineStr"u8) ? "inlineStr" : T.SequenceEqual("b"u8) ? "b"
                : T.SequenceEqual("str"u8) ? "str" : T.SequenceEqual("n"u8) ? "n" : Encoding.UTF8.GetString(T));

        /// <summary>A whole number written without sign or spaces (as <c>uint.TryParse</c> with no styles reads it); null otherwise.</summary>
        public readonly uint? Number(ReadOnlySpan<byte> bytes, string? text) =>
            text is not null ? (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null)
            : uint.TryParse(bytes, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null;

        private bool _hasT;

        public bool Read(ReadOnlySpan<byte> text)
        {
            var all = text;
            Span<(int Start, int Length)> seen = stackalloc (int, int)[16];
            var count = 0;
            while (true)
            {
                var offset = all.Length - text.TrimStart(" \t\n"u8).Length;
                text = all[offset..];
                if (text.IsEmpty) return true;
                var eq = text.IndexOf((byte)'=');
                if (eq < 1) return false;
                var name = text[..eq].TrimEnd(" \t\n"u8);
                if (!IsName(name)) return false;
                // An attribute given twice is refused by the general reader.
                for (var k = 0; k < count; k++) if (all.Slice(seen[k].Start, seen[k].Length).SequenceEqual(name)) return false;
                if (count == seen.Length) return false;
                seen[count++] = (offset, name.Length);
                text = text[(eq + 1)..].TrimStart(" \t\n"u8);
                if (text.IsEmpty || text[0] is not ((byte)'"' or (byte)'\'')) return false;
                var quote = text[0];
                var end = text[1..].IndexOf(quote);
                if (end < 0) return false;
                var raw = text.Slice(1, end);
                text = text[(end + 2)..];
                if (!text.IsEmpty && text[0] is not ((byte)' ' or (byte)'\t' or (byte)'\n')) return false;
                if (raw.IndexOfAny("<\t\n"u8) >= 0) return false;   // the general reader refuses < and turns white space into spaces
                var entities = raw.IndexOf((byte)'&') >= 0;
                string? decoded = null;
                if (entities)
                {
                    var sb = new StringBuilder();
                    if (!Decode(raw, sb)) return false;
                    decoded = sb.ToString();
                }
                if (name.SequenceEqual("r"u8)) { R = raw; RText = decoded; }
                else if (name.SequenceEqual("t"u8)) { T = raw; TText = decoded; _hasT = true; }
                else if (name.SequenceEqual("s"u8)) { S = raw; SText = decoded; }
                else if (name.SequenceEqual("xmlns"u8)) Xmlns = decoded ?? Encoding.UTF8.GetString(raw);
                else if (name.IndexOf((byte)':') is var colon and > 0)
                {
                    var value = decoded ?? Encoding.UTF8.GetString(raw);
                    var prefix = Encoding.ASCII.GetString(name[..colon]);
                    var local = Encoding.ASCII.GetString(name[(colon + 1)..]);
                    if (prefix == "xmlns")
                    {
                        if (!Root || value.Length == 0 || local.StartsWith("xml", StringComparison.OrdinalIgnoreCase)) return false;
                        Prefixes.Add(local);
                    }
                    else if (prefix == "xml") { if (local == "space" && value is not ("default" or "preserve")) return false; }
                    else if (!Prefixes.Contains(prefix)) return false;
                }
            }
        }
    }
}
