using AssessmentScorer.Expressions;

namespace AssessmentScorer.Tests.Expressions;

public class ExpressionParserTests
{
    private static Expr Parse(string text)
    {
        var (expr, error) = ExpressionParser.Parse(text);
        error.Should().BeNull($"'{text}' is a valid expression");
        return expr!;
    }

    private static string Print(string text) => ExprPrinter.Print(Parse(text));

    private static ParseError Fail(string text, int maxLength = 2000, int maxDepth = 48)
    {
        var (expr, error) = ExpressionParser.Parse(text, maxLength, maxDepth);
        expr.Should().BeNull();
        error.Should().NotBeNull($"'{(text.Length > 40 ? text[..40] + "…" : text)}' is not a valid expression");
        return error!;
    }

    [Theory]
    [InlineData("a or b and c", "(a or (b and c))")]
    [InlineData("a and b or c and d", "((a and b) or (c and d))")]
    [InlineData("a or b or c", "((a or b) or c)")]
    [InlineData("not a and b", "((not a) and b)")]
    [InlineData("not a or not b", "((not a) or (not b))")]
    [InlineData("not not a", "(not (not a))")]
    [InlineData("not a == b", "(not (a == b))")]
    [InlineData("a == 1 and b != 2", "((a == 1) and (b != 2))")]
    [InlineData("a < b or c >= d", "((a < b) or (c >= d))")]
    [InlineData("a + b >= c * d", "((a + b) >= (c * d))")]
    [InlineData("a + b * c", "(a + (b * c))")]
    [InlineData("a * b + c", "((a * b) + c)")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b / c", "((a / b) / c)")]
    [InlineData("a / b * c", "((a / b) * c)")]
    [InlineData("(a + b) * c", "((a + b) * c)")]
    [InlineData("-a * b", "((-a) * b)")]
    [InlineData("-a + -b", "((-a) + (-b))")]
    [InlineData("a - -b", "(a - (-b))")]
    [InlineData("- - a", "(-(-a))")]
    [InlineData("-(a + b)", "(-(a + b))")]
    [InlineData("max(a, b + 1) * 2", "(max(a, (b + 1)) * 2)")]
    [InlineData("if(a > 1, b, c)", "if((a > 1), b, c)")]
    public void Parse_OperatorPrecedence_GroupsAsTheGrammarSays(string text, string expected)
    {
        Print(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("40%", 0.40)]
    [InlineData("12.5%", 0.125)]
    [InlineData("100%", 1)]
    [InlineData("0.5%", 0.005)]
    public void Parse_PercentLiteral_IsTheFractionAndRemembersThePercent(string text, double expected)
    {
        var n = Parse(text).Should().BeOfType<NumberLit>().Subject;
        n.Value.Should().Be((decimal)expected);
        n.IsPercent.Should().BeTrue();
    }

    [Fact]
    public void Parse_FortyPercent_EqualsZeroPointFortyExactly()
    {
        var percent = Parse("40%").Should().BeOfType<NumberLit>().Subject;
        var plain = Parse("0.40").Should().BeOfType<NumberLit>().Subject;
        percent.Value.Should().Be(plain.Value);
        percent.Value.Should().Be(0.40m);
        plain.IsPercent.Should().BeFalse();
    }

    [Theory]
    [InlineData("1_000", 1000)]
    [InlineData("1.3", 1.3)]
    [InlineData(".5", 0.5)]
    [InlineData("0.1", 0.1)]
    public void Parse_NumberLiteral_IsExactDecimal(string text, double expected)
    {
        Parse(text).Should().BeOfType<NumberLit>().Which.Value.Should().Be((decimal)expected);
    }

    [Fact]
    public void Parse_NumberLiteralWith28Digits_KeepsEveryDigit()
    {
        Parse("79228162514264337593543950335").Should().BeOfType<NumberLit>().Which.Value.Should().Be(decimal.MaxValue);
    }

    [Theory]
    [InlineData("'it''s'", "it's")]
    [InlineData("''''", "'")]
    [InlineData("''", "")]
    [InlineData("\"say \"\"hi\"\"\"", "say \"hi\"")]
    [InlineData("'四级甲等'", "四级甲等")]
    [InlineData("'a \"b\" c'", "a \"b\" c")]
    public void Parse_TextLiteral_DoubledQuoteStandsForOneQuote(string text, string expected)
    {
        var s = Parse(text).Should().BeOfType<StringLit>().Subject;
        s.Value.Should().Be(expected);
        s.Pos.Should().Be(0);
    }

    [Fact]
    public void Parse_TextLiteralWithDoubledQuote_PrintsBackTheSameWay()
    {
        Print("tier == 'it''s'").Should().Be("(tier == 'it''s')");
    }

    [Fact]
    public void Parse_InWithTextList_IsABinaryInOverAListLiteral()
    {
        var b = Parse("tier in ['tertiary', 'secondary']").Should().BeOfType<Binary>().Subject;
        b.Op.Should().Be("in");
        b.Pos.Should().Be(5);
        b.Left.Should().BeOfType<Ident>().Which.Name.Should().Be("tier");
        var list = b.Right.Should().BeOfType<ListLit>().Subject;
        list.Pos.Should().Be(8);
        list.Items.Should().HaveCount(2);
        list.Items.Cast<StringLit>().Select(s => s.Value).Should().Equal("tertiary", "secondary");
    }

    [Fact]
    public void Parse_InWithNumberList_KeepsTheNumbersInOrder()
    {
        var b = Parse("emr_level in [4, 5, 40%]").Should().BeOfType<Binary>().Subject;
        b.Right.Should().BeOfType<ListLit>().Which.Items.Cast<NumberLit>().Select(n => n.Value).Should().Equal(4m, 5m, 0.40m);
    }

    [Fact]
    public void Parse_InWithEmptyList_GivesAnEmptyList()
    {
        Parse("x in []").Should().BeOfType<Binary>().Which.Right.Should().BeOfType<ListLit>().Which.Items.Should().BeEmpty();
    }

    [Fact]
    public void Parse_InBindsTighterThanAnd()
    {
        Print("tier in ['tertiary'] and a > 1").Should().Be("((tier in ['tertiary']) and (a > 1))");
    }

    [Fact]
    public void Parse_Positions_AreZeroBasedOffsetsOfEachNode()
    {
        var b = Parse("ab + max(c, 'd')").Should().BeOfType<Binary>().Subject;
        b.Pos.Should().Be(3);
        b.Left.Pos.Should().Be(0);
        var call = b.Right.Should().BeOfType<Call>().Subject;
        call.Pos.Should().Be(5);
        call.Name.Should().Be("max");
        call.Args[0].Pos.Should().Be(9);
        call.Args[1].Pos.Should().Be(12);
    }

    [Fact]
    public void Parse_ChineseIdentifier_IsAName()
    {
        Parse("人员支出 / 2").Should().BeOfType<Binary>().Which.Left.Should().BeOfType<Ident>().Which.Name.Should().Be("人员支出");
    }

    [Fact]
    public void Parse_TrueAndFalse_AreBooleanLiterals()
    {
        var b = Parse("true or false").Should().BeOfType<Binary>().Subject;
        b.Left.Should().BeOfType<BoolLit>().Which.Value.Should().BeTrue();
        b.Right.Should().BeOfType<BoolLit>().Which.Value.Should().BeFalse();
    }

    // ---- errors: message and exact 0-based position ---------------------------------------------

    [Theory]
    [InlineData("(a + b", 6)]
    [InlineData("((a + b) * c", 12)]
    [InlineData("max(a, (b + 1)", 14)]
    public void Parse_UnclosedParenthesis_FailsAtTheEnd(string text, int pos)
    {
        var e = Fail(text);
        e.Pos.Should().Be(pos);
        e.Message.Should().Contain("')'");
    }

    [Fact]
    public void Parse_SingleEqualsSign_FailsAtTheSignAndSuggestsDoubleEquals()
    {
        var e = Fail("tier = 'tertiary'");
        e.Pos.Should().Be(5);
        e.Message.Should().Contain("'=='");
    }

    [Theory]
    [InlineData("a + b )", 6, "unexpected ')'")]
    [InlineData("a b", 2, "unexpected 'b'")]
    [InlineData("a > 1 c", 6, "unexpected 'c'")]
    [InlineData("a < b < c", 6, "unexpected '<'")]
    [InlineData("3abc", 1, "after a number")]
    public void Parse_TrailingGarbage_FailsWhereItStarts(string text, int pos, string message)
    {
        var e = Fail(text);
        e.Pos.Should().Be(pos);
        e.Message.Should().Contain(message);
    }

    [Theory]
    [InlineData("1e5", 1)]
    [InlineData("2.5E3 + 1", 3)]
    [InlineData("a * 4e-2", 5)]
    public void Parse_ExponentNotation_IsRefusedAtTheExponent(string text, int pos)
    {
        var e = Fail(text);
        e.Pos.Should().Be(pos);
        e.Message.Should().Contain("exponent notation is not supported");
    }

    [Theory]
    [InlineData("1 +", 3, "ends where a value was expected")]
    [InlineData("'abc", 0, "not closed")]
    [InlineData("max(1, 2", 8, "missing ')' or ','")]
    [InlineData("[1, 2", 5, "missing ']' or ','")]
    [InlineData("and", 0, "needs a value before it")]
    [InlineData("a + #", 4, "unexpected '#'")]
    [InlineData("1.2.3", 0, "not a number that fits")]
    [InlineData("99999999999999999999999999999999", 0, "not a number that fits")]
    public void Parse_OtherSyntaxErrors_NameThePlace(string text, int pos, string message)
    {
        var e = Fail(text);
        e.Pos.Should().Be(pos);
        e.Message.Should().Contain(message);
    }

    [Fact]
    public void Parse_FiveThousandCharacters_IsRefusedByLengthBeforeParsing()
    {
        var fiveThousand = string.Concat(Enumerable.Repeat("a + ", 1249)) + "bbbb"; // a valid expression, only too long
        fiveThousand.Length.Should().Be(5000);

        var e = Fail(fiveThousand);

        e.Pos.Should().Be(0);
        e.Message.Should().Contain("5000 characters").And.Contain("limit is 2000");
    }

    [Fact]
    public void Parse_TenThousandNestedParentheses_IsRefusedByDepthWithoutStackOverflow()
    {
        var text = new string('(', 10_000) + "1" + new string(')', 10_000);
        ParseError? error = null;
        // A small stack: the parser must stop at its depth limit long before recursion could matter.
        var thread = new Thread(() => error = ExpressionParser.Parse(text, maxLength: 100_000).Error, maxStackSize: 256 * 1024);
        thread.Start();
        // A hang guard, not a time budget: the parse takes milliseconds; only a parser that never returns reaches it.
        thread.Join(TimeSpan.FromMinutes(3)).Should().BeTrue("the parser must return (a hang guard: it only fails if the parse never ends)");

        error.Should().NotBeNull();
        error!.Message.Should().Contain("nests deeper than 48 levels");
        error.Pos.Should().Be(48);
    }

    [Fact]
    public void Parse_TenThousandNestedParenthesesUnderDefaultLimits_IsRefusedByLength()
    {
        var e = Fail(new string('(', 10_000) + "1" + new string(')', 10_000));
        e.Pos.Should().Be(0);
        e.Message.Should().Contain("20001 characters");
    }

    [Fact]
    public void Parse_DepthLimit_AllowsNestingUpToTheLimit()
    {
        var ok = new string('(', 47) + "1" + new string(')', 47);
        ExpressionParser.Parse(ok).Error.Should().BeNull();
        var e = Fail(new string('(', 48) + "1" + new string(')', 48));
        e.Pos.Should().Be(48);
    }

    [Theory]
    [InlineData(10_000, "-", 48)]
    [InlineData(5_000, "not ", 191)]
    public void Parse_LongChainsOfUnaryOperators_AreRefusedByDepth(int count, string op, int pos)
    {
        var text = string.Concat(Enumerable.Repeat(op, count)) + "1";
        var e = Fail(text, maxLength: 100_000);
        e.Message.Should().Contain("nests deeper than 48 levels");
        e.Pos.Should().Be(pos);
    }
}
