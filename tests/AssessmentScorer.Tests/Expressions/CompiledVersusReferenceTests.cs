using System.Text;
using AssessmentScorer.Expressions;

namespace AssessmentScorer.Tests.Expressions;

/// <summary>
/// Property test: random well-typed expressions, compiled to delegates, must give what a plain
/// recursive evaluator over the syntax tree gives, for random inputs (some missing, some zero,
/// some near the decimal range so overflow happens).
/// </summary>
public class CompiledVersusReferenceTests
{
    private static readonly string[] Fields = { "a", "b", "c", "d", "e" };

    /// <summary>Field values: null is missing. Zeros make division by zero likely; the extremes make overflow likely.</summary>
    private static readonly decimal?[] Pool =
    {
        null, null, 0m, 0m, 1m, -1m, 2m, 0.5m, 3.25m, -7m, 100m, 0.001m, 0.1m, 1_000_000_000_000_000m,
        decimal.MaxValue, decimal.MinValue / 3, 1m / 3,
    };

    private static readonly string[] Literals =
    {
        "0", "1", "2", "3", "0.5", "0.1", "0.2", "10", "40%", "12.5%", "1_000", "0.0001", "1000000000000000",
        "79228162514264337593543950335",
    };

    private static readonly string[] Arith = { "+", "-", "*", "/" };
    private static readonly string[] Comparisons = { "==", "!=", "<", "<=", ">", ">=" };

    [Fact]
    public void Compiled_RandomWellTypedExpressions_AgreeWithTheReferenceEvaluator()
    {
        var report = Run(seed: 20_251_123, expressions: 6_000, missingAlwaysWins: true);

        report.Compared.Should().BeGreaterThanOrEqualTo(5_000 * 3);
        report.Mismatches.Count.Should().Be(0,
            $"compiled and reference results must agree; {report.Mismatches.Count} did not, first ones:\n{string.Join("\n", report.Mismatches.Take(10))}");
        // The generator must actually reach every kind of result, or the comparison proves little.
        report.Kinds[VKind.Number].Should().BeGreaterThan(1_000);
        report.Kinds[VKind.Bool].Should().BeGreaterThan(1_000);
        report.Kinds[VKind.Missing].Should().BeGreaterThan(1_000);
        report.Kinds[VKind.Undefined].Should().BeGreaterThan(300);
        report.Overflows.Should().BeGreaterThan(50);
        report.DivisionsByZero.Should().BeGreaterThan(50);
    }

    [Fact]
    public void Compiled_RandomWellTypedExpressionsOtherSeed_LetMissingWinOverUndefinedEverywhere()
    {
        var report = Run(seed: 7_919, expressions: 6_000, missingAlwaysWins: true);

        report.Mismatches.Count.Should().Be(0,
            $"compiled and reference results must agree; {report.Mismatches.Count} did not, first ones:\n{string.Join("\n", report.Mismatches.Take(10))}");
    }

    private sealed class Report
    {
        public List<string> Mismatches { get; } = new();
        public Dictionary<VKind, int> Kinds { get; } = Enum.GetValues<VKind>().ToDictionary(k => k, _ => 0);
        public int Compared { get; set; }
        public int Overflows { get; set; }
        public int DivisionsByZero { get; set; }
    }

    private static Report Run(int seed, int expressions, bool missingAlwaysWins)
    {
        var rng = new Random(seed);
        var gen = new Generator(rng);
        var scope = new TestScope();
        for (var i = 0; i < Fields.Length; i++) scope.Add(Fields[i], new FieldSymbol(i, Fields[i], ExprType.Number));
        var report = new Report();

        for (var n = 0; n < expressions; n++)
        {
            var wantBool = rng.Next(2) == 0;
            var text = wantBool ? gen.Bool(4) : gen.Num(4);
            var (ast, parseError) = ExpressionParser.Parse(text, maxLength: 1_000_000);
            if (parseError is not null) { report.Mismatches.Add($"parse error {parseError} in: {text}"); continue; }
            var (compiled, errors) = ExpressionCompiler.Compile(ast!, text, scope);
            if (compiled is null) { report.Mismatches.Add($"compile errors {string.Join("; ", errors)} in: {text}"); continue; }
            if (compiled.Type.Kind != (wantBool ? TypeKind.Bool : TypeKind.Number))
            {
                report.Mismatches.Add($"type {compiled.Type} in: {text}");
                continue;
            }
            for (var k = 0; k < 3; k++)
            {
                var values = new Value[Fields.Length];
                for (var i = 0; i < values.Length; i++)
                    values[i] = Pool[rng.Next(Pool.Length)] is { } d ? Value.Number(d) : Value.Missing;
                var reference = new ReferenceEvaluator(values, missingAlwaysWins);
                var expected = reference.Eval(ast!);
                Value actual;
                try { actual = compiled.Fn(new EvalContext(values, null, new SubjectValues(), 2025, null, 0)); }
                catch (Exception ex) { report.Mismatches.Add($"{text}\n    with {Describe(values)}: compiled threw {ex.GetType().Name}"); continue; }
                report.Compared++;
                report.Kinds[actual.Kind]++;
                report.Overflows += reference.Overflows;
                report.DivisionsByZero += reference.DivisionsByZero;
                if (!actual.Equals(expected))
                    report.Mismatches.Add($"{text}\n    with {Describe(values)}: compiled {actual}, reference {expected}");
            }
        }
        return report;
    }

    private static string Describe(Value[] values) =>
        string.Join(", ", Fields.Select((f, i) => $"{f}={values[i]}"));

    /// <summary>Random well-typed expression text. Every compound is parenthesised so the intended shape is what parses.</summary>
    private sealed class Generator
    {
        private readonly Random _rng;
        public Generator(Random rng) => _rng = rng;

        private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

        private string Leaf() => _rng.Next(3) == 0 ? Pick(Literals) : Pick(Fields);

        public string Num(int depth)
        {
            if (depth <= 0 || _rng.Next(6) == 0) return Leaf();
            var d = depth - 1;
            switch (_rng.Next(12))
            {
                case 0: return $"(-{Num(d)})";
                case 1: case 2: case 3: case 4: return $"({Num(d)} {Pick(Arith)} {Num(d)})";
                case 5: return $"if({Bool(d)}, {Num(d)}, {Num(d)})";
                case 6: return $"min({List(d)})";
                case 7: return $"max({List(d)})";
                case 8: return $"abs({Num(d)})";
                case 9: return $"coalesce({Num(d)}, {List(d)})";
                case 10: return _rng.Next(2) == 0 ? $"round({Num(d)})" : $"round({Num(d)}, {_rng.Next(0, 5)})";
                default: return $"({Num(d)} / {Pick(Fields)})";
            }
        }

        private string List(int depth)
        {
            var sb = new StringBuilder(Num(depth));
            var more = _rng.Next(0, 3);
            for (var i = 0; i < more; i++) sb.Append(", ").Append(Num(depth));
            return sb.ToString();
        }

        public string Bool(int depth)
        {
            if (depth <= 0) return _rng.Next(4) == 0 ? Pick(new[] { "true", "false" }) : $"({Leaf()} {Pick(Comparisons)} {Leaf()})";
            var d = depth - 1;
            return _rng.Next(9) switch
            {
                0 => Pick(new[] { "true", "false" }),
                1 or 2 => $"({Num(d)} {Pick(Comparisons)} {Num(d)})",
                3 => $"({Bool(d)} and {Bool(d)})",
                4 => $"({Bool(d)} or {Bool(d)})",
                5 => $"(not {Bool(d)})",
                6 => $"present({Num(d)})",
                7 => $"({Bool(d)} {Pick(new[] { "==", "!=" })} {Bool(d)})",
                _ => $"if({Bool(d)}, {Bool(d)}, {Bool(d)})",
            };
        }
    }

    /// <summary>
    /// A straightforward recursive evaluator over the syntax tree, written from the language description:
    /// Missing beats Undefined in arithmetic and comparisons, division by zero and decimal overflow are
    /// Undefined, and/or are Kleene (false and anything = false, true or anything = true), if() with an
    /// absent condition gives that absent value, coalesce() gives the first present value.
    /// With <paramref name="missingAlwaysWins"/> false, when and/or/min/max/coalesce meet only absent
    /// operands the first absent operand (left to right) is the result, as the compiler does today; with
    /// true, Missing wins there too, as the documentation says.
    /// </summary>
    private sealed class ReferenceEvaluator
    {
        private readonly Value[] _fields;
        private readonly bool _missingAlwaysWins;

        public ReferenceEvaluator(Value[] fields, bool missingAlwaysWins)
        {
            _fields = fields;
            _missingAlwaysWins = missingAlwaysWins;
        }

        public int Overflows { get; private set; }
        public int DivisionsByZero { get; private set; }

        public Value Eval(Expr e) => e switch
        {
            NumberLit n => Value.Number(n.Value),
            BoolLit b => Value.Bool(b.Value),
            Ident id => _fields[Array.IndexOf(Fields, id.Name)],
            Unary { Op: "-" } u => Negate(Eval(u.Operand)),
            Unary { Op: "not" } u => Not(Eval(u.Operand)),
            Binary { Op: "and" } b => AndOr(true, Eval(b.Left), Eval(b.Right)),
            Binary { Op: "or" } b => AndOr(false, Eval(b.Left), Eval(b.Right)),
            Binary { Op: "+" or "-" or "*" or "/" } b => Arithmetic(b.Op, Eval(b.Left), Eval(b.Right)),
            Binary b => Compare(b.Op, Eval(b.Left), Eval(b.Right)),
            Call c => Call(c),
            _ => throw new InvalidOperationException("the generator made " + e),
        };

        /// <summary>Missing if any operand is missing, else Undefined if any is undefined, else null.</summary>
        private static Value? MissingFirst(params Value[] values)
        {
            if (values.Any(v => v.Kind == VKind.Missing)) return Value.Missing;
            if (values.Any(v => v.Kind == VKind.Undefined)) return Value.Undefined;
            return null;
        }

        /// <summary>The absent value a combinator of several operands gives when nothing decides it.</summary>
        private Value? CombinedAbsent(params Value[] values)
        {
            if (_missingAlwaysWins) return MissingFirst(values);
            foreach (var v in values) if (v.IsAbsent) return v;
            return null;
        }

        private static Value Negate(Value v) => v.IsAbsent ? v : Value.Number(-v.Num);

        private static Value Not(Value v) => v.IsAbsent ? v : Value.Bool(!v.AsBool);

        private Value AndOr(bool isAnd, Value l, Value r)
        {
            // Kleene: a false operand decides 'and', a true one decides 'or', whatever the other is.
            if (isAnd && (IsBool(l, false) || IsBool(r, false))) return Value.False;
            if (!isAnd && (IsBool(l, true) || IsBool(r, true))) return Value.True;
            return CombinedAbsent(l, r) ?? Value.Bool(isAnd);
        }

        private static bool IsBool(Value v, bool b) => v.Kind == VKind.Bool && v.AsBool == b;

        private Value Arithmetic(string op, Value l, Value r)
        {
            if (MissingFirst(l, r) is { } absent) return absent;
            if (op == "/" && r.Num == 0) { DivisionsByZero++; return Value.Undefined; }
            try
            {
                return Value.Number(op switch
                {
                    "+" => l.Num + r.Num,
                    "-" => l.Num - r.Num,
                    "*" => l.Num * r.Num,
                    _ => l.Num / r.Num,
                });
            }
            catch (OverflowException)
            {
                Overflows++;
                return Value.Undefined;
            }
        }

        private static Value Compare(string op, Value l, Value r)
        {
            if (MissingFirst(l, r) is { } absent) return absent;
            var c = l.Kind == VKind.Bool ? l.AsBool.CompareTo(r.AsBool) : l.Num.CompareTo(r.Num);
            return Value.Bool(op switch
            {
                "==" => c == 0,
                "!=" => c != 0,
                "<" => c < 0,
                "<=" => c <= 0,
                ">" => c > 0,
                ">=" => c >= 0,
                _ => throw new InvalidOperationException(op),
            });
        }

        private Value Call(Call c)
        {
            switch (c.Name)
            {
                case "if":
                    {
                        var cond = Eval(c.Args[0]);
                        if (cond.IsAbsent) return cond;
                        return cond.AsBool ? Eval(c.Args[1]) : Eval(c.Args[2]);
                    }
                case "min" or "max":
                    {
                        var values = c.Args.Select(Eval).ToArray();
                        if (CombinedAbsent(values) is { } absent) return absent;
                        return Value.Number(c.Name == "min" ? values.Min(v => v.Num) : values.Max(v => v.Num));
                    }
                case "abs":
                    {
                        var v = Eval(c.Args[0]);
                        return v.IsAbsent ? v : Value.Number(Math.Abs(v.Num));
                    }
                case "round":
                    {
                        var v = Eval(c.Args[0]);
                        var digits = c.Args.Count == 2 ? (int)((NumberLit)c.Args[1]).Value : 0;
                        return v.IsAbsent ? v : Value.Number(Math.Round(v.Num, digits, MidpointRounding.AwayFromZero));
                    }
                case "coalesce":
                    {
                        var values = c.Args.Select(Eval).ToArray();
                        foreach (var v in values) if (!v.IsAbsent) return v;
                        // Nothing present: which absence is reported.
                        return _missingAlwaysWins ? MissingFirst(values)!.Value : values[^1];
                    }
                case "present":
                    return Value.Bool(!Eval(c.Args[0]).IsAbsent);
                default:
                    throw new InvalidOperationException("the generator made a call to " + c.Name);
            }
        }
    }

    [Fact]
    public void Generator_SameSeed_GivesTheSameExpressions()
    {
        var a = new Generator(new Random(7));
        var b = new Generator(new Random(7));
        var first = Enumerable.Range(0, 50).Select(_ => a.Num(4)).ToList();
        var second = Enumerable.Range(0, 50).Select(_ => b.Num(4)).ToList();
        first.Should().Equal(second);
        first.Distinct().Count().Should().BeGreaterThan(40);
        first.Should().Contain(t => t.Contains('(', StringComparison.Ordinal));
    }
}
