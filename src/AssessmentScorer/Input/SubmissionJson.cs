using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AssessmentScorer;

/// <summary>
/// Reads the submission JSON format, reporting every problem with its path. One pass of <see cref="Utf8JsonReader"/>
/// over UTF-8 bytes (text is encoded into a pooled buffer): no document tree, no per-value path text unless a value
/// has a problem, and property names shared between submissions. The problems and their order are those of a reader
/// that first checks each object for repeated keys, then reads its keys in order.
/// </summary>
internal static class SubmissionJson
{
    /// <summary>The years a submission may name (its own and the previous period's).</summary>
    internal const int FirstYear = 1900, LastYear = 2200;

    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 32, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const string UnpairedSurrogate = "not valid JSON: the text holds an unpaired UTF-16 surrogate, so it is not Unicode text";

    public static SubmissionParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Rent(json) is not { } rented) return new SubmissionParseResult(null, new[] { new Problem("$", "AS5001", UnpairedSurrogate) });
        try { return ParseUtf8(rented.Span, "$", json); }
        finally { rented.Return(); }
    }

    /// <summary>One JSON text holding one submission (or not: the problems say why); <paramref name="text"/> is the same text as UTF-16, if at hand, for the column of a syntax error.</summary>
    internal static SubmissionParseResult ParseUtf8(ReadOnlySpan<byte> utf8, string path, string? text = null, SlotStore? store = null)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            reader.Read();
            var result = Read(ref reader, utf8, new Place(path), store);
            while (reader.Read()) { }   // trailing text after the value is a syntax error
            return result;
        }
        catch (JsonException ex)
        {
            return new SubmissionParseResult(null, new[] { NotJson(ex, text ?? Encoding.UTF8.GetString(utf8)) });
        }
    }

    /// <summary>The AS5001 problem of a syntax error, naming its line and (character) column.</summary>
    internal static Problem NotJson(JsonException ex, string text)
    {
        var where = ex.LineNumber is { } l ? $"line {(l + 1).ToString(CultureInfo.InvariantCulture)}, column {CharColumn(text, (int)l, (int)(ex.BytePositionInLine ?? 0)).ToString(CultureInfo.InvariantCulture)}" : "the start";
        return new Problem("$", "AS5001", $"not valid JSON at {where}: {FirstSentence(ex.Message)}");
    }

    /// <summary>A text as UTF-8 in a pooled buffer; null when the text is not Unicode (an unpaired surrogate).</summary>
    internal static PooledUtf8? Rent(string text)
    {
        int count;
        try { count = StrictUtf8.GetByteCount(text); }
        catch (ArgumentException) { return null; }   // EncoderFallbackException
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, count));
        StrictUtf8.GetBytes(text, buffer);
        return new PooledUtf8(buffer, count);
    }

    internal sealed class PooledUtf8(byte[] buffer, int length)
    {
        private byte[]? _buffer = buffer;
        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, length);
        public void Return()
        {
            if (_buffer is { } b) ArrayPool<byte>.Shared.Return(b);
            _buffer = null;
        }
    }

    /// <summary>The 1-based character column of a UTF-8 byte offset within a line (the reader counts bytes).</summary>
    internal static int CharColumn(string json, int line, int bytePos)
    {
        var lines = json.Split('\n');
        if (line < 0 || line >= lines.Length) return bytePos + 1;
        var bytes = Encoding.UTF8.GetBytes(lines[line]);
        return Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(bytePos, bytes.Length)) + 1;
    }

    private static string FirstSentence(string m)
    {
        var i = m.IndexOf(" Path:", StringComparison.Ordinal);
        if (i < 0) i = m.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (i > 0 ? m[..i] : m).Trim();
    }

    /// <summary>Reads a submission from an already parsed element (its text is read again, as the streaming reader reads it).</summary>
    public static SubmissionParseResult FromElement(JsonElement root, string path)
    {
        var bytes = Encoding.UTF8.GetBytes(root.GetRawText());
        return ParseUtf8(bytes, path);
    }

    /// <summary>
    /// Reads the value the reader stands on as a submission, leaving the reader on its last token. Throws
    /// <see cref="JsonException"/> on a syntax error (the caller reports the whole text as not JSON).
    /// </summary>
    internal static SubmissionParseResult Read(ref Utf8JsonReader r, ReadOnlySpan<byte> utf8, Place path, SlotStore? store = null)
    {
        var problems = new List<Problem>();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            var kind = Kind(r.TokenType);
            r.Skip();
            return new SubmissionParseResult(null, new[] { new Problem(path.Path, "AS5002", $"a submission is a JSON object, not {kind}") });
        }
        var keys = new Keys(problems, path);
        Subject? subject = null;
        int? year = null;
        var values = Builder(ref _values);
        PreviousPeriod? previous = null;
        Dictionary<string, TaskReport>? tasks = null;
        bool sawSubject = false, sawYear = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var pn = Name(ref r, out var known);
            r.Read();
            if (!keys.Take(ref r, pn, known)) continue;
            switch (pn)
            {
                case "subject": sawSubject = true; subject = ReadSubject(ref r, utf8, path.Under(pn), problems); break;
                case "year": sawYear = true; year = ReadYear(ref r, utf8, path.Under(pn), problems); break;
                case "values": ReadValues(ref r, utf8, path.Under(pn), values, problems); break;
                case "previous": previous = ReadPrevious(ref r, utf8, path.Under(pn), problems, store); break;
                case "tasks": tasks = ReadTasks(ref r, utf8, path.Under(pn).Path, problems); break;
                case "$schema" or "comment": r.Skip(); break;
                default:
                    r.Skip();
                    problems.Add(new Problem(path.Under(pn!).Path, "AS5004", $"unknown key '{pn}'; a submission has subject, year, values, previous and tasks"));
                    break;
            }
        }
        keys.Done();
        if (subject is null && !sawSubject) problems.Add(new Problem(path.Under("subject").Path, "AS5005", "the submission has no subject"));
        if (year is null && !sawYear) problems.Add(new Problem(path.Under("year").Path, "AS5005", "the submission has no year"));
        if (subject is null || year is null) return new SubmissionParseResult(null, problems);
        return new SubmissionParseResult(new Submission(subject, year.Value, values.Build(store), previous, tasks) { InputProblems = problems }, problems);
    }

    /// <summary>
    /// Where a part of a submission is: its path text (<c>[3].previous.values</c>) is made only when a problem names it.
    /// The root is a path given as text, or the element <c>[index]</c> of a batch; under it up to two names are held,
    /// a deeper place is made from the path text.
    /// </summary>
    internal readonly struct Place
    {
        private readonly string? _root, _first, _second;
        private readonly int _index;

        /// <summary>The root of a submission given by its path text (<c>$</c> for a text of its own).</summary>
        public Place(string path) { _root = path; _index = -1; }

        /// <summary>The root of element <paramref name="index"/> of a batch (<c>[index]</c>).</summary>
        public Place(int index) { _index = index; }

        private Place(string? root, int index, string? first, string? second) { _root = root; _index = index; _first = first; _second = second; }

        /// <summary>The place of a key under this one.</summary>
        public Place Under(string name) =>
            _first is null ? new(_root, _index, name, null) : _second is null ? new(_root, _index, _first, name) : new(Path, -1, name, null);

        /// <summary>The path text.</summary>
        public string Path
        {
            get
            {
                var p = _root ?? Index(_index);
                if (_first is not null) p = Join(p, _first);
                if (_second is not null) p = Join(p, _second);
                return p;
            }
        }

        public override string ToString() => Path;
    }

    private static readonly string[] Indexes = Enumerable.Range(0, 1024).Select(i => $"[{i}]").ToArray();

    /// <summary>The path of element <paramref name="i"/> of a batch: <c>[i]</c>.</summary>
    internal static string Index(int i) => i < Indexes.Length ? Indexes[i] : $"[{i}]";

    internal static string Join(string path, string name) =>
        path == "$" ? name : Plain(name) ? string.Concat(path, ".", name) : $"{path}[\"{name}\"]";

    /// <summary>Whether a name is written after a dot in a path (letters, digits, underscores only).</summary>
    private static bool Plain(string name)
    {
        foreach (var c in name)
            if (c != '_' && !char.IsLetterOrDigit(c)) return false;
        return true;
    }

    internal static string Kind(JsonTokenType t) => t switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => "a text",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "true/false",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    /// <summary>
    /// The keys of one object as they are read: a key that cannot be read is reported and its value skipped; a key given
    /// twice is reported where the object's problems begin (before the problems of its values), in the order found.
    /// </summary>
    private struct Keys(List<Problem> problems, Place path)
    {
        private readonly int _start = problems.Count;
        private int _repeats;
        private ulong[]? _known;          // the slots of known names seen (InputNames)
        private HashSet<string>? _others; // other names seen

        public bool Take(ref Utf8JsonReader r, string? name, InputNames.Entry? known)
        {
            if (name is null)
            {
                var at = path.Path;
                problems.Add(new Problem(at, "AS5002", $"a key under {at} {NotUnicode}; it is not read"));
                r.Skip();
                return false;
            }
            bool fresh;
            if (known is not null)
            {
                _known ??= RentBits();
                ref var word = ref _known[known.Slot >> 6];
                var bit = 1UL << (known.Slot & 63);
                fresh = (word & bit) == 0;
                word |= bit;
            }
            else fresh = (_others ??= RentSet()).Add(name);
            if (!fresh) problems.Insert(_start + _repeats++, new Problem(path.Under(name).Path, "AS5006", $"'{name}' is given twice; the last one is used"));
            return true;
        }

        public void Done()
        {
            if (_others is { } s) ReturnSet(s);
            if (_known is { } k) ReturnBits(k);
            _others = null;
            _known = null;
        }
    }

    [ThreadStatic] private static Stack<HashSet<string>>? _sets;

    /// <summary>
    /// The values of this thread's submissions, and those of their previous periods, held by position against a key
    /// table per thread for each (the keys in the order first seen; a cohort's submissions name the same fields, mostly
    /// in the same order, and a previous period a few of them, so its positions are its own and few): each value's key is
    /// compared with the key that came next last time before anything is looked up. A table that has taken
    /// <see cref="ValueKeys.MaxKeys"/> keys is left to the submissions holding it and a new one started.
    /// </summary>
    [ThreadStatic] private static SlotValuesBuilder? _values, _previousValues;

    private static SlotValuesBuilder Builder(ref SlotValuesBuilder? builder)
    {
        if (builder is { } b && b.Table.Count < ValueKeys.MaxKeys)
        {
            b.Start(b.Table);
            return b;
        }
        // The first on this thread, or one whose table has grown past the bound: made afresh, its arrays with it.
        return builder = new SlotValuesBuilder(new ValueKeys());
    }
    [ThreadStatic] private static Stack<ulong[]>? _bits;

    private static HashSet<string> RentSet() => _sets is { Count: > 0 } s ? s.Pop() : new HashSet<string>(StringComparer.Ordinal);

    private static void ReturnSet(HashSet<string> set)
    {
        if (set.Count > 1024) return;   // a hostile object's keys are not kept
        set.Clear();
        (_sets ??= new Stack<HashSet<string>>()).Push(set);
    }

    private static ulong[] RentBits() => _bits is { Count: > 0 } s ? s.Pop() : new ulong[(InputNames.Known.Slots + 63) >> 6];

    private static void ReturnBits(ulong[] bits)
    {
        Array.Clear(bits);
        if ((_bits ??= new Stack<ulong[]>()).Count < 64) _bits.Push(bits);
    }

    // JSON may escape an unpaired UTF-16 surrogate ("\ud800"); .NET cannot read that as text and throws, so it is a problem at its path.
    private const string NotUnicode = "holds an unpaired surrogate escape (such as \\ud800), which is not Unicode text";

    /// <summary>
    /// Property names seen before, shared between submissions (a cohort's submissions name the same fields): read
    /// without a new string each time. Bounded, so hostile input with endless new names cannot grow it.
    /// </summary>
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NameLookup = Names.GetAlternateLookup<ReadOnlySpan<char>>();
    private const int MaxNames = 8192, MaxNameLength = 128;

    /// <summary>The property name the reader stands on, and its entry when it is a known name; null when it is not Unicode text.</summary>
    private static string? Name(ref Utf8JsonReader r, out InputNames.Entry? known)
    {
        if (!r.ValueIsEscaped && !r.HasValueSequence)
        {
            known = InputNames.Known.Find(r.ValueSpan);
            if (known is not null) return known.Name;
            if (r.ValueSpan.Length <= MaxNameLength)
            {
                Span<char> chars = stackalloc char[MaxNameLength];
                var n = Encoding.UTF8.GetChars(r.ValueSpan, chars);
                var span = chars[..n];
                if (NameLookup.TryGetValue(span, out var seen)) return seen;
                var name = span.ToString();
                if (Names.Count < MaxNames) Names.TryAdd(name, name);
                return name;
            }
        }
        string? text;
        try { text = r.GetString(); }
        catch (InvalidOperationException) { text = null; }
        known = text is null ? null : InputNames.Known.Find(text);
        return known?.Name ?? text;
    }

    private static string? Str(ref Utf8JsonReader r, string path, List<Problem> problems) => Str(ref r, new Place(path), problems);

    private static string? Str(ref Utf8JsonReader r, Place path, List<Problem> problems)
    {
        try { return r.GetString(); }
        catch (InvalidOperationException)
        {
            problems.Add(new Problem(path.Path, "AS5002", $"the text {NotUnicode}"));
            return null;
        }
    }

    /// <summary>The value's JSON text as written (at most 40 characters), skipping it when it is an object or a list.</summary>
    private static string Raw(ref Utf8JsonReader r, ReadOnlySpan<byte> utf8)
    {
        var start = (int)r.TokenStartIndex;
        r.Skip();
        var bytes = utf8[start..(int)r.BytesConsumed];
        var raw = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 41 * 4)]);
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }

    private static Subject? ReadSubject(ref Utf8JsonReader r, ReadOnlySpan<byte> utf8, Place path, List<Problem> problems)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            problems.Add(new Problem(path.Path, "AS5002", $"subject must be an object, not {Kind(r.TokenType)}"));
            r.Skip();
            return null;
        }
        var keys = new Keys(problems, path);
        string? id = null, name = null, kind = "hospital", tier = null, category = null, ownership = null, region = null;
        int? beds = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var pn = Name(ref r, out var known);
            r.Read();
            if (!keys.Take(ref r, pn, known)) continue;
            switch (pn)
            {
                case "id": id = Text(ref r, path, pn, problems); break;
                case "name": name = Text(ref r, path, pn, problems); break;
                case "kind": kind = Code(ref r, "kind", path, pn, problems); break;
                case "tier": tier = Code(ref r, "tier", path, pn, problems); break;
                case "category": category = Code(ref r, "category", path, pn, problems); break;
                case "ownership": ownership = Code(ref r, "ownership", path, pn, problems); break;
                case "region": region = Text(ref r, path, pn, problems); break;
                case "beds":
                    if (r.TokenType == JsonTokenType.Null) break;
                    if (r.TokenType != JsonTokenType.Number || !r.TryGetInt32(out var b) || b < 0)
                        problems.Add(new Problem(path.Under(pn).Path, "AS5002", $"beds must be a whole number of zero or more, not {Raw(ref r, utf8)}"));
                    else beds = b;
                    break;
                default:
                    r.Skip();
                    problems.Add(new Problem(path.Under(pn!).Path, "AS5004", $"unknown subject key '{pn}'; a subject has id, name, kind, tier, category, ownership, region, beds"));
                    break;
            }
        }
        keys.Done();
        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add(new Problem(path.Under("id").Path, "AS5005", "the subject needs an id"));
            return null;
        }
        return new Subject(id, name, kind, tier, category, ownership, region, beds);
    }

    private static string? Text(ref Utf8JsonReader r, Place path, string name, List<Problem> problems)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType == JsonTokenType.String) return Str(ref r, path.Under(name), problems);
        problems.Add(new Problem(path.Under(name).Path, "AS5002", $"must be a text, not {Kind(r.TokenType)}"));
        r.Skip();
        return null;
    }

    /// <summary>
    /// A subject attribute as its code (<see cref="InputValues.SubjectCode"/>): a text written exactly as a code, label
    /// or alias is matched by its UTF-8 bytes without making a string of it; anything else is read as text first.
    /// </summary>
    private static string? Code(ref Utf8JsonReader r, string attribute, Place path, string name, List<Problem> problems)
    {
        if (r.TokenType == JsonTokenType.String && !r.ValueIsEscaped && !r.HasValueSequence && InputValues.KnownCode(attribute, r.ValueSpan) is { } code) return code;
        return InputValues.SubjectCode(attribute, Text(ref r, path, name, problems));
    }

    private static int? ReadYear(ref Utf8JsonReader r, ReadOnlySpan<byte> utf8, Place path, List<Problem> problems)
    {
        if (r.TokenType == JsonTokenType.Number && r.TryGetInt32(out var y) && y is >= FirstYear and <= LastYear) return y;
        problems.Add(new Problem(path.Path, "AS5002", $"year must be a whole number from 1900 to 2200, not {Raw(ref r, utf8)}"));
        return null;
    }

    private static void ReadValues(ref Utf8JsonReader r, ReadOnlySpan<byte> utf8, Place path, SlotValuesBuilder values, List<Problem> problems)
    {
        if (r.TokenType == JsonTokenType.Null) return;   // null for an optional part is the same as leaving it out
        if (r.TokenType != JsonTokenType.StartObject)
        {
            problems.Add(new Problem(path.Path, "AS5002", $"values must be an object of field id → value, not {Kind(r.TokenType)}"));
            r.Skip();
            return;
        }
        var keys = new Keys(problems, path);
        var table = values.Table;
        var next = 0;   // the position of the key that came after the last one, last time
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            string? pn;
            InputNames.Entry? known;
            int at;
            if (!r.ValueIsEscaped && !r.HasValueSequence && table.Matches(next, r.ValueSpan))
            {
                at = next;
                pn = table[at];
                known = table.Known(at);
            }
            else
            {
                pn = Name(ref r, out known);
                at = pn is null ? -1 : table.Add(pn);
            }
            next = at + 1;
            r.Read();
            if (!keys.Take(ref r, pn, known)) continue;
            switch (r.TokenType)
            {
                case JsonTokenType.Null: values.Remove(at); break;
                case JsonTokenType.Number:
                    if (!Number(ref r, out var d)) problems.Add(new Problem(path.Under(pn!).Path, "AS5003", $"{Raw(ref r, utf8)} is out of range for a number (at most 28 significant digits, below 7.9e28)"));
                    else if (known is { Ranged: true } && (d < known.Min || d > known.Max) && InputValues.OutOfRange(pn!, d, path.Path) is { } outside) problems.Add(outside);   // reported as it is read, then missing
                    else values.Set(at, d);
                    break;
                case JsonTokenType.String:
                    if (!r.ValueIsEscaped && !r.HasValueSequence) values.Set(at, Encoding.UTF8.GetString(r.ValueSpan));
                    else if (Str(ref r, path.Under(pn!), problems) is { } s) values.Set(at, s);
                    break;
                case JsonTokenType.True: values.Set(at, true); break;
                case JsonTokenType.False: values.Set(at, false); break;
                default:
                    problems.Add(new Problem(path.Under(pn!).Path, "AS5002", $"a value must be a number, text or true/false, not {Kind(r.TokenType)}"));
                    r.Skip();
                    break;
            }
        }
        keys.Done();
    }

    /// <summary>
    /// The number the reader stands on, exactly as <see cref="Utf8JsonReader.TryGetDecimal"/> reads it (digits, sign and
    /// scale: 5.00 stays 5.00, -0 stays -0); a plain number of up to 18 digits without an exponent is read here without
    /// the general parser.
    /// </summary>
    private static bool Number(ref Utf8JsonReader r, out decimal value) =>
        !r.HasValueSequence && InputValues.PlainNumber(r.ValueSpan, out value) || r.TryGetDecimal(out value);

    private static PreviousPeriod? ReadPrevious(ref Utf8JsonReader r, ReadOnlySpan<byte> utf8, Place path, List<Problem> problems, SlotStore? store)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            problems.Add(new Problem(path.Path, "AS5002", $"previous must be an object with year and values, not {Kind(r.TokenType)}"));
            r.Skip();
            return null;
        }
        var keys = new Keys(problems, path);
        int? year = null;
        var sawYear = false;
        var values = Builder(ref _previousValues);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var pn = Name(ref r, out var known);
            r.Read();
            if (!keys.Take(ref r, pn, known)) continue;
            switch (pn)
            {
                case "year": sawYear = true; year = ReadYear(ref r, utf8, path.Under(pn), problems); break;
                case "values": ReadValues(ref r, utf8, path.Under(pn), values, problems); break;
                default: r.Skip(); problems.Add(new Problem(path.Under(pn!).Path, "AS5004", $"unknown key '{pn}'; previous has year and values")); break;
            }
        }
        keys.Done();
        if (year is null)
        {
            if (!sawYear) problems.Add(new Problem(path.Under("year").Path, "AS5005", "previous needs its year"));
            return null;
        }
        return new PreviousPeriod(year.Value, values.Build(store));
    }

    private static Dictionary<string, TaskReport>? ReadTasks(ref Utf8JsonReader r, ReadOnlySpan<byte> utf8, string path, List<Problem> problems)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            problems.Add(new Problem(path, "AS5002", $"tasks must be an object of task id → {{done, completed_on, evidence}}, not {Kind(r.TokenType)}"));
            r.Skip();
            return null;
        }
        var keys = new Keys(problems, new Place(path));
        var tasks = new Dictionary<string, TaskReport>(StringComparer.Ordinal);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var tn = Name(ref r, out var known);
            r.Read();
            if (!keys.Take(ref r, tn, known)) continue;
            var at = Join(path, tn!);
            if (r.TokenType != JsonTokenType.StartObject)
            {
                problems.Add(new Problem(at, "AS5002", $"a task must be an object with done, completed_on and evidence, not {Kind(r.TokenType)}"));
                r.Skip();
                continue;
            }
            bool? done = null; DateOnly? on = null; var evidence = new List<string>(); var ok = true;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var pn = Name(ref r, out _);
                r.Read();
                if (pn is null)
                {
                    problems.Add(new Problem(at, "AS5002", $"a key under {at} {NotUnicode}; it is not read"));
                    r.Skip();
                    continue;
                }
                var pat = Join(at, pn);
                switch (pn)
                {
                    case "done":
                        if (r.TokenType is JsonTokenType.True or JsonTokenType.False) done = r.GetBoolean();
                        else { problems.Add(new Problem(pat, "AS5002", $"done must be true or false, not {Raw(ref r, utf8)}")); ok = false; }
                        break;
                    case "completed_on":
                        if (r.TokenType == JsonTokenType.Null) break;
                        if (r.TokenType == JsonTokenType.String &&
                            DateOnly.TryParseExact(Str(ref r, pat, problems), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) on = d;
                        else { problems.Add(new Problem(pat, "AS5002", $"completed_on must be a date written \"yyyy-mm-dd\", not {Raw(ref r, utf8)}")); ok = false; }
                        break;
                    case "evidence":
                        if (r.TokenType == JsonTokenType.Null) break;
                        if (r.TokenType == JsonTokenType.StartArray)
                        {
                            while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                                if (r.TokenType == JsonTokenType.String) { if (Str(ref r, pat, problems) is { } doc) evidence.Add(doc); }
                                else { problems.Add(new Problem(pat, "AS5002", $"evidence items are document names (text), not {Kind(r.TokenType)}")); r.Skip(); }
                        }
                        else { problems.Add(new Problem(pat, "AS5002", $"evidence must be a list of document names, not {Kind(r.TokenType)}")); r.Skip(); }
                        break;
                    default:
                        r.Skip();
                        problems.Add(new Problem(pat, "AS5004", $"unknown key '{pn}'; a task has done, completed_on and evidence"));
                        break;
                }
            }
            if (done is null && ok) problems.Add(new Problem(Join(at, "done"), "AS5005", "the task needs done: true or false"));
            if (done is not null && ok) tasks[tn!] = new TaskReport(done.Value, on, evidence);
        }
        keys.Done();
        return tasks;
    }
}
