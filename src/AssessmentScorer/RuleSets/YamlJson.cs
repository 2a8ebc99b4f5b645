using System.Text.Json;

namespace AssessmentScorer.RuleSets;

/// <summary>Turns a YAML node into JSON (plain numbers → numbers, true/false → booleans) so YAML test cases reuse the submission reader.</summary>
internal static class YamlJson
{
    public static JsonDocument ToDocument(YNode node)
    {
        var text = Results.ResultJson.Render(w => Write(w, node, 0), indented: false);
        return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
    }

    private static void Write(Utf8JsonWriter w, YNode n, int depth)
    {
        switch (n)
        {
            case YScalar s when s.IsNull: w.WriteNullValue(); break;
            case YScalar s when s.IsPlain && (s.Value is "true" or "false"): w.WriteBooleanValue(s.Value == "true"); break;
            case YScalar s when s.IsPlain && decimal.TryParse(s.Value, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var d):
                w.WriteNumberValue(d); break;
            case YScalar s: w.WriteStringValue(s.Value); break;
            case YSeq q:
                w.WriteStartArray();
                foreach (var i in q.Items) Write(w, i, depth + 1);
                w.WriteEndArray();
                break;
            case YMap m:
                w.WriteStartObject();
                foreach (var (k, v) in m.Entries) { w.WritePropertyName(k.Value); Write(w, v, depth + 1); }
                w.WriteEndObject();
                break;
        }
    }
}
