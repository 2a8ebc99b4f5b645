using System.Globalization;

namespace AssessmentScorer.Expressions;

/// <summary>
/// Recursive-descent parser for the rule-set expression language. Depth is bounded so hostile
/// input cannot exhaust the stack; the first error stops parsing.
/// Grammar (lowest precedence first): or → and → not → comparison (== != &lt; &lt;= &gt; &gt;= in) → + - → * / → unary - → primary.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private readonly int _maxDepth;
    private int _pos;
    private int _depth;
    private ParseError? _error;

    private ExpressionParser(string text, int maxDepth) { _text = text; _maxDepth = maxDepth; }

    public static (Expr? Expr, ParseError? Error) Parse(string text, int maxLength = 2000, int maxDepth = 48)
    {
        if (text.Length > maxLength)
            return (null, new ParseError($"the expression is {text.Length} characters long; the limit is {maxLength}", 0));
        var p = new ExpressionParser(text, maxDepth);
        var e = p.ParseOr();
        if (p._error is null)
        {
            p.SkipWs();
            if (p._pos < text.Length) p.Fail($"unexpected '{p.Rest()}'", p._pos);
        }
        return p._error is null ? (e, null) : (null, p._error);
    }

    private string Rest()
    {
        var end = _pos;
        while (end < _text.Length && !char.IsWhiteSpace(_text[end]) && end - _pos < 12) end++;
        return end == _pos ? _text[_pos].ToString() : _text[_pos..end];
    }

    private Expr Fail(string message, int pos)
    {
        _error ??= new ParseError(message, pos);
        _pos = _text.Length;
        return new BoolLit(pos, false);
    }

    private void SkipWs()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool Peek(string s)
    {
        SkipWs();
        return string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;
    }

    private bool PeekWord(string word)
    {
        SkipWs();
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) return false;
        var end = _pos + word.Length;
        return end >= _text.Length || !IsIdentChar(_text[end]);
    }

    private static bool IsIdentStart(char c) => c == '_' || char.IsLetter(c);
    private static bool IsIdentChar(char c) => c == '_' || char.IsLetterOrDigit(c);

    private Expr Enter(Func<Expr> inner)
    {
        if (++_depth > _maxDepth)
        {
            _depth--;
            return Fail($"the expression nests deeper than {_maxDepth} levels", _pos);
        }
        var e = inner();
        _depth--;
        return e;
    }

    private Expr ParseOr() => Enter(() =>
    {
        var left = ParseAnd();
        while (_error is null && PeekWord("or"))
        {
            var at = _pos; _pos += 2;
            left = new Binary(at, "or", left, ParseAnd());
        }
        return left;
    });

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (_error is null && PeekWord("and"))
        {
            var at = _pos; _pos += 3;
            left = new Binary(at, "and", left, ParseNot());
        }
        return left;
    }

    private Expr ParseNot()
    {
        if (PeekWord("not"))
        {
            var at = _pos; _pos += 3;
            return Enter(() => new Unary(at, "not", ParseNot()));
        }
        return ParseComparison();
    }

    private static readonly string[] ComparisonOps = { "==", "!=", "<=", ">=", "<", ">" };

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        if (_error is not null) return left;
        SkipWs();
        foreach (var op in ComparisonOps)
        {
            if (Peek(op))
            {
                var at = _pos; _pos += op.Length;
                var right = ParseAdditive();
                return new Binary(at, op, left, right);
            }
        }
        if (Peek("=") )
            return Fail("use '==' to compare", _pos);
        if (PeekWord("in"))
        {
            var at = _pos; _pos += 2;
            return new Binary(at, "in", left, ParseAdditive());
        }
        return left;
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (_error is null)
        {
            SkipWs();
            if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-'))
            {
                var at = _pos; var op = _text[_pos].ToString(); _pos++;
                left = new Binary(at, op, left, ParseMultiplicative());
            }
            else break;
        }
        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (_error is null)
        {
            SkipWs();
            if (_pos < _text.Length && (_text[_pos] == '*' || _text[_pos] == '/'))
            {
                var at = _pos; var op = _text[_pos].ToString(); _pos++;
                left = new Binary(at, op, left, ParseUnary());
            }
            else break;
        }
        return left;
    }

    private Expr ParseUnary()
    {
        SkipWs();
        if (_pos < _text.Length && _text[_pos] == '-')
        {
            var at = _pos; _pos++;
            return Enter(() => new Unary(at, "-", ParseUnary()));
        }
        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        SkipWs();
        if (_pos >= _text.Length) return Fail("the expression ends where a value was expected", _pos);
        var c = _text[_pos];
        var start = _pos;
        if (c == '(')
        {
            _pos++;
            var inner = ParseOr();
            SkipWs();
            if (_error is null && (_pos >= _text.Length || _text[_pos] != ')')) return Fail("missing ')'", _pos);
            _pos++;
            return inner;
        }
        if (c == '[')
        {
            _pos++;
            var items = new List<Expr>();
            SkipWs();
            if (_pos < _text.Length && _text[_pos] == ']') { _pos++; return new ListLit(start, items); }
            while (_error is null)
            {
                items.Add(ParseOr());
                SkipWs();
                if (_pos < _text.Length && _text[_pos] == ',') { _pos++; continue; }
                if (_pos < _text.Length && _text[_pos] == ']') { _pos++; break; }
                return Fail("missing ']' or ','", _pos);
            }
            return new ListLit(start, items);
        }
        if (c == '\'' || c == '"')
        {
            var quote = c;
            _pos++;
            var sb = new System.Text.StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length) return Fail("the text literal is not closed", start);
                if (_text[_pos] == quote)
                {
                    if (_pos + 1 < _text.Length && _text[_pos + 1] == quote) { sb.Append(quote); _pos += 2; continue; }
                    _pos++;
                    break;
                }
                sb.Append(_text[_pos++]);
            }
            return new StringLit(start, sb.ToString());
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
        {
            while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '.' || _text[_pos] == '_')) _pos++;
            if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
                return Fail("exponent notation is not supported; write the number in full", _pos);
            var literal = _text[start.._pos].Replace("_", "");
            if (!decimal.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                return Fail($"'{literal}' is not a number that fits (at most 28 significant digits)", start);
            var percent = false;
            if (_pos < _text.Length && _text[_pos] == '%')
            {
                _pos++;
                percent = true;
                value /= 100m;
            }
            if (_pos < _text.Length && IsIdentStart(_text[_pos]))
                return Fail($"unexpected '{Rest()}' after a number", _pos);
            return new NumberLit(start, value, percent);
        }
        if (IsIdentStart(c))
        {
            while (_pos < _text.Length && IsIdentChar(_text[_pos])) _pos++;
            var name = _text[start.._pos];
            switch (name)
            {
                case "true": return new BoolLit(start, true);
                case "false": return new BoolLit(start, false);
                case "and" or "or" or "not" or "in":
                    return Fail($"'{name}' needs a value before it", start);
            }
            SkipWs();
            if (_pos < _text.Length && _text[_pos] == '(')
            {
                _pos++;
                var args = new List<Expr>();
                SkipWs();
                if (_pos < _text.Length && _text[_pos] == ')') { _pos++; return new Call(start, name, args); }
                while (_error is null)
                {
                    args.Add(Enter(ParseOr));
                    SkipWs();
                    if (_pos < _text.Length && _text[_pos] == ',') { _pos++; continue; }
                    if (_pos < _text.Length && _text[_pos] == ')') { _pos++; break; }
                    return Fail($"missing ')' or ',' in the call to {name}", _pos);
                }
                return new Call(start, name, args);
            }
            return new Ident(start, name);
        }
        return Fail($"unexpected '{c}'", _pos);
    }
}
