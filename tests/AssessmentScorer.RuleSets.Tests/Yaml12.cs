using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AssessmentScorer.RuleSets.Tests;

/// <summary>
/// Reads YAML as a YAML 1.2 editor or validator does (the core schema): a plain scalar is null, a boolean, an
/// integer or a float only when it is written as one; everything else, dates such as 2025-06-30 included, is a
/// string. Independent of the loader's own reader, so the schema is checked against the files as others read them.
/// </summary>
public static partial class Yaml12
{
    public static JsonNode? ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", Convert(c.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
        YamlScalarNode s => Scalar(s),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style != ScalarStyle.Plain) return JsonValue.Create(v);
        if (Null().IsMatch(v)) return null;
        if (v is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (v is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (Int().IsMatch(v) || Float().IsMatch(v))
            return decimal.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
                ? JsonValue.Create(d) : JsonValue.Create(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
        if (Octal().IsMatch(v)) return JsonValue.Create(System.Convert.ToInt64(v[2..], 8));
        if (Hex().IsMatch(v)) return JsonValue.Create(System.Convert.ToInt64(v[2..], 16));
        return JsonValue.Create(v);
    }

    [GeneratedRegex("^(|~|null|Null|NULL)$")] private static partial Regex Null();
    [GeneratedRegex("^[-+]?[0-9]+$")] private static partial Regex Int();
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")] private static partial Regex Float();
    [GeneratedRegex("^0o[0-7]+$")] private static partial Regex Octal();
    [GeneratedRegex("^0x[0-9a-fA-F]+$")] private static partial Regex Hex();
}
