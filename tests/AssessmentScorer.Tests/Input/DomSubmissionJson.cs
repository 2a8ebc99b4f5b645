using System.Globalization;
using System.Text.Json;

namespace AssessmentScorer.Tests.Input;

/// <summary>
/// The submission reader as it was written over JsonDocument (the DOM), kept as the oracle the streaming reader is
/// compared with: same submissions, same problems in the same order, on every input of the corpus.
/// </summary>
internal static class DomSubmissionJson
{
    /// <summary>The years a submission may name (its own and the previous period's).</summary>
    internal const int FirstYear = 1900, LastYear = 2200;

    internal static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static SubmissionParseResult Parse(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, Options); }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } l ? $"line {(l + 1).ToString(CultureInfo.InvariantCulture)}, column {CharColumn(json, (int)l, (int)(ex.BytePositionInLine ?? 0)).ToString(CultureInfo.InvariantCulture)}" : "the start";
            return new SubmissionParseResult(null, new[] { new Problem("$", "AS5001", $"not valid JSON at {where}: {FirstSentence(ex.Message)}") });
        }
        catch (ArgumentException)
        {
            // A .NET string can hold half of a surrogate pair (text cut inside an emoji); JSON text must be Unicode.
            return new SubmissionParseResult(null, new[] { new Problem("$", "AS5001", "not valid JSON: the text holds an unpaired UTF-16 surrogate, so it is not Unicode text") });
        }
        using (doc) return FromElement(doc.RootElement, "$");
    }

    /// <summary>The 1-based character column of a UTF-8 byte offset within a line (the reader counts bytes).</summary>
    internal static int CharColumn(string json, int line, int bytePos)
    {
        var lines = json.Split('\n');
        if (line < 0 || line >= lines.Length) return bytePos + 1;
        var bytes = System.Text.Encoding.UTF8.GetBytes(lines[line]);
        return System.Text.Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(bytePos, bytes.Length)) + 1;
    }

    private static string FirstSentence(string m)
    {
        var i = m.IndexOf(" Path:", StringComparison.Ordinal);
        if (i < 0) i = m.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (i > 0 ? m[..i] : m).Trim();
    }

    public static SubmissionParseResult FromElement(JsonElement root, string path)
    {
        var problems = new List<Problem>();
        if (root.ValueKind != JsonValueKind.Object)
            return new SubmissionParseResult(null, new[] { new Problem(path, "AS5002", $"a submission is a JSON object, not {Kind(root)}") });
        CheckDuplicates(root, path, problems);
        Subject? subject = null;
        int? year = null;
        var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        PreviousPeriod? previous = null;
        Dictionary<string, TaskReport>? tasks = null;
        foreach (var p in root.EnumerateObject())
        {
            if (!TryName(p, path, problems, out var pn)) continue;
            var at = Join(path, pn);
            switch (pn)
            {
                case "subject": subject = ReadSubject(p.Value, at, problems); break;
                case "year": year = ReadYear(p.Value, at, problems); break;
                case "values": ReadValues(p.Value, at, values, problems); break;
                case "previous": previous = ReadPrevious(p.Value, at, problems); break;
                case "tasks": tasks = ReadTasks(p.Value, at, problems); break;
                case "$schema" or "comment": break;
                default:
                    problems.Add(new Problem(at, "AS5004", $"unknown key '{pn}'; a submission has subject, year, values, previous and tasks"));
                    break;
            }
        }
        if (subject is null && !root.TryGetProperty("subject", out _)) problems.Add(new Problem(Join(path, "subject"), "AS5005", "the submission has no subject"));
        if (year is null && !root.TryGetProperty("year", out _)) problems.Add(new Problem(Join(path, "year"), "AS5005", "the submission has no year"));
        if (subject is null || year is null) return new SubmissionParseResult(null, problems);
        return new SubmissionParseResult(new Submission(subject, year.Value, values, previous, tasks) { InputProblems = problems }, problems);
    }

    internal static string Join(string path, string name) =>
        path == "$" ? name : name.All(c => c == '_' || char.IsLetterOrDigit(c)) ? $"{path}.{name}" : $"{path}[\"{name}\"]";

    internal static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static void CheckDuplicates(JsonElement obj, string path, List<Problem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
            if (Name(p) is { } pn && !seen.Add(pn)) problems.Add(new Problem(Join(path, pn), "AS5006", $"'{pn}' is given twice; the last one is used"));
    }

    // JSON may escape an unpaired UTF-16 surrogate ("\ud800"); .NET cannot read that as text and throws, so it is a problem at its path.
    private const string NotUnicode = "holds an unpaired surrogate escape (such as \\ud800), which is not Unicode text";

    private static string? Name(JsonProperty p)
    {
        try { return p.Name; }
        catch (InvalidOperationException) { return null; }
    }

    private static bool TryName(JsonProperty p, string path, List<Problem> problems, out string name)
    {
        name = Name(p)!;
        if (name is not null) return true;
        problems.Add(new Problem(path, "AS5002", $"a key under {path} {NotUnicode}; it is not read"));
        return false;
    }

    private static string? Str(JsonElement e, string path, List<Problem> problems)
    {
        try { return e.GetString(); }
        catch (InvalidOperationException)
        {
            problems.Add(new Problem(path, "AS5002", $"the text {NotUnicode}"));
            return null;
        }
    }

    private static Subject? ReadSubject(JsonElement e, string path, List<Problem> problems)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new Problem(path, "AS5002", $"subject must be an object, not {Kind(e)}"));
            return null;
        }
        CheckDuplicates(e, path, problems);
        string? id = null, name = null, kind = "hospital", tier = null, category = null, ownership = null, region = null;
        int? beds = null;
        foreach (var p in e.EnumerateObject())
        {
            if (!TryName(p, path, problems, out var pn)) continue;
            var at = Join(path, pn);
            switch (pn)
            {
                case "id": id = Text(p.Value, at, problems); break;
                case "name": name = Text(p.Value, at, problems); break;
                case "kind": kind = InputValues.SubjectCode("kind", Text(p.Value, at, problems)); break;
                case "tier": tier = InputValues.SubjectCode("tier", Text(p.Value, at, problems)); break;
                case "category": category = InputValues.SubjectCode("category", Text(p.Value, at, problems)); break;
                case "ownership": ownership = InputValues.SubjectCode("ownership", Text(p.Value, at, problems)); break;
                case "region": region = Text(p.Value, at, problems); break;
                case "beds":
                    if (p.Value.ValueKind == JsonValueKind.Null) break;
                    if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var b) || b < 0)
                        problems.Add(new Problem(at, "AS5002", $"beds must be a whole number of zero or more, not {Raw(p.Value)}"));
                    else beds = b;
                    break;
                default:
                    problems.Add(new Problem(at, "AS5004", $"unknown subject key '{pn}'; a subject has id, name, kind, tier, category, ownership, region, beds"));
                    break;
            }
        }
        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add(new Problem(Join(path, "id"), "AS5005", "the subject needs an id"));
            return null;
        }
        return new Subject(id, name, kind, tier, category, ownership, region, beds);
    }

    private static string Raw(JsonElement e)
    {
        var raw = e.GetRawText();
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }

    private static string? Text(JsonElement e, string path, List<Problem> problems)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind == JsonValueKind.String) return Str(e, path, problems);
        problems.Add(new Problem(path, "AS5002", $"must be a text, not {Kind(e)}"));
        return null;
    }

    private static int? ReadYear(JsonElement e, string path, List<Problem> problems)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var y) && y is >= FirstYear and <= LastYear) return y;
        problems.Add(new Problem(path, "AS5002", $"year must be a whole number from 1900 to 2200, not {Raw(e)}"));
        return null;
    }

    private static void ReadValues(JsonElement e, string path, Dictionary<string, FieldValue> values, List<Problem> problems)
    {
        if (e.ValueKind == JsonValueKind.Null) return;   // null for an optional part is the same as leaving it out
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new Problem(path, "AS5002", $"values must be an object of field id → value, not {Kind(e)}"));
            return;
        }
        CheckDuplicates(e, path, problems);
        foreach (var p in e.EnumerateObject())
        {
            if (!TryName(p, path, problems, out var pn)) continue;
            var at = Join(path, pn);
            switch (p.Value.ValueKind)
            {
                case JsonValueKind.Null: values.Remove(pn); break;
                case JsonValueKind.Number:
                    if (!p.Value.TryGetDecimal(out var d)) problems.Add(new Problem(at, "AS5003", $"{Raw(p.Value)} is out of range for a number (at most 28 significant digits, below 7.9e28)"));
                    else if (InputValues.OutOfRange(pn, d, path) is { } outside) problems.Add(outside);   // reported as it is read, then missing
                    else values[pn] = d;
                    break;
                case JsonValueKind.String: if (Str(p.Value, at, problems) is { } s) values[pn] = s; break;
                case JsonValueKind.True: values[pn] = true; break;
                case JsonValueKind.False: values[pn] = false; break;
                default:
                    problems.Add(new Problem(at, "AS5002", $"a value must be a number, text or true/false, not {Kind(p.Value)}"));
                    break;
            }
        }
    }

    private static PreviousPeriod? ReadPrevious(JsonElement e, string path, List<Problem> problems)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new Problem(path, "AS5002", $"previous must be an object with year and values, not {Kind(e)}"));
            return null;
        }
        CheckDuplicates(e, path, problems);
        int? year = null;
        var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (!TryName(p, path, problems, out var pn)) continue;
            var at = Join(path, pn);
            switch (pn)
            {
                case "year": year = ReadYear(p.Value, at, problems); break;
                case "values": ReadValues(p.Value, at, values, problems); break;
                default: problems.Add(new Problem(at, "AS5004", $"unknown key '{pn}'; previous has year and values")); break;
            }
        }
        if (year is null)
        {
            if (!e.TryGetProperty("year", out _)) problems.Add(new Problem(Join(path, "year"), "AS5005", "previous needs its year"));
            return null;
        }
        return new PreviousPeriod(year.Value, values);
    }

    private static Dictionary<string, TaskReport>? ReadTasks(JsonElement e, string path, List<Problem> problems)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new Problem(path, "AS5002", $"tasks must be an object of task id → {{done, completed_on, evidence}}, not {Kind(e)}"));
            return null;
        }
        CheckDuplicates(e, path, problems);
        var tasks = new Dictionary<string, TaskReport>(StringComparer.Ordinal);
        foreach (var t in e.EnumerateObject())
        {
            if (!TryName(t, path, problems, out var tn)) continue;
            var at = Join(path, tn);
            if (t.Value.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new Problem(at, "AS5002", $"a task must be an object with done, completed_on and evidence, not {Kind(t.Value)}"));
                continue;
            }
            bool? done = null; DateOnly? on = null; var evidence = new List<string>(); var ok = true;
            foreach (var p in t.Value.EnumerateObject())
            {
                if (!TryName(p, at, problems, out var pn)) continue;
                var pat = Join(at, pn);
                switch (pn)
                {
                    case "done":
                        if (p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) done = p.Value.GetBoolean();
                        else { problems.Add(new Problem(pat, "AS5002", $"done must be true or false, not {Raw(p.Value)}")); ok = false; }
                        break;
                    case "completed_on":
                        if (p.Value.ValueKind == JsonValueKind.Null) break;
                        if (p.Value.ValueKind == JsonValueKind.String &&
                            DateOnly.TryParseExact(Str(p.Value, pat, problems), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) on = d;
                        else { problems.Add(new Problem(pat, "AS5002", $"completed_on must be a date written \"yyyy-mm-dd\", not {Raw(p.Value)}")); ok = false; }
                        break;
                    case "evidence":
                        if (p.Value.ValueKind == JsonValueKind.Null) break;
                        if (p.Value.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var item in p.Value.EnumerateArray())
                                if (item.ValueKind == JsonValueKind.String) { if (Str(item, pat, problems) is { } doc) evidence.Add(doc); }
                                else problems.Add(new Problem(pat, "AS5002", $"evidence items are document names (text), not {Kind(item)}"));
                        }
                        else problems.Add(new Problem(pat, "AS5002", $"evidence must be a list of document names, not {Kind(p.Value)}"));
                        break;
                    default:
                        problems.Add(new Problem(pat, "AS5004", $"unknown key '{pn}'; a task has done, completed_on and evidence"));
                        break;
                }
            }
            if (done is null && ok) problems.Add(new Problem(Join(at, "done"), "AS5005", "the task needs done: true or false"));
            if (done is not null && ok) tasks[tn] = new TaskReport(done.Value, on, evidence);
        }
        return tasks;
    }
}
