using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using AssessmentScorer.Expressions;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;
using AssessmentScorer.Scoring.Methods;
using AssessmentScorer.Testing;

namespace AssessmentScorer.Tests.RuleSets;

/// <summary>
/// The tables of scoring methods (<see cref="ScoringMethods"/>) and expression functions (<see cref="ExpressionFunctions"/>)
/// are the one place each is registered: the parser, the schema, the fuzz generator and the documentation agree with them.
/// </summary>
public class MethodTableTests
{
    private static IReadOnlyList<string> Builtin => ScoringMethods.Builtin.Select(m => m.Name).ToList();

    [Fact]
    public void Schema_ScoreMethodsAndKeys_AreTheTable()
    {
        using var doc = JsonDocument.Parse(Repo.Read("rulesets/schema.json"));
        var score = doc.RootElement.GetProperty("properties").GetProperty("indicators").GetProperty("items").GetProperty("properties").GetProperty("score");
        var asText = score.GetProperty("oneOf")[0].GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        var asMap = score.GetProperty("oneOf")[1];
        var methods = asMap.GetProperty("properties").GetProperty("method").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        var keys = asMap.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        asText.Should().Equal(Builtin);
        methods.Should().Equal(Builtin);
        keys.Should().BeEquivalentTo(ScoringMethods.Builtin.SelectMany(m => m.ScoreKeys).Concat(ScoringMethods.CommonKeys).Distinct());
    }

    [Fact]
    public void Docs_MethodTable_ListsEveryMethodInOrderWithItsKeys()
    {
        var doc = Repo.Read("docs/ruleset-language.md").ReplaceLineEndings("\n");
        var start = doc.IndexOf("### Scoring methods (`score:`)", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0);
        var rows = doc[start..].Split('\n').SkipWhile(l => !l.StartsWith("| method", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.StartsWith('|')).Select(l => Regex.Split(l, @"(?<!\\)\|")[1]).ToList();   // cells split on unescaped bars
        // The first cell names the method(s) in backticks before any '+', then the keys it reads.
        var named = rows.SelectMany(cell => Regex.Matches(cell.Split('+')[0], "`([a-z_]+)`").Select(m => m.Groups[1].Value)).ToList();
        named.Should().Equal(Builtin);
        foreach (var m in ScoringMethods.Builtin)
        {
            var row = rows.Single(r => r.Split('+')[0].Contains($"`{m.Name}`", StringComparison.Ordinal));
            foreach (var key in m.ScoreKeys) row.Should().Contain($"`{key}", $"the row of {m.Name} names its key {key}");
        }
    }

    [Fact]
    public void FuzzGenerator_ReadsTheTables()
    {
        var gen = typeof(AssessmentScorer.Fuzzing.Generator);
        string[] Field(string name) => (string[])gen.GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        Field("Scalars").Should().Contain(Builtin);
        Field("Keys").Should().Contain(ScoringMethods.ScoreKeys);
        Field("Functions").Should().Equal(ExpressionFunctions.Names);
    }

    [Fact]
    public void Parser_UnknownMethod_IsAnErrorListingTheTable()
    {
        var load = RuleSetLoader.Load(Toy.RuleSet("no_such_method"), "t.yaml");
        load.Success.Should().BeFalse();
        load.Diagnostics.Should().Contain(d => d.Code == "AS2004" && d.Message.Contains(string.Join(", ", Builtin)));
    }

    [Fact]
    public void UnknownKind_IsAnException_NeverZeroPoints()
    {
        FluentActions.Invoking(() => ScoringMethods.Get("no_such_method")).Should().Throw<InvalidOperationException>();
        // A method whose flow gives no points through targets refuses to be asked for them.
        var o = new Outcome();
        FluentActions.Invoking(() => ScoringMethods.Get("rank").Points(null!, null, null!, ref o)).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Functions_Docs_WriteEveryFunction_AndArityComesFromTheTable()
    {
        var doc = Repo.Read("docs/ruleset-language.md");
        foreach (var f in ExpressionFunctions.All)
        {
            doc.Should().Contain($"`{f.Form}`", $"docs/ruleset-language.md writes {f.Name}");
            var args = string.Join(", ", Enumerable.Repeat("1", f.MinArgs == 3 ? 3 : f.MinArgs).Select((a, i) => f.Name == "if" && i == 0 ? "true" : a));
            RuleSetLoader.Load(Toy.ValueRuleSet($"{f.Name}({args})"), "t.yaml").Diagnostics
                .Should().NotContain(d => d.Code == "AS3005" || d.Code == "AS3006", f.Name);
            if (f.MinArgs > 0)
            {
                var fewer = string.Join(", ", Enumerable.Repeat("1", f.MinArgs - 1));
                RuleSetLoader.Load(Toy.ValueRuleSet($"{f.Name}({fewer})"), "t.yaml").Diagnostics
                    .Should().Contain(d => d.Code == "AS3006", $"{f.Name} takes at least {f.MinArgs}");
            }
        }
    }
}

/// <summary>
/// Adding a scoring method through the path docs/architecture.md walks through: one class, registered in the table.
/// Not run beside other tests: while it is registered the parser's list of methods has one more name.
/// </summary>
[Collection(ToyMethodCollection.Name)]
public class ToyMethodTests
{
    /// <summary><c>half_credit</c>: all the points when the target is met, half otherwise (the example of docs/architecture.md).</summary>
    private sealed class HalfCredit : ScoringMethod
    {
        public override string Name => "half_credit";
        public override void Bind(MethodBinding b)
        {
            if (b.Targets.Count == 0) b.Needs(b.Raw.At, "a target");
        }
        public override void Points(IndicatorDef ind, TargetCase? chosen, EvalContext ctx, ref Outcome o) =>
            o.Points = o.Met == true ? ind.MaxPoints : ind.MaxPoints / 2;
        public override (string Zh, string En) How(bool? met, decimal points) => met == true ? ("", "") : ("，未达标得一半分", ", half the points when not met");
    }

    [Fact]
    public void ToyMethod_AddedToTheTable_IsParsedBoundScoredAndExplained()
    {
        RuleSetLoader.Load(Toy.RuleSet("half_credit"), "t.yaml").Success.Should().BeFalse("not a method before it is added");
        using (ScoringMethods.Add(new HalfCredit()))
        {
            var load = RuleSetLoader.Load(Toy.RuleSet("half_credit"), "t.yaml");
            load.Diagnostics.Where(d => d.Severity == Severity.Error).Should().BeEmpty();
            var rs = load.RuleSet!;
            Submission S(int physicians) => new(new Subject("h"), 2025, new Dictionary<string, FieldValue> { ["physicians"] = physicians });

            var met = rs.Score(S(120)).Indicators.Single();
            (met.Points, met.MaxPoints, met.Met).Should().Be((10m, 10m, true));

            var half = rs.Score(S(99)).Indicators.Single();
            (half.Points, half.Met).Should().Be((5m, false));
            half.Explanation.En.Should().Contain("half the points when not met");
            half.Method.Should().Be("half_credit");

            // Bound by the method: no target is AS3012, as for pass_fail.
            RuleSetLoader.Load(Toy.RuleSet("half_credit", target: false), "t.yaml").Diagnostics.Should().Contain(d => d.Code == "AS3012");
        }
        RuleSetLoader.Load(Toy.RuleSet("half_credit"), "t.yaml").Success.Should().BeFalse("removed again");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public class ToyMethodCollection
{
    public const string Name = "scoring-method table changes";
}

internal static class Toy
{
    /// <summary>A rule set of one indicator scored by <paramref name="method"/> (10 points, physicians at least 100).</summary>
    public static string RuleSet(string method, bool target = true) =>
        Of("physicians", target ? "{ at_least: 100 }" : null, $"{{ method: {method} }}\n    points: 10");

    /// <summary>A rule set of one monitored indicator whose value is <paramref name="expr"/>.</summary>
    public static string ValueRuleSet(string expr) => Of($"\"{expr}\"", null, "monitor");

    private static string Of(string value, string? target, string score) =>
        "scheme: t.toy\nversion: 1.0.0\ntitle: { zh: 测试, en: Test }\nindicators:\n  - id: a\n    name: { zh: 甲, en: A }\n"
        + $"    value: {value}\n" + (target is null ? "" : $"    target: {target}\n") + $"    score: {score}\n    source: t.txt 1\n";
}
