using System.Globalization;

namespace AssessmentScorer.Expressions;

internal delegate Value Eval(EvalContext ctx);

/// <summary>A type-checked expression compiled to a delegate, with what it reads.</summary>
internal sealed class CompiledExpr
{
    public CompiledExpr(Eval fn, ExprType type, Expr ast, string text)
    { Fn = fn; Type = type; Ast = ast; Text = text; }
    public Eval Fn { get; }
    public ExprType Type { get; }
    public Expr Ast { get; }
    public string Text { get; }
    public SortedSet<string> Fields { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> PreviousFields { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Indicators { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> SubjectAttributes { get; } = new(StringComparer.Ordinal);
    public bool UsesPrevious => PreviousFields.Count > 0;
    /// <summary>
    /// For an expression that is a division at its top (<c>a / b</c>), its two operands compiled on their own: the
    /// expression's value is <c>Arith.Div(Numerator(ctx), Denominator(ctx))</c>. Null otherwise.
    /// </summary>
    public (Eval Numerator, Eval Denominator)? Ratio { get; init; }

    // The sets as arrays, made on first use: enumerating a sorted set allocates, and a scorer naming missing data
    // walks them for every subject that misses some.
    private string[]? _fieldNames, _previousFieldNames, _subjectAttributeNames;
    public string[] FieldNames => _fieldNames ??= Fields.ToArray();
    public string[] PreviousFieldNames => _previousFieldNames ??= PreviousFields.ToArray();
    public string[] SubjectAttributeNames => _subjectAttributeNames ??= SubjectAttributes.ToArray();
}

/// <summary>A compile error at a 0-based offset of the expression text.</summary>
internal sealed record CompileError(string Code, string Message, int Pos);

/// <summary>
/// Type-checks an expression against a scope and compiles it to nested delegates. Nothing is
/// interpreted at scoring time, and nothing outside the context is reachable from a rule file.
/// </summary>
internal sealed class ExpressionCompiler
{
    private readonly List<CompileError> _errors = new();
    private readonly Stack<string> _inlining = new();
    private CompiledExpr _target = null!;

    public static (CompiledExpr? Expr, IReadOnlyList<CompileError> Errors) Compile(Expr ast, string text, IScope scope, ExprType? expected = null)
    {
        var c = new ExpressionCompiler();
        var result = new CompiledExpr(_ => Value.Missing, ExprType.Bool, ast, text);
        c._target = result;
        var (fn, type) = c.Bind(ast, scope, prev: false);
        if (c._errors.Count == 0 && expected is not null && !Assignable(type, expected))
            c._errors.Add(new CompileError(ErrorCodes.TypeMismatch, $"this expression gives {Describe(type)}, but {Describe(expected)} is needed here", ast.Pos));
        if (c._errors.Count > 0) return (null, c._errors);
        (Eval, Eval)? ratio = null;
        if (ast is Binary { Op: "/" } division && type.Kind == TypeKind.Number)
            ratio = (c.Bind(division.Left, scope, prev: false).Item1, c.Bind(division.Right, scope, prev: false).Item1);
        var compiled = new CompiledExpr(fn, type, ast, text) { Ratio = ratio };
        compiled.Fields.UnionWith(result.Fields);
        compiled.PreviousFields.UnionWith(result.PreviousFields);
        compiled.Indicators.UnionWith(result.Indicators);
        compiled.SubjectAttributes.UnionWith(result.SubjectAttributes);
        return (compiled, c._errors);
    }

    private static bool Assignable(ExprType actual, ExprType expected) =>
        actual.Kind == expected.Kind && (actual.Kind != TypeKind.Level || expected.Scale is null || actual.Scale == expected.Scale);

    internal static string Describe(ExprType t) => t.Kind switch
    {
        TypeKind.Number => "a number",
        TypeKind.Bool => "a condition (true/false)",
        TypeKind.Text => "a text",
        TypeKind.Level => $"a level of {t.Scale!.Id}",
        _ => "a list",
    };

    private (Eval, ExprType) Error(string code, string message, int pos)
    {
        _errors.Add(new CompileError(code, message, pos));
        return (_ => Value.Missing, ExprType.Number);
    }

    private (Eval Fn, ExprType Type) Bind(Expr e, IScope scope, bool prev)
    {
        switch (e)
        {
            case NumberLit n:
                { var v = Value.Number(n.Value); return (_ => v, ExprType.Number); }
            case BoolLit b:
                { var v = Value.Bool(b.Value); return (_ => v, ExprType.Bool); }
            case StringLit s:
                { var v = Value.OfText(s.Value); return (_ => v, ExprType.AnyText); }
            case ListLit l:
                return Error(ErrorCodes.TypeMismatch, "a list can only stand on the right of 'in'", l.Pos);
            case Ident id:
                return BindIdent(id, scope, prev);
            case Unary u when u.Op == "not":
                {
                    var (f, t) = Bind(u.Operand, scope, prev);
                    if (t.Kind != TypeKind.Bool) return Error(ErrorCodes.TypeMismatch, $"'not' needs a condition, not {Describe(t)}", u.Pos);
                    return (ctx => { var v = f(ctx); return v.Kind == VKind.Bool ? Value.Bool(!v.AsBool) : v; }, ExprType.Bool);
                }
            case Unary u:
                {
                    var (f, t) = Bind(u.Operand, scope, prev);
                    if (t.Kind != TypeKind.Number) return Error(ErrorCodes.TypeMismatch, $"'-' needs a number, not {Describe(t)}", u.Pos);
                    return (ctx => { var v = f(ctx); return v.Kind == VKind.Number ? Value.Number(-v.Num) : v; }, ExprType.Number);
                }
            case Binary b:
                return BindBinary(b, scope, prev);
            case Call c:
                return BindCall(c, scope, prev);
        }
        return Error(ErrorCodes.Syntax, "unsupported expression", e.Pos);
    }

    private (Eval, ExprType) BindIdent(Ident id, IScope scope, bool prev)
    {
        var sym = scope.Resolve(id.Name);
        switch (sym)
        {
            case null:
                var hint = Suggest(id.Name, scope.Names);
                return Error(ErrorCodes.UnknownName, $"'{id.Name}' is not a declared field, subject attribute or indicator{hint}", id.Pos);
            case FieldSymbol f:
                {
                    var slot = f.Slot;
                    if (prev)
                    {
                        _target.PreviousFields.Add(f.Id);
                        return (ctx => ctx.Previous is { } p ? p[slot] : Value.Missing, f.Type);
                    }
                    _target.Fields.Add(f.Id);
                    return (ctx => ctx.Current[slot], f.Type);
                }
            case IndicatorSymbol ind:
                {
                    _target.Indicators.Add(ind.Id);
                    if (!prev)
                    {
                        var index = ind.Index;
                        return (ctx => ctx.Indicators[index], ind.Type);
                    }
                    // Last period's value of an indicator is its expression over last period's data.
                    if (_inlining.Contains(ind.Id))
                        return Error(ErrorCodes.Cycle, $"'{ind.Id}' depends on itself", id.Pos);
                    _inlining.Push(ind.Id);
                    var saved = _errors.Count;
                    var (fn, _) = Bind(ind.Ast, ind.Scope, prev: true);
                    _inlining.Pop();
                    if (_errors.Count > saved)
                    {
                        // Errors inside another indicator's text belong to that indicator; report one here.
                        _errors.RemoveRange(saved, _errors.Count - saved);
                        return Error(ErrorCodes.TypeMismatch, $"last period's value of '{ind.Id}' cannot be computed", id.Pos);
                    }
                    return (fn, ind.Type);
                }
            case SubjectSymbol s:
                {
                    _target.SubjectAttributes.Add(s.Name);
                    Eval fn = s.Name switch
                    {
                        "tier" => ctx => ctx.Subject.Tier,
                        "category" => ctx => ctx.Subject.Category,
                        "kind" => ctx => ctx.Subject.Kind,
                        "ownership" => ctx => ctx.Subject.Ownership,
                        "region" => ctx => ctx.Subject.Region,
                        "beds" => ctx => ctx.Subject.Beds,
                        "year" when prev => ctx => ctx.PreviousYear is { } y ? Value.Number(y) : Value.Missing,
                        "year" => ctx => Value.Number(ctx.Year),
                        _ => _ => Value.Missing,
                    };
                    return (fn, s.Type);
                }
            case LocalSymbol l:
                {
                    var slot = l.Slot;
                    return (ctx => ctx.Locals[slot], l.Type);
                }
        }
        return Error(ErrorCodes.UnknownName, $"'{id.Name}' cannot be used here", id.Pos);
    }

    internal static string Suggest(string name, IEnumerable<string> names)
    {
        string? best = null; var bestD = int.MaxValue;
        foreach (var n in names)
        {
            var d = Distance(name, n);
            if (d < bestD) { bestD = d; best = n; }
        }
        return best is not null && bestD <= Math.Max(2, name.Length / 4) ? $"; did you mean '{best}'?" : "";
    }

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 4) return int.MaxValue;
        var d = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) d[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var prevDiag = d[0]; d[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var tmp = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), prevDiag + (a[i - 1] == b[j - 1] ? 0 : 1));
                prevDiag = tmp;
            }
        }
        return d[b.Length];
    }

    /// <summary>
    /// Arithmetic, with its operands read in place when they are submitted fields of the current period or number
    /// literals (most ratios are field / field): the same values as the operands' own delegates give, one call
    /// instead of three.
    /// </summary>
    private static Eval BindArithmetic(Binary b, IScope scope, bool prev, Eval lf, Eval rf)
    {
        var op = b.Op;
        var ls = prev ? null : CurrentSlot(b.Left, scope);
        var rs = prev ? null : CurrentSlot(b.Right, scope);
        var rc = b.Right is NumberLit rn ? Value.Number(rn.Value) : (Value?)null;
        if (ls is { } a && rs is { } c)
            return op switch
            {
                "+" => ctx => Arith.Add(ctx.Current[a], ctx.Current[c]),
                "-" => ctx => Arith.Sub(ctx.Current[a], ctx.Current[c]),
                "*" => ctx => Arith.Mul(ctx.Current[a], ctx.Current[c]),
                _ => ctx => Arith.Div(ctx.Current[a], ctx.Current[c]),
            };
        if (rs is { } r)
            return op switch
            {
                "+" => ctx => Arith.Add(lf(ctx), ctx.Current[r]),
                "-" => ctx => Arith.Sub(lf(ctx), ctx.Current[r]),
                "*" => ctx => Arith.Mul(lf(ctx), ctx.Current[r]),
                _ => ctx => Arith.Div(lf(ctx), ctx.Current[r]),
            };
        if (rc is { } k)
            return op switch
            {
                "+" => ctx => Arith.Add(lf(ctx), k),
                "-" => ctx => Arith.Sub(lf(ctx), k),
                "*" => ctx => Arith.Mul(lf(ctx), k),
                _ => ctx => Arith.Div(lf(ctx), k),
            };
        return op switch
        {
            "+" => ctx => Arith.Add(lf(ctx), rf(ctx)),
            "-" => ctx => Arith.Sub(lf(ctx), rf(ctx)),
            "*" => ctx => Arith.Mul(lf(ctx), rf(ctx)),
            _ => ctx => Arith.Div(lf(ctx), rf(ctx)),
        };

        // The slot of a current-period field read by name (its slot was given out when the operand was bound).
        static int? CurrentSlot(Expr e, IScope scope) => e is Ident id && scope.Resolve(id.Name) is FieldSymbol f ? f.Slot : null;
    }

    private (Eval, ExprType) BindBinary(Binary b, IScope scope, bool prev)
    {
        if (b.Op == "in") return BindIn(b, scope, prev);
        var (lf, lt) = Bind(b.Left, scope, prev);
        var (rf, rt) = Bind(b.Right, scope, prev);
        switch (b.Op)
        {
            case "and" or "or":
                if (lt.Kind != TypeKind.Bool || rt.Kind != TypeKind.Bool)
                    return Error(ErrorCodes.TypeMismatch, $"'{b.Op}' joins conditions, not {Describe(lt.Kind != TypeKind.Bool ? lt : rt)}", b.Pos);
                return b.Op == "and" ? (ctx => And(lf(ctx), rf(ctx)), ExprType.Bool) : (ctx => Or(lf(ctx), rf(ctx)), ExprType.Bool);
            case "+" or "-" or "*" or "/":
                if (lt.Kind != TypeKind.Number || rt.Kind != TypeKind.Number)
                    return Error(ErrorCodes.TypeMismatch, $"'{b.Op}' needs numbers on both sides, not {Describe(lt.Kind != TypeKind.Number ? lt : rt)}", b.Pos);
                return (BindArithmetic(b, scope, prev, lf, rf), ExprType.Number);
            default:
                return BindComparison(b, lf, lt, rf, rt, scope, prev);
        }
    }

    private (Eval, ExprType) BindComparison(Binary b, Eval lf, ExprType lt, Eval rf, ExprType rt, IScope scope, bool prev)
    {
        var op = b.Op;
        // A text literal beside a level or a restricted text is checked and resolved now.
        if (lt.Kind == TypeKind.Level && rt.Kind == TypeKind.Text && b.Right is StringLit rs)
            return LevelLiteral(b, lf, lt, rs, op, swap: false);
        if (rt.Kind == TypeKind.Level && lt.Kind == TypeKind.Text && b.Left is StringLit ls)
            return LevelLiteral(b, rf, rt, ls, op, swap: true);
        if (lt.Kind == TypeKind.Text && rt.Kind == TypeKind.Text)
        {
            if (op is not ("==" or "!="))
                return Error(ErrorCodes.TypeMismatch, $"texts can only be compared with == or !=; '{op}' needs numbers or levels", b.Pos);
            CheckAllowed(lt, b.Right);
            CheckAllowed(rt, b.Left);
            var eq = op == "==";
            if (SubjectText(b.Left, scope) is { } attr && b.Right is StringLit lit) return (SubjectIs(attr, lit.Value, eq), ExprType.Bool);
            if (SubjectText(b.Right, scope) is { } attr2 && b.Left is StringLit lit2) return (SubjectIs(attr2, lit2.Value, eq), ExprType.Bool);
            return (ctx =>
            {
                var l = lf(ctx); var r = rf(ctx);
                if (l.IsAbsent) return l; if (r.IsAbsent) return r;
                return Value.Bool(string.Equals(l.Text, r.Text, StringComparison.Ordinal) == eq);
            }, ExprType.Bool);
        }
        if (lt.Kind != rt.Kind || (lt.Kind == TypeKind.Level && lt.Scale != rt.Scale))
            return Error(ErrorCodes.TypeMismatch, $"cannot compare {Describe(lt)} with {Describe(rt)}", b.Pos);
        if (lt.Kind == TypeKind.Bool && op is not ("==" or "!="))
            return Error(ErrorCodes.TypeMismatch, $"conditions can only be compared with == or !=", b.Pos);
        if (!prev && b.Left is Ident { Name: "year" } y && scope.Resolve(y.Name) is SubjectSymbol && b.Right is NumberLit n
            && YearAgainst(op, n.Value) is { } yearFn)
            return (yearFn, ExprType.Bool);
        var cmp = Arith.Comparer(op);
        return (ctx => cmp(lf(ctx), rf(ctx)), ExprType.Bool);
    }

    /// <summary>
    /// A text subject attribute (tier, category, kind, ownership, region) named by <paramref name="e"/>: its number for
    /// <see cref="SubjectValues.Get"/>; null for anything else.
    /// </summary>
    private static int? SubjectText(Expr e, IScope scope) =>
        e is Ident id && scope.Resolve(id.Name) is SubjectSymbol { Type.Kind: TypeKind.Text } s ? SubjectValues.Number(s.Name) : null;

    /// <summary>
    /// <c>attribute == 'literal'</c> (or <c>!=</c>) in one step: what the general text comparison gives (an absent
    /// attribute is itself; otherwise whether the texts are equal), without evaluating two operands through delegates.
    /// </summary>
    private static Eval SubjectIs(int attr, string literal, bool eq) => ctx =>
    {
        var v = ctx.Subject.Get(attr);
        return v.IsAbsent ? v : Value.Bool(string.Equals(v.Text, literal, StringComparison.Ordinal) == eq);
    };

    /// <summary>
    /// <c>year op N</c> for a whole number N that fits an int: the assessment year compared as an integer, as the general
    /// comparison of the two decimals decides (the year is never absent). Null for any other literal.
    /// </summary>
    private static Eval? YearAgainst(string op, decimal literal)
    {
        if (literal != decimal.Truncate(literal) || literal < int.MinValue || literal > int.MaxValue) return null;
        var k = (int)literal;
        return op switch
        {
            "==" => ctx => Value.Bool(ctx.Year == k),
            "!=" => ctx => Value.Bool(ctx.Year != k),
            "<" => ctx => Value.Bool(ctx.Year < k),
            "<=" => ctx => Value.Bool(ctx.Year <= k),
            ">" => ctx => Value.Bool(ctx.Year > k),
            ">=" => ctx => Value.Bool(ctx.Year >= k),
            _ => null,
        };
    }

    private (Eval, ExprType) LevelLiteral(Binary b, Eval levelFn, ExprType lt, StringLit lit, string op, bool swap)
    {
        var rank = lt.Scale!.RankOf(lit.Value);
        if (rank < 0)
            return Error(ErrorCodes.UnknownLevel, $"'{lit.Value}' is not a level of {lt.Scale.Id} ({string.Join(" < ", lt.Scale.Levels)})", lit.Pos);
        var constant = Value.Level(rank, lit.Value);
        var cmp = Arith.Comparer(op);
        if (swap) return (ctx => cmp(constant, levelFn(ctx)), ExprType.Bool);
        return (ctx => cmp(levelFn(ctx), constant), ExprType.Bool);
    }

    private void CheckAllowed(ExprType t, Expr other)
    {
        if (t.Allowed is { } allowed && other is StringLit s && !allowed.Contains(s.Value))
            _errors.Add(new CompileError(ErrorCodes.UnknownLevel, $"'{s.Value}' is not one of {string.Join(", ", allowed)}", s.Pos));
    }

    private (Eval, ExprType) BindIn(Binary b, IScope scope, bool prev)
    {
        var (lf, lt) = Bind(b.Left, scope, prev);
        if (b.Right is not ListLit list)
            return Error(ErrorCodes.TypeMismatch, "'in' needs a list of literals on its right, like ['tertiary', 'secondary']", b.Right.Pos);
        var items = new List<Value>();
        foreach (var item in list.Items)
        {
            switch (item)
            {
                case StringLit s when lt.Kind == TypeKind.Level:
                    var rank = lt.Scale!.RankOf(s.Value);
                    if (rank < 0) return Error(ErrorCodes.UnknownLevel, $"'{s.Value}' is not a level of {lt.Scale.Id}", s.Pos);
                    items.Add(Value.Level(rank, s.Value));
                    break;
                case StringLit s when lt.Kind == TypeKind.Text:
                    CheckAllowed(lt, s);
                    items.Add(Value.OfText(s.Value));
                    break;
                case NumberLit n when lt.Kind == TypeKind.Number:
                    items.Add(Value.Number(n.Value));
                    break;
                default:
                    return Error(ErrorCodes.TypeMismatch, $"the list after 'in' must hold literals of the same type as {Describe(lt)}", item.Pos);
            }
        }
        var arr = items.ToArray();
        return (ctx =>
        {
            var v = lf(ctx);
            if (v.IsAbsent) return v;
            foreach (var x in arr) if (x.Num == v.Num && string.Equals(x.Text, v.Text, StringComparison.Ordinal)) return Value.True;
            return Value.False;
        }, ExprType.Bool);
    }

    private (Eval, ExprType) BindCall(Call c, IScope scope, bool prev)
    {
        // Names and argument counts come from the table of functions (Expressions/Functions.cs); each is bound below.
        if (ExpressionFunctions.Find(c.Name) is not { } def)
            return Error(ErrorCodes.UnknownFunction, $"'{c.Name}' is not a function; the functions are {string.Join(", ", ExpressionFunctions.Names)}{Suggest(c.Name, ExpressionFunctions.Names)}", c.Pos);
        bool Arity()
        {
            var (min, max) = (def.MinArgs, def.MaxArgs);
            if (c.Args.Count >= min && c.Args.Count <= max) return true;
            var want = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            _errors.Add(new CompileError(ErrorCodes.Arity, $"{c.Name}() takes {want} argument{(max == 1 ? "" : "s")}, not {c.Args.Count}", c.Pos));
            return false;
        }
        switch (c.Name)
        {
            case "if":
                {
                    if (!Arity()) return (_ => Value.Missing, ExprType.Number);
                    var (cf, ct) = Bind(c.Args[0], scope, prev);
                    var (af, at) = Bind(c.Args[1], scope, prev);
                    var (bf, bt) = Bind(c.Args[2], scope, prev);
                    if (ct.Kind != TypeKind.Bool) return Error(ErrorCodes.TypeMismatch, $"if() needs a condition first, not {Describe(ct)}", c.Args[0].Pos);
                    if (at.Kind != bt.Kind) return Error(ErrorCodes.TypeMismatch, $"if() branches give {Describe(at)} and {Describe(bt)}; they must agree", c.Pos);
                    return (ctx => { var v = cf(ctx); return v.IsAbsent ? v : v.AsBool ? af(ctx) : bf(ctx); }, at);
                }
            case "min" or "max":
                {
                    if (!Arity()) return (_ => Value.Missing, ExprType.Number);
                    var fns = new Eval[c.Args.Count];
                    for (var i = 0; i < fns.Length; i++)
                    {
                        var (f, t) = Bind(c.Args[i], scope, prev);
                        if (t.Kind != TypeKind.Number) return Error(ErrorCodes.TypeMismatch, $"{c.Name}() needs numbers, not {Describe(t)}", c.Args[i].Pos);
                        fns[i] = f;
                    }
                    var isMin = c.Name == "min";
                    return (ctx =>
                    {
                        // Every argument is looked at so a missing input wins over an undefined one wherever it stands.
                        var acc = Value.Missing;
                        var absent = VKind.Number;
                        for (var i = 0; i < fns.Length; i++)
                        {
                            var v = fns[i](ctx);
                            if (v.IsAbsent) { if (v.Kind == VKind.Missing || absent != VKind.Missing) absent = v.Kind; continue; }
                            if (acc.Kind == VKind.Missing || (isMin ? v.Num < acc.Num : v.Num > acc.Num)) acc = v;
                        }
                        return absent == VKind.Missing ? Value.Missing : absent == VKind.Undefined ? Value.Undefined : acc;
                    }, ExprType.Number);
                }
            case "abs":
                {
                    if (!Arity()) return (_ => Value.Missing, ExprType.Number);
                    var (f, t) = Bind(c.Args[0], scope, prev);
                    if (t.Kind != TypeKind.Number) return Error(ErrorCodes.TypeMismatch, $"abs() needs a number, not {Describe(t)}", c.Args[0].Pos);
                    return (ctx => { var v = f(ctx); return v.Kind == VKind.Number ? Value.Number(Math.Abs(v.Num)) : v; }, ExprType.Number);
                }
            case "round":
                {
                    if (!Arity()) return (_ => Value.Missing, ExprType.Number);
                    var (f, t) = Bind(c.Args[0], scope, prev);
                    if (t.Kind != TypeKind.Number) return Error(ErrorCodes.TypeMismatch, $"round() needs a number, not {Describe(t)}", c.Args[0].Pos);
                    var digits = 0;
                    if (c.Args.Count == 2)
                    {
                        if (c.Args[1] is not NumberLit { IsPercent: false } d || d.Value != decimal.Truncate(d.Value) || d.Value < 0 || d.Value > 10)
                            return Error(ErrorCodes.TypeMismatch, "round()'s second argument is a whole number of decimal places from 0 to 10", c.Args[1].Pos);
                        digits = (int)((NumberLit)c.Args[1]).Value;
                    }
                    return (ctx => { var v = f(ctx); return v.Kind == VKind.Number ? Value.Number(Math.Round(v.Num, digits, MidpointRounding.AwayFromZero)) : v; }, ExprType.Number);
                }
            case "coalesce":
                {
                    if (!Arity()) return (_ => Value.Missing, ExprType.Number);
                    var fns = new Eval[c.Args.Count];
                    ExprType? type = null;
                    for (var i = 0; i < fns.Length; i++)
                    {
                        var (f, t) = Bind(c.Args[i], scope, prev);
                        if (type is not null && t.Kind != type.Kind) return Error(ErrorCodes.TypeMismatch, $"coalesce() arguments must agree: {Describe(type)} and {Describe(t)}", c.Args[i].Pos);
                        type ??= t;
                        fns[i] = f;
                    }
                    return (ctx =>
                    {
                        var sawMissing = false;
                        foreach (var f in fns)
                        {
                            var v = f(ctx);
                            if (!v.IsAbsent) return v;
                            sawMissing |= v.Kind == VKind.Missing;
                        }
                        return sawMissing ? Value.Missing : Value.Undefined;
                    }, type!);
                }
            case "present":
                {
                    if (!Arity()) return (_ => Value.Missing, ExprType.Bool);
                    var (f, _) = Bind(c.Args[0], scope, prev);
                    return (ctx => Value.Bool(!f(ctx).IsAbsent), ExprType.Bool);
                }
            case "prev" or "growth":
                {
                    if (!Arity()) return (_ => Value.Missing, ExprType.Number);
                    if (prev) return Error(ErrorCodes.TypeMismatch, $"{c.Name}() cannot stand inside prev() or growth()", c.Pos);
                    var (pf, pt) = Bind(c.Args[0], scope, prev: true);
                    if (c.Name == "prev") return (pf, pt);
                    if (pt.Kind != TypeKind.Number) return Error(ErrorCodes.TypeMismatch, $"growth() needs a number, not {Describe(pt)}", c.Args[0].Pos);
                    var (cf, _) = Bind(c.Args[0], scope, prev: false);
                    return (ctx =>
                    {
                        var now = cf(ctx);
                        var before = pf(ctx);
                        return Arith.Div(Arith.Sub(now, before), before);
                    }, ExprType.Number);
                }
        }
        throw new InvalidOperationException($"function '{c.Name}' is in the table of functions but has no binding");
    }

    private static Value And(Value l, Value r)
    {
        // Three-valued: false wins over absent; among absent values missing wins over undefined.
        if (l.Kind == VKind.Bool && !l.AsBool) return Value.False;
        if (r.Kind == VKind.Bool && !r.AsBool) return Value.False;
        return Absent(l, r) ?? Value.True;
    }

    private static Value Or(Value l, Value r)
    {
        if (l.Kind == VKind.Bool && l.AsBool) return Value.True;
        if (r.Kind == VKind.Bool && r.AsBool) return Value.True;
        return Absent(l, r) ?? Value.False;
    }

    private static Value? Absent(Value l, Value r) =>
        l.Kind == VKind.Missing || r.Kind == VKind.Missing ? Value.Missing
        : l.Kind == VKind.Undefined || r.Kind == VKind.Undefined ? Value.Undefined : null;
}

/// <summary>Exact decimal arithmetic; overflow and division by zero give Undefined, never an exception.</summary>
internal static class Arith
{
    public static Value Add(in Value a, in Value b)
    {
        if (Absent(a, b, out var x)) return x;
        try { return Value.Number(a.Num + b.Num); } catch (OverflowException) { return Value.Undefined; }
    }

    public static Value Sub(in Value a, in Value b)
    {
        if (Absent(a, b, out var x)) return x;
        try { return Value.Number(a.Num - b.Num); } catch (OverflowException) { return Value.Undefined; }
    }

    public static Value Mul(in Value a, in Value b)
    {
        if (Absent(a, b, out var x)) return x;
        try { return Value.Number(a.Num * b.Num); } catch (OverflowException) { return Value.Undefined; }
    }

    public static Value Div(in Value a, in Value b)
    {
        if (Absent(a, b, out var x)) return x;
        if (b.Num == 0) return Value.Undefined;
        try { return Value.Number(a.Num / b.Num); } catch (OverflowException) { return Value.Undefined; }
    }

    public static Value Compare(string op, Value a, Value b)
    {
        if (Absent(a, b, out var x)) return x;
        if (a.Kind == VKind.Text || b.Kind == VKind.Text)
        {
            var eq = string.Equals(a.Text, b.Text, StringComparison.Ordinal);
            return op switch { "==" => Value.Bool(eq), "!=" => Value.Bool(!eq), _ => Value.Undefined };
        }
        var c = a.Num.CompareTo(b.Num);
        return op switch
        {
            "==" => Value.Bool(c == 0),
            "!=" => Value.Bool(c != 0),
            "<" => Value.Bool(c < 0),
            "<=" => Value.Bool(c <= 0),
            ">" => Value.Bool(c > 0),
            ">=" => Value.Bool(c >= 0),
            _ => Value.Undefined,
        };
    }

    /// <summary>
    /// The comparison for an operator, chosen once when the expression is compiled, so evaluating it switches on no
    /// operator text. Same results as <see cref="Compare"/>.
    /// </summary>
    public static Func<Value, Value, Value> Comparer(string op) => op switch
    {
        "==" => static (a, b) => Absent(a, b, out var x) ? x : Value.Bool(Same(a, b)),
        "!=" => static (a, b) => Absent(a, b, out var x) ? x : Value.Bool(!Same(a, b)),
        "<" => static (a, b) => Absent(a, b, out var x) ? x : IsText(a, b) ? Value.Undefined : Value.Bool(a.Num < b.Num),
        "<=" => static (a, b) => Absent(a, b, out var x) ? x : IsText(a, b) ? Value.Undefined : Value.Bool(a.Num <= b.Num),
        ">" => static (a, b) => Absent(a, b, out var x) ? x : IsText(a, b) ? Value.Undefined : Value.Bool(a.Num > b.Num),
        ">=" => static (a, b) => Absent(a, b, out var x) ? x : IsText(a, b) ? Value.Undefined : Value.Bool(a.Num >= b.Num),
        _ => static (a, b) => Absent(a, b, out var x) ? x : Value.Undefined,
    };

    private static bool IsText(Value a, Value b) => a.Kind == VKind.Text || b.Kind == VKind.Text;

    private static bool Same(Value a, Value b) =>
        IsText(a, b) ? string.Equals(a.Text, b.Text, StringComparison.Ordinal) : a.Num == b.Num;

    /// <summary>Missing wins over Undefined: an absent input is the first thing to fix.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool Absent(in Value a, in Value b, out Value result)
    {
        if (a.Kind == VKind.Missing || b.Kind == VKind.Missing) { result = Value.Missing; return true; }
        if (a.Kind == VKind.Undefined || b.Kind == VKind.Undefined) { result = Value.Undefined; return true; }
        result = default;
        return false;
    }
}

internal static class ErrorCodes
{
    public const string Syntax = "AS3001";
    public const string UnknownName = "AS3002";
    public const string TypeMismatch = "AS3003";
    public const string Cycle = "AS3004";
    public const string UnknownFunction = "AS3005";
    public const string Arity = "AS3006";
    public const string UnknownLevel = "AS3007";
}
