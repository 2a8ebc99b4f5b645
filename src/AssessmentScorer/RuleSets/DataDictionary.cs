namespace AssessmentScorer.RuleSets;

/// <summary>The shared data dictionary (embedded from rulesets/dictionary.yaml) and the subject enumerations.</summary>
internal static class DataDictionary
{
    public static readonly IReadOnlyList<string> Kinds = new[] { "hospital", "alliance", "region" };
    public static readonly IReadOnlyList<string> Tiers = new[] { "tertiary", "secondary", "primary" };
    public static readonly IReadOnlyList<string> Categories = new[] { "general", "tcm", "specialty", "maternal_child" };
    public static readonly IReadOnlyList<string> Ownerships = new[] { "public", "private" };

    private static readonly Lazy<(IReadOnlyList<RawField> Fields, IReadOnlyList<RawScale> Scales)> Loaded = new(Load);

    public static IReadOnlyList<RawField> Fields => Loaded.Value.Fields;
    public static IReadOnlyList<RawScale> Scales => Loaded.Value.Scales;

    private static (IReadOnlyList<RawField>, IReadOnlyList<RawScale>) Load()
    {
        using var stream = typeof(DataDictionary).Assembly.GetManifestResourceStream("AssessmentScorer.dictionary.yaml")
            ?? throw new InvalidOperationException("the embedded data dictionary is missing from the assembly");
        using var reader = new StreamReader(stream);
        var diags = new DiagnosticBag();
        var root = YamlReader.Read(reader.ReadToEnd(), "dictionary.yaml", RuleSetLimits.Default, diags);
        var w = new NodeWalker("dictionary.yaml", diags);
        var m = w.AsMap(root, "the dictionary");
        var fields = RuleSetParser.ParseList(w, m?.Get("fields"), "fields", n => RuleSetParser.ParseField(w, n));
        var scales = RuleSetParser.ParseList(w, m?.Get("scales"), "scales", n => RuleSetParser.ParseScale(w, n));
        if (diags.HasErrors)
            throw new InvalidOperationException("the embedded data dictionary is invalid: " + string.Join("; ", diags.ToList()));
        return (fields, scales);
    }
}
