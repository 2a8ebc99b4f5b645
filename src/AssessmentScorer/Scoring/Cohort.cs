using System.Runtime.CompilerServices;
using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>Cohort steps: ranks for rank-scored indicators, percentile grades per stratum, aggregates.</summary>
internal static class Cohort
{
    public static string StratumOf(in SubjectRun r, IReadOnlyList<string> by) => StratumOf(r.Subject, by);

    /// <summary>The stratum of a subject: its values of the attributes grading is stratified by, or "all".</summary>
    public static string StratumOf(Subject s, IReadOnlyList<string> by)
    {
        if (by.Count == 0) return "all";
        // One attribute (the usual case) is the stratum itself: no text is made per subject.
        if (by.Count == 1) return Attribute(s, by[0]);
        var parts = new string[by.Count];
        for (var k = 0; k < parts.Length; k++) parts[k] = Attribute(s, by[k]);
        return string.Join("/", parts);

        static string Attribute(Subject s, string key) => key switch
        {
            "tier" => s.Tier ?? "?",
            "category" => s.Category ?? "?",
            "kind" => s.Kind ?? "?",
            "region" => s.Region ?? "?",
            "ownership" => s.Ownership ?? "?",
            _ => "?",
        };
    }

    /// <summary>1-based competition ranks (ties share the best rank) of keys, best first.</summary>
    internal static int[] Ranks(decimal[] keys, bool higherBetter)
    {
        var all = new int[keys.Length];
        for (var i = 0; i < all.Length; i++) all[i] = i;
        return Ranks(keys, all, higherBetter);
    }

    /// <summary>
    /// 1-based competition ranks (ties share the best rank), best first, of the keys of <paramref name="members"/>
    /// (indexes into <paramref name="keys"/>); the ranks are in the order of the members.
    /// </summary>
    internal static int[] Ranks(decimal[] keys, ReadOnlySpan<int> members, bool higherBetter)
    {
        var ranks = new int[members.Length];
        RanksInto(keys, members, higherBetter, ranks);
        return ranks;
    }

    /// <summary>
    /// Working arrays for ranking, one set per thread, kept between strata and cohorts up to <see cref="KeptUpTo"/>
    /// entries (a larger stratum gets its own, left to the collector).
    /// </summary>
    private sealed class RankBuffers
    {
        public const int KeptUpTo = 1 << 16;
        public ulong[] Packed = [], Spare = [];
        public double[] Approx = [];
        public int[] Index = [], Members = [], Ranks = [];
        public readonly int[] Counts = new int[6 * SortRadix];

        public static RankBuffers For(int n)
        {
            if (n > KeptUpTo) return new RankBuffers().Grown(n);
            return (t_buffers ??= new RankBuffers()).Grown(n);
        }

        private RankBuffers Grown(int n)
        {
            if (Packed.Length >= n) return this;
            var size = Math.Max(n, Math.Min(KeptUpTo, Packed.Length * 2));
            (Packed, Spare, Approx, Index, Members, Ranks) = (new ulong[size], new ulong[size], new double[size], new int[size], new int[size], new int[size]);
            return this;
        }

        [ThreadStatic] private static RankBuffers? t_buffers;
    }

    /// <summary>
    /// Keys of a ranking that may be left as undivided ratios (sensitivity draws): a pending key holds its numerator in
    /// the keys array and its denominator here (zero for a key that is not pending). The ranking divides a pending key
    /// (into the keys array) only when it needs the decimal; its double is the quotient of the operands' doubles.
    /// </summary>
    internal sealed class Ratios(int n)
    {
        private readonly decimal[] _denominator = new decimal[n];
        private bool _any;

        /// <summary>Key <paramref name="i"/> pending: its numerator is in the keys array, its denominator is <paramref name="denominator"/> (not zero).</summary>
        public void Set(int i, decimal denominator)
        {
            _denominator[i] = denominator;
            // Written once: threads setting other subjects' keys then only read it (no cache line passed between cores).
            if (!_any) _any = true;
        }

        public void Clear(int i) => _denominator[i] = 0;

        /// <summary>Key <paramref name="i"/> as a double: the quotient of the operands' doubles when it is pending.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Approx(decimal[] keys, int i) => _denominator[i] == 0 ? (double)keys[i] : (double)keys[i] / (double)_denominator[i];

        /// <summary>Key <paramref name="i"/> as a decimal, divided now if it was pending (the same decimal as <c>a / b</c>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public decimal Exact(decimal[] keys, int i)
        {
            if (_denominator[i] == 0) return keys[i];
            keys[i] /= _denominator[i];
            _denominator[i] = 0;
            return keys[i];
        }

        /// <summary>Whether any key was ever left pending (otherwise the plain ranking is used).</summary>
        public bool Any => _any;
    }

    /// <summary>
    /// The ranks of <paramref name="members"/>' keys, written in member order into <paramref name="ranks"/>. With
    /// <paramref name="ratios"/>, some keys may be pending ratios: the ranks are those of the divided keys, and only the
    /// keys whose neighbours' doubles are close are divided (the rest stay pending).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RanksInto(decimal[] keys, ReadOnlySpan<int> members, bool higherBetter, Span<int> ranks, Ratios? ratios = null)
    {
        var n = members.Length;
        if (n == 0) return;
        if (ratios is { Any: false }) ratios = null;
        var buffers = RankBuffers.For(n);
        // Sorted first on one array of 64-bit words, each the key as a double (its bits made to sort as unsigned
        // integers) in the high bits and the member's position in the low bits: a sort of plain integers, several
        // times cheaper than one of decimals, or of doubles carrying a second array. Cutting the double's low bits
        // keeps the order, only making close keys equal (they are then in member order). The order is then checked
        // pair by pair on the decimals themselves: converting to double may make close decimals equal or even swap
        // them, and then the keys are sorted again as decimals. Negating makes "higher is better" an ascending sort
        // (exact for decimals). Two neighbours whose doubles lie clearly apart (see Apart) are in order and unequal as
        // decimals too, so only close neighbours are compared as decimals.
        var indexBits = Math.Max(1, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)n));
        var indexMask = (1UL << indexBits) - 1;
        var packed = buffers.Packed.AsSpan(0, n);
        var approx = buffers.Approx.AsSpan(0, n);
        var margin = Math.Max(1e-9, Math.ScaleB(1.0, indexBits - 48));
        for (var i = 0; i < n; i++)
        {
            var key = ratios is null ? (double)keys[members[i]] : ratios.Approx(keys, members[i]);
            var d = higherBetter ? -key : key;
            approx[i] = d;
            var bits = BitConverter.DoubleToUInt64Bits(d);
            bits = (long)bits < 0 ? ~bits : bits | 1UL << 63;   // negative doubles reversed, and below the positive ones
            packed[i] = (bits & ~indexMask) | (uint)i;
        }
        SortAbove(packed, indexBits, buffers.Spare.AsSpan(0, n), buffers.Counts);
        var idx = buffers.Index.AsSpan(0, n);
        for (var i = 0; i < n; i++) idx[i] = (int)(packed[i] & indexMask);
        for (var i = 1; i < n; i++)
        {
            if (Apart(approx[idx[i - 1]], approx[idx[i]], margin)) continue;
            var c = Key(members[idx[i - 1]]).CompareTo(Key(members[idx[i]]));
            if (higherBetter ? c >= 0 : c <= 0) continue;
            var exact = new decimal[n];
            var order = new int[n];
            for (var k = 0; k < n; k++) { order[k] = k; exact[k] = higherBetter ? -Key(members[k]) : Key(members[k]); }
            Array.Sort(exact, order);
            order.CopyTo(idx);
            break;
        }
        for (var i = 0; i < n; i++)
            ranks[idx[i]] = i > 0 && !Apart(approx[idx[i - 1]], approx[idx[i]], margin) && Key(members[idx[i]]) == Key(members[idx[i - 1]]) ? ranks[idx[i - 1]] : i + 1;

        decimal Key(int m) => ratios is null ? keys[m] : ratios.Exact(keys, m);
    }

    /// <summary>
    /// Whether <paramref name="b"/> lies above <paramref name="a"/> by more than <paramref name="margin"/> of the larger
    /// magnitude: then the decimals they were converted from are in that order and unequal. A decimal's conversion to
    /// double is within a few units of the double's last place (about 10^-16 relative), and sorting on the packed words
    /// cuts the lowest <c>indexBits</c> bits of the 52-bit fraction (less than 2^(indexBits − 52) relative); the margin,
    /// a billionth or 2^(indexBits − 48), is far above both. For a pending ratio the double is the quotient of the
    /// operands' doubles (within about 4·10^-16 of the exact quotient), and the decimal <c>a / b</c> is within
    /// 10^-27 relative or 0.5·10^-28 (its last place at scale 28) of it: the added 10^-27 covers the latter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Apart(double a, double b, double margin) => b - a > margin * Math.Max(Math.Abs(a), Math.Abs(b)) + 1e-27;

    private const int SortDigit = 11, SortRadix = 1 << SortDigit;

    /// <summary>
    /// Sorts distinct words whose bits below <paramref name="lowBit"/> are their position in the array (so already in
    /// order): a stable least-significant-digit radix sort on the bits above, 11 at a time, a digit every word shares
    /// skipped. The same order as sorting the whole words, in a few linear passes instead of n·log n comparisons.
    /// </summary>
    internal static void SortAbove(ulong[] words, int lowBit) => SortAbove(words, lowBit, new ulong[words.Length], new int[6 * SortRadix]);

    private static void SortAbove(Span<ulong> words, int lowBit, Span<ulong> spare, Span<int> counts)
    {
        var n = words.Length;
        if (n < 512) { words.Sort(); return; }
        const int Mask = SortRadix - 1;
        var passes = (64 - lowBit + SortDigit - 1) / SortDigit;   // at most 6 (lowBit is at least 1)
        counts = counts[..(passes * SortRadix)];
        counts.Clear();
        foreach (var w in words)
            for (var p = 0; p < passes; p++) counts[p * SortRadix + (int)(w >> (lowBit + p * SortDigit) & Mask)]++;
        var src = words;
        var dst = spare;
        var inWords = true;
        for (var p = 0; p < passes; p++)
        {
            var shift = lowBit + p * SortDigit;
            var c = counts.Slice(p * SortRadix, SortRadix);
            if (c[(int)(src[0] >> shift & Mask)] == n) continue;   // every word has this digit: nothing to move
            var sum = 0;
            for (var d = 0; d < SortRadix; d++) (c[d], sum) = (sum, sum + c[d]);
            foreach (var w in src) dst[c[(int)(w >> shift & Mask)]++] = w;
            var t = src;
            src = dst;
            dst = t;
            inWords = !inWords;
        }
        if (!inWords) src.CopyTo(words);
    }

    /// <summary>
    /// Each subject's stratum, worked out once per cohort: its key is set on the run, and the number returned for it
    /// (strata numbered in order of first appearance) is what ranking and grading group by.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int[] Of, int Count) Strata(RuleSetModel m, RunTable runs)
    {
        var by = m.Grading?.StratifyBy ?? Array.Empty<string>();
        var strata = new Dictionary<string, int>(StringComparer.Ordinal);
        var of = new int[runs.Count];
        for (var i = 0; i < of.Length; i++)
        {
            ref var run = ref runs[i];
            var key = StratumOf(in run, by);
            if (!strata.TryGetValue(key, out var k)) strata.Add(key, k = strata.Count);
            run.Stratum = key;
            of[i] = k;
        }
        return (of, strata.Count);
    }

    /// <summary>The subjects of each stratum, in input order; with <paramref name="has"/>, only those it marks.</summary>
    private static List<int>[] Members((int[] Of, int Count) strata, bool[]? has = null)
    {
        var members = new List<int>[strata.Count];
        for (var k = 0; k < members.Length; k++) members[k] = new List<int>();
        for (var i = 0; i < strata.Of.Length; i++)
            if (has is null || has[i]) members[strata.Of[i]].Add(i);
        return members;
    }

    /// <summary>A standing: rank <paramref name="rank"/> of <paramref name="of"/> in <paramref name="stratum"/>.</summary>
    public static CohortStanding Standing(string stratum, int rank, int of) =>
        new(stratum, rank, of, Math.Round((decimal)rank / of, 4, MidpointRounding.AwayFromZero));

    /// <summary>
    /// The values of a cohort's rank-scored indicators, gathered subject by subject as each is scored (while its
    /// outcomes are at hand), one array per indicator: what ranking reads.
    /// </summary>
    internal sealed class RankedValues
    {
        public readonly IndicatorDef[] Ranked;
        public decimal[][] Values;
        public bool[][] Has;

        public RankedValues(RuleSetModel m, int capacity)
        {
            Ranked = m.Indicators.Where(i => i.IsCohort).ToArray();
            Values = new decimal[Ranked.Length][];
            Has = new bool[Ranked.Length][];
            for (var j = 0; j < Ranked.Length; j++) { Values[j] = new decimal[capacity]; Has[j] = new bool[capacity]; }
        }

        public void Grow(int capacity)
        {
            for (var j = 0; j < Ranked.Length; j++) { Array.Resize(ref Values[j], capacity); Array.Resize(ref Has[j], capacity); }
        }

        /// <summary>Subject <paramref name="i"/>'s ranked values: those its scoring left to the cohort (a number, not yet scored).</summary>
        public void Gather(int i, ReadOnlySpan<Outcome> outcomes)
        {
            for (var j = 0; j < Ranked.Length; j++)
            {
                ref readonly var o = ref outcomes[Ranked[j].Index];
                if (o.Status != IndicatorStatus.Undefined || o.Value.Kind != VKind.Number) continue;
                Has[j][i] = true;
                Values[j][i] = o.Value.Num;
            }
        }
    }

    /// <summary>Ranks rank-scored indicators per stratum and adds their points to each subject's total.</summary>
    /// <remarks>Called once per cohort, with loops over every subject: compiled optimised at once rather than tiered up.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RankIndicators(RunTable runs, (int[] Of, int Count) strata, RankedValues gathered)
    {
        var ranked = gathered.Ranked;
        if (ranked.Length == 0) return;
        var (values, has) = (gathered.Values, gathered.Has);
        // Each indicator ranked within each stratum, side by side.
        var rank = new int[ranked.Length][];
        var of = new int[ranked.Length][];
        var members = Members(strata);
        Parallel.For(0, ranked.Length, j => (rank[j], of[j]) = Rank(values[j], has[j], members, ranked[j].Direction != "lower"));
        // Subject by subject: points and standings.
        var scoredOf = ranked.Select(i => i.ScoringMethod.GivesPoints).ToArray();
        var scales = ranked.Select(i => new RankScale(i.MaxPoints)).ToArray();
        Engine.ForEach(runs.Count, i =>
        {
            ref var run = ref runs[i];
            var outcomes = run.Outcomes;
            // Points worked out in whole hundredths are added as such, once per subject: the same sum (and scale) as
            // adding each as a decimal, without a decimal addition per ranked outcome.
            decimal added = 0, withoutPeers = 0;
            long hundredths = 0;
            var inHundredths = false;
            for (var j = 0; j < ranked.Length; j++)
            {
                if (!has[j][i]) continue;
                var ind = ranked[j];
                var n = of[j][i];
                var r = rank[j][i];
                ref var o = ref outcomes[ind.Index];
                if (n < 2)
                {
                    // Alone in its stratum: nothing to rank against, as when scored alone. Not applicable, out of the maximum.
                    o.Status = IndicatorStatus.NotApplicable;
                    o.NoMax = true;
                    o.Points = 0;
                    o.Met = null;
                    withoutPeers += ind.MaxPoints;
                    continue;
                }
                if (scoredOf[j])
                {
                    o.Points = scales[j].Points(r, n, out var h);
                    if (h >= 0) { hundredths += h; inHundredths = true; }
                    else added += o.Points;
                }
                else o.Points = 0;
                o.Status = IndicatorStatus.Scored;
                o.Rank = r;
                o.RankedOf = n;
                o.Met = null;
                o.Kind = ExplainKind.Ranked;
                o.Explanation = null;
            }
            if (inHundredths) added += new decimal((int)(hundredths & 0xFFFFFFFF), (int)(hundredths >> 32), 0, false, 2);
            // Unranked, these outcomes had no points; their maximum was already counted.
            if (added != 0) run.Total += added;
            if (withoutPeers != 0) { run.MaxTotal -= withoutPeers; run.FullMax -= withoutPeers; }
        });
    }

    /// <summary>
    /// Points for rank <paramref name="r"/> of <paramref name="n"/>: they fall linearly from the best rank (full points)
    /// to the worst (none), rounded half away from zero to two places. Worked out exactly on whole numbers (the
    /// points as hundredths) rather than through a rounded decimal quotient.
    /// </summary>
    internal static decimal RankPoints(decimal max, int r, int n) => new RankScale(max).Points(r, n);

    /// <summary>An indicator's points as whole units of 10^-scale, worked out once for every rank of a cohort.</summary>
    internal readonly struct RankScale
    {
        private readonly decimal _max;
        private readonly long _units, _pow;
        private readonly bool _exact;

        public RankScale(decimal max)
        {
            _max = max;
            var scale = max.Scale;
            // Outside these bounds (not a points value the rule-set checks allow) the decimal formula is used.
            _exact = max >= 0 && scale <= 9 && max <= 1_000_000m;
            if (!_exact) return;
            _pow = 1;
            for (var k = 0; k < scale; k++) _pow *= 10;
            _units = (long)(max * _pow);                        // max = units / 10^scale
        }

        public decimal Points(int r, int n) => Points(r, n, out _);

        /// <summary>The points, and when they were worked out in whole hundredths (scale 2) those hundredths; -1 otherwise.</summary>
        public decimal Points(int r, int n, out long hundredths)
        {
            hundredths = -1;
            if (n == 1) return Math.Round(_max, 2, MidpointRounding.AwayFromZero);
            if (!_exact) return Math.Round(_max * ((decimal)(n - r) / (n - 1)), 2, MidpointRounding.AwayFromZero);
            if (_units <= long.MaxValue / 400 / n)
            {
                // Fits in 64 bits (every real cohort): 2·num + den stays below 2^63.
                var num = _units * 100 * (n - r);               // hundredths × 10^scale × (n − 1)
                var den = _pow * (n - 1);
                hundredths = (2 * num + den) / (2 * den);        // half away from zero (num ≥ 0)
            }
            else
            {
                var num = (Int128)_units * 100 * (n - r);
                var den = (Int128)_pow * (n - 1);
                hundredths = (long)((2 * num + den) / (2 * den));
            }
            return new decimal((int)(hundredths & 0xFFFFFFFF), (int)(hundredths >> 32), 0, false, 2);
        }
    }

    /// <summary>Each subject's rank within its stratum and the stratum's number of ranked subjects (those with a value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Rank, int[] Of) Rank(decimal[] values, bool[] has, List<int>[] strata, bool higherBetter)
    {
        var rank = new int[values.Length];
        var of = new int[values.Length];
        foreach (var stratum in strata)
        {
            // The stratum's members with a value, and their ranks, in the working arrays (the thread's own, or this
            // stratum's when it is larger than those are kept for; ranking them takes the same ones).
            var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(stratum);
            var buffers = RankBuffers.For(all.Length);
            var with = buffers.Members;
            var n = 0;
            foreach (var i in all) if (has[i]) with[n++] = i;
            if (n == 0) continue;
            var members = with.AsSpan(0, n);
            var ranks = buffers.Ranks.AsSpan(0, n);
            RanksInto(values, members, higherBetter, ranks);
            for (var i = 0; i < n; i++) { rank[members[i]] = ranks[i]; of[members[i]] = n; }
        }
        return (rank, of);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Grade(RuleSetModel m, RunTable runs, (int[] Of, int Count) strata)
    {
        var g = m.Grading;
        var percentile = g is not null && g.Method == "percentile";
        // Subjects the rule set does not assess take no place in a stratum.
        var assessed = new bool[runs.Count];
        for (var i = 0; i < assessed.Length; i++) assessed[i] = !runs[i].Excluded;
        foreach (var members in Members(strata, assessed))
        {
            var n = members.Count;
            var totals = new decimal[n];
            for (var i = 0; i < n; i++) totals[i] = runs[members[i]].Total;
            var ranks = Ranks(totals, higherBetter: true);
            // The last rank inside each grade's band is the same for the whole stratum.
            var cuts = percentile ? Cuts(g!, n) : null;
            for (var i = 0; i < n; i++)
            {
                ref var r = ref runs[members[i]];
                // The only subject of its stratum has no standing and no percentile grade, as when scored alone.
                if (n < 2) { if (percentile) r.Grade = null; continue; }
                r.StandingRank = ranks[i];
                r.StandingOf = n;
                if (cuts is null) continue;
                r.Grade = null;
                for (var k = 0; k < cuts.Length; k++)
                    if (ranks[i] <= cuts[k]) { r.Grade = g!.Grades[k].Grade; break; }
            }
        }
    }

    /// <summary>
    /// For each grade in order, the last rank of a stratum of <paramref name="n"/> inside its band (the top share
    /// of the stratum, rounded as the rule set says); a grade with no share takes every rank left.
    /// </summary>
    internal static long[] Cuts(GradingDef g, int n)
    {
        var cuts = new long[g.Grades.Count];
        for (var k = 0; k < cuts.Length; k++)
        {
            if (g.Grades[k].Top is not { } top) { cuts[k] = long.MaxValue; continue; }
            var exact = top * n;
            cuts[k] = (long)(g.Rounding switch
            {
                "floor" => Math.Floor(exact),
                "nearest" => Math.Round(exact, MidpointRounding.AwayFromZero),
                _ => Math.Ceiling(exact),
            });
        }
        return cuts;
    }

    /// <summary>
    /// What each aggregate reads of one subject (its over, of and denominator values, three per aggregate), taken
    /// while the subject's values are at hand so a cohort need not keep them.
    /// </summary>
    public static Value[] AggregateInputs(RuleSetModel m, EvalContext ctx)
    {
        var inputs = new Value[m.Aggregates.Count * 3];
        for (var i = 0; i < m.Aggregates.Count; i++)
        {
            var a = m.Aggregates[i];
            // Out of scope: the rest is not read (as when aggregates were worked out at the end).
            var over = a.Over?.Fn(ctx) ?? Value.True;
            inputs[i * 3] = over;
            if (over.IsAbsent || !over.AsBool) continue;
            inputs[i * 3 + 1] = a.Of.Fn(ctx);
            inputs[i * 3 + 2] = a.Denominator?.Fn(ctx) ?? Value.Number(0);
        }
        return inputs;
    }

    /// <summary>The cohort's aggregates; targets are chosen and evaluated in <paramref name="first"/> (the first subject's context, null for no subjects).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<AggregateResult> Aggregates(RuleSetModel m, RunTable runs, EvalContext? first)
    {
        var list = new List<AggregateResult>();
        foreach (var a in m.Aggregates)
        {
            var inScope = 0; var counted = 0; var missing = new List<string>();
            decimal sum = 0, denominator = 0; var hits = 0; var overflow = false;
            var k = list.Count * 3;
            for (var i = 0; i < runs.Count; i++)
            {
                ref readonly var r = ref runs[i];
                if (r.Excluded) continue;   // not assessed under this rule set
                var inputs = r.AggregateInputs!;
                var o = inputs[k];
                if (o.IsAbsent) { missing.Add(r.Subject.Id); continue; }
                if (!o.AsBool) continue;
                inScope++;
                var v = inputs[k + 1];
                var d = inputs[k + 2];
                if (v.IsAbsent || d.IsAbsent) { missing.Add(r.Subject.Id); continue; }
                counted++;
                if (a.Kind is "average" or "sum_of" or "ratio_of")
                {
                    var next = Arith.Add(Value.Number(sum), v);
                    var nextDen = Arith.Add(Value.Number(denominator), d);
                    if (next.IsAbsent || nextDen.IsAbsent) overflow = true; else { sum = next.Num; denominator = nextDen.Num; }
                }
                else if (v.AsBool) hits++;
            }
            decimal? value = a.Kind switch
            {
                "average" => counted == 0 || overflow ? null : sum / counted,
                "sum_of" => overflow ? null : sum,
                "ratio_of" => overflow || denominator == 0 ? null : sum / denominator,
                "share_of" => counted == 0 ? null : (decimal)hits / counted,
                _ => hits,
            };
            string? target = null; bool? met = null; var exact = false;
            // The first case whose condition holds for the cohort (its year); subject attributes are those of the first subject.
            var tc = first is null ? null : a.Targets.FirstOrDefault(t => t.When is null || t.When.Fn(first) is { Kind: VKind.Bool } w && w.AsBool);
            if (tc is not null && value is not null && first is not null)
            {
                var b = tc.Bound.Evaluate(first);
                var u = tc.Upper?.Evaluate(first);
                var tol = tc.Tolerance?.Evaluate(first);
                if (b is { IsAbsent: false } bv)
                {
                    target = Engine.TargetText(tc, bv, u, tol, null, a.Display == Display.Percent);
                    met = Engine.Meets(tc.OpKind, Value.Number(value.Value), bv, u, tol);
                    exact = bv.Kind == VKind.Number && Engine.ShownMisleads(a.Display, tc.OpKind, value.Value, bv, u, tol);
                }
            }
            // In full where rounding would seem to contradict the verdict, as for indicators.
            var display = value is null ? null : exact ? Fmt.Exact(value.Value, a.Display) : Fmt.Number(value.Value, a.Display);
            var what = a.Kind switch { "average" => ("平均", "average"), "share_of" => ("占比", "share"), "sum_of" => ("合计", "total"), "ratio_of" => ("合计比值", "pooled ratio"), _ => ("个数", "count") };
            // The scope in the rule file's words, never the expression.
            var (scopeZh, scopeEn) = a.Over is null ? ("（全部对象）", " (all subjects)")
                : a.OverDescription is { } od ? ($"（{od.Zh}）", $" ({od.En})") : ("", "");
            var expl = value is null
                ? new Explanation($"{a.Name.Zh}：范围内{scopeZh}没有可用数据", $"{a.Name.En}: no usable data in scope{scopeEn}")
                : new Explanation(
                    $"{a.Name.Zh}：范围内{(scopeZh.Length > 0 ? scopeZh : " ")}{inScope} 个对象，{counted} 个有数据，{what.Item1} {display}{(target is null ? "" : met == true ? $"，达到 {target}" : $"，未达到 {target}")}",
                    $"{a.Name.En}: {inScope} subjects in scope{scopeEn}, {counted} with data, {what.Item2} {display}{(target is null ? "" : met == true ? $", meets {target}" : $", target {target} not met")}");
            list.Add(new AggregateResult(a.Id, a.Name.Zh, a.Name.En, a.Kind, inScope, counted, missing, value is null ? null : Fmt.Normalize(value.Value),
                display, target, met, expl, a.Source));
        }
        return list;
    }
}
