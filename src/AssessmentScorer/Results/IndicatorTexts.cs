using System.Buffers;
using System.Text.Json;

namespace AssessmentScorer.Results;

/// <summary>
/// The rule-set constants of each indicator position (id, names, dimension, target, method, source, where it is defined)
/// encoded once per document as JSON text, from the first result: every result of a rule set carries the same strings
/// (the same objects), so a writer copies their bytes instead of escaping and transcoding them per subject. A string
/// that is not the one seen first (a result built by hand, a different target) is written as usual, so the bytes never
/// differ from writing each string. Read-only once made, so chunks written on several threads share one.
/// </summary>
internal sealed class IndicatorTexts
{
    private readonly Entry[] _entries;

    private IndicatorTexts(Entry[] entries) => _entries = entries;

    /// <summary>
    /// The bytes a writer with these options puts around an indicator object's properties at a depth: the
    /// separator, new line and indentation before each property and the name with its colon (indented:
    /// <c>,\n··"points": </c>; compact: <c>,"points":</c>), for the properties written from fragments.
    /// </summary>
    internal sealed class Layout
    {
        public readonly byte[] Open, Close, ExplanationOpen, ExplanationEn, ExplanationClose, ListItem, ListClose,
            DisplayValue, Target, Met, Points, MaxPoints, Status, MissingData, Cohort, StandingStratum, StandingRank, StandingOf, StandingPercentile, StandingClose;

        private readonly bool _indented;

        /// <summary><paramref name="text"/> on a new line indented for <paramref name="depth"/> (as it is, compact).</summary>
        public byte[] Line(int depth, string text) => System.Text.Encoding.UTF8.GetBytes((_indented ? "\n" + new string(' ', 2 * depth) : "") + text);

        /// <summary>A property's name with its colon (<c>"points": </c> indented, <c>"points":</c> compact).</summary>
        public string Name(string name) => "\"" + name + "\":" + (_indented ? " " : "");

        /// <summary>The separator before a property at <paramref name="depth"/> and its name: <c>,\n··"points": </c>.</summary>
        public byte[] Prop(int depth, string name) => [(byte)',', .. Line(depth, Name(name))];

        public Layout(bool indented, int depth)
        {
            _indented = indented;
            Open = Line(depth - 1, "{");
            Close = Line(depth - 1, "}");
            ExplanationOpen = [.. Prop(depth, "explanation"), (byte)'{', .. Line(depth + 1, Name("zh"))];
            ExplanationEn = Prop(depth + 1, "en");
            ExplanationClose = Line(depth, "}");
            ListItem = Line(depth + 1, "");
            ListClose = Line(depth, "]");
            (DisplayValue, Target, Met, Points, MaxPoints, Status, MissingData, Cohort) = (Prop(depth, "displayValue"), Prop(depth, "target"), Prop(depth, "met"),
                Prop(depth, "points"), Prop(depth, "maxPoints"), Prop(depth, "status"), Prop(depth, "missingData"), Prop(depth, "cohort"));
            StandingStratum = Line(depth + 1, Name("stratum"));
            (StandingRank, StandingOf, StandingPercentile) = (Prop(depth + 1, "rank"), Prop(depth + 1, "of"), Prop(depth + 1, "percentile"));
            StandingClose = Line(depth, "}");
        }
    }

    /// <summary>The texts of the first result's indicators, with each origin pre-written for properties at <paramref name="depth"/>; null for no results.</summary>
    public static IndicatorTexts? For(IReadOnlyList<AssessmentResult> results, JsonWriterOptions options, int depth)
    {
        if (results.Count == 0) return null;
        var indicators = results[0].Indicators;
        var entries = new Entry[indicators.Count];
        var layout = new Layout(options.Indented, depth);
        for (var j = 0; j < entries.Length; j++) entries[j] = new Entry(indicators[j], options, depth, layout);
        return new IndicatorTexts(entries);
    }

    /// <summary>The entry of position <paramref name="j"/>, or null past the first result's indicators.</summary>
    public Entry? At(int j) => (uint)j < (uint)_entries.Length ? _entries[j] : null;

    /// <summary>One indicator's constants, as the fragments of its JSON object between its own values.</summary>
    public sealed class Entry
    {
        private static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        private readonly string _id, _name, _nameEn, _method;
        private readonly string? _dimension, _target, _source;
        private readonly JsonEncodedText _targetText;
        private readonly RuleOrigin _origin;
        private readonly int _depth;
        private readonly Layout _layout;
        // The object's bytes up to the value's, from the method to the explanation's zh, and from the explanation's end to the missing data.
        private readonly byte[] _head, _middle, _tail;

        public Entry(IndicatorResult i, JsonWriterOptions options, int depth, Layout layout)
        {
            _layout = layout;
            (_id, _name, _nameEn, _method, _dimension, _target, _source, _origin, _depth) = (i.Id, i.Name, i.NameEn, i.Method, i.Dimension, i.Target, i.Source, i.DefinedIn, depth);
            _targetText = Encode(_target ?? "");
            var originJson = OriginAt(i.DefinedIn, options, depth);
            byte[] Prop(string name) => layout.Prop(depth, name);
            static byte[] Q(string s) => [(byte)'"', .. Encode(s).EncodedUtf8Bytes, (byte)'"'];
            static byte[] Opt(string? v) => v is null ? "null"u8.ToArray() : Q(v);
            _head = [.. layout.Open, .. layout.Line(depth, layout.Name("id")), .. Q(_id), .. Prop("name"), .. Q(_name), .. Prop("nameEn"), .. Q(_nameEn),
                .. Prop("dimension"), .. Opt(_dimension), .. Prop("value")];
            _middle = [.. Prop("method"), .. Q(_method), .. layout.ExplanationOpen];
            _tail = [.. layout.ExplanationClose, .. Prop("source"), .. Opt(_source), .. Prop("definedIn"), .. originJson];
        }

        /// <summary>
        /// Writes the indicator object as one raw value from its fragments and its own values (the same bytes the writer
        /// writes property by property), when its constants are this entry's and the writer is at this entry's depth;
        /// false (nothing written) otherwise.
        /// </summary>
        public bool TryWrite(Utf8JsonWriter w, IndicatorResult i)
        {
            if (w.CurrentDepth != _depth - 1 || !ReferenceEquals(i.Id, _id) || !ReferenceEquals(i.Name, _name) || !ReferenceEquals(i.NameEn, _nameEn)
                || !ReferenceEquals(i.Dimension, _dimension) || !ReferenceEquals(i.Method, _method) || !ReferenceEquals(i.Source, _source) || !ReferenceEquals(i.DefinedIn, _origin))
                return false;
            var b = t_bytes ??= new ArrayBufferWriter<byte>(4096);
            b.ResetWrittenCount();
            var l = _layout;
            var ok = true;
            b.Write(_head);
            switch (i.Value)
            {
                case decimal d: Number(b, d); break;
                case string text: ok &= Text(b, text); break;
                case bool flag: b.Write(flag ? "true"u8 : "false"u8); break;
                default: b.Write("null"u8); break;
            }
            b.Write(l.DisplayValue);
            ok &= Text(b, i.DisplayValue);
            b.Write(l.Target);
            var target = i.Target;
            if (target is not null && ReferenceEquals(target, _target)) { b.Write("\""u8); b.Write(_targetText.EncodedUtf8Bytes); b.Write("\""u8); }
            else ok &= Text(b, target);
            b.Write(l.Met);
            b.Write(i.Met switch { true => "true"u8, false => "false"u8, _ => "null"u8 });
            b.Write(l.Points);
            Number(b, Fmt.Normalize(i.Points));
            b.Write(l.MaxPoints);
            Number(b, Fmt.Normalize(i.MaxPoints));
            b.Write(l.Status);
            ok &= Text(b, ResultJson.Status(i.Status));
            b.Write(_middle);
            var e = i.Explanation;
            ok &= Text(b, e.Zh);
            b.Write(l.ExplanationEn);
            ok &= Text(b, e.En);
            b.Write(_tail);
            b.Write(l.MissingData);
            var missing = i.MissingData;
            if (missing.Count == 0) b.Write("[]"u8);
            else
            {
                b.Write("["u8);
                for (var k = 0; k < missing.Count; k++)
                {
                    if (k > 0) b.Write(","u8);
                    b.Write(l.ListItem);
                    ok &= Text(b, missing[k]);
                }
                b.Write(l.ListClose);
            }
            if (i.Cohort is { } c)
            {
                b.Write(l.Cohort);
                b.Write("{"u8);
                b.Write(l.StandingStratum);
                ok &= Text(b, c.Stratum);
                b.Write(l.StandingRank);
                Number(b, c.Rank);
                b.Write(l.StandingOf);
                Number(b, c.Of);
                b.Write(l.StandingPercentile);
                Number(b, Fmt.Normalize(c.Percentile));
                b.Write(l.StandingClose);
            }
            b.Write(l.Close);
            // Text with a surrogate is left to the writer's own escaping: the whole object is written property by property.
            if (!ok) return false;
            w.WriteRawValue(b.WrittenSpan, skipInputValidation: true);
            return true;
        }

        [ThreadStatic] private static ArrayBufferWriter<byte>? t_bytes;

        private static void Number(ArrayBufferWriter<byte> b, decimal d)
        {
            System.Buffers.Text.Utf8Formatter.TryFormat(d, b.GetSpan(64), out var n);
            b.Advance(n);
        }

        private static void Number(ArrayBufferWriter<byte> b, int d)
        {
            System.Buffers.Text.Utf8Formatter.TryFormat(d, b.GetSpan(16), out var n);
            b.Advance(n);
        }

        /// <summary>
        /// A JSON string as the writer escapes it with the results' encoder (most text needs no escaping: its UTF-8 as it
        /// is), or null; false for text with a surrogate (paired or not), which only the writer itself escapes as it does.
        /// </summary>
        private static bool Text(ArrayBufferWriter<byte> b, string? s)
        {
            if (s is null) { b.Write("null"u8); return true; }
            if (s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0) return false;
            b.Write("\""u8);
            // Valid text without surrogates is escaped character by character, so its UTF-8 needs escaping where its UTF-16 does.
            var span = b.GetSpan(s.Length * 3);
            var n = System.Text.Encoding.UTF8.GetBytes(s, span);
            if (Encoder.FindFirstCharacterToEncodeUtf8(span[..n]) < 0) b.Advance(n);
            else b.Write(JsonEncodedText.Encode(s, Encoder).EncodedUtf8Bytes);
            b.Write("\""u8);
            return true;
        }

        private static JsonEncodedText Encode(string s) => JsonEncodedText.Encode(s, Encoder);

        /// <summary>The origin object as a writer writes it for a property at <paramref name="depth"/> (objects opened around it to that depth).</summary>
        private static byte[] OriginAt(RuleOrigin origin, JsonWriterOptions options, int depth)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using var w = new Utf8JsonWriter(buffer, options);
            w.WriteStartObject();
            for (var k = 1; k < depth; k++) w.WriteStartObject(ResultJson.P.Base);
            w.WritePropertyName(ResultJson.P.DefinedIn);
            w.Flush();
            var mark = buffer.WrittenCount;
            ResultJson.WriteOrigin(w, origin);
            w.Flush();
            return buffer.WrittenSpan[mark..].ToArray();
        }
    }
}
