using System.Text.Json;
using System.Text.RegularExpressions;

namespace AssessmentScorer.Web;

/// <summary>A diagnostic as the editor underlines it: line and column (1-based), code, severity and message.</summary>
public sealed record EditorMarker(int Line, int Column, string Code, string Severity, string Message);

/// <summary>A completion the editor offers: a key of the rule-set schema, or a value it allows.</summary>
public sealed record Completion(string Label, string Doc);

/// <summary>The completions of the rule-set schema: every property name, and every enumerated value.</summary>
public sealed record SchemaCompletions(IReadOnlyList<Completion> Keys, IReadOnlyList<Completion> Values);

/// <summary>What the playground does with text before the library reads it: a draft made from an installed version, markers, completions.</summary>
public static partial class Drafts
{
    /// <summary>
    /// The starting text of a draft of <paramref name="from"/>: its file with the next free minor version of the scheme
    /// and <c>status: draft</c>, so the library reads it as a new, unpublished version.
    /// </summary>
    public static (string Text, string Version) StartFrom(CompiledRuleSet from, string text, RuleSetRegistry installed)
    {
        var highest = installed.Versions(from.Scheme).Select(v => v.Version).DefaultIfEmpty(from.Version).Max();
        var next = new SemVersion(highest.Major, highest.Minor + 1, 0).ToString();
        var result = VersionLine().Replace(text, m => m.Groups[1].Value + next, 1);
        result = StatusLine().IsMatch(result)
            ? StatusLine().Replace(result, m => m.Groups[1].Value + "draft", 1)
            : VersionLine().Replace(result, m => m.Value + "\nstatus: draft", 1);
        return (result, next);
    }

    /// <summary>The diagnostics that belong to <paramref name="file"/>, as editor markers.</summary>
    public static IReadOnlyList<EditorMarker> Markers(IEnumerable<Diagnostic> diagnostics, string file) =>
        diagnostics.Where(d => d.Location.File == file)
            .Select(d => new EditorMarker(Math.Max(1, d.Location.Line), Math.Max(1, d.Location.Column), d.Code,
                d.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "info" }, d.Message))
            .ToList();

    /// <summary>The completions of a JSON schema file (rulesets/schema.json); empty when it cannot be read.</summary>
    public static SchemaCompletions Completions(string schemaPath)
    {
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var values = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(schemaPath));
            Walk(doc.RootElement, keys, values, 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException) { }
        return new SchemaCompletions(keys.Select(k => new Completion(k.Key, k.Value)).ToList(), values.Select(v => new Completion(v, "")).ToList());
    }

    private static void Walk(JsonElement e, SortedDictionary<string, string> keys, SortedSet<string> values, int depth)
    {
        if (depth > 64) return;
        if (e.ValueKind == JsonValueKind.Array) { foreach (var item in e.EnumerateArray()) Walk(item, keys, values, depth + 1); return; }
        if (e.ValueKind != JsonValueKind.Object) return;
        foreach (var p in e.EnumerateObject())
        {
            if (p.Name == "properties" && p.Value.ValueKind == JsonValueKind.Object)
                foreach (var prop in p.Value.EnumerateObject())
                    if (!keys.ContainsKey(prop.Name) || keys[prop.Name].Length == 0)
                        keys[prop.Name] = prop.Value.ValueKind == JsonValueKind.Object && prop.Value.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
            if (p.Name == "enum" && p.Value.ValueKind == JsonValueKind.Array)
                foreach (var v in p.Value.EnumerateArray()) if (v.ValueKind == JsonValueKind.String) values.Add(v.GetString()!);
            Walk(p.Value, keys, values, depth + 1);
        }
    }

    [GeneratedRegex(@"^(version:\s*)\S+", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^(status:\s*)\S+", RegexOptions.Multiline)]
    private static partial Regex StatusLine();
}
