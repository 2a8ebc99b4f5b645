using AssessmentScorer.Scoring;
using FluentAssertions;
using Xunit;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// The smallest-change search counts, in a stratum's sorted values, how many are better than a value; it compares their
/// doubles first. These check the count against plain decimal comparisons where doubles cannot tell values apart:
/// values one unit of the 28th digit apart, the same value at other scales, zeros, negatives, the largest decimals,
/// duplicates, and queries on, between and beside the values, both directions, strict and not.
/// </summary>
public class SortedDecimalsTests
{
    private static int Plain(decimal[] values, decimal x, bool higher, bool strict) =>
        values.Count(v => higher ? (strict ? v > x : v >= x) : (strict ? v < x : v <= x));

    private static void Check(List<decimal> pool, IEnumerable<decimal> queries)
    {
        foreach (var higher in new[] { true, false })
        {
            var sorted = (higher ? pool.OrderByDescending(v => v) : pool.OrderBy(v => v)).ToArray();
            var s = new SortedDecimals(sorted);
            s.Count.Should().Be(sorted.Length);
            foreach (var x in queries)
                foreach (var strict in new[] { true, false })
                    s.Prefix(x, higher, strict).Should().Be(Plain(sorted, x, higher, strict),
                        $"x = {x}, higher = {higher}, strict = {strict}");
        }
    }

    [Fact]
    public void CloseValues_AreCountedAsDecimalsCountThem()
    {
        var ulp = 0.0000000000000000000000000001m;   // 10^-28
        var pool = new List<decimal>
        {
            0m, 0.000m, -0m, ulp, -ulp, 2 * ulp, 0.1m, 0.1m + ulp, 0.1000000000000000000000000000m, 0.1m - ulp,
            1m, 1.0m, 1.00000000000000000000000001m, 0.99999999999999999999999999m, 33.333333333333333333333333333m,
            33.333333333333333333333333334m, 100m / 3m, -100m / 3m, 1234567890.123456789012345678m, 1234567890.123456789012345679m,
            decimal.MaxValue, decimal.MaxValue - 1, decimal.MinValue, decimal.MinValue + 1, 79228162514264337593543950.335m,
            0.33m, 0.33m, 0.33m, 12.5m, 12.50m, 12.500000000000000000000000001m,
        };
        var queries = pool.Concat(pool.Select(v => v == decimal.MaxValue ? v : v + ulp * 0))
            .Concat(new[] { 0.05m, 1.000000000000000000000000001m, 33.3333333333333333333333333335m, 12.4999999999999999999999999m, 5m, -5m })
            .ToList();
        Check(pool, queries);
    }

    [Fact]
    public void RandomValues_AtManyScales_AreCountedAsDecimalsCountThem()
    {
        var random = new Random(20261203);
        for (var round = 0; round < 60; round++)
        {
            var pool = new List<decimal>();
            var centre = (decimal)(random.NextDouble() * 200 - 100);
            for (var k = 0; k < 200; k++)
            {
                var scale = (byte)random.Next(0, 29);
                var step = new decimal(1, 0, 0, false, scale) * random.Next(-50, 51);
                var v = random.Next(4) switch
                {
                    0 => centre + step,                                       // clustered within a few units of a last place
                    1 => Math.Round(centre + (decimal)random.NextDouble(), random.Next(0, 6)),
                    2 => pool.Count > 0 ? pool[random.Next(pool.Count)] : centre, // duplicates
                    _ => (decimal)(random.NextDouble() * 1e6 - 5e5),
                };
                pool.Add(v);
            }
            var queries = pool.Take(60).Concat(pool.Take(30).Select(v => v + new decimal(1, 0, 0, false, 28)))
                .Concat(pool.Take(30).Select(v => v - new decimal(1, 0, 0, false, 20))).ToList();
            Check(pool, queries);
        }
    }

    [Fact]
    public void Empty_CountsNothing()
    {
        var s = new SortedDecimals(Array.Empty<decimal>());
        s.Count.Should().Be(0);
        s.Prefix(1m, higher: true, strict: true).Should().Be(0);
        s.Prefix(1m, higher: false, strict: false).Should().Be(0);
    }
}
