namespace AssessmentScorer.Expressions;

internal abstract record Symbol(ExprType Type);
internal sealed record FieldSymbol(int Slot, string Id, ExprType Type) : Symbol(Type);
internal sealed record IndicatorSymbol(int Index, string Id, ExprType Type, Expr Ast, IScope Scope) : Symbol(Type);
internal sealed record SubjectSymbol(string Name, ExprType Type) : Symbol(Type);
internal sealed record LocalSymbol(int Slot, string Name, ExprType Type) : Symbol(Type);

/// <summary>Resolves names for one kind of expression (indicator value, target, veto, pass condition…).</summary>
internal interface IScope
{
    Symbol? Resolve(string name);
    /// <summary>Names in scope, for "did you mean" hints.</summary>
    IEnumerable<string> Names { get; }
}
