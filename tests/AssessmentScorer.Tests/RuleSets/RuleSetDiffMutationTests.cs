using System.Globalization;
using System.Text.RegularExpressions;
using AssessmentScorer.Testing;
using YamlDotNet.RepresentationModel;

namespace AssessmentScorer.Tests.RuleSets;

/// <summary>
/// Changes, one at a time per element, every scoring key of every bundled rule set (numbers, dates, expressions,
/// comparisons, sides, directions, readings) and checks that the diff against the installed version names the
/// element that changed.
/// </summary>
public class RuleSetDiffMutationTests
{
    /// <summary>Keys whose text cannot change a result (names, sources, notes, tags) or whose change is structural (ids, methods).</summary>
    private static readonly HashSet<string> Inert = new(StringComparer.Ordinal)
    { "id", "name", "zh", "en", "source", "note", "notes", "tags", "title", "reason", "standard", "dimension", "method", "kind", "basis", "effect", "cap_grade", "grade", "unit", "level", "scale", "type" };

    private static readonly Dictionary<string, string> OpSwap = new(StringComparer.Ordinal)
    { ["at_least"] = "at_most", ["at_most"] = "at_least", ["greater_than"] = "less_than", ["less_than"] = "greater_than" };

    private static readonly Dictionary<string, string[]> Enums = new(StringComparer.Ordinal)
    {
        ["side"] = new[] { "both", "at_least", "at_most" },
        ["direction"] = new[] { "higher", "lower" },
        ["when_undefined"] = new[] { "not_applicable", "zero", "missing" },
        ["rounding"] = new[] { "none", "half_up" },
    };

    private sealed record Mutation(string Element, string Id, string Path, Action Apply, Action Undo);

    public static TheoryData<string> RuleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Repo.RuleSets, "*.yaml", SearchOption.AllDirectories)
                     .Where(f => Regex.IsMatch(Path.GetFileName(f), @"^\d+\.\d+\.\d+\.yaml$")).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Repo.RuleSets, f).Replace('\\', '/'));
        return data;
    }

    private static readonly Lazy<RuleSetRegistry> Installed = new(() => RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry);

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void EveryScoringKey_WhenMutated_IsNamedByTheDiff(string relative)
    {
        var path = Path.Combine(Repo.RuleSets, relative);
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        // A published version never changes: the mutated copies are a new version of the scheme.
        root.Children[new YamlScalarNode("version")] = new YamlScalarNode("99.0.0");
        var original = Installed.Value.All.Single(r => r.RelativePath == relative || r.File.Replace('\\', '/').EndsWith(relative, StringComparison.Ordinal));

        var baseline = Installed.Value.LoadDraft(Save(stream), relative);
        baseline.Diagnostics.Where(d => d.Severity == Severity.Error).Should().BeEmpty("the file as saved again loads");
        RuleSetDiff.Compare(original, baseline.RuleSet!).Changes.Should().BeEmpty("saving the file again changes nothing");
        var byElement = Collect(root).GroupBy(m => (m.Element, m.Id)).Select(g => g.ToList()).ToList();
        byElement.Should().NotBeEmpty();
        var named = 0; var skipped = new List<string>();
        var rounds = byElement.Max(g => g.Count);
        for (var k = 0; k < rounds; k++)
        {
            var batch = byElement.Where(g => g.Count > k).Select(g => g[k]).ToList();
            foreach (var m in batch) m.Apply();
            var draft = Installed.Value.LoadDraft(Save(stream), relative);
            foreach (var m in batch) m.Undo();
            if (draft.Success) { Check(original, draft.RuleSet!, batch); named += batch.Count; continue; }
            foreach (var m in batch)   // one of the batch broke the file: try each alone
            {
                m.Apply();
                var one = Installed.Value.LoadDraft(Save(stream), relative);
                m.Undo();
                if (one.Success) { Check(original, one.RuleSet!, new[] { m }); named++; }
                else skipped.Add($"{m.Path} ({one.Diagnostics.First(d => d.Severity == Severity.Error).Message})");
            }
        }
        named.Should().BeGreaterThan(skipped.Count, $"most mutations of {relative} load; skipped: {string.Join(", ", skipped)}");
    }

    private static void Check(CompiledRuleSet original, CompiledRuleSet mutated, IReadOnlyList<Mutation> batch)
    {
        var changes = RuleSetDiff.Compare(original, mutated).Changes;
        foreach (var m in batch)
            changes.Should().Contain(c => c.Element == m.Element && (c.Id == m.Id || m.Id == "*"),
                $"changing {m.Path} must show in the diff (got: {string.Join(" | ", changes.Select(c => $"{c.Element} {c.Id} {c.Aspect}"))})");
    }

    private static string Save(YamlStream s)
    {
        var w = new StringWriter();
        s.Save(w, assignAnchors: false);
        return w.ToString();
    }

    private static IEnumerable<Mutation> Collect(YamlMappingNode root)
    {
        foreach (var (key, value) in root.Children)
        {
            var k = ((YamlScalarNode)key).Value!;
            switch (k)
            {
                case "indicators" or "aggregates" or "vetoes" or "fields" when value is YamlSequenceNode seq:
                    var element = k switch { "indicators" => "indicator", "aggregates" => "aggregate", "vetoes" => "veto", _ => "field" };
                    foreach (var item in seq.Children.OfType<YamlMappingNode>())
                    {
                        var id = item.Children.TryGetValue(new YamlScalarNode("id"), out var idNode) ? ((YamlScalarNode)idNode).Value! : "?";
                        foreach (var m in Walk(item, element, id, $"{k}[{id}]")) yield return m;
                    }
                    break;
                case "grading" when value is YamlMappingNode g:
                    foreach (var m in Walk(g, "grading", "*", "grading")) yield return m;
                    break;
                case "effective" when value is YamlMappingNode e:
                    foreach (var m in Walk(e, "ruleset", "*", "effective")) yield return m;
                    break;
                case "applies_to" when value is YamlMappingNode a:
                    foreach (var m in Walk(a, "ruleset", "*", "applies_to", element2: "exclusion")) yield return m;
                    break;
            }
        }
    }

    /// <summary>Every mutable scalar (and swappable comparison key) under a node.</summary>
    private static IEnumerable<Mutation> Walk(YamlNode node, string element, string id, string path, string? key = null, string? element2 = null)
    {
        // The `exclude` list of applies_to is its own element (keyed by its condition).
        var el = element2 is not null && path.Contains("exclude", StringComparison.Ordinal) ? element2 : element;
        var elId = element2 is not null && path.Contains("exclude", StringComparison.Ordinal) ? "*" : id;
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (kn, v) in map.Children.ToList())
                {
                    var k = ((YamlScalarNode)kn).Value!;
                    if (Inert.Contains(k)) continue;
                    if (OpSwap.TryGetValue(k, out var other) && !map.Children.ContainsKey(new YamlScalarNode(other)))
                    {
                        var keyNode = (YamlScalarNode)kn;
                        yield return new Mutation(el, elId, $"{path}.{k}→{other}", () => keyNode.Value = other, () => keyNode.Value = k);
                    }
                    foreach (var m in Walk(v, element, id, $"{path}.{k}", k, element2)) yield return m;
                }
                break;
            case YamlSequenceNode seq:
                var i = 0;
                foreach (var c in seq.Children) foreach (var m in Walk(c, element, id, $"{path}[{i++}]", key, element2)) yield return m;
                break;
            case YamlScalarNode s when s.Value is { } text && Mutate(key, text) is { } changed:
                yield return new Mutation(el, elId, $"{path}: {text}→{changed}", () => s.Value = changed, () => s.Value = text);
                break;
        }
    }

    private static string? Mutate(string? key, string text)
    {
        if (key is not null && Enums.TryGetValue(key, out var values))
            return values.FirstOrDefault(v => v != text);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return d.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (Regex.IsMatch(text, @"^\d\d-\d\d$"))   // a day of every year (month-day)
            return DateOnly.ParseExact("2001-" + text, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1).ToString("MM-dd", CultureInfo.InvariantCulture);
        var m = Regex.Match(text, @"^(-?\d+(?:\.\d+)?)(%?)$");
        if (m.Success)
        {
            var n = decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            // Shares stay shares (0.5 → 0.55), counts and points go up by one.
            var next = m.Groups[2].Length == 0 && n is > 0 and < 1 ? n + 0.05m : n + 1;
            return next.ToString(CultureInfo.InvariantCulture) + m.Groups[2].Value;
        }
        if (bool.TryParse(text, out _)) return null;
        if (key is "evidence") return text + "（修订）";
        // An expression: the same meaning, written differently, must still show (the diff compares what is written).
        return $"({text})";
    }
}
