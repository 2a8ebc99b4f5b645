using System.Globalization;
using AssessmentScorer.Expressions;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Results;

/// <summary>Culture-independent number and target formatting for explanations and reports.</summary>
internal static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Removes trailing zeros (0.4300 → 0.43) so equal values print alike: the decimal <c>d / 1.000…</c> gives, made
    /// without the division (the mantissa's trailing zeros divided out as an integer). Zero goes through the division
    /// (its sign and scale are the division's).
    /// </summary>
    public static decimal Normalize(decimal d)
    {
        if (d.Scale == 0) return d;
        if (d == 0m) return d / 1.000000000000000000000000000000000m;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(d, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        int scale = d.Scale, stripped = scale;
        while (stripped > 0 && mantissa % 10 == 0) { mantissa /= 10; stripped--; }
        if (stripped == scale) return d;
        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), decimal.IsNegative(d), (byte)stripped);
    }

    public static string Plain(decimal d) => Normalize(d).ToString(Inv);

    /// <summary>A share as a percentage to at most two places: 0.5 → 50%, 0.030303 → 3.03%.</summary>
    public static string Percent(decimal share) => Plain(Math.Round(share * 100, 2, MidpointRounding.AwayFromZero)) + "%";

    public static string Points(decimal d) =>
        d >= 0 && d <= MaxCached && d == decimal.Truncate(d) && !decimal.IsNegative(d) ? Whole[(int)d]
            : Normalize(Math.Round(d, 2, MidpointRounding.AwayFromZero)).ToString(Inv);

    /// <summary>"points/max" (12.5/25), the figure every explanation ends with; whole points come from a table made once.</summary>
    public static string PointsOf(decimal points, decimal max)
    {
        if (points >= 0 && points <= MaxCached && max >= 0 && max <= MaxCached && points == decimal.Truncate(points) && max == decimal.Truncate(max)
            && !decimal.IsNegative(points) && !decimal.IsNegative(max))
        {
            var (p, m) = ((int)points, (int)max);
            return PairCache[p, m] ??= string.Concat(Whole[p], "/", Whole[m]);
        }
        return string.Concat(Points(points), "/", Points(max));
    }

    // Whole points as text (indicators carry whole points up to 100 almost always): formatting a decimal costs more
    // than the rest of the sentence. The pairs are filled as met; two threads at once at worst make the same string twice.
    private const int MaxCached = 100;
    private static readonly string[] Whole = Enumerable.Range(0, MaxCached + 1).Select(i => i.ToString(Inv)).ToArray();
    private static readonly string?[,] PairCache = new string?[MaxCached + 1, MaxCached + 1];

    /// <summary>A measured value: percent with two decimals, whole numbers as they are, others to four significant places.</summary>
    public static string Value(Value v, Display display) => v.Kind switch
    {
        VKind.Missing => "—",
        VKind.Undefined => "undefined",
        VKind.Bool => YesNo(v.AsBool),
        VKind.Text or VKind.Level => v.Text!,
        _ => Number(v.Num, display),
    };

    public static string Number(decimal d, Display display)
    {
        // Beyond ±7.9e26 a percentage cannot be formed exactly; show the fraction as it is.
        if (display == Display.Percent && PercentFits(d))
            return TwoPlaces(Math.Round(d * 100, 2, MidpointRounding.AwayFromZero), percent: true);
        if (d == decimal.Truncate(d))
            return !decimal.IsNegative(d) && d < SmallEnough ? ((long)d).ToString(Inv) : d.ToString("0", Inv);
        return TwoPlaces(Math.Round(d, 2, MidpointRounding.AwayFromZero), percent: false);
    }

    /// <summary>
    /// Whether <paramref name="d"/> is within ±7.9e26, where a percentage can be formed exactly: at once for three or more
    /// decimal places (at most 7.93e25), by comparison otherwise (a comparison of decimals of different scales costs more
    /// than the rest of a number's formatting).
    /// </summary>
    internal static bool PercentFits(decimal d) => d.Scale >= 3 || Math.Abs(d) < 7.9e26m;

    /// <summary>Below this, a value's whole part fits a <see cref="long"/> with room to spare (hundredths included).</summary>
    private const decimal SmallEnough = 1_000_000_000_000_000m;

    /// <summary>A number already rounded to two places, as the format "0.00" shows it (and a % sign).</summary>
    private static string TwoPlaces(decimal rounded, bool percent)
    {
        Span<char> buf = stackalloc char[24];
        if (TryTwoPlaces(rounded, percent, buf, out var n)) return new string(buf[..n]);
        return percent ? string.Create(Inv, $"{rounded:0.00}%") : rounded.ToString("0.00", Inv);
    }

    /// <summary>
    /// <see cref="TwoPlaces"/> into <paramref name="buf"/> (at least 24 characters; 25 for a value below zero) for values
    /// within ±10^15 but −0 (nearly all): written from their hundredths as a whole number, without the general decimal formatter. False for others.
    /// </summary>
    private static bool TryTwoPlaces(decimal rounded, bool percent, Span<char> buf, out int n)
    {
        // The decimal's own parts (mantissa, scale, sign) rather than decimal arithmetic and comparisons, which cost more
        // than the rest: the value is mantissa / 10^scale, the scale at most 2 after rounding to two places.
        n = 0;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(rounded, bits);
        int scale = bits[3] >> 16 & 0xFF, sign = bits[3] < 0 ? 1 : 0;
        var mantissa = (ulong)(uint)bits[1] << 32 | (uint)bits[0];
        // Within ±10^15 (10^17 hundredths, 2^64 beyond by far); below zero (not −0, left to the general formatter) with room for the sign.
        if (bits[2] != 0 || scale > 2 || mantissa >= HundredthsBound || sign == 1 && (mantissa == 0 || buf.Length < 25)) return false;
        var hundredths = scale switch { 2 => mantissa, 1 => mantissa * 10, _ => mantissa * 100 };
        if (hundredths >= HundredthsBound) return false;
        if (sign == 1) buf[0] = '-';
        (hundredths / 100).TryFormat(buf[sign..], out n, default, Inv);
        n += sign;
        var frac = (int)(hundredths % 100);
        buf[n++] = '.';
        buf[n++] = (char)('0' + frac / 10);
        buf[n++] = (char)('0' + frac % 10);
        if (percent) buf[n++] = '%';
        return true;
    }

    /// <summary><see cref="SmallEnough"/> in hundredths.</summary>
    private const ulong HundredthsBound = 100_000_000_000_000_000UL;

    /// <summary>
    /// <see cref="Number"/> written into <paramref name="buf"/> (at least 25 characters) when it takes the usual path (a
    /// value within ±10^15, but −0); false otherwise, and then <see cref="Number"/> gives the text.
    /// </summary>
    private static bool TryNumber(decimal d, Display display, Span<char> buf, out int n)
    {
        if (display == Display.Percent && PercentFits(d))
            return TryTwoPlaces(Math.Round(d * 100, 2, MidpointRounding.AwayFromZero), percent: true, buf, out n);
        if (d == decimal.Truncate(d))
        {
            n = 0;
            // A whole number below zero (not −0) as "0" writes it: the sign, then its magnitude.
            return !decimal.IsNegative(d) ? d < SmallEnough && ((long)d).TryFormat(buf, out n, default, Inv)
                : d < 0 && d > -SmallEnough && ((long)d).TryFormat(buf, out n, default, Inv);
        }
        return TryTwoPlaces(Math.Round(d, 2, MidpointRounding.AwayFromZero), percent: false, buf, out n);
    }

    /// <summary>
    /// The text <see cref="Value(Expressions.Value, Display, bool)"/> gives, written into <paramref name="buf"/> (at least
    /// 32 characters) when it is a number, so that a sentence can take it without a string of its own.
    /// </summary>
    public static ReadOnlySpan<char> Value(Value v, Display display, bool exact, Span<char> buf) =>
        v.Kind == VKind.Number && (exact ? TryExact(v.Num, display, buf, out var n) : TryNumber(v.Num, display, buf, out n)) ? buf[..n] : Value(v, display, exact);

    /// <summary><see cref="Exact"/> written into <paramref name="buf"/>; false (then <see cref="Exact"/> gives the text) when it does not fit.</summary>
    private static bool TryExact(decimal d, Display display, Span<char> buf, out int n)
    {
        if (display != Display.Percent || !PercentFits(d)) return Normalize(d).TryFormat(buf, out n, default, Inv);
        if (!Normalize(d * 100).TryFormat(buf, out n, default, Inv) || n >= buf.Length) return false;
        buf[n++] = '%';
        return true;
    }

    /// <summary>A change as a signed percentage (+3.50%, −: as <see cref="Number"/> writes it), into <paramref name="buf"/> (at least 25 characters).</summary>
    public static ReadOnlySpan<char> SignedPercent(decimal change, Span<char> buf)
    {
        if (change < 0) return TryNumber(change, Display.Percent, buf, out var m) ? buf[..m] : Number(change, Display.Percent);
        buf[0] = '+';
        if (TryNumber(change, Display.Percent, buf[1..], out var n)) return buf[..(n + 1)];
        return string.Concat("+", Number(change, Display.Percent));
    }

    /// <summary>The number <see cref="Number"/> shows, as a value in the same units (0.09999 shown as 10.00% is 0.1).</summary>
    public static decimal Shown(decimal d, Display display)
    {
        if (display == Display.Percent && Math.Abs(d) < 7.9e26m) return Math.Round(d * 100, 2, MidpointRounding.AwayFromZero) / 100;
        return d == decimal.Truncate(d) ? d : Math.Round(d, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>A value in full, for when rounding it would seem to contradict its verdict: 9.999%, 4.599%, 1.1999.</summary>
    public static string Exact(decimal d, Display display) =>
        display == Display.Percent && PercentFits(d) ? Plain(d * 100) + "%" : Plain(d);

    /// <summary>A measured value, in full when <paramref name="exact"/> (see <see cref="Exact"/>), otherwise as <see cref="Value(Expressions.Value, Display)"/>.</summary>
    public static string Value(Value v, Display display, bool exact) =>
        exact && v.Kind == VKind.Number ? Exact(v.Num, display) : Value(v, display);

    /// <summary>A target bound as written: 40%, 1.3, 四级甲等 (no padding zeros).</summary>
    /// <summary>A yes/no value as people read it: 是 or 否 (the JSON value itself stays true or false).</summary>
    public static string YesNo(bool b) => b ? "是" : "否";

    public static string BoundText(Value v, bool percent) => v.Kind switch
    {
        VKind.Number when percent && Math.Abs(v.Num) < 7.9e26m => Plain(Math.Round(v.Num * 100, 4, MidpointRounding.AwayFromZero)) + "%",
        VKind.Number => Plain(Math.Round(v.Num, 4, MidpointRounding.AwayFromZero)),
        VKind.Bool => YesNo(v.AsBool),
        _ => v.ToString(),
    };

    public static string OpSymbol(string op) => op switch
    {
        "at_least" => "≥",
        "at_most" => "≤",
        "greater_than" => ">",
        "less_than" => "<",
        "equals" => "=",
        _ => op,
    };
}
