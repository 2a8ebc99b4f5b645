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

    /// <summary>The texts of the first result's indicators, with each origin pre-written for properties at <paramref name="depth"/>; null for no results.</summary>
    public static IndicatorTexts? For(IReadOnlyList<AssessmentResult> results, JsonWriterOptions options, int depth)
    {
        if (results.Count == 0) return null;
        var indicators = results[0].Indicators;
        var entries = new Entry[indicators.Count];
        for (var j = 0; j < entries.Length; j++) entries[j] = new Entry(indicators[j], options, depth);
        return new IndicatorTexts(entries);
    }

    /// <summary>The entry of position <paramref name="j"/>, or null past the first result's indicators.</summary>
    public Entry? At(int j) => (uint)j < (uint)_entries.Length ? _entries[j] : null;

    /// <summary>One indicator's constants; each writer method writes the property from the encoded text when given the same string.</summary>
    public sealed class Entry
    {
        private static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        private readonly string _id, _name, _nameEn, _method;
        private readonly string? _dimension, _target, _source;
        private readonly JsonEncodedText _idText, _nameText, _nameEnText, _methodText, _dimensionText, _targetText, _sourceText;
        private readonly RuleOrigin _origin;
        private readonly byte[] _originJson;
        private readonly int _depth;

        public Entry(IndicatorResult i, JsonWriterOptions options, int depth)
        {
            (_id, _name, _nameEn, _method, _dimension, _target, _source, _origin, _depth) = (i.Id, i.Name, i.NameEn, i.Method, i.Dimension, i.Target, i.Source, i.DefinedIn, depth);
            (_idText, _nameText, _nameEnText, _methodText) = (Encode(_id), Encode(_name), Encode(_nameEn), Encode(_method));
            (_dimensionText, _targetText, _sourceText) = (Encode(_dimension ?? ""), Encode(_target ?? ""), Encode(_source ?? ""));
            _originJson = OriginAt(_origin, options, depth);
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

        public void Id(Utf8JsonWriter w, string id)
        {
            if (ReferenceEquals(id, _id)) w.WriteString(ResultJson.P.Id, _idText); else w.WriteString(ResultJson.P.Id, id);
        }

        public void Name(Utf8JsonWriter w, string name, string nameEn)
        {
            if (ReferenceEquals(name, _name)) w.WriteString(ResultJson.P.Name, _nameText); else w.WriteString(ResultJson.P.Name, name);
            if (ReferenceEquals(nameEn, _nameEn)) w.WriteString(ResultJson.P.NameEn, _nameEnText); else w.WriteString(ResultJson.P.NameEn, nameEn);
        }

        public void Dimension(Utf8JsonWriter w, string? dimension) => Optional(w, ResultJson.P.Dimension, dimension, _dimension, _dimensionText);

        public void Target(Utf8JsonWriter w, string? target) => Optional(w, ResultJson.P.Target, target, _target, _targetText);

        public void Source(Utf8JsonWriter w, string? source) => Optional(w, ResultJson.P.Source, source, _source, _sourceText);

        public void Method(Utf8JsonWriter w, string method)
        {
            if (ReferenceEquals(method, _method)) w.WriteString(ResultJson.P.Method, _methodText); else w.WriteString(ResultJson.P.Method, method);
        }

        /// <summary><c>"definedIn": {…}</c>, copied when it is the origin seen first and the writer is at the depth it was written for.</summary>
        public void DefinedIn(Utf8JsonWriter w, RuleOrigin origin)
        {
            w.WritePropertyName(ResultJson.P.DefinedIn);
            if (ReferenceEquals(origin, _origin) && w.CurrentDepth == _depth) w.WriteRawValue(_originJson, skipInputValidation: true);
            else ResultJson.WriteOrigin(w, origin);
        }

        private static void Optional(Utf8JsonWriter w, JsonEncodedText name, string? value, string? known, JsonEncodedText text)
        {
            if (value is null) w.WriteNull(name);
            else if (ReferenceEquals(value, known)) w.WriteString(name, text);
            else w.WriteString(name, value);
        }
    }
}
