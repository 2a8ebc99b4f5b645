using AssessmentScorer.Expressions;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;
using FluentAssertions;
using Xunit;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// The engine's shortcuts against the general paths they stand in for: comparisons of a subject attribute with a text and
/// of the year with a whole number compiled to one step, the check in doubles that a shown value is far from its target's
/// edges, conditions on the subject worked out once per subject, available points and coverage taken from the last
/// subjects with the same indicators set aside, a task's evidence counted without listing it, zero denominators' missing
/// data shared per set of fields, checklist sentences with their dates written straight into them, and a single score's
/// outcomes set aside the common way read from a layout shared by the rule set's results.
/// </summary>
public class FastPathTests
{
    private sealed class SubjectScope : IScope
    {
        private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal)
        {
            ["tier"] = new SubjectSymbol("tier", ExprType.AnyText),
            ["category"] = new SubjectSymbol("category", ExprType.AnyText),
            ["kind"] = new SubjectSymbol("kind", ExprType.AnyText),
            ["ownership"] = new SubjectSymbol("ownership", ExprType.AnyText),
            ["region"] = new SubjectSymbol("region", ExprType.AnyText),
            ["year"] = new SubjectSymbol("year", ExprType.Number),
        };

        public Symbol? Resolve(string name) => _symbols.GetValueOrDefault(name);
        public IEnumerable<string> Names => _symbols.Keys;
    }

    private static readonly string[] Ops = { "==", "!=", "<", "<=", ">", ">=" };
    private static readonly string?[] Texts = { null, "hospital", "region", "tertiary", "", "Hospital", "三级甲等" };

    private static CompiledExpr Compile(string text)
    {
        var (ast, error) = ExpressionParser.Parse(text, maxLength: 1_000);
        error.Should().BeNull(text);
        var (compiled, errors) = ExpressionCompiler.Compile(ast!, text, new SubjectScope());
        errors.Should().BeEmpty(text);
        return compiled!;
    }

    private static SubjectValues Subject(Random r)
    {
        Value Pick() => Texts[r.Next(Texts.Length)] is { } t ? Value.OfText(t) : Value.Missing;
        return new SubjectValues { Tier = Pick(), Category = Pick(), Kind = Pick(), Ownership = Pick(), Region = Pick() };
    }

    [Fact]
    public void AttributeAgainstText_GivesTheGeneralComparison()
    {
        var r = new Random(21);
        var attributes = new[] { "tier", "category", "kind", "ownership", "region" };
        var compared = 0;
        foreach (var attr in attributes)
            foreach (var op in new[] { "==", "!=" })
                foreach (var literal in Texts.Where(t => t is not null))
                {
                    var quoted = $"'{literal}'";
                    var left = Compile($"{attr} {op} {quoted}");
                    var right = Compile($"{quoted} {op} {attr}");
                    for (var k = 0; k < 40; k++)
                    {
                        var subject = Subject(r);
                        var ctx = new EvalContext(Array.Empty<Value>(), null, subject, 2025, null, 0);
                        var value = subject.Get(SubjectValues.Number(attr)!.Value);
                        // The general path: both operands evaluated, then compared (an absent operand is the result).
                        left.Fn(ctx).Should().Be(Arith.Compare(op, value, Value.OfText(literal!)), $"{attr} {op} {quoted} with {value}");
                        right.Fn(ctx).Should().Be(Arith.Compare(op, Value.OfText(literal!), value), $"{quoted} {op} {attr} with {value}");
                        compared += 2;
                    }
                }
        compared.Should().BeGreaterThan(2_000);
    }

    [Fact]
    public void YearAgainstNumber_GivesTheGeneralComparison()
    {
        var literals = new[] { "2025", "0", "2024.5", "2025.0", "-3", "2147483647", "2147483648", "-2147483648", "-2147483649", "1e3", "202500%" };
        var years = new[] { int.MinValue, -3, 0, 1, 2024, 2025, 2026, 2147483646, int.MaxValue };
        foreach (var op in Ops)
            foreach (var literal in literals)
            {
                var (ast, error) = ExpressionParser.Parse($"year {op} {literal}", maxLength: 1_000);
                if (error is not null) continue;   // a form the language does not write
                var e = Compile($"year {op} {literal}");
                // A negative number is written as a minus before it (the general path; the others take the short one).
                var k = ((Binary)ast!).Right switch
                {
                    NumberLit n => n.Value,
                    Unary { Op: "-", Operand: NumberLit m } => -m.Value,
                    _ => throw new InvalidOperationException(literal),
                };
                foreach (var year in years)
                {
                    var ctx = new EvalContext(Array.Empty<Value>(), null, new SubjectValues(), year, null, 0);
                    e.Fn(ctx).Should().Be(Arith.Compare(op, Value.Number(year), Value.Number(k)), $"{year} {op} {literal}");
                }
            }
    }

    [Fact]
    public void FarFromEdges_NeverSaysFarWhenTheExactCheckWouldFindTheValueMisleading()
    {
        var r = new Random(2112);
        var ops = Enum.GetValues<TargetOp>().Where(o => o != TargetOp.Unknown && o != TargetOp.EqualTo).ToArray();
        var bounds = new[] { 0m, 0.1m, 0.3m, 0.5m, 1m, 1.2m, 1.3m, 10m, 30m, 100m, 0.9m, 12345.678m, -5m, 1e20m, 1e26m, 5e27m, decimal.MaxValue / 2, decimal.MinValue / 2 };
        var steps = new[] { 0m, 0.00001m, 0.00004m, 0.00005m, 0.00006m, 0.0001m, 0.001m, 0.004m, 0.005m, 0.0050000001m, 0.006m, 0.01m, 0.1m, 1m, 1e-27m };
        int near = 0, misleading = 0, far = 0;
        for (var k = 0; k < 200_000; k++)
        {
            var display = r.Next(2) == 0 ? Display.Number : Display.Percent;
            var op = ops[r.Next(ops.Length)];
            var b = bounds[r.Next(bounds.Length)];
            var upper = b + Math.Abs(steps[r.Next(steps.Length)]) * r.Next(1, 1000);
            var tol = steps[r.Next(steps.Length)] * r.Next(0, 50);
            // Values on, beside and around the edges (a bound, bound ± tolerance, the upper bound), and plain random ones.
            var edge = r.Next(4) switch { 0 => b, 1 => Dec.SaturatingSub(b, tol), 2 => Dec.SaturatingAdd(b, tol), _ => upper };
            var v = r.Next(5) == 0
                ? (decimal)(r.NextDouble() * 200 - 100)
                : Dec.SaturatingAdd(edge, steps[r.Next(steps.Length)] * (r.Next(2) == 0 ? 1 : -1) * r.Next(0, 3));
            var bv = Value.Number(b);
            Value? u = op == TargetOp.Between ? Value.Number(upper) : null;
            Value? t = op is TargetOp.About or TargetOp.AboutAtLeast or TargetOp.AboutAtMost ? Value.Number(tol) : null;
            var exact = Engine.ShownMisleadsExactly(display, op, v, bv, u, t);
            var isFar = Engine.FarFromEdges(display, op, v, b, u?.Num ?? 0, t?.Num ?? 0);
            if (isFar) exact.Should().BeFalse($"{v} {op} {b} (upper {u}, tolerance {t}, {display}) is judged far but the exact check says it misleads");
            Engine.ShownMisleads(display, op, v, bv, u, t).Should().Be(exact, $"{v} {op} {b} (upper {u}, tolerance {t}, {display})");
            if (exact) misleading++;
            if (isFar) far++; else near++;
        }
        // The generator must reach both sides, or the comparison proves little.
        misleading.Should().BeGreaterThan(1_000);
        near.Should().BeGreaterThan(10_000);
        far.Should().BeGreaterThan(10_000);
    }

    [Fact]
    public void SharedSubjectConditions_AndSetAsidePoints_DoNotDependOnTheSubjectsScoredBefore()
    {
        // The 亳州 scheme: a dozen indicators share "kind == 'hospital' and year >= 2025"; hospitals and the region set
        // different indicators aside, and a 2024 assessment sets aside those that apply from 2025. Scored in one order by
        // one loaded rule set and in the opposite order by another, each subject's result is the same.
        using var district = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "examples/qiaocheng/district.json")));
        var subs = QiaochengHospitals();
        subs.Insert(subs.Count / 2, Submission.FromJson(district.RootElement).Submission!);
        subs.AddRange(subs.Select(s => s with { Year = 2024, Previous = s.Previous is { } p ? p with { Year = 2023 } : null }).ToList());
        subs.Select(s => s.Subject.Kind).Distinct().Should().HaveCountGreaterThan(1, "hospitals and the region both");

        OrderFree(subs, every: 7);
    }

    [Fact]
    public void EvidenceCount_IsTheNumberOfDistinctDocuments()
    {
        // Counting without the list (a task that counts its evidence) against the list matching by name makes: names that
        // differ by surrounding spaces only, blanks, null, repeats, and spaces of other kinds (ideographic, tab).
        string?[] pieces = { "会议记录", " 会议记录", "会议记录 ", "\t会议记录\u3000", "1月", "11月", "a", "A", "", " ", "\u3000", null, "a b", "a  b" };
        var rng = new Random(21);
        var nonzero = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var reported = Enumerable.Range(0, rng.Next(0, 9)).Select(_ => pieces[rng.Next(pieces.Length)]!).ToList();
            var expected = Evidence.Distinct(reported).Count;
            Evidence.CountDistinct(reported).Should().Be(expected, string.Join("|", reported.Select(r => r is null ? "<null>" : $"'{r}'")));
            if (expected > 1) nonzero++;
        }
        nonzero.Should().BeGreaterThan(5_000);
    }

    [Fact]
    public void ZeroDenominators_SharedPerSetOfFields_GiveWhatAFreshRuleSetGives()
    {
        // 亳州 hospitals with the denominators of its "missing when undefined" indicators set to zero in turn (none, one,
        // two at once): the missing data and problems are shared per set of fields found zero. Scored forwards by one rule
        // set and backwards by another, and some by rule sets that scored nothing before, each result is the same.
        var hospitals = QiaochengHospitals();
        // Denominators, and numerators (a ratio of two zeros names both fields; of one zero denominator, that one).
        string[] denominators = { "medical_revenue", "business_expenditure", "physicians", "total_assets" };
        string[] numerators = { "medical_service_revenue", "personnel_expenditure", "material_expenditure", "registered_nurses", "long_term_liabilities" };
        var subs = new List<Submission>();
        for (var i = 0; i < 160; i++)
        {
            var h = hospitals[i % hospitals.Count];
            var values = h.Values.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            if (i % 5 != 0) values[denominators[i % denominators.Length]] = FieldValue.Of(0m);
            if (i % 3 == 0) values[denominators[(i / 3) % denominators.Length]] = FieldValue.Of(0m);
            if (i % 2 == 0) values[numerators[(i / 2) % numerators.Length]] = FieldValue.Of(0m);
            subs.Add(h with { Values = values });
        }

        var forward = OrderFree(subs, every: 5);
        // The generator reaches the shared path: many results with a zero denominator, of more than four sets of fields.
        var zeroProblems = forward.Count(j => j.Contains("(division by zero)", StringComparison.Ordinal));
        zeroProblems.Should().BeGreaterThan(60);
        subs.Select(s => string.Join(",", denominators.Concat(numerators).Where(d => s.Values[d] is { Number: 0m }))).Distinct().Count().Should().BeGreaterThan(8);
    }

    [Fact]
    public void ChecklistSentences_WriteTheirDatesAsTheDateTextDoes()
    {
        // A task done in its window, late, before it, or counted from a start with no deadline: the sentence with its dates
        // written straight into it against the same sentence made from Checklist.Iso's date texts.
        var ind = LoadQiaocheng().Model.Indicators.First(i => i.Task is not null);
        var rng = new Random(7);
        DateOnly Day() => new DateOnly(2000, 1, 1).AddDays(rng.Next(0, 20_000));
        var (name, seen) = (ind.Name, new HashSet<string>());
        for (var n = 0; n < 2_000; n++)
        {
            var (done, due, start, have) = (Day(), rng.Next(3) == 0 ? (DateOnly?)null : Day(), rng.Next(3) == 0 ? (DateOnly?)null : Day(), rng.Next(0, 12));
            if (due is null && start is null) start = Day();
            var kind = new[] { "before_window", "late", "on_time" }[rng.Next(3)];
            if (kind == "before_window" && start is null || kind == "late" && due is null) continue;
            var pts = Checklist.Pts(kind == "late" ? 1 : 0, 4);
            var (when, deadline, from) = (Checklist.Iso(done), due is { } d ? Checklist.Iso(d) : null, start is { } f ? Checklist.Iso(f) : null);
            var expected = kind switch
            {
                "before_window" => ($"{name.Zh}：{when} 完成，早于本期起点 {from}，不是本期的成绩 → {pts}", $"{name.En}: done {when}, before this period began on {from}: not this period's achievement → {pts}"),
                "late" => ($"{name.Zh}：{when} 完成，晚于期限 {deadline} → {pts}", $"{name.En}: done {when}, after the deadline {deadline} → {pts}"),
                _ when deadline is null => ($"{name.Zh}：{when} 完成（{from} 起计），佐证 {have} 份 → {pts}", $"{name.En}: done {when} (counted from {from}), {have} evidence document(s) → {pts}"),
                _ => ($"{name.Zh}：{when} 按期完成（期限 {deadline}），佐证 {have} 份 → {pts}", $"{name.En}: done {when}, by the deadline {deadline}, {have} evidence document(s) → {pts}"),
            };
            var e = new ChecklistText(due, start, done, have).Format(ind, Value.OfText(kind), null, kind == "on_time", kind == "late" ? 1 : 0, 4, default);
            (e.Zh, e.En).Should().Be(expected);
            seen.Add(kind == "on_time" ? (deadline is null ? "from" : "by") : kind);
        }
        seen.Should().BeEquivalentTo(new[] { "before_window", "late", "from", "by" });
        // Done with no date given: the count as the current culture writes it.
        for (var have = 0; have < 30; have++)
        {
            var e = new ChecklistText(null, null, null, have).Format(ind, Value.OfText("done"), null, true, 4, 4, default);
            (e.Zh, e.En).Should().Be(($"{name.Zh}：已完成，佐证 {have} 份 → {Checklist.Pts(4, 4)}", $"{name.En}: done, {have} evidence document(s) → {Checklist.Pts(4, 4)}"));
        }
    }

    [Fact]
    public void SharedOutcomes_ReadAsTheSubjectsOwnOutcomesRead()
    {
        // A single score's result keeps only its own outcomes and reads those set aside the rule set's common way from a
        // shared layout. 亳州 hospitals and the district (whose indicators are set aside for hospitals, and the hospitals'
        // for it), with values left out, zeroed or swapped between subjects at random: each result, scored in a random
        // order by one rule set (many layouts) and on several threads by another, reads as the same subject's result built
        // from all its outcomes in place (the general path, by the same rule set: records compare their rule origins): JSON, every record, explanation, dimension and reason.
        var hospitals = QiaochengHospitals();
        using var district = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "examples/qiaocheng/district.json")));
        var pool = hospitals.Append(Submission.FromJson(district.RootElement).Submission!).ToList();
        var rng = new Random(2121);
        var subs = new List<Submission>();
        for (var n = 0; n < 600; n++)
        {
            var s = pool[rng.Next(pool.Count)];
            var other = pool[rng.Next(pool.Count)];
            var values = s.Values.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            foreach (var key in values.Keys.ToList())
                switch (rng.Next(12))
                {
                    case 0: values.Remove(key); break;
                    case 1: values[key] = FieldValue.Of(0m); break;
                    case 2 when other.Values.TryGetValue(key, out var v): values[key] = v; break;
                }
            if (rng.Next(4) == 0) foreach (var (key, v) in other.Values) values.TryAdd(key, v);
            subs.Add(s with { Values = values });
        }

        var kept = LoadQiaocheng();
        var general = kept.Engine;
        var order = Enumerable.Range(0, subs.Count).OrderBy(_ => rng.Next()).ToArray();
        var results = new AssessmentResult[subs.Count];
        foreach (var i in order) results[i] = kept.Score(subs[i]);
        var layouts = new HashSet<string>();
        for (var i = 0; i < subs.Count; i++)
        {
            var (a, b) = (results[i], general.ScoreDetailed(subs[i]).Result);
            a.ToJson().Should().Be(b.ToJson(), subs[i].Subject.Id);
            a.Dimensions.Should().Equal(b.Dimensions);
            a.Reasons.Should().Equal(b.Reasons);
            for (var k = 0; k < a.Indicators.Count; k++)
            {
                // Missing-data lists are memos, compared by their names (a record compares the list itself).
                var (x, y) = (a.Indicators[k], b.Indicators[k]);
                x.MissingData.Should().Equal(y.MissingData);
                (x with { MissingData = y.MissingData }).Should().Be(y);
                a.IndicatorExplanation(k).Should().Be(b.IndicatorExplanation(k));
            }
            var list = (AssessmentScorer.Results.IndicatorList)a.Indicators;
            ((AssessmentScorer.Results.IndicatorList)b.Indicators).SharesOutcomes.Should().BeFalse();
            if (list.SharesOutcomes) layouts.Add(string.Concat(Enumerable.Range(0, list.Count).Select(k => list.At(k).Status == IndicatorStatus.NotApplicable ? 'n' : 'a')));
        }
        // The shared path is taken, by subjects of several shapes.
        results.Count(r => ((AssessmentScorer.Results.IndicatorList)r.Indicators).SharesOutcomes).Should().BeGreaterThan(500);
        layouts.Count.Should().BeGreaterThan(5);

        var parallel = LoadQiaocheng();
        var json = new string[subs.Count];
        Parallel.For(0, subs.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => json[i] = parallel.Score(subs[i]).ToJson());
        json.Should().Equal(results.Select(r => r.ToJson()));
    }

    private static CompiledRuleSet LoadQiaocheng() =>
        RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.anhui.bozhou.qiaocheng.high-quality@1.0.0")!;

    /// <summary>The 亳州 example cohort's hospitals.</summary>
    private static List<Submission> QiaochengHospitals()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "examples/qiaocheng/cohort.json")));
        return doc.RootElement.EnumerateArray().Select(e => Submission.FromJson(e).Submission!).ToList();
    }

    /// <summary>
    /// Scores the subjects in order by one loaded rule set and in the opposite order by another, and every
    /// <paramref name="every"/>th by a rule set that has scored nothing before: each result must be the same. The JSON of each, in order.
    /// </summary>
    private static List<string> OrderFree(List<Submission> subs, int every)
    {
        var (a, b) = (LoadQiaocheng(), LoadQiaocheng());
        var forward = subs.Select(s => a.Score(s).ToJson()).ToList();
        var backward = Enumerable.Reverse(subs).Select(s => b.Score(s).ToJson()).Reverse().ToList();

        backward.Should().Equal(forward);
        for (var i = 0; i < subs.Count; i += every) LoadQiaocheng().Score(subs[i]).ToJson().Should().Be(forward[i], subs[i].Subject.Id);
        return forward;
    }
}
