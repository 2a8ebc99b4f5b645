namespace AssessmentScorer.Scoring;

/// <summary>
/// Decimals sorted best first (descending when higher is better, ascending otherwise), with each one's double beside it,
/// for counting how many are better than a value: the binary search compares the doubles and falls back to the decimals
/// only where the two doubles lie within a trillionth of each other. The count is exactly the one decimal comparisons
/// give: a decimal's double is within a few units of its last place (about 10^-15 relative), so two doubles more than
/// 10^-12 × |x| apart are in the order of their decimals (the proof is in <see cref="Compare"/>).
/// </summary>
internal sealed class SortedDecimals
{
    private readonly decimal[] _values;
    private readonly double[] _keys;

    public SortedDecimals(decimal[] sortedValues)
    {
        _values = sortedValues;
        _keys = new double[sortedValues.Length];
        for (var i = 0; i < sortedValues.Length; i++) _keys[i] = (double)sortedValues[i];
    }

    public int Count => _values.Length;

    /// <summary>How many are better than <paramref name="x"/> (strictly, or better or equal).</summary>
    public int Prefix(decimal x, bool higher, bool strict)
    {
        var xd = (double)x;
        var margin = Math.Abs(xd) * 1e-12;
        int lo = 0, hi = _values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = Compare(_values[mid], _keys[mid], x, xd, margin);
            var inPrefix = higher ? (strict ? c > 0 : c >= 0) : (strict ? c < 0 : c <= 0);
            if (inPrefix) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The sign of <c>v − x</c>. With e ≈ 6·10^-16 the relative error of a decimal's double: if v ≤ x and |v| ≤ 2|x|,
    /// then d − xd ≤ (v − x) + e(|v| + |x|) ≤ 3e|x| &lt; 10^-12 |xd|; if v ≤ x and |v| &gt; 2|x|, v is negative and
    /// d − xd &lt; |x|(3e − 1) ≤ 0. So d &gt; xd + margin only when v &gt; x (and symmetrically); x = 0 gives margin 0,
    /// and a decimal's double is 0 exactly when the decimal is.
    /// </summary>
    private static int Compare(decimal v, double d, decimal x, double xd, double margin) =>
        d > xd + margin ? 1 : d < xd - margin ? -1 : v.CompareTo(x);
}
