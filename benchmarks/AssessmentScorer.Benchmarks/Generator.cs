using AssessmentScorer.Expressions;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Benchmarks;

/// <summary>
/// Deterministic, plausible submissions for one rule set, shaped on a real example submission.
/// Every value stays inside its field's range (rulesets/dictionary.yaml and the rule set's own <c>fields:</c>):
/// counts and money totals scale with the hospital's size, rates and per-case figures vary around the example,
/// levels and yes/no values are drawn from their scale. About 2% of values are left out (missing data), tiers
/// and categories are mixed, and each subject has a previous period a little below the current one.
/// </summary>
public sealed class Generator
{
    private static readonly string[] Provinces = { "CN-AH", "CN-BJ", "CN-GD", "CN-HE", "CN-JS", "CN-NX", "CN-SC", "CN-SH", "CN-ZJ", "CN-HB", "CN-HN", "CN-SD" };
    private static readonly (string Category, int Weight)[] Categories = { ("general", 55), ("tcm", 25), ("specialty", 15), ("maternal_child", 5) };

    private readonly Submission _template;
    private readonly (string Id, FieldDef Def, FieldValue Template, bool Scales)[] _current;
    private readonly (string Id, FieldDef Def, FieldValue Template, bool Scales)[] _previous;
    private readonly int _templateBeds;

    public Generator(CompiledRuleSet ruleSet, Submission template)
    {
        _template = template;
        var fields = ruleSet.Model.Fields.ToDictionary(f => f.Id, StringComparer.Ordinal);
        _templateBeds = template.Subject.Beds ?? 1000;
        _current = Shape(template.Values, fields);
        _previous = template.Previous is { } p ? Shape(p.Values, fields) : Array.Empty<(string, FieldDef, FieldValue, bool)>();
    }

    public static Generator For(CompiledRuleSet ruleSet, string templatePath)
    {
        var parsed = Submission.ParseJson(File.ReadAllText(templatePath));
        return new Generator(ruleSet, parsed.Submission ?? throw new InvalidOperationException($"{templatePath} is not a usable submission"));
    }

    private static (string, FieldDef, FieldValue, bool)[] Shape(IReadOnlyDictionary<string, FieldValue> values, Dictionary<string, FieldDef> fields) =>
        values.Where(kv => fields.ContainsKey(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (kv.Key, fields[kv.Key], kv.Value, ScalesWithSize(fields[kv.Key], kv.Value))).ToArray();

    /// <summary>Counts of people and events, and money totals, grow with the hospital; rates, averages and scores do not.</summary>
    private static bool ScalesWithSize(FieldDef f, FieldValue v)
    {
        if (f.Type.Kind != TypeKind.Number || v.Number is not { } n) return false;
        if (f.Max is { } max && max <= 100) return false;        // rates, shares, satisfaction scores
        if (f.Integer) return n >= 20;                             // counts of people, visits, operations
        return n >= 100_000;                                       // money totals (not per-visit costs)
    }

    /// <summary>The i-th submission of a run seeded with <paramref name="seed"/>: the same (seed, i) always gives the same submission.</summary>
    public Submission Make(int seed, int i)
    {
        var rng = new Rng(((ulong)(uint)seed << 32) | (uint)i);
        var size = Math.Exp(rng.NextDouble() * 2.2 - 1.1);         // 0.33× to 3× the example hospital
        var beds = Math.Max(100, (int)Math.Round(_templateBeds * size));
        var tier = rng.Next(100) < 90 ? "tertiary" : "secondary";
        var category = Pick(rng, Categories);
        var subject = new Subject($"GEN-{seed:D2}-{i:D7}", null, "hospital", tier, category, "public",
            Provinces[rng.Next(Provinces.Length)], beds);
        var values = Values(rng, _current, size, 1.0);
        PreviousPeriod? previous = null;
        if (_template.Previous is { } p)
            previous = new PreviousPeriod(p.Year, Values(rng, _previous, size, 0.92 + rng.NextDouble() * 0.1));
        IReadOnlyDictionary<string, TaskReport>? tasks = null;
        if (_template.Tasks is { Count: > 0 } t)
            tasks = t.ToDictionary(kv => kv.Key, kv => rng.Next(100) < 80 ? kv.Value : new TaskReport(false, null, Array.Empty<string>()), StringComparer.Ordinal);
        return new Submission(subject, _template.Year, values, previous, tasks);
    }

    public Submission[] MakeMany(int seed, int count)
    {
        var list = new Submission[count];
        for (var i = 0; i < count; i++) list[i] = Make(seed, i);
        return list;
    }

    private static Dictionary<string, FieldValue> Values(Rng rng, (string Id, FieldDef Def, FieldValue Template, bool Scales)[] shape, double size, double trend)
    {
        var values = new Dictionary<string, FieldValue>(shape.Length, StringComparer.Ordinal);
        foreach (var (id, def, template, scales) in shape)
        {
            if (rng.Next(100) < 2) continue;                       // missing data
            switch (def.Type.Kind)
            {
                case TypeKind.Bool:
                    values[id] = rng.Next(100) < 90;
                    break;
                case TypeKind.Level:
                    {
                        var levels = def.Type.Scale!.Levels;
                        var at = template.Text is { } tt ? def.Type.Scale.RankOf(tt) : template.Number is { } tn ? (int)tn : levels.Count / 2;
                        var r = Math.Clamp(at + rng.Next(-2, 2), 0, levels.Count - 1);
                        values[id] = template.Text is null && template.Number is not null ? FieldValue.Of(r) : FieldValue.Of(levels[r]);
                        break;
                    }
                case TypeKind.Number when template.Number is { } n:
                    {
                        var x = (double)n * trend * (scales ? size : 1) * (0.8 + rng.NextDouble() * 0.4);
                        decimal d = def.Integer ? (decimal)Math.Round(x) : Math.Round((decimal)x, x < 10 ? 4 : 2);
                        if (def.Min is { } min && d < min) d = min;
                        if (def.Max is { } max && d > max) d = max;
                        values[id] = d;
                        break;
                    }
                default:
                    values[id] = template;
                    break;
            }
        }
        return values;
    }

    /// <summary>
    /// SplitMix64: the same seed gives the same numbers in every process and on every machine (System.HashCode, by
    /// contrast, is seeded per process), and it is cheap to start, so a million subjects are generated quickly.
    /// </summary>
    private sealed class Rng(ulong seed)
    {
        private ulong _state = seed * 0x9E3779B97F4A7C15UL + 0x2545F4914F6CDD1DUL;

        private ulong NextULong()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public int Next(int max) => (int)((NextULong() >> 33) % (ulong)max);
        public int Next(int min, int max) => min + Next(max - min);
        public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));
    }

    private static string Pick(Rng rng, (string Value, int Weight)[] choices)
    {
        var x = rng.Next(choices.Sum(c => c.Weight));
        foreach (var (v, w) in choices) { if (x < w) return v; x -= w; }
        return choices[^1].Value;
    }
}
