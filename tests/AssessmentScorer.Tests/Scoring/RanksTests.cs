using AssessmentScorer.Scoring;
using FluentAssertions;
using Xunit;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// Ranking sorts packed 64-bit words (the key as a double above, the position below), with a radix sort for 512 keys
/// or more, then checks the order on the decimals. These compare it with competition ranks worked out directly on the
/// decimals, for keys that stress every part: ties, negatives and zeros, keys that differ only past a double's
/// precision (equal or even swapped as doubles), keys closer than the margin inside which neighbours are compared as
/// decimals, and sizes on both sides of the radix threshold.
/// </summary>
public class RanksTests
{
    /// <summary>Competition ranks, best first, worked out on the decimals alone: 1 + the number of strictly better keys.</summary>
    private static int[] Reference(decimal[] keys, bool higherBetter)
    {
        var sorted = keys.Order().ToArray();
        return keys.Select(k =>
        {
            // Strictly better: above k when higher is better, below it otherwise.
            var below = LowerBound(sorted, k);
            var above = sorted.Length - UpperBound(sorted, k);
            return 1 + (higherBetter ? above : below);
        }).ToArray();

        static int LowerBound(decimal[] a, decimal x) { var (lo, hi) = (0, a.Length); while (lo < hi) { var m = (lo + hi) / 2; if (a[m] < x) lo = m + 1; else hi = m; } return lo; }
        static int UpperBound(decimal[] a, decimal x) { var (lo, hi) = (0, a.Length); while (lo < hi) { var m = (lo + hi) / 2; if (a[m] <= x) lo = m + 1; else hi = m; } return lo; }
    }

    public static TheoryData<string, int> Shapes() => new()
    {
        { "ratios", 7_178 }, { "ratios", 300 }, { "ties", 5_000 }, { "ties", 40 }, { "signed", 2_000 },
        { "beyondDouble", 3_000 }, { "beyondDouble", 100 }, { "huge", 1_000 }, { "constant", 600 }, { "one", 1 },
        { "close", 4_000 }, { "close", 200 },
        // Above the size whose working arrays a thread keeps.
        { "ratios", 70_000 },
    };

    private static decimal[] Keys(string shape, int n, Random r) => shape switch
    {
        "ratios" => Enumerable.Range(0, n).Select(_ => (decimal)r.Next(0, 100_000) / r.Next(1, 100_000)).ToArray(),
        "ties" => Enumerable.Range(0, n).Select(_ => r.Next(0, 12) * 2.5m).ToArray(),
        "signed" => Enumerable.Range(0, n).Select(_ => (r.Next(3) - 1) * (decimal)r.NextDouble() * 1000).ToArray(),
        // 1 + k·10^-27: 28 significant digits, all the same double (1.0), in random order: the decimal check must
        // find the order wrong and sort the decimals themselves.
        "beyondDouble" => Enumerable.Range(0, n).Select(_ => 1m + r.Next(0, n / 2 + 1) * 0.000000000000000000000000001m).ToArray(),
        // Clusters of keys a few 10^-12 apart (distinct doubles, but closer than the margin within which neighbours
        // are compared as decimals), between keys clearly apart, some equal.
        "close" => Enumerable.Range(0, n).Select(_ => r.Next(0, 40) + r.Next(0, 60) * 0.000000000003m).ToArray(),
        "huge" => Enumerable.Range(0, n).Select(_ => (r.Next(2) == 0 ? -1 : 1) * (decimal.MaxValue / r.Next(1, 1_000_000))).ToArray(),
        "constant" => Enumerable.Repeat(42.0m, n).ToArray(),
        _ => new[] { 3.14m },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Ranks_EqualCompetitionRanksOnTheDecimals_BothDirections(string shape, int n)
    {
        var r = new Random(n * 31 + shape.Length);
        var keys = Keys(shape, n, r);
        foreach (var higherBetter in new[] { true, false })
            Cohort.Ranks(keys, higherBetter).Should().Equal(Reference(keys, higherBetter), $"{shape}, {n} keys, higher is better: {higherBetter}");
    }

    [Theory]
    [InlineData(3_000)]
    [InlineData(200)]
    public void Ranks_WithPendingRatios_AreTheRanksOfTheDividedDecimals(int n)
    {
        // Ratios left undivided (numerator in the keys, denominator aside) beside keys already divided: equal fractions
        // in other terms (1/3 and 2/6 give the same decimal), fractions closer than the margin, quotients so small that
        // decimal's 28 places round them together (k/(3·10^29): 0 or 10^-28), and plain keys.
        var r = new Random(n);
        foreach (var higherBetter in new[] { true, false })
        {
            var numerators = new decimal[n];
            var denominators = new decimal[n];
            for (var i = 0; i < n; i++)
                (numerators[i], denominators[i]) = r.Next(5) switch
                {
                    0 => ((decimal)r.Next(1, 4) * r.Next(1, 7), (decimal)3 * r.Next(1, 7)),
                    1 => (1_000_000_000_000m + r.Next(0, 5), 3_000_000_000_000m),
                    2 => (r.Next(1, 40) * 0.01m, 3_000_000_000_000_000_000_000_000_000m),
                    3 => (r.Next(0, 100_000) / 100m, r.Next(1, 100_000)),
                    _ => (r.Next(-50, 50), 7m),
                };
            var divided = numerators.Zip(denominators, (a, b) => a / b).ToArray();
            var keys = new decimal[n];
            var ratios = new Cohort.Ratios(n);
            for (var i = 0; i < n; i++)
            {
                if (r.Next(4) == 0) { keys[i] = divided[i]; continue; }
                keys[i] = numerators[i];
                ratios.Set(i, denominators[i]);
            }
            var members = Enumerable.Range(0, n).ToArray();
            var ranks = new int[n];
            Cohort.RanksInto(keys, members, higherBetter, ranks, ratios);
            ranks.Should().Equal(Reference(divided, higherBetter), $"{n} keys, higher is better: {higherBetter}");
            // A key divided for the ranking is the decimal a / b; the others are still numerators.
            for (var i = 0; i < n; i++) (keys[i] == divided[i] || keys[i] == numerators[i]).Should().BeTrue();
        }
    }

    [Fact]
    public void Ranks_OneAfterAnotherOnAThread_EachAsIfAlone()
    {
        // The working arrays a thread keeps are reused from one stratum to the next, larger or smaller.
        var r = new Random(5);
        foreach (var (shape, n) in new[] { ("ratios", 5_000), ("ties", 300), ("signed", 9_000), ("beyondDouble", 600), ("ratios", 2_000) })
        {
            var keys = Keys(shape, n, r);
            Cohort.Ranks(keys, higherBetter: true).Should().Equal(Reference(keys, true), $"{shape}, {n} keys");
        }
    }

    [Fact]
    public void Ranks_OfAStratum_AreInTheOrderOfItsMembers()
    {
        // Members 1, 4, 6 of seven keys: only their keys are ranked, and the ranks follow the member list.
        var keys = new[] { 9m, 5m, 9m, 9m, 7m, 9m, 5m };
        Cohort.Ranks(keys, new[] { 1, 4, 6 }, higherBetter: true).Should().Equal(2, 1, 2);
        Cohort.Ranks(keys, new[] { 6, 4, 1 }, higherBetter: false).Should().Equal(1, 3, 1);
    }

    [Theory]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(20_000)]
    public void SortAbove_GivesTheOrderOfAFullSort(int n)
    {
        // Words as ranking makes them: random high bits (often shared: few distinct values), the position below.
        var r = new Random(n);
        var indexBits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)n);
        var words = Enumerable.Range(0, n).Select(i => ((ulong)r.Next(0, 50) << 58 | (ulong)r.NextInt64() << indexBits) | (uint)i).ToArray();
        var expected = words.Order().ToArray();
        Cohort.SortAbove(words, indexBits);
        words.Should().Equal(expected);
    }
}
