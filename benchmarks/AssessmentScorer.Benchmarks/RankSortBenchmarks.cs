using AssessmentScorer.Scoring;
using BenchmarkDotNet.Attributes;

namespace AssessmentScorer.Benchmarks;

/// <summary>
/// Ranking's sort: the radix sort of packed 64-bit keys (<c>Cohort.SortAbove</c>) against what it replaced,
/// <c>Array.Sort(double[], int[])</c>, on one stratum's worth of keys (7,178, the largest national stratum of the
/// 13,000 cohort) drawn from the same distribution each run.
/// </summary>
[MemoryDiagnoser]
public class RankSortBenchmarks
{
    private const int N = 7_178;
    private double[] _keys = null!;
    private readonly double[] _sortKeys = new double[N];
    private readonly int[] _order = new int[N];
    private readonly ulong[] _words = new ulong[N];

    [GlobalSetup]
    public void Setup()
    {
        var rnd = new Random(7);
        // Rates with four places, as ranked indicators mostly are, with some ties.
        _keys = Enumerable.Range(0, N).Select(_ => Math.Round(rnd.NextDouble(), 4)).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int ArraySort_KeysAndPositions()
    {
        _keys.CopyTo(_sortKeys, 0);
        for (var i = 0; i < N; i++) _order[i] = i;
        Array.Sort(_sortKeys, _order);
        return _order[0];
    }

    [Benchmark]
    public int RadixSort_PackedWords()
    {
        // As Cohort.RanksInto packs them: the key's bits made to sort as unsigned above, the position below.
        const int indexBits = 13;
        const ulong indexMask = (1UL << indexBits) - 1;
        for (var i = 0; i < N; i++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(_keys[i]);
            bits = (long)bits < 0 ? ~bits : bits | 1UL << 63;
            _words[i] = (bits & ~indexMask) | (uint)i;
        }
        Cohort.SortAbove(_words, indexBits);
        return (int)(_words[0] & indexMask);
    }
}
