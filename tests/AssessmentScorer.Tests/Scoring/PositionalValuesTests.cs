using AssessmentScorer.Expressions;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// The engine reads values held by position (<see cref="SlotValues"/>) position by position, with each key table's
/// fields found once: every result and problem (code, message, place, order) must be the one the same values give in a
/// plain <see cref="Dictionary{TKey, TValue}"/> — for random fields of every bundled rule set, values of the wrong kind,
/// out of range or not whole, unknown keys, fields no expression reads, in any order, alone and in a cohort.
/// </summary>
public class PositionalValuesTests
{
    private static readonly CompiledRuleSet[] All = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.All.ToArray();

    private static FieldValue Value(FieldDef f, Random rng)
    {
        switch (rng.Next(8))
        {
            case 0: return FieldValue.Of($"文字{rng.Next(3)}");
            case 1: return FieldValue.Of(rng.Next(2) == 0);
            case 2: return FieldValue.Of(rng.Next(-50, 50) / 4m);
        }
        switch (f.Type.Kind)
        {
            case TypeKind.Number:
                var lo = f.Min ?? -1000m;
                var hi = f.Max ?? lo + 100_000m;
                return rng.Next(6) switch
                {
                    0 => FieldValue.Of(lo - 1),
                    1 => FieldValue.Of(hi + 1),
                    2 => FieldValue.Of(lo + 0.5m),
                    _ => FieldValue.Of(f.Integer ? Math.Round(lo + (hi - lo) * (decimal)rng.NextDouble()) : lo + (hi - lo) * (decimal)rng.NextDouble()),
                };
            case TypeKind.Bool:
                return FieldValue.Of(rng.Next(2) == 0);
            case TypeKind.Level:
                var levels = f.Type.Scale!.Levels;
                return rng.Next(4) == 0 ? FieldValue.Of(" " + levels[rng.Next(levels.Count)] + " ") : FieldValue.Of(levels[rng.Next(levels.Count)]);
            default:
                return f.Type.Allowed is { Count: > 0 } allowed && rng.Next(3) > 0 ? FieldValue.Of(allowed[rng.Next(allowed.Count)]) : FieldValue.Of("任意");
        }
    }

    /// <summary>Random values against a shared key table, in a random order, some removed; and the same as a Dictionary.</summary>
    private static (SlotValues Held, Dictionary<string, FieldValue> Plain) Values(CompiledRuleSet rs, ValueKeys table, SlotValuesBuilder builder, Random rng)
    {
        var fields = rs.Model.Fields;
        builder.Start(table);
        var keys = fields.Select(f => f.Id).Concat(new[] { "not_a_field", "另一个字段", "values.x" }).OrderBy(_ => rng.Next()).Take(rng.Next(1, fields.Count + 3)).ToList();
        foreach (var key in keys)
        {
            var at = table.Add(key);
            if (rng.Next(20) == 0) { builder.Remove(at); continue; }
            var f = fields.FirstOrDefault(x => x.Id == key);
            builder.Set(at, f is null ? FieldValue.Of(rng.Next(100)) : Value(f, rng));
        }
        var held = builder.Build();
        // The dictionary filled in the enumeration order of the held values (the order a reader would have given).
        var plain = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (k, v) in held) plain.Add(k, v);
        return (held, plain);
    }

    private static Submission With(IReadOnlyDictionary<string, FieldValue> values, IReadOnlyDictionary<string, FieldValue> previous, int i) =>
        new(new Subject($"h{i}", "医院", "hospital", "tertiary", "general", "public", "CN-AH", 800), 2025, values, new PreviousPeriod(2024, previous));

    [Fact]
    public void Score_RandomValuesOfEveryRuleSet_SameResultHeldByPositionAsInADictionary()
    {
        var rng = new Random(18);
        var compared = 0;
        foreach (var rs in All)
        {
            var table = new ValueKeys();
            var (current, previous) = (new SlotValuesBuilder(table), new SlotValuesBuilder(table));
            for (var i = 0; i < 40; i++)
            {
                var (held, plain) = Values(rs, table, current, rng);
                var (heldPrevious, plainPrevious) = Values(rs, table, previous, rng);
                var positional = rs.Score(With(held, heldPrevious, i));
                var dictionary = rs.Score(With(plain, plainPrevious, i));

                positional.ToJson().Should().Be(dictionary.ToJson(), $"{rs.Scheme}@{rs.Version}, subject {i}");
                string.Join("\n", positional.Problems.Select(p => $"{p.Field}|{p.Code}|{p.Message}"))
                    .Should().Be(string.Join("\n", dictionary.Problems.Select(p => $"{p.Field}|{p.Code}|{p.Message}")));
                compared++;
            }
        }
        compared.Should().Be(All.Length * 40);
    }

    [Fact]
    public void ScoreCohort_RandomValuesSharingOneTable_SameResultsAsDictionaries()
    {
        // A cohort is scored on both cores: the table's fields are found by whichever thread comes first.
        var rng = new Random(21);
        var rs = All.Single(r => r.ToString() == "cn.national.tertiary-performance@1.1.0");
        var table = new ValueKeys();
        var (current, previous) = (new SlotValuesBuilder(table), new SlotValuesBuilder(table));
        var held = new List<Submission>();
        var plain = new List<Submission>();
        for (var i = 0; i < 600; i++)
        {
            var (h, p) = Values(rs, table, current, rng);
            var (hp, pp) = Values(rs, table, previous, rng);
            held.Add(With(h, hp, i));
            plain.Add(With(p, pp, i));
        }
        var a = rs.ScoreCohort(held);
        var b = rs.ScoreCohort(plain);

        a.Results.Should().HaveCount(600);
        a.Results.Select(r => r.ToJson()).Should().Equal(b.Results.Select(r => r.ToJson()));
        a.Results.Sum(r => r.Problems.Count).Should().BeGreaterThan(600, "wrong kinds, ranges and unknown keys are reported");
    }
}
