using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AssessmentScorer.Reports;

/// <summary>
/// Writes a submission in its JSON form (docs/submission-format.md), canonically: keys in a fixed order, values and tasks
/// sorted by id, numbers as read, no whitespace. Whatever it was read from (JSON, a CSV row, a workbook row), the same
/// submission gives the same text, so its SHA-256 digest names the content. Reading the text back gives the same submission.
/// </summary>
public static class SubmissionWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The canonical JSON text of <paramref name="submission"/>.</summary>
    public static string ToJson(Submission submission) => Encoding.UTF8.GetString(Write(submission).WrittenSpan);

    /// <summary>
    /// The canonical JSON text of <paramref name="submission"/> and its content digest (<see cref="Digest"/> of that text),
    /// both from one encoding of it: what a stored revision holds.
    /// </summary>
    public static (string Json, string Digest) Canonical(Submission submission)
    {
        var utf8 = Write(submission).WrittenSpan;
        return (Encoding.UTF8.GetString(utf8), Convert.ToHexStringLower(SHA256.HashData(utf8)));
    }

    // One buffer and writer per thread, reused: a large upload writes thousands of submissions.
    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    /// <summary>Writes the canonical JSON into this thread's buffer (valid until the thread's next call).</summary>
    private static ArrayBufferWriter<byte> Write(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (_buffer is { Capacity: > 1 << 20 }) _buffer = null;   // a huge one is not kept
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var w = _writer ??= new Utf8JsonWriter(buffer, Options);
        w.Reset(buffer);
        w.WriteStartObject();
        w.WriteStartObject("subject");
        var s = submission.Subject;
        w.WriteString("id", s.Id);
        Text(w, "name", s.Name);
        Text(w, "kind", s.Kind);
        Text(w, "tier", s.Tier);
        Text(w, "category", s.Category);
        Text(w, "ownership", s.Ownership);
        Text(w, "region", s.Region);
        if (s.Beds is { } beds) w.WriteNumber("beds", beds);
        w.WriteEndObject();
        w.WriteNumber("year", submission.Year);
        Values(w, "values", submission.Values);
        if (submission.Previous is { } p)
        {
            w.WriteStartObject("previous");
            w.WriteNumber("year", p.Year);
            Values(w, "values", p.Values);
            w.WriteEndObject();
        }
        if (submission.Tasks is { Count: > 0 } tasks)
        {
            w.WriteStartObject("tasks");
            foreach (var (id, t) in tasks.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(id);
                w.WriteBoolean("done", t.Done);
                if (t.CompletedOn is { } on) w.WriteString("completed_on", on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                if (t.Evidence.Count > 0)
                {
                    w.WriteStartArray("evidence");
                    foreach (var e in t.Evidence) w.WriteStringValue(e);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.Flush();
        return buffer;
    }

    /// <summary>The SHA-256 digest (lower-case hex) of a text's UTF-8 bytes: the content digest of a stored revision.</summary>
    public static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void Values(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, FieldValue> values)
    {
        w.WriteStartObject(name);
        var ids = new string[values.Count];
        var count = 0;
        foreach (var id in values.Keys) ids[count++] = id;
        Array.Sort(ids, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var v = values[id];
            if (v.Number is { } n) w.WriteNumber(id, n);
            else if (v.Text is { } t) w.WriteString(id, t);
            else if (v.Flag is { } f) w.WriteBoolean(id, f);
            else w.WriteNull(id);
        }
        w.WriteEndObject();
    }
}
