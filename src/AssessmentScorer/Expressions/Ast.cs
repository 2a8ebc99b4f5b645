namespace AssessmentScorer.Expressions;

/// <summary>Expression syntax tree. <c>Pos</c> is the 0-based offset in the expression text.</summary>
internal abstract record Expr(int Pos);
internal sealed record NumberLit(int Pos, decimal Value, bool IsPercent) : Expr(Pos);
internal sealed record StringLit(int Pos, string Value) : Expr(Pos);
internal sealed record BoolLit(int Pos, bool Value) : Expr(Pos);
internal sealed record Ident(int Pos, string Name) : Expr(Pos);
internal sealed record Unary(int Pos, string Op, Expr Operand) : Expr(Pos);
internal sealed record Binary(int Pos, string Op, Expr Left, Expr Right) : Expr(Pos);
internal sealed record Call(int Pos, string Name, IReadOnlyList<Expr> Args) : Expr(Pos);
internal sealed record ListLit(int Pos, IReadOnlyList<Expr> Items) : Expr(Pos);

/// <summary>A parse failure: message and 0-based offset.</summary>
internal sealed record ParseError(string Message, int Pos);

internal static class ExprPrinter
{
    /// <summary>Fully parenthesised text, used by tests and canonical forms.</summary>
    public static string Print(Expr e) => e switch
    {
        NumberLit n => n.IsPercent ? (n.Value * 100).ToString(System.Globalization.CultureInfo.InvariantCulture) + "%" : n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        StringLit s => "'" + s.Value.Replace("'", "''") + "'",
        BoolLit b => b.Value ? "true" : "false",
        Ident i => i.Name,
        Unary u => u.Op == "not" ? $"(not {Print(u.Operand)})" : $"({u.Op}{Print(u.Operand)})",
        Binary b => $"({Print(b.Left)} {b.Op} {Print(b.Right)})",
        Call c => $"{c.Name}({string.Join(", ", c.Args.Select(Print))})",
        ListLit l => $"[{string.Join(", ", l.Items.Select(Print))}]",
        _ => "?",
    };
}
