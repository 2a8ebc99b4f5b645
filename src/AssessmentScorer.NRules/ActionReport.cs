using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AssessmentScorer.NRules;

/// <summary>The actions rules drew from results: subjects in input order, each subject's actions by rule.</summary>
public sealed class ActionReport
{
    internal ActionReport(int subjects, IReadOnlyList<ResultAction> actions)
    {
        Subjects = subjects;
        Actions = actions;
    }

    /// <summary>Subjects the rules were applied to.</summary>
    public int Subjects { get; }

    /// <summary>Every action recorded.</summary>
    public IReadOnlyList<ResultAction> Actions { get; }

    /// <summary>
    /// The report as camelCase JSON: <c>subjects</c>, then <c>actions</c>, each with <c>kind</c>, <c>subjectId</c>,
    /// <c>year</c>, <c>rule</c>, its details (<c>deadline</c>, <c>coefficient</c>, <c>indicator</c> …) under
    /// <c>details</c>, <c>explanation</c> (<c>zh</c>, <c>en</c>) and <c>causes</c>.
    /// </summary>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        WriteJson(stream, indented);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the same JSON as <see cref="ToJson"/> to a stream.</summary>
    public void WriteJson(Stream stream, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteNumber("subjects", Subjects);
        w.WriteStartArray("actions");
        foreach (var a in Actions) WriteAction(w, a);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAction(Utf8JsonWriter w, ResultAction a)
    {
        w.WriteStartObject();
        w.WriteString("kind", a.Kind);
        w.WriteString("subjectId", a.SubjectId);
        w.WriteNumber("year", a.Year);
        w.WriteString("rule", a.Rule);
        w.WriteStartObject("details");
        foreach (var d in a.Details()) w.WriteString(d.Key, d.Value);
        w.WriteEndObject();
        WriteExplanation(w, "explanation", a.Explanation);
        w.WriteStartArray("causes");
        foreach (var c in a.Causes)
        {
            w.WriteStartObject();
            w.WriteString("subjectId", c.SubjectId);
            w.WriteNumber("year", c.Year);
            w.WriteString("field", c.Field);
            w.WriteString("itemId", c.ItemId);
            w.WriteString("value", c.Value);
            WriteExplanation(w, "explanation", c.Explanation);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteExplanation(Utf8JsonWriter w, string name, Explanation e)
    {
        w.WriteStartObject(name);
        w.WriteString("zh", e.Zh);
        w.WriteString("en", e.En);
        w.WriteEndObject();
    }
}
