using AssessmentScorer.Expressions;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;

namespace AssessmentScorer;

/// <summary>How a sensitivity analysis perturbs the submitted values (docs/sensitivity.md).</summary>
/// <param name="Noise">Relative measurement noise per numeric field: each value is multiplied by 1 + ε, ε ~ Normal(0, Noise). 0.02 = 2%.</param>
/// <param name="Draws">Noisy copies scored per subject (at least 1,000 for the probabilities to settle).</param>
/// <param name="Seed">Seed of the pseudo-random draws: the same seed, data and rule set give the same result.</param>
/// <param name="Margin">Half-width, in graded score units (points, or percent for percent grading), of the band around a cut-off counted as dense.</param>
public sealed record SensitivityOptions(decimal Noise = 0.02m, int Draws = 1000, int Seed = 1, decimal Margin = 2m);

/// <summary>The probability of one grade under noise.</summary>
/// <param name="Grade">The grade (<c>—</c> for none).</param>
/// <param name="Probability">Share of the draws graded so (0..1).</param>
public sealed record GradeProbability(string Grade, decimal Probability);

/// <summary>The smallest change of one submitted field that moves a subject's grade.</summary>
/// <param name="Field">The field id.</param>
/// <param name="From">The submitted value.</param>
/// <param name="To">The value at which the grade moves (within 1% of the change found).</param>
/// <param name="RelativeChange">(To − From) / From.</param>
/// <param name="Grade">The grade it moves to.</param>
public sealed record GradeFlip(string Field, decimal From, decimal To, decimal RelativeChange, string Grade);

/// <summary>One subject's grade stability.</summary>
/// <param name="SubjectId">Subject id.</param>
/// <param name="Name">Subject name.</param>
/// <param name="Grade">The grade of the submitted values (<c>—</c> for none).</param>
/// <param name="Grades">Probability of each grade reached under noise, most likely first.</param>
/// <param name="Stability">Probability of keeping <paramref name="Grade"/>.</param>
/// <param name="SmallestFlip">The smallest single-field change (up to ±50%) that moves the grade, or null when none does.</param>
public sealed record SubjectSensitivity(string SubjectId, string? Name, string Grade, IReadOnlyList<GradeProbability> Grades, decimal Stability, GradeFlip? SmallestFlip);

/// <summary>An indicator's part in the grades that move under noise.</summary>
/// <param name="Id">Indicator id.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="Subjects">Subjects whose grade it decides at the margin: its points differ from the submitted values' in at least half of the draws that move the grade (subjects scored on their own); in a cohort-relative rule set, the subjects for which it moved most in most of the draws that move the grade (docs/sensitivity.md).</param>
public sealed record IndicatorSwing(string Id, string Name, int Subjects);

/// <summary>A grade cut-off and how many subjects sit close to it.</summary>
/// <param name="Grade">The grade whose minimum it is.</param>
/// <param name="Cutoff">The minimum (points or percent, as the rule set grades).</param>
/// <param name="Near">Subjects whose graded score lies within the margin of it.</param>
/// <param name="Share">Near as a share of the subjects graded (0..1).</param>
public sealed record DenseCutoff(string Grade, decimal Cutoff, int Near, decimal Share);

/// <summary>The grade stability of a cohort under a rule set.</summary>
/// <param name="RuleSet">The rule set analysed.</param>
/// <param name="Options">The noise, draws, seed and margin used.</param>
/// <param name="Subjects">Per subject, in input order.</param>
/// <param name="Swings">Per indicator that decides some grade at the margin, most subjects first.</param>
/// <param name="Cutoffs">Per cut-off grade, densest first (empty when the rule set does not grade by cut-offs).</param>
public sealed record SensitivityResult(RuleSetRef RuleSet, SensitivityOptions Options, IReadOnlyList<SubjectSensitivity> Subjects,
    IReadOnlyList<IndicatorSwing> Swings, IReadOnlyList<DenseCutoff> Cutoffs);

/// <summary>
/// How robust grades are to measurement noise: grade probabilities per subject, the smallest single-field change that
/// moves each grade, the indicators that decide grades at the margin and the cut-offs in dense parts of the score
/// distribution. A rule set whose grades are relative to the cohort (rank-scored indicators, percentile grading) is
/// re-ranked in every draw; otherwise each subject is scored on its own (docs/sensitivity.md). Draws are grade-only
/// re-scorings of the values that can move a grade; each subject's draws come from its own seeded generator, so the
/// result does not depend on the number of threads.
/// </summary>
public static partial class Sensitivity
{
    /// <summary>Analyses <paramref name="submissions"/> under <paramref name="ruleSet"/>.</summary>
    public static SensitivityResult Analyze(CompiledRuleSet ruleSet, IReadOnlyList<Submission> submissions, SensitivityOptions? options = null) =>
        Analyze(ruleSet, submissions, options, threads: -1);

    /// <summary>The analysis on at most <paramref name="threads"/> threads (-1: as many as there are cores); the result is the same for any number.</summary>
    internal static SensitivityResult Analyze(CompiledRuleSet ruleSet, IReadOnlyList<Submission> submissions, SensitivityOptions? options, int threads) =>
        Analyze(ruleSet, submissions, options, threads, direct: true);

    /// <summary>
    /// The analysis, with a cohort-relative run's draws worked out directly where the rule set allows
    /// (<see cref="DirectDraws"/>) or, with <paramref name="direct"/> false, always by the engine's re-scoring (the same result).
    /// </summary>
    internal static SensitivityResult Analyze(CompiledRuleSet ruleSet, IReadOnlyList<Submission> submissions, SensitivityOptions? options, int threads, bool direct)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        ArgumentNullException.ThrowIfNull(submissions);
        var o = options ?? new SensitivityOptions();
        if (o.Draws < 1) throw new ArgumentOutOfRangeException(nameof(options), "Draws must be at least 1");
        if (o.Noise < 0) throw new ArgumentOutOfRangeException(nameof(options), "Noise cannot be negative");
        var job = new Job(ruleSet, o, new ParallelOptions { MaxDegreeOfParallelism = threads }) { Direct = direct };
        return job.CohortRelative ? AnalyzeCohort(job, submissions) : AnalyzeAlone(job, submissions);
    }

    /// <summary>What every part of one analysis reads: the rule set, its grade plan, the fields that carry noise.</summary>
    internal sealed class Job
    {
        public readonly CompiledRuleSet RuleSet;
        public readonly Engine Engine;
        public readonly GradePlan Plan;
        public readonly SensitivityOptions Options;
        public readonly ParallelOptions Parallel;
        /// <summary>Grades depend on the cohort: a rank-scored indicator earns points, or grading is by percentile.</summary>
        public readonly bool CohortRelative;
        /// <summary>The numeric fields that can move a grade, by id.</summary>
        public readonly Dictionary<string, FieldDef> Fields;
        /// <summary>Whether a cohort-relative run may work its draws out directly (<see cref="DirectDraws"/>).</summary>
        public bool Direct { get; init; } = true;

        public Job(CompiledRuleSet rs, SensitivityOptions o, ParallelOptions parallel)
        {
            RuleSet = rs;
            Engine = rs.Engine;
            Plan = Engine.Plan;
            Options = o;
            Parallel = parallel;
            var m = rs.Model;
            CohortRelative = m.Grading?.Method == "percentile" || Plan.Order.Any(i => i.IsCohort);
            // Only fields that can move a grade carry noise: those read by an indicator a grade depends on (one that earns
            // points, directly or through the indicators it reads), by a veto or by the pass condition.
            var decisive = new HashSet<string>(Plan.Fields, StringComparer.Ordinal);
            foreach (var v in m.Vetoes) decisive.UnionWith(v.When.Fields);
            if (m.Grading?.Pass is { } pass) decisive.UnionWith(pass.Fields);
            Fields = m.Fields.Where(f => f.Type.Kind == TypeKind.Number && f.Slot < m.ValueSlots && decisive.Contains(f.Id))
                .ToDictionary(f => f.Id, StringComparer.Ordinal);
        }

        /// <summary>The fields of <paramref name="sub"/> that carry noise: those it reported with a non-zero number, by id.</summary>
        public Noisy NoisyOf(Submission sub, int index)
        {
            var ids = sub.Values.Where(kv => kv.Value.Number is { } n && n != 0 && Fields.ContainsKey(kv.Key)).Select(kv => kv.Key)
                .OrderBy(k => k, StringComparer.Ordinal).ToArray();
            return new Noisy(ids, ids.Select(id => Fields[id].Slot).ToArray(), ids.Select(id => sub.Values[id].Number!.Value).ToArray(),
                ids.Select(id => Fields[id]).ToArray(), Options.Seed, index);
        }
    }

    /// <summary>
    /// One subject's noisy fields: ids, value slots, submitted values, definitions, and its noise. Each draw's noise
    /// comes from its own counter-based stream, keyed by the seed, the subject's place and the draw's number: the same
    /// draws in any order and on any number of threads.
    /// </summary>
    internal sealed class Noisy
    {
        public readonly string[] Ids;
        public readonly int[] Slots;
        public readonly decimal[] Original;
        public readonly FieldDef[] Defs;
        private readonly ulong _key;
        /// <summary>Per field, the submitted value as a whole number of units of its last decimal place (|m| ≤ 8·10¹¹,
        /// for exact arithmetic on 64-bit integers), or <see cref="Wide"/> for a value too long for that.</summary>
        private readonly long[] _mantissa;
        private readonly byte[] _scale;
        /// <summary>Per field, whether the range's minimum or maximum can be crossed by a factor in [0.01, 11].</summary>
        private readonly bool[] _checkMin, _checkMax;
        private const long Wide = long.MinValue;
        /// <summary>The factor 1 + ε is applied as a whole number of millionths.</summary>
        private const long Million = 1_000_000;
        private const int MillionDigits = 6;

        public Noisy(string[] ids, int[] slots, decimal[] original, FieldDef[] defs, int seed, int index)
        {
            (Ids, Slots, Original, Defs) = (ids, slots, original, defs);
            _key = Mix(Mix(unchecked((ulong)seed)) + unchecked((ulong)index));
            var n = ids.Length;
            (_mantissa, _scale, _checkMin, _checkMax) = (new long[n], new byte[n], new bool[n], new bool[n]);
            for (var k = 0; k < n; k++)
            {
                var v = original[k];
                var scale = v.Scale;
                var m = scale + MillionDigits <= 28 && Math.Abs(v) <= 800_000_000_000m / Pow10(scale) ? v * Pow10(scale) : (decimal?)null;
                (_mantissa[k], _scale[k]) = m is { } whole && whole == decimal.Truncate(whole) ? ((long)whole, scale) : (Wide, (byte)0);
                // The result lies between 0.01·v and 11·v, of the same sign.
                var (least, most) = v > 0 ? (0m, v * 11) : (v * 11, 0m);
                _checkMin[k] = defs[k].Min is { } lo && lo > least;
                _checkMax[k] = defs[k].Max is { } hi && hi < most;
            }
        }

        private static decimal Pow10(int n)
        {
            var x = 1m;
            for (var k = 0; k < n; k++) x *= 10;
            return x;
        }

        /// <summary>
        /// Draw <paramref name="draw"/>'s values, into <paramref name="values"/>: each submitted value times 1 + ε,
        /// ε ~ Normal(0, noise) (ziggurat, one deviate per field in the order of the ids), 1 + ε taken to the nearest millionth.
        /// </summary>
        public void Draw(Span<decimal> values, decimal noise, int draw)
        {
            var sigma = (double)noise;
            var state = Mix(_key ^ unchecked((ulong)draw * 0xD1B54A32D192ED03UL));
            for (var k = 0; k < Ids.Length; k++)
            {
                var z = Ziggurat.Next(ref state);
                values[k] = Apply(k, Million + (long)Math.Round(Math.Clamp(z * sigma, -0.99, 10) * Million));
            }
        }

        /// <summary>
        /// Field <paramref name="k"/>'s submitted value times <paramref name="factor"/> millionths, exactly: on 64-bit
        /// integers (an integer field's whole value rounded half away from zero; any other value the exact product,
        /// six decimal places longer), one decimal multiplication for a value too long for that; then kept inside the
        /// field's range.
        /// </summary>
        private decimal Apply(int k, long factor)
        {
            decimal x;
            var def = Defs[k];
            if (_mantissa[k] is var m and not Wide)
            {
                var p = m * factor;
                var scale = _scale[k];
                if (def.Integer && scale == 0) x = p >= 0 ? (p + Million / 2) / Million : -((-p + Million / 2) / Million);
                else
                {
                    var a = (ulong)Math.Abs(p);
                    x = new decimal(unchecked((int)a), (int)(a >> 32), 0, p < 0, (byte)(scale + MillionDigits));
                    if (def.Integer) x = Math.Round(x, MidpointRounding.AwayFromZero);
                }
            }
            else
            {
                x = Original[k] * new decimal(unchecked((int)factor), (int)(factor >> 32), 0, false, MillionDigits);
                if (def.Integer) x = Math.Round(x, MidpointRounding.AwayFromZero);
            }
            if (_checkMin[k] && x < def.Min!.Value) x = def.Min.Value;
            if (_checkMax[k] && x > def.Max!.Value) x = def.Max.Value;
            return x;
        }

        private static ulong Mix(ulong z) => Ziggurat.Mix(z);
    }

    private const string NoGrade = "—";

    // ---- subjects scored on their own ---------------------------------------------------------

    private static SensitivityResult AnalyzeAlone(Job job, IReadOnlyList<Submission> submissions)
    {
        var rs = job.RuleSet;
        var subjects = new SubjectSensitivity[submissions.Count];
        var swingCounts = new int[rs.Model.Indicators.Count];
        var baseResults = new AssessmentResult[submissions.Count];
        Parallel.For(0, submissions.Count, job.Parallel, () => new Engine.GradeRunner(job.Engine), (i, _, runner) =>
        {
            var (s, pivotal, baseline) = One(job, runner, submissions[i], i);
            subjects[i] = s;
            baseResults[i] = baseline;
            foreach (var k in pivotal) Interlocked.Increment(ref swingCounts[k]);
            return runner;
        }, _ => { });
        return Result(job, subjects, swingCounts, baseResults);
    }

    private static SensitivityResult Result(Job job, SubjectSensitivity[] subjects, int[] swingCounts, IReadOnlyList<AssessmentResult> baseResults)
    {
        var rs = job.RuleSet;
        var swings = rs.Model.Indicators.Select((d, k) => new IndicatorSwing(d.Id, d.Name.Zh, swingCounts[k]))
            .Where(x => x.Subjects > 0).OrderByDescending(x => x.Subjects).ThenBy(x => x.Id, StringComparer.Ordinal).ToArray();
        return new SensitivityResult(rs.Reference, job.Options, subjects, swings, Cutoffs(rs, baseResults, job.Options.Margin));
    }

    private static (SubjectSensitivity, List<int> Pivotal, AssessmentResult Baseline) One(Job job, Engine.GradeRunner runner, Submission sub, int index)
    {
        var o = job.Options;
        var baseline = job.RuleSet.Score(sub);
        var grade = baseline.Grade ?? NoGrade;
        var noisy = job.NoisyOf(sub, index);
        if (noisy.Ids.Length == 0)
            // Nothing that can move the grade carries noise: every draw would give the submitted grade.
            return (new SubjectSensitivity(sub.Subject.Id, sub.Subject.Name, grade, new[] { new GradeProbability(grade, 1m) }, 1m, null), new List<int>(), baseline);
        var p = runner.Prepare(sub, inCohort: false);
        var basePoints = Points(runner, p);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var moved = 0;
        var changedInMoves = new int[basePoints.Length];
        var values = new decimal[noisy.Ids.Length];
        for (var d = 0; d < o.Draws; d++)
        {
            noisy.Draw(values, o.Noise, d);
            var g = runner.Grade(p, noisy.Slots, values, inCohort: false) ?? NoGrade;
            counts[g] = counts.GetValueOrDefault(g) + 1;
            if (g == grade) continue;
            moved++;
            for (var k = 0; k < changedInMoves.Length; k++)
                if (runner.Outcomes[k].Points != basePoints[k]) changedInMoves[k]++;
        }
        var pivotal = new List<int>();
        for (var k = 0; k < changedInMoves.Length; k++) if (moved > 0 && changedInMoves[k] * 2 >= moved) pivotal.Add(k);
        var flip = SmallestFlip(grade, noisy, (slot, field, value) =>
            runner.Grade(p, new[] { slot }, new[] { value }, inCohort: false) ?? NoGrade);
        return (Subject(sub, grade, counts, o.Draws, flip), pivotal, baseline);
    }

    /// <summary>Each indicator's points on the submitted values (vetoes applied).</summary>
    private static decimal[] Points(Engine.GradeRunner runner, Engine.Prepared p)
    {
        runner.Grade(p, ReadOnlySpan<int>.Empty, ReadOnlySpan<decimal>.Empty, inCohort: false);
        return runner.Outcomes.Select(x => x.Points).ToArray();
    }

    private static SubjectSensitivity Subject(Submission sub, string grade, IReadOnlyDictionary<string, int> counts, int draws, GradeFlip? flip)
    {
        var grades = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new GradeProbability(kv.Key, Math.Round((decimal)kv.Value / draws, 4))).ToArray();
        var stability = Math.Round((decimal)counts.GetValueOrDefault(grade) / draws, 4);
        return new SubjectSensitivity(sub.Subject.Id, sub.Subject.Name, grade, grades, stability, flip);
    }

    // ---- the smallest single-field change ------------------------------------------------------

    private static readonly decimal[] Steps = { 0.005m, 0.01m, 0.02m, 0.05m, 0.1m, 0.2m, 0.5m };

    /// <summary>The grade with one field (its slot and id) set to a value, everything else as submitted.</summary>
    internal delegate string GradeWith(int slot, string field, decimal value);

    /// <summary>
    /// For each noisy field and direction, the first step of the grid that moves the grade, refined by bisection to within
    /// 1% of itself (at most 10 halvings); the smallest over fields and directions wins, a field or direction stopping as
    /// soon as its steps pass the best change found.
    /// </summary>
    private static GradeFlip? SmallestFlip(string grade, Noisy noisy, GradeWith gradeWith) =>
        SmallestFlip(grade, noisy.Ids, noisy.Slots, noisy.Original, noisy.Defs, gradeWith);

    internal static GradeFlip? SmallestFlip(string grade, string[] ids, int[] slots, decimal[] original, FieldDef[] defs, GradeWith gradeWith)
    {
        GradeFlip? best = null;
        for (var f = 0; f < ids.Length; f++)
        {
            var v = original[f];
            foreach (var sign in new[] { 1m, -1m })
            {
                decimal lo = 0, hi = -1; string? to = null;
                foreach (var step in Steps)
                {
                    if (best is not null && step > Math.Abs(best.RelativeChange)) break;
                    if (gradeWith(slots[f], ids[f], Perturb(v, (double)(sign * step), defs[f])) is var g && g != grade) { hi = step; to = g; break; }
                    lo = step;
                }
                if (to is null) continue;
                for (var k = 0; k < 10 && hi - lo > hi / 100; k++)
                {
                    var mid = (lo + hi) / 2;
                    if (gradeWith(slots[f], ids[f], Perturb(v, (double)(sign * mid), defs[f])) is var g && g != grade) { hi = mid; to = g; } else lo = mid;
                }
                var target = Perturb(v, (double)(sign * hi), defs[f]);
                if (best is null || hi < Math.Abs(best.RelativeChange))
                    best = new GradeFlip(ids[f], v, target, Math.Round((target - v) / v, 6), to);
            }
        }
        return best;
    }

    /// <summary>v × (1 + ε), kept inside the field's range and whole for an integer field.</summary>
    internal static decimal Perturb(decimal v, double epsilon, FieldDef def)
    {
        var x = v * (1 + (decimal)Math.Clamp(epsilon, -0.99, 10));
        if (def.Integer) x = Math.Round(x, MidpointRounding.AwayFromZero);
        if (def.Min is { } lo && x < lo) x = lo;
        if (def.Max is { } hi && x > hi) x = hi;
        return x;
    }

    private static IReadOnlyList<DenseCutoff> Cutoffs(CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results, decimal margin)
    {
        if (rs.Model.Grading is not { Method: "cutoffs" } g) return Array.Empty<DenseCutoff>();
        var scores = results.Where(r => r.Grade is not null)
            .Select(r => g.Basis == "percent" ? (r.MaxTotal == 0 ? (decimal?)null : r.Total / r.MaxTotal * 100) : r.Total)
            .Where(x => x is not null).Select(x => x!.Value).ToArray();
        if (scores.Length == 0) return Array.Empty<DenseCutoff>();
        return g.Grades.Where(x => x.Min is not null)
            .Select(x => (x.Grade, Min: x.Min!.Value, Near: scores.Count(s => Math.Abs(s - x.Min!.Value) <= margin)))
            .Select(x => new DenseCutoff(x.Grade, x.Min, x.Near, Math.Round((decimal)x.Near / scores.Length, 4)))
            .OrderByDescending(x => x.Near).ThenBy(x => x.Cutoff).ToArray();
    }
}
