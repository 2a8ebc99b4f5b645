using System.Globalization;

namespace AssessmentScorer.Expressions;

internal enum VKind : byte { Missing, Undefined, Number, Bool, Text, Level }

/// <summary>
/// A runtime value. Missing (an input is absent) and Undefined (division by zero, overflow) are
/// values, not exceptions, so they flow through an expression and are reported at the end.
/// A level keeps its rank in <see cref="Num"/> and its name in <see cref="Text"/>.
/// </summary>
internal readonly struct Value : IEquatable<Value>
{
    public readonly VKind Kind;
    public readonly decimal Num;
    public readonly string? Text;

    private Value(VKind kind, decimal num, string? text) { Kind = kind; Num = num; Text = text; }

    public static readonly Value Missing = new(VKind.Missing, 0, null);
    public static readonly Value Undefined = new(VKind.Undefined, 0, null);
    public static readonly Value True = new(VKind.Bool, 1, null);
    public static readonly Value False = new(VKind.Bool, 0, null);
    public static Value Number(decimal d) => new(VKind.Number, d, null);
    public static Value Bool(bool b) => b ? True : False;
    public static Value OfText(string s) => new(VKind.Text, 0, s);
    public static Value Level(int rank, string name) => new(VKind.Level, rank, name);
    /// <summary>A value from its parts, as another value gave them (a compact store keeps them apart).</summary>
    public static Value Of(VKind kind, decimal num, string? text) => new(kind, num, text);

    public bool IsAbsent => Kind is VKind.Missing or VKind.Undefined;
    /// <summary>Whether the number is not zero: its bits, not a decimal comparison (true and false are 1 and 0).</summary>
    public bool AsBool => !DecimalBits.IsZero(Num);

    public bool Equals(Value other) => Kind == other.Kind && Num == other.Num && string.Equals(Text, other.Text, StringComparison.Ordinal);
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Kind, Num, Text);

    public override string ToString() => Kind switch
    {
        VKind.Missing => "missing",
        VKind.Undefined => "undefined",
        VKind.Number => Num.ToString(CultureInfo.InvariantCulture),
        VKind.Bool => AsBool ? "true" : "false",
        VKind.Text => Text!,
        VKind.Level => Text!,
        _ => "?",
    };
}

/// <summary>Decimal arithmetic that saturates instead of overflowing, for comparisons.</summary>
internal static class Dec
{
    /// <summary>a − b, or the largest (smallest) decimal where the difference is beyond the range: for comparisons only.</summary>
    public static decimal SaturatingSub(decimal a, decimal b)
    {
        if (b < 0 && a > decimal.MaxValue + b) return decimal.MaxValue;
        if (b > 0 && a < decimal.MinValue + b) return decimal.MinValue;
        return a - b;
    }

    /// <summary>a + b, or the largest (smallest) decimal where the sum is beyond the range: for comparisons only.</summary>
    public static decimal SaturatingAdd(decimal a, decimal b)
    {
        if (b > 0 && a > decimal.MaxValue - b) return decimal.MaxValue;
        if (b < 0 && a < decimal.MinValue - b) return decimal.MinValue;
        return a + b;
    }
}

internal enum TypeKind : byte { Number, Bool, Text, Level, List }

/// <summary>A static type: a level type carries its scale, a text type may carry its allowed values.</summary>
internal sealed record ExprType(TypeKind Kind, Scale? Scale = null, IReadOnlyList<string>? Allowed = null)
{
    public static readonly ExprType Number = new(TypeKind.Number);
    public static readonly ExprType Bool = new(TypeKind.Bool);
    public static readonly ExprType AnyText = new(TypeKind.Text);
    public override string ToString() => Kind switch
    {
        TypeKind.Number => "number",
        TypeKind.Bool => "true/false",
        TypeKind.Text => "text",
        TypeKind.Level => $"level of {Scale!.Id}",
        _ => "list",
    };
}

/// <summary>An ordinal scale: level names in ascending order of merit.</summary>
internal sealed record Scale(string Id, IReadOnlyList<string> Levels)
{
    public int RankOf(string name)
    {
        for (var i = 0; i < Levels.Count; i++) if (Levels[i] == name) return i;
        return -1;
    }
}
