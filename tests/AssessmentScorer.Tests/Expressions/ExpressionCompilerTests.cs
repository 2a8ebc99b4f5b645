using System.Globalization;
using AssessmentScorer.Expressions;

namespace AssessmentScorer.Tests.Expressions;

public class ExpressionCompilerTests
{
    private static readonly Scale Interop = new("interop_maturity", new[] { "一级", "二级", "三级", "四级乙等", "四级甲等", "五级乙等", "五级甲等" });
    private static readonly Scale Grades = new("grade", new[] { "B", "A", "A+", "A++" });
    private static readonly string[] Tiers = { "tertiary", "secondary", "primary" };

    // Field slots of the test scope.
    private const int A = 0, B = 1, M = 2, Interop_ = 3, Flag = 4, Personnel = 5, Slots = 6;

    private static TestScope Scope() => new TestScope()
        .Add("a", new FieldSymbol(A, "a", ExprType.Number))
        .Add("b", new FieldSymbol(B, "b", ExprType.Number))
        .Add("m", new FieldSymbol(M, "m", ExprType.Number))
        .Add("interop", new FieldSymbol(Interop_, "interop", new ExprType(TypeKind.Level, Interop)))
        .Add("flag", new FieldSymbol(Flag, "flag", ExprType.Bool))
        .Add("personnel_expenditure", new FieldSymbol(Personnel, "personnel_expenditure", ExprType.Number))
        .Add("tier", new SubjectSymbol("tier", new ExprType(TypeKind.Text, null, Tiers)))
        .Add("year", new SubjectSymbol("year", ExprType.Number))
        .Add("grade", new LocalSymbol(LocalSlots.Grade, "grade", new ExprType(TypeKind.Level, Grades)))
        .Add("total", new LocalSymbol(LocalSlots.Total, "total", ExprType.Number));

    /// <summary>What an evaluation reads. Unless a test says otherwise: a = 2, b = 0, m missing,
    /// interop 四级乙等, flag true, personnel_expenditure 40, no previous period, year 2025.</summary>
    private sealed class Data
    {
        public Value[] Current { get; } = new Value[Slots];
        public Value[]? Previous { get; set; }
        public int? PreviousYear { get; set; }
        public SubjectValues Subject { get; } = new();
        public int Year { get; set; } = 2025;
        public Dictionary<int, Value> Locals { get; } = new();

        public Data()
        {
            Current[A] = Value.Number(2);
            Current[B] = Value.Number(0);
            Current[M] = Value.Missing;
            Current[Interop_] = Value.Level(3, "四级乙等");
            Current[Flag] = Value.True;
            Current[Personnel] = Value.Number(40);
        }

        public EvalContext Context()
        {
            var ctx = new EvalContext(Current, Previous, Subject, Year, PreviousYear, 0);
            foreach (var (slot, v) in Locals) ctx.Locals[slot] = v;
            return ctx;
        }
    }

    private static CompiledExpr Compile(string text, ExprType? expected = null)
    {
        var (ast, parseError) = ExpressionParser.Parse(text);
        parseError.Should().BeNull();
        var (compiled, errors) = ExpressionCompiler.Compile(ast!, text, Scope(), expected);
        errors.Should().BeEmpty($"'{text}' is well typed");
        return compiled!;
    }

    private static Value Eval(string text, Action<Data>? setup = null)
    {
        var data = new Data();
        setup?.Invoke(data);
        return Compile(text).Fn(data.Context());
    }

    /// <summary>A value as a test writes it: missing, undefined, true, false, a level or text, or a number without trailing zeros.</summary>
    private static string Show(Value v) => v.Kind == VKind.Number
        ? v.Num.ToString("0.############################", CultureInfo.InvariantCulture)
        : v.ToString();

    private static CompileError CompileFails(string text, ExprType? expected = null)
    {
        var (ast, parseError) = ExpressionParser.Parse(text);
        parseError.Should().BeNull();
        var (compiled, errors) = ExpressionCompiler.Compile(ast!, text, Scope(), expected);
        compiled.Should().BeNull();
        return errors.Should().ContainSingle().Subject;
    }

    // ---- exact decimal ---------------------------------------------------------------------------

    [Theory]
    [InlineData("40 / 100 >= 40%", "true")]
    [InlineData("40 / 100 == 40%", "true")]
    [InlineData("personnel_expenditure / 100 >= 40%", "true")]
    [InlineData("0.1 + 0.2 == 0.3", "true")]
    [InlineData("1 / 3 * 3 == 1", "false")]
    [InlineData("0.1 + 0.2", "0.3")]
    [InlineData("10 / 4", "2.5")]
    [InlineData("-a * 3 + 1", "-5")]
    [InlineData("2 + 3 * 4", "14")]
    [InlineData("(2 + 3) * 4", "20")]
    [InlineData("a - -a", "4")]
    public void Eval_Arithmetic_IsExactDecimal(string text, string expected)
    {
        Show(Eval(text)).Should().Be(expected);
    }

    // ---- missing and undefined -------------------------------------------------------------------

    [Theory]
    [InlineData("a / b")]
    [InlineData("a / 0")]
    [InlineData("1 + a / b")]
    [InlineData("a / b > 1")]
    [InlineData("-(a / b)")]
    [InlineData("abs(a / b)")]
    [InlineData("round(a / b, 2)")]
    public void Eval_DivisionByZero_IsUndefined(string text)
    {
        Eval(text).Kind.Should().Be(VKind.Undefined);
    }

    [Theory]
    [InlineData("m + 1")]
    [InlineData("m * 0")]
    [InlineData("m + a / b")]
    [InlineData("a / b + m")]
    [InlineData("a / b * m")]
    [InlineData("m / 0")]
    [InlineData("0 / m")]
    [InlineData("a / b < m")]
    [InlineData("m == a / b")]
    [InlineData("-m")]
    [InlineData("abs(m)")]
    [InlineData("min(1, m)")]
    [InlineData("max(m, 1)")]
    public void Eval_MissingInput_IsMissingAndWinsOverUndefined(string text)
    {
        Eval(text).Kind.Should().Be(VKind.Missing);
    }

    [Theory]
    [InlineData("a / b > 1 and m > 1")]
    [InlineData("a / b > 1 or m > 1")]
    [InlineData("min(a / b, m)")]
    [InlineData("max(a / b, m)")]
    [InlineData("coalesce(m, a / b)")]
    public void Eval_UndefinedBeforeMissingInACombinator_IsMissing(string text)
    {
        Eval(text).Kind.Should().Be(VKind.Missing);
    }

    [Theory]
    [InlineData("a * a", "79228162514264337593543950335")]
    [InlineData("a + a", "79228162514264337593543950335")]
    [InlineData("a - -a", "79228162514264337593543950335")]
    [InlineData("a / 0.5", "79228162514264337593543950335")]
    [InlineData("a * 1000", "100000000000000000000000000")]
    [InlineData("79228162514264337593543950335 * 2", "0")]
    public void Eval_DecimalOverflow_IsUndefinedNotAnException(string text, string a)
    {
        var result = Eval(text, d => d.Current[A] = Value.Number(decimal.Parse(a, CultureInfo.InvariantCulture)));
        result.Kind.Should().Be(VKind.Undefined);
    }

    [Fact]
    public void Eval_OverflowInsideComparison_IsUndefined()
    {
        Eval("a * a > 0", d => d.Current[A] = Value.Number(decimal.MaxValue)).Kind.Should().Be(VKind.Undefined);
    }

    // ---- three-valued logic ----------------------------------------------------------------------

    [Theory]
    [InlineData("false and m > 1", "false")]
    [InlineData("m > 1 and false", "false")]
    [InlineData("true or m > 1", "true")]
    [InlineData("m > 1 or true", "true")]
    [InlineData("true and m > 1", "missing")]
    [InlineData("m > 1 and true", "missing")]
    [InlineData("false or m > 1", "missing")]
    [InlineData("not (m > 1)", "missing")]
    [InlineData("a / b > 1 and false", "false")]
    [InlineData("a / b > 1 or true", "true")]
    [InlineData("a / b > 1 and true", "undefined")]
    [InlineData("not (a / b > 1)", "undefined")]
    [InlineData("flag and a > 1", "true")]
    [InlineData("not flag or a < 1", "false")]
    public void Eval_AndOrNot_AreThreeValued(string text, string expected)
    {
        Show(Eval(text)).Should().Be(expected);
    }

    // ---- functions -------------------------------------------------------------------------------

    [Theory]
    [InlineData("if(a > 1, 10, 20)", "10")]
    [InlineData("if(a > 5, 10, 20)", "20")]
    [InlineData("if(m > 1, 10, 20)", "missing")]
    [InlineData("if(a / b > 1, 10, 20)", "undefined")]
    [InlineData("if(true, 1, a / b)", "1")]
    [InlineData("if(false, m, 7)", "7")]
    [InlineData("if(a > 1, 'tertiary', 'secondary') == tier", "true")]
    public void Eval_If_ChoosesABranchOrPassesAnAbsentConditionOn(string text, string expected)
    {
        Show(Eval(text, d => d.Subject.Tier = Value.OfText("tertiary"))).Should().Be(expected);
    }

    [Theory]
    [InlineData("min(3, a, 7)", "2")]
    [InlineData("max(3, a, 7)", "7")]
    [InlineData("min(a)", "2")]
    [InlineData("max(-1, -a)", "-1")]
    [InlineData("min(0.1 + 0.2, 0.3)", "0.3")]
    [InlineData("abs(-2.5)", "2.5")]
    [InlineData("abs(a - 5)", "3")]
    [InlineData("coalesce(m, a)", "2")]
    [InlineData("coalesce(a / b, m, 5)", "5")]
    [InlineData("coalesce(a, m)", "2")]
    [InlineData("present(m)", "false")]
    [InlineData("present(a)", "true")]
    [InlineData("present(a / b)", "false")]
    [InlineData("present(m) or a > 1", "true")]
    public void Eval_MinMaxAbsCoalescePresent_Work(string text, string expected)
    {
        Show(Eval(text)).Should().Be(expected);
    }

    [Theory]
    [InlineData("round(2.5)", "3")]
    [InlineData("round(-2.5)", "-3")]
    [InlineData("round(3.5)", "4")]
    [InlineData("round(2.4999)", "2")]
    [InlineData("round(0.125, 2)", "0.13")]
    [InlineData("round(-0.125, 2)", "-0.13")]
    [InlineData("round(1.005, 2)", "1.01")]
    [InlineData("round(a / 3, 4)", "0.6667")]
    [InlineData("round(m, 2)", "missing")]
    public void Eval_Round_IsHalfAwayFromZero(string text, string expected)
    {
        Show(Eval(text)).Should().Be(expected);
    }

    [Fact]
    public void Eval_Prev_ReadsThePreviousPeriod()
    {
        var result = Eval("prev(a) + a", d =>
        {
            d.Previous = new Value[Slots];
            d.Previous[A] = Value.Number(7);
        });
        Show(result).Should().Be("9");
    }

    [Theory]
    [InlineData("prev(a)")]
    [InlineData("prev(a) + 1")]
    [InlineData("growth(a)")]
    public void Eval_PrevWithoutPreviousPeriod_IsMissing(string text)
    {
        Eval(text).Kind.Should().Be(VKind.Missing);
    }

    [Fact]
    public void Eval_PrevOfAFieldMissingLastPeriod_IsMissing()
    {
        Eval("prev(a)", d => d.Previous = new Value[Slots]).Kind.Should().Be(VKind.Missing);
    }

    [Fact]
    public void Eval_PrevYear_IsThePreviousPeriodsYear()
    {
        Show(Eval("year - prev(year)", d => { d.Previous = new Value[Slots]; d.PreviousYear = 2024; })).Should().Be("1");
    }

    [Theory]
    [InlineData(110, 100, "0.1")]
    [InlineData(90, 100, "-0.1")]
    [InlineData(100, 100, "0")]
    [InlineData(5, 0, "undefined")]
    public void Eval_Growth_IsChangeOverLastPeriod(int now, int before, string expected)
    {
        var result = Eval("growth(a)", d =>
        {
            d.Current[A] = Value.Number(now);
            d.Previous = new Value[Slots];
            d.Previous[A] = Value.Number(before);
        });
        Show(result).Should().Be(expected);
    }

    // ---- levels, subject attributes, locals ------------------------------------------------------

    [Theory]
    [InlineData("interop < '四级甲等'", "true")]
    [InlineData("interop >= '四级乙等'", "true")]
    [InlineData("interop > '四级乙等'", "false")]
    [InlineData("interop == '四级乙等'", "true")]
    [InlineData("interop != '四级甲等'", "true")]
    [InlineData("'四级甲等' > interop", "true")]
    [InlineData("'三级' < interop", "true")]
    [InlineData("interop in ['四级乙等', '四级甲等']", "true")]
    [InlineData("interop in ['五级乙等', '五级甲等']", "false")]
    public void Eval_LevelComparedWithLiteral_ComparesByRank(string text, string expected)
    {
        Show(Eval(text)).Should().Be(expected);
    }

    [Fact]
    public void Eval_MissingLevel_ComparedWithLiteral_IsMissing()
    {
        Eval("interop >= '三级'", d => d.Current[Interop_] = Value.Missing).Kind.Should().Be(VKind.Missing);
    }

    [Theory]
    [InlineData("tier == 'tertiary'", "true")]
    [InlineData("tier != 'tertiary'", "false")]
    [InlineData("tier in ['secondary', 'primary']", "false")]
    [InlineData("year >= 2025", "true")]
    public void Eval_SubjectAttributes_AreRead(string text, string expected)
    {
        Show(Eval(text, d => d.Subject.Tier = Value.OfText("tertiary"))).Should().Be(expected);
    }

    [Fact]
    public void Eval_MissingTier_IsMissing()
    {
        Eval("tier == 'tertiary'").Kind.Should().Be(VKind.Missing);
    }

    [Fact]
    public void Eval_Locals_ReadGradeAndTotal()
    {
        var result = Eval("grade >= 'A' and total >= 60", d =>
        {
            d.Locals[LocalSlots.Grade] = Value.Level(2, "A+");
            d.Locals[LocalSlots.Total] = Value.Number(60);
        });
        Show(result).Should().Be("true");
    }

    [Fact]
    public void Compile_RecordsWhatTheExpressionReads()
    {
        var c = Compile("a + prev(b) > 0 and tier == 'tertiary'");
        c.Fields.Should().Equal("a");
        c.PreviousFields.Should().Equal("b");
        c.SubjectAttributes.Should().Equal("tier");
        c.UsesPrevious.Should().BeTrue();
        c.Type.Kind.Should().Be(TypeKind.Bool);
    }

    // ---- errors with codes and positions ---------------------------------------------------------

    [Fact]
    public void Compile_UnknownName_IsAS3002WithDidYouMean()
    {
        var e = CompileFails("1 + personel_expenditure");
        e.Code.Should().Be("AS3002");
        e.Pos.Should().Be(4);
        e.Message.Should().Contain("'personel_expenditure'").And.Contain("did you mean 'personnel_expenditure'?");
    }

    [Fact]
    public void Compile_UnknownNameWithNothingClose_HasNoHint()
    {
        var e = CompileFails("zzzzzzzzzzzzzzzz > 1");
        e.Code.Should().Be("AS3002");
        e.Pos.Should().Be(0);
        e.Message.Should().NotContain("did you mean");
    }

    [Theory]
    [InlineData("'a' + 1", 4)]
    [InlineData("a + tier", 2)]
    [InlineData("flag * 2", 5)]
    [InlineData("a and flag", 2)]
    [InlineData("not a", 0)]
    [InlineData("interop > 3", 8)]
    [InlineData("tier < 'tertiary'", 5)]
    [InlineData("if(a, 1, 2)", 3)]
    [InlineData("if(flag, 1, 'x')", 0)]
    [InlineData("min(a, flag)", 7)]
    [InlineData("a in [1, 'x']", 9)]
    [InlineData("a in b", 5)]
    [InlineData("round(a, 11)", 9)]
    [InlineData("prev(prev(a))", 5)]
    public void Compile_TypeMismatch_IsAS3003AtTheOffendingPart(string text, int pos)
    {
        var e = CompileFails(text);
        e.Code.Should().Be("AS3003");
        e.Pos.Should().Be(pos);
    }

    [Fact]
    public void Compile_WrongResultType_IsAS3003()
    {
        var e = CompileFails("personnel_expenditure", ExprType.Bool);
        e.Code.Should().Be("AS3003");
        e.Pos.Should().Be(0);
        e.Message.Should().Contain("gives a number").And.Contain("a condition (true/false) is needed");
    }

    [Theory]
    [InlineData("sqrt(a)", 0, "the functions are if, min, max")]
    [InlineData("a + maxx(a, 1)", 4, "did you mean 'max'?")]
    [InlineData("roud(a)", 0, "did you mean 'round'?")]
    public void Compile_UnknownFunction_IsAS3005(string text, int pos, string hint)
    {
        var e = CompileFails(text);
        e.Code.Should().Be("AS3005");
        e.Pos.Should().Be(pos);
        e.Message.Should().Contain("is not a function").And.Contain(hint);
    }

    [Theory]
    [InlineData("abs(a, b)", 0, "abs() takes 1 argument, not 2")]
    [InlineData("1 + if(a > 1, 2)", 4, "if() takes 3 arguments, not 2")]
    [InlineData("min()", 0, "min() takes at least 1 arguments, not 0")]
    [InlineData("coalesce(a)", 0, "coalesce() takes at least 2 arguments, not 1")]
    [InlineData("round(a, 1, 2)", 0, "round() takes 1 to 2 arguments, not 3")]
    [InlineData("prev()", 0, "prev() takes 1 argument, not 0")]
    public void Compile_WrongArgumentCount_IsAS3006(string text, int pos, string message)
    {
        var e = CompileFails(text);
        e.Code.Should().Be("AS3006");
        e.Pos.Should().Be(pos);
        e.Message.Should().Be(message);
    }

    [Theory]
    [InlineData("interop >= '四级丙等'", 11)]
    [InlineData("'六级' < interop", 0)]
    [InlineData("interop in ['三级', '四级丙等']", 18)]
    [InlineData("grade >= 'C'", 9)]
    public void Compile_UnknownLevel_IsAS3007AtTheLiteral(string text, int pos)
    {
        var e = CompileFails(text);
        e.Code.Should().Be("AS3007");
        e.Pos.Should().Be(pos);
    }

    [Theory]
    [InlineData("tier == 'teritary'", 8)]
    [InlineData("'teritary' != tier", 0)]
    [InlineData("tier in ['tertiary', 'secondry']", 21)]
    public void Compile_TextLiteralNotAnAllowedValue_IsAS3007(string text, int pos)
    {
        var e = CompileFails(text);
        e.Code.Should().Be("AS3007");
        e.Pos.Should().Be(pos);
        e.Message.Should().Contain("is not one of tertiary, secondary, primary");
    }
}
