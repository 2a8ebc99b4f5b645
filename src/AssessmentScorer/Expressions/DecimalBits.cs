using System.Runtime.CompilerServices;

namespace AssessmentScorer.Expressions;

/// <summary>
/// Tests on a decimal's bits, without decimal arithmetic. A decimal is its flags (sign and scale) and the high 32 bits
/// of its 96-bit whole number, then the low 64.
/// </summary>
internal static class DecimalBits
{
    /// <summary>The same decimal to the bit: value, sign and scale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Identical(decimal a, decimal b)
    {
        ref var x = ref Unsafe.As<decimal, ulong>(ref a);
        ref var y = ref Unsafe.As<decimal, ulong>(ref b);
        return x == y && Unsafe.Add(ref x, 1) == Unsafe.Add(ref y, 1);
    }

    /// <summary>Whether both have the same sign and scale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SameFlags(decimal a, decimal b) => Unsafe.As<decimal, uint>(ref a) == Unsafe.As<decimal, uint>(ref b);

    /// <summary>Whether a decimal is zero (its 96-bit whole number is), whatever its sign and scale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsZero(decimal d)
    {
        ref var x = ref Unsafe.As<decimal, ulong>(ref d);
        return (x >> 32) == 0 && Unsafe.Add(ref x, 1) == 0;
    }
}
