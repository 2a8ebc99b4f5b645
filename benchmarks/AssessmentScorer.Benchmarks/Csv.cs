using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AssessmentScorer.Benchmarks;

/// <summary>Writes generated submissions as the CSV SubmissionCsv.Read reads, and one submission as its JSON form.</summary>
internal static class Csv
{
    public static string Write(IReadOnlyList<Submission> subs)
    {
        var fields = subs.SelectMany(s => s.Values.Keys).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var prev = subs.Where(s => s.Previous is not null).SelectMany(s => s.Previous!.Values.Keys).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var tasks = subs.Where(s => s.Tasks is not null).SelectMany(s => s.Tasks!.Keys).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var sb = new StringBuilder(subs.Count * 600);
        sb.Append("id,name,kind,tier,category,ownership,region,beds,year,previous_year");
        foreach (var f in fields) sb.Append(',').Append(f);
        foreach (var f in prev) sb.Append(",previous.").Append(f);
        foreach (var t in tasks) sb.Append(",task.").Append(t).Append(".done,task.").Append(t).Append(".completed_on,task.").Append(t).Append(".evidence");
        sb.Append('\n');
        foreach (var s in subs)
        {
            var x = s.Subject;
            sb.Append(x.Id).Append(',').Append(x.Name).Append(',').Append(x.Kind).Append(',').Append(x.Tier).Append(',').Append(x.Category)
              .Append(',').Append(x.Ownership).Append(',').Append(x.Region).Append(',').Append(x.Beds?.ToString(CultureInfo.InvariantCulture))
              .Append(',').Append(s.Year.ToString(CultureInfo.InvariantCulture)).Append(',').Append(s.Previous?.Year.ToString(CultureInfo.InvariantCulture));
            foreach (var f in fields) { sb.Append(','); if (s.Values.TryGetValue(f, out var v)) sb.Append(Cell(v)); }
            foreach (var f in prev) { sb.Append(','); if (s.Previous is { } p && p.Values.TryGetValue(f, out var v)) sb.Append(Cell(v)); }
            foreach (var t in tasks)
            {
                if (s.Tasks is { } ts && ts.TryGetValue(t, out var r))
                    sb.Append(',').Append(r.Done ? "true" : "false").Append(',').Append(r.CompletedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                      .Append(',').Append(string.Join(';', r.Evidence));
                else sb.Append(",,,");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Cell(FieldValue v) => v.Flag is { } b ? (b ? "true" : "false") : v.ToString();

    public static string ToJson(Submission s)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("subject");
            w.WriteString("id", s.Subject.Id);
            if (s.Subject.Name is { } n) w.WriteString("name", n);
            w.WriteString("kind", s.Subject.Kind);
            w.WriteString("tier", s.Subject.Tier);
            w.WriteString("category", s.Subject.Category);
            w.WriteString("ownership", s.Subject.Ownership);
            w.WriteString("region", s.Subject.Region);
            if (s.Subject.Beds is { } b) w.WriteNumber("beds", b);
            w.WriteEndObject();
            w.WriteNumber("year", s.Year);
            w.WritePropertyName("values");
            Values(w, s.Values);
            if (s.Previous is { } p)
            {
                w.WriteStartObject("previous");
                w.WriteNumber("year", p.Year);
                w.WritePropertyName("values");
                Values(w, p.Values);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void Values(Utf8JsonWriter w, IReadOnlyDictionary<string, FieldValue> values)
    {
        w.WriteStartObject();
        foreach (var (k, v) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (v.Number is { } d) w.WriteNumber(k, d);
            else if (v.Flag is { } f) w.WriteBoolean(k, f);
            else w.WriteString(k, v.Text);
        }
        w.WriteEndObject();
    }
}
