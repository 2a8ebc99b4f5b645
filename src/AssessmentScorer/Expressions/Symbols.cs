namespace AssessmentScorer.Expressions;

internal abstract record Symbol(ExprType Type);
internal sealed record FieldSymbol(int Slot, string Id, ExprType Type) : Symbol(Type)
{
    private readonly SlotCell? _cell;
    private readonly int _slot = Slot;

    /// <summary>A field whose slot is given out the first time an expression reads it (see <see cref="SlotCell"/>).</summary>
    public FieldSymbol(SlotCell cell, string id, ExprType type) : this(-1, id, type) => _cell = cell;

    public int Slot { get => _cell?.Take() ?? _slot; init => _slot = value; }
}

/// <summary>
/// Hands out value slots in the order expressions first read fields, so the fields a rule set reads take slots
/// 0..n-1 and a subject's value array needs n entries, not one per data-dictionary field.
/// </summary>
internal sealed class SlotCell(SlotAllocator allocator)
{
    private int _slot = -1;
    public int Take() => _slot >= 0 ? _slot : _slot = allocator.Next++;
}

internal sealed class SlotAllocator
{
    public int Next;
}
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
