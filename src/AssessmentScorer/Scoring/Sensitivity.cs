using AssessmentScorer.RuleSets;

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
/// <param name="Subjects">Subjects whose grade it decides at the margin: its points differ from the submitted values' in at least half of the draws that move the grade.</param>
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
/// distribution. Each subject is scored on its own (cohort-relative methods are out of scope: see docs/sensitivity.md);
/// subjects are analysed in parallel on the one compiled rule set, and each subject's draws come from its own seeded
/// generator, so the result does not depend on the number of threads.
/// </summary>
public static class Sensitivity
{
    /// <summary>Analyses <paramref name="submissions"/> under <paramref name="ruleSet"/>.</summary>
    public static SensitivityResult Analyze(CompiledRuleSet ruleSet, IReadOnlyList<Submission> submissions, SensitivityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        ArgumentNullException.ThrowIfNull(submissions);
        var o = options ?? new SensitivityOptions();
        if (o.Draws < 1) throw new ArgumentOutOfRangeException(nameof(options), "Draws must be at least 1");
        if (o.Noise < 0) throw new ArgumentOutOfRangeException(nameof(options), "Noise cannot be negative");
        // Only fields that can move a grade carry noise: those read by an indicator that earns points when a subject is
        // scored on its own (rank-scored indicators have no peers then), by a veto or by the pass condition.
        var decisive = DecisiveFields(ruleSet.Model);
        var fields = ruleSet.Model.Fields.Where(f => f.Type.Kind == Expressions.TypeKind.Number)
            .Where(f => decisive.Contains(f.Id)).ToDictionary(f => f.Id, StringComparer.Ordinal);
        var subjects = new SubjectSensitivity[submissions.Count];
        var swingCounts = new int[ruleSet.Model.Indicators.Count];
        var baseResults = new AssessmentResult[submissions.Count];
        Parallel.For(0, submissions.Count, i =>
        {
            var (s, pivotal, baseline) = One(ruleSet, submissions[i], fields, o, i);
            subjects[i] = s;
            baseResults[i] = baseline;
            foreach (var k in pivotal) Interlocked.Increment(ref swingCounts[k]);
        });
        var swings = ruleSet.Model.Indicators.Select((d, k) => new IndicatorSwing(d.Id, d.Name.Zh, swingCounts[k]))
            .Where(x => x.Subjects > 0).OrderByDescending(x => x.Subjects).ThenBy(x => x.Id, StringComparer.Ordinal).ToArray();
        return new SensitivityResult(ruleSet.Reference, o, subjects, swings, Cutoffs(ruleSet, baseResults, o.Margin));
    }

    private static (SubjectSensitivity, List<int> Pivotal, AssessmentResult Baseline) One(CompiledRuleSet rs, Submission sub,
        Dictionary<string, FieldDef> fields, SensitivityOptions o, int index)
    {
        var baseline = rs.Score(sub);
        var grade = baseline.Grade ?? "—";
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var noisy = sub.Values.Where(kv => kv.Value.Number is { } n && n != 0 && fields.ContainsKey(kv.Key)).Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        if (noisy.Length == 0)
            // Nothing that can move the grade carries noise: every draw would give the submitted grade.
            return (new SubjectSensitivity(sub.Subject.Id, sub.Subject.Name, grade, new[] { new GradeProbability(grade, 1m) }, 1m, null), new List<int>(), baseline);
        var moved = 0;
        var changedInMoves = new int[baseline.Indicators.Count];
        // One generator per subject, seeded by the seed and the subject's place: the same draws whatever the threads.
        var rng = new Random(unchecked(o.Seed * 1_000_003 + index * 7_919));
        // One copy of the values, its noisy fields overwritten each draw (scoring reads it and keeps nothing of it).
        var values = new Dictionary<string, FieldValue>(sub.Values, StringComparer.Ordinal);
        var noisySub = sub with { Values = values };
        var original = noisy.Select(id => sub.Values[id].Number!.Value).ToArray();
        var defs = noisy.Select(id => fields[id]).ToArray();
        for (var d = 0; d < o.Draws; d++)
        {
            for (var k = 0; k < noisy.Length; k++)
                values[noisy[k]] = FieldValue.Of(Perturb(original[k], Normal(rng) * (double)o.Noise, defs[k]));
            var r = rs.Score(noisySub);
            var g = r.Grade ?? "—";
            counts[g] = counts.GetValueOrDefault(g) + 1;
            if (g == grade) continue;
            moved++;
            for (var k = 0; k < changedInMoves.Length && k < r.Indicators.Count; k++)
                if (r.Indicators[k].Points != baseline.Indicators[k].Points) changedInMoves[k]++;
        }
        var pivotal = new List<int>();
        for (var k = 0; k < changedInMoves.Length; k++) if (moved > 0 && changedInMoves[k] * 2 >= moved) pivotal.Add(k);
        var grades = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new GradeProbability(kv.Key, Math.Round((decimal)kv.Value / o.Draws, 4))).ToArray();
        var stability = Math.Round((decimal)counts.GetValueOrDefault(grade) / o.Draws, 4);
        var flip = SmallestFlip(rs, sub, grade, noisy, fields);
        return (new SubjectSensitivity(sub.Subject.Id, sub.Subject.Name, grade, grades, stability, flip), pivotal, baseline);
    }

    /// <summary>The fields a grade can depend on when each subject is scored on its own.</summary>
    private static HashSet<string> DecisiveFields(RuleSets.RuleSetModel m)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ind in m.Indicators)
            if (ind.MaxPoints != 0 && !ind.IsCohort) set.UnionWith(ind.ReadsFields);
        foreach (var v in m.Vetoes) set.UnionWith(v.When.Fields);
        if (m.Grading?.Pass is { } pass) set.UnionWith(pass.Fields);
        return set;
    }

    private static readonly decimal[] Steps = { 0.005m, 0.01m, 0.02m, 0.05m, 0.1m, 0.2m, 0.5m };

    /// <summary>For each field and direction, the first step of the grid that moves the grade, refined by bisection; the smallest wins.</summary>
    private static GradeFlip? SmallestFlip(CompiledRuleSet rs, Submission sub, string grade, string[] fields, Dictionary<string, FieldDef> defs)
    {
        GradeFlip? best = null;
        var values = new Dictionary<string, FieldValue>(sub.Values, StringComparer.Ordinal);
        var probe = sub with { Values = values };
        foreach (var id in fields)
        {
            var v = sub.Values[id].Number!.Value;
            foreach (var sign in new[] { 1m, -1m })
            {
                values[id] = sub.Values[id];   // each search starts from the submitted values
                decimal lo = 0, hi = -1; string? to = null;
                foreach (var step in Steps)
                {
                    if (best is not null && step > Math.Abs(best.RelativeChange)) break;
                    if (GradeAt(rs, probe, values, id, v, sign * step, defs[id]) is { } g && g != grade) { hi = step; to = g; break; }
                    lo = step;
                }
                if (to is null) continue;
                for (var k = 0; k < 10 && hi - lo > hi / 100; k++)
                {
                    var mid = (lo + hi) / 2;
                    if (GradeAt(rs, probe, values, id, v, sign * mid, defs[id]) is { } g && g != grade) { hi = mid; to = g; } else lo = mid;
                }
                var target = Perturb(v, (double)(sign * hi), defs[id]);
                if (best is null || hi < Math.Abs(best.RelativeChange))
                    best = new GradeFlip(id, v, target, Math.Round((target - v) / v, 6), to);
            }
            values[id] = sub.Values[id];
        }
        return best;
    }

    /// <summary>The grade with one field changed (in the probe's own copy of the values; the caller restores it).</summary>
    private static string GradeAt(CompiledRuleSet rs, Submission probe, Dictionary<string, FieldValue> values, string field, decimal v, decimal relative, FieldDef def)
    {
        values[field] = FieldValue.Of(Perturb(v, (double)relative, def));
        return rs.Score(probe).Grade ?? "—";
    }

    /// <summary>v × (1 + ε), kept inside the field's range and whole for an integer field.</summary>
    private static decimal Perturb(decimal v, double epsilon, FieldDef def)
    {
        var x = v * (1 + (decimal)Math.Clamp(epsilon, -0.99, 10));
        if (def.Integer) x = Math.Round(x, MidpointRounding.AwayFromZero);
        if (def.Min is { } lo && x < lo) x = lo;
        if (def.Max is { } hi && x > hi) x = hi;
        return x;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
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
