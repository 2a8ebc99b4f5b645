using System.Collections.Concurrent;
using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;

namespace AssessmentScorer;

/// <summary>
/// Sensitivity of grades that are relative to the cohort (rank-scored indicators, percentile grading): every draw
/// perturbs every subject and ranks and grades the whole cohort again, as <see cref="CompiledRuleSet.ScoreCohort"/> does.
/// </summary>
public static partial class Sensitivity
{
    private static SensitivityResult AnalyzeCohort(Job job, IReadOnlyList<Submission> submissions)
    {
        var o = job.Options;
        var n = submissions.Count;
        var baseResults = job.RuleSet.ScoreCohort(submissions).Results.ToArray();
        var c = new CohortDraws(job, submissions);
        var b = c.Baseline;
        var names = c.GradeNames;
        var counts = new int[n * names.Length];
        var moved = new int[n];
        var p = c.Plan.Length;
        var pivots = new int[n * p];
        var st = c.NewState();
        var submitted = new int[n];
        for (var i = 0; i < n; i++) submitted[i] = c.GradeIndex(b.Grade[i]);
        for (var d = 0; d < o.Draws; d++)
        {
            c.Evaluate(st, draw: d);
            c.RankAndGrade(st, job.Parallel);
            // Subjects in chunks (a hand-off per chunk, not per subject); a grade as submitted needs no look-up.
            Parallel.For(0, (n + CohortDraws.ChunkSize - 1) / CohortDraws.ChunkSize, job.Parallel, chunk =>
            {
                for (int i = chunk * CohortDraws.ChunkSize, end = Math.Min(n, i + CohortDraws.ChunkSize); i < end; i++)
                {
                    if (string.Equals(st.Grade[i], b.Grade[i], StringComparison.Ordinal)) { counts[i * names.Length + submitted[i]]++; continue; }
                    counts[i * names.Length + c.GradeIndex(st.Grade[i])]++;
                    moved[i]++;
                    // The indicator whose points moved most in this draw (the first of equals): the one that moved the grade.
                    var best = -1;
                    decimal most = 0;
                    for (var k = 0; k < p; k++)
                    {
                        var change = Math.Abs(st.Points[i * p + k] - b.Points[i * p + k]);
                        if (change > most) { most = change; best = k; }
                    }
                    if (best >= 0) pivots[i * p + best]++;
                }
            });
        }
        c.Restore();
        // Each subject whose grade moved counts for the indicator that moved most in most of its moving draws (the first of equals).
        var swingCounts = new int[job.RuleSet.Model.Indicators.Count];
        for (var i = 0; i < n; i++)
        {
            if (moved[i] == 0) continue;
            var best = 0;
            for (var k = 1; k < p; k++) if (pivots[i * p + k] > pivots[i * p + best]) best = k;
            if (pivots[i * p + best] > 0) swingCounts[c.Plan[best].Index]++;
        }
        var subjects = new SubjectSensitivity[n];
        var workers = new ConcurrentBag<FlipWorker>();
        Parallel.For(0, n, job.Parallel, () => workers.TryTake(out var w) ? w : new FlipWorker(job.Engine), (i, _, w) =>
        {
            var grade = baseResults[i].Grade ?? NoGrade;
            var tally = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var g = 0; g < names.Length; g++)
                if (counts[i * names.Length + g] is var k and > 0) tally[names[g]] = k;
            var noisy = c.Noisy[i];
            var flip = SmallestFlip(grade, noisy, (slot, field, value) => c.GradeWith(w, i, slot, field, value));
            subjects[i] = Subject(submissions[i], grade, tally, o.Draws, flip);
            return w;
        }, w => workers.Add(w));
        return Result(job, subjects, swingCounts, baseResults);
    }

    /// <summary>A thread's buffers for the smallest-change search: its runner, and the rank-scored indicators one change moves.</summary>
    internal sealed class FlipWorker(Engine engine)
    {
        public readonly Engine.GradeRunner Runner = new(engine);
        /// <summary>The rank-scored indicators one change moves: which, the subject's old and new value, the number ranked.</summary>
        public readonly List<(int Ranked, decimal From, decimal To, int Of)> Moved = new();
    }

    /// <summary>A cohort's state in one draw: what each subject's scoring left, its rank points and its grade.</summary>
    internal sealed class CohortState
    {
        public readonly decimal[] OwnTotal, OwnMax, OwnFull, Total, Max, Full;
        public readonly bool[] Failed, Excluded;
        public readonly string?[] Cap, Grade;
        /// <summary>Per rank-scored indicator: each subject's value, whether it is ranked, its rank and the number ranked in its stratum.</summary>
        public readonly decimal[][] Value;
        public readonly bool[][] Has;
        public readonly int[][] Rank, Of;
        /// <summary>
        /// Per rank-scored indicator, the values a draw left undivided (<see cref="Engine.GradeRunner.DeferRatios"/>):
        /// their denominators (their numerators are in <see cref="Value"/>); the ranking divides where it needs the decimal.
        /// </summary>
        public readonly Cohort.Ratios[] Ratios;
        /// <summary>Points per subject and indicator of the plan (subject-major).</summary>
        public readonly decimal[] Points;
        /// <summary>Ranking's working arrays, per rank-scored indicator.</summary>
        public readonly int[][] Members, Ranks;
        /// <summary>Grading's working arrays, per stratum (made when first needed): the subjects assessed, their standings, the percentile cut-offs and the count they are for.</summary>
        public readonly int[]?[] Assessed, StandingRanks;
        public readonly long[]?[] Cuts;
        public readonly int[] CutsOf;
        /// <summary>Per subject, whether its own part (totals, vetoes, exclusion, points) is the submitted values' (<see cref="DirectDraws"/>).</summary>
        public readonly bool[] Synced;

        public CohortState(int n, int ranked, int plan, int strata)
        {
            (Assessed, StandingRanks, Cuts, CutsOf) = (new int[strata][], new int[strata][], new long[strata][], new int[strata]);
            (OwnTotal, OwnMax, OwnFull, Total, Max, Full) = (new decimal[n], new decimal[n], new decimal[n], new decimal[n], new decimal[n], new decimal[n]);
            (Failed, Excluded, Cap, Grade, Synced) = (new bool[n], new bool[n], new string?[n], new string?[n], new bool[n]);
            Value = new decimal[ranked][];
            Has = new bool[ranked][];
            Rank = new int[ranked][];
            Of = new int[ranked][];
            Members = new int[ranked][];
            Ranks = new int[ranked][];
            Ratios = new Cohort.Ratios[ranked];
            for (var j = 0; j < ranked; j++)
            {
                (Value[j], Has[j], Rank[j], Of[j], Members[j], Ranks[j]) = (new decimal[n], new bool[n], new int[n], new int[n], new int[n], new int[n]);
                Ratios[j] = new Cohort.Ratios(n);
            }
            Points = new decimal[n * plan];
        }

        public CohortState Copy()
        {
            var c = new CohortState(Total.Length, Value.Length, Points.Length / Math.Max(1, Total.Length), CutsOf.Length);
            foreach (var (from, to) in new[] { (OwnTotal, c.OwnTotal), (OwnMax, c.OwnMax), (OwnFull, c.OwnFull), (Total, c.Total), (Max, c.Max), (Full, c.Full) }) from.CopyTo(to, 0);
            Failed.CopyTo(c.Failed, 0); Excluded.CopyTo(c.Excluded, 0); Cap.CopyTo(c.Cap, 0); Grade.CopyTo(c.Grade, 0);
            for (var j = 0; j < Value.Length; j++)
            {
                Value[j].CopyTo(c.Value[j], 0); Has[j].CopyTo(c.Has[j], 0); Rank[j].CopyTo(c.Rank[j], 0); Of[j].CopyTo(c.Of[j], 0);
            }
            Points.CopyTo(c.Points, 0);
            return c;
        }
    }

    /// <summary>A cohort prepared for draws: each subject read once, its noisy fields, the strata, the baseline ranked and graded.</summary>
    internal sealed class CohortDraws
    {
        private readonly Job _job;
        private readonly Engine _engine;
        private readonly Engine.Prepared[] _prepared;
        internal readonly Noisy[] Noisy;
        /// <summary>The indicators a grade depends on (the job's plan order).</summary>
        public readonly IndicatorDef[] Plan;
        private readonly IndicatorDef[] _ranked;
        private readonly int[] _rankedAt;       // position of each ranked indicator in the plan
        private readonly bool[] _higher, _scored;
        private readonly Cohort.RankScale[] _scales;
        private readonly int[][] _strata;       // members of each stratum, in input order
        private readonly int[] _stratumOf;
        private readonly GradingDef? _grading;
        private readonly bool _percentile;
        private readonly ConcurrentBag<(Engine.GradeRunner Runner, decimal[] Values)> _workers = new();
        // Per indicator: a rank-scored ratio whose value a draw may leave undivided (nothing but its ranking reads it).
        private readonly bool[] _deferrable;
        // The draws worked out without the engine's re-scoring, when the rule set allows it (null otherwise).
        private DirectDraws? _direct;
        /// <summary>Whether the draws are worked out directly (<see cref="DirectDraws"/>).</summary>
        internal bool Direct => _direct is not null;
        /// <summary>The grade names (the scale's, then "—"), for counting.</summary>
        public readonly string[] GradeNames;
        private readonly Dictionary<string, int> _gradeIndex;
        /// <summary>The submitted values ranked and graded.</summary>
        public readonly CohortState Baseline;
        // Of the baseline, per rank-scored indicator and stratum: the ranked subjects' values, best first.
        private readonly SortedDecimals[][] _sortedValues;
        // Of the baseline, per stratum: the totals of the subjects assessed, highest first, and their number.
        private readonly SortedDecimals[] _sortedTotals;
        private readonly int[][] _sortedTotalMembers;

        public CohortDraws(Job job, IReadOnlyList<Submission> subs)
        {
            _job = job;
            _engine = job.Engine;
            var n = subs.Count;
            Plan = job.Plan.Order;
            _ranked = Plan.Where(i => i.IsCohort).ToArray();
            _rankedAt = _ranked.Select(i => Array.IndexOf(Plan, i)).ToArray();
            _higher = _ranked.Select(i => i.Direction != "lower").ToArray();
            _scored = _ranked.Select(i => i.ScoringMethod.GivesPoints).ToArray();
            _scales = _ranked.Select(i => new Cohort.RankScale(i.MaxPoints)).ToArray();
            _grading = job.RuleSet.Model.Grading;
            _percentile = _grading?.Method == "percentile";
            GradeNames = (_grading?.Grades.Select(g => g.Grade) ?? Enumerable.Empty<string>()).Append(NoGrade).Distinct().ToArray();
            _gradeIndex = GradeNames.Select((g, k) => (g, k)).ToDictionary(x => x.g, x => x.k, StringComparer.Ordinal);
            var by = _grading?.StratifyBy ?? Array.Empty<string>();
            var keys = new Dictionary<string, int>(StringComparer.Ordinal);
            _stratumOf = new int[n];
            var members = new List<List<int>>();
            for (var i = 0; i < n; i++)
            {
                var key = Cohort.StratumOf(subs[i].Subject, by);
                if (!keys.TryGetValue(key, out var k)) { keys.Add(key, k = keys.Count); members.Add(new List<int>()); }
                _stratumOf[i] = k;
                members[k].Add(i);
            }
            _strata = members.Select(m => m.ToArray()).ToArray();
            _deferrable = Deferrable(job.RuleSet.Model);
            _prepared = new Engine.Prepared[n];
            Noisy = new Noisy[n];
            var prepared = _prepared;
            var noisy = Noisy;
            Parallel.For(0, n, job.Parallel, () => new Engine.GradeRunner(_engine), (i, _, r) =>
            {
                prepared[i] = r.Prepare(subs[i], inCohort: true);
                noisy[i] = job.NoisyOf(subs[i], i);
                return r;
            }, _ => { });
            Baseline = NewState();
            Evaluate(Baseline, draw: -1);
            RankAndGrade(Baseline, job.Parallel);
            _direct = job.Direct ? DirectDraws.TryCreate(job, _ranked, _prepared, Noisy) : null;
            var r = _ranked.Length;
            _sortedValues = new SortedDecimals[r][];
            for (var j = 0; j < r; j++)
            {
                _sortedValues[j] = new SortedDecimals[_strata.Length];
                for (var s = 0; s < _strata.Length; s++)
                {
                    var with = _strata[s].Where(i => Baseline.Has[j][i]).ToArray();
                    var key = with.Select(i => _higher[j] ? -Baseline.Value[j][i] : Baseline.Value[j][i]).ToArray();
                    Array.Sort(key, with);
                    _sortedValues[j][s] = new SortedDecimals(with.Select(i => Baseline.Value[j][i]).ToArray());
                }
            }
            _sortedTotalMembers = _strata.Select(m => m.Where(i => !Baseline.Excluded[i]).OrderByDescending(i => Baseline.Total[i]).ToArray()).ToArray();
            _sortedTotals = _sortedTotalMembers.Select(m => new SortedDecimals(m.Select(i => Baseline.Total[i]).ToArray())).ToArray();
        }

        /// <summary>
        /// The rank-scored indicators whose value is a ratio <c>a / b</c> read by nothing else (no indicator, veto,
        /// exclusion, pass condition or aggregate), with no <c>applies_when</c>: in a draw only their order matters.
        /// </summary>
        private static bool[] Deferrable(RuleSetModel m)
        {
            var read = new HashSet<string>(StringComparer.Ordinal);
            var all = m.Indicators.SelectMany(GradePlan.Expressions)
                .Concat(m.Vetoes.Select(v => v.When))
                .Concat(m.Exclusions.Select(x => x.When))
                .Concat(m.Aggregates.SelectMany(a => new[] { a.Over, a.Of, a.Denominator }))
                .Append(m.Grading?.Pass);
            foreach (var e in all) if (e is not null) read.UnionWith(e.Indicators);
            var deferrable = new bool[m.Indicators.Count];
            foreach (var i in m.Indicators)
                deferrable[i.Index] = i.IsCohort && i.ScoringMethod.Flow == Scoring.Methods.MethodFlow.Ranked && i.AppliesWhen is null
                    && i.Value?.Ratio is not null && !read.Contains(i.Id);
            return deferrable;
        }

        public CohortState NewState() => new(_prepared.Length, _ranked.Length, Plan.Length, _strata.Length);

        public int GradeIndex(string? grade) => _gradeIndex.TryGetValue(grade ?? NoGrade, out var k) ? k : _gradeIndex[NoGrade];

        /// <summary>
        /// Every subject scored (its own parts) on draw <paramref name="draw"/>, in place on its own arrays (see
        /// <see cref="Restore"/>), or on its submitted values (-1).
        /// </summary>
        public void Evaluate(CohortState st, int draw)
        {
            var noise = _job.Options.Noise;
            if (draw >= 0 && _direct is not null) { EvaluateDirect(st, draw, _direct); return; }
            Parallel.For(0, _prepared.Length, _job.Parallel, () => _workers.TryTake(out var w) ? w : (Runner: NewRunner(), Values: new decimal[_job.Fields.Count]), (i, _, w) =>
            {
                var x = Noisy[i];
                var values = w.Values.AsSpan(0, x.Ids.Length);
                var p = _prepared[i];
                if (draw < 0 || !w.Runner.CanGradeInPlace)
                {
                    if (draw < 0) x.Original.CopyTo(values); else x.Draw(values, noise, draw);
                    w.Runner.Grade(p, x.Slots, values, inCohort: true);
                    Store(st, i, w.Runner, w.Runner.Outcomes);
                }
                else
                {
                    x.Draw(values, noise, draw);
                    w.Runner.GradeInPlace(p, x.Slots, values);
                    Store(st, i, w.Runner, p.Outcomes, p.Denominators);
                }
                return w;
            }, w => _workers.Add(w));
        }

        /// <summary>
        /// A draw worked out by <see cref="DirectDraws"/>: each subject's noisy values put into its scratch values, its
        /// rank-scored values computed directly; a subject it cannot take is scored by the engine (a copying re-scoring).
        /// </summary>
        private void EvaluateDirect(CohortState st, int draw, DirectDraws direct)
        {
            var noise = _job.Options.Noise;
            var n = _prepared.Length;
            Parallel.For(0, (n + ChunkSize - 1) / ChunkSize, _job.Parallel,
                () => _directWorkers.TryTake(out var w) ? w : (Runner: NewRunner(), Values: new decimal[_job.Fields.Count], Scratch: direct.NewScratch()),
                (chunk, _, w) =>
                {
                    for (int i = chunk * ChunkSize, end = Math.Min(n, i + ChunkSize); i < end; i++)
                    {
                        var x = Noisy[i];
                        var values = w.Values.AsSpan(0, x.Ids.Length);
                        if (!Baseline.Excluded[i])
                        {
                            x.Draw(values, noise, draw);
                            direct.Load(i, values, w.Scratch);
                        }
                        if (direct.Store(st, Baseline, i, w.Scratch, Plan.Length)) continue;
                        if (Baseline.Excluded[i]) x.Draw(values, noise, draw);
                        w.Runner.Grade(_prepared[i], x.Slots, values, inCohort: true);
                        Store(st, i, w.Runner, w.Runner.Outcomes);
                        st.Synced[i] = false;
                    }
                    return w;
                }, w => _directWorkers.Add(w));
        }

        private readonly ConcurrentBag<(Engine.GradeRunner Runner, decimal[] Values, DirectDraws.Scratch Scratch)> _directWorkers = new();

        private Engine.GradeRunner NewRunner()
        {
            var r = new Engine.GradeRunner(_engine);
            r.DeferRatios(_deferrable);
            return r;
        }

        /// <summary>Every subject's own arrays back to its submitted values after the draws scored in place.</summary>
        public void Restore()
        {
            Parallel.For(0, _prepared.Length, _job.Parallel, () => new Engine.GradeRunner(_engine), (i, _, r) =>
            {
                r.Restore(_prepared[i], Noisy[i].Slots);
                return r;
            }, _ => { });
        }

        /// <summary>What subject <paramref name="i"/>'s scoring left in the runner, into the state (before ranking).</summary>
        private void Store(CohortState st, int i, Engine.GradeRunner r, Outcome[] outcomes, decimal[]? denominators = null)
        {
            ref readonly var run = ref r.Run;
            st.Excluded[i] = run.Excluded;
            (st.OwnTotal[i], st.OwnMax[i], st.OwnFull[i], st.Failed[i], st.Cap[i]) = (run.Total, run.MaxTotal, run.FullMax, run.VetoFailed, run.VetoCap);
            for (var j = 0; j < _ranked.Length; j++)
            {
                ref readonly var o = ref outcomes[_ranked[j].Index];
                // As a cohort gathers ranked values: a number left unscored for the ranking (not missing, not vetoed).
                var has = !run.Excluded && o.Status == IndicatorStatus.Undefined && o.Value.Kind == VKind.Number;
                st.Has[j][i] = has;
                // A ratio left undivided: its numerator and denominator, divided when the ranking needs it.
                st.Value[j][i] = has ? o.Value.Num : 0;
                if (has && denominators is not null && denominators[_ranked[j].Index] is var d && d != 0) st.Ratios[j].Set(i, d);
                else st.Ratios[j].Clear(i);
            }
            var p = Plan.Length;
            for (var k = 0; k < p; k++) st.Points[i * p + k] = run.Excluded ? 0 : outcomes[Plan[k].Index].Points;
        }

        /// <summary>Ranks the rank-scored indicators per stratum, adds their points, and grades every subject.</summary>
        public void RankAndGrade(CohortState st, ParallelOptions parallel)
        {
            Parallel.For(0, _ranked.Length, parallel, j =>
            {
                var (values, has, rank, of, with, ranks) = (st.Value[j], st.Has[j], st.Rank[j], st.Of[j], st.Members[j], st.Ranks[j]);
                foreach (var stratum in _strata)
                {
                    var n = 0;
                    foreach (var i in stratum) { if (has[i]) with[n++] = i; else { rank[i] = 0; of[i] = 0; } }
                    if (n == 0) continue;
                    Cohort.RanksInto(values, with.AsSpan(0, n), _higher[j], ranks.AsSpan(0, n), st.Ratios[j]);
                    for (var k = 0; k < n; k++) { rank[with[k]] = ranks[k]; of[with[k]] = n; }
                }
            });
            var p = Plan.Length;
            // Subjects in chunks (a hand-off per chunk, not per subject).
            var size = st.Total.Length;
            Parallel.For(0, (size + ChunkSize - 1) / ChunkSize, parallel, chunk =>
            {
                for (int i = chunk * ChunkSize, end = Math.Min(size, i + ChunkSize); i < end; i++) AddRankPoints(st, i, p);
            });
            Parallel.For(0, _strata.Length, parallel, s =>
            {
                // The stratum's working arrays are the state's own, kept from draw to draw.
                var all = _strata[s];
                var assessed = st.Assessed[s] ??= new int[all.Length];
                var m = 0;
                foreach (var i in all) { st.Grade[i] = null; if (!st.Excluded[i]) assessed[m++] = i; }
                long[]? cuts = null;
                Span<int> ranks = default;
                if (m >= 2 && _percentile)
                {
                    ranks = (st.StandingRanks[s] ??= new int[all.Length]).AsSpan(0, m);
                    Cohort.RanksInto(st.Total, assessed.AsSpan(0, m), higherBetter: true, ranks);
                    if (st.Cuts[s] is null || st.CutsOf[s] != m) (st.Cuts[s], st.CutsOf[s]) = (Cohort.Cuts(_grading!, m), m);
                    cuts = st.Cuts[s];
                }
                for (var k = 0; k < m; k++)
                {
                    var i = assessed[k];
                    st.Grade[i] = _engine.SettleGrade(PercentileGrade(cuts, cuts is null ? 0 : ranks[k]), st.Total[i], st.Max[i], st.Full[i], st.Failed[i], st.Cap[i], out _);
                }
            });
        }

        /// <summary>Subjects per hand-off of the parallel loops over the cohort in each draw.</summary>
        internal const int ChunkSize = 256;

        /// <summary>Subject <paramref name="i"/>'s rank points (from its ranks), added to its own total.</summary>
        private void AddRankPoints(CohortState st, int i, int p)
        {
            decimal total = st.OwnTotal[i], max = st.OwnMax[i], full = st.OwnFull[i], added = 0;
            // Points worked out in whole hundredths are summed as such and added once: the same sum as adding each.
            long hundredths = 0;
            for (var j = 0; j < _ranked.Length; j++)
            {
                if (!st.Has[j][i]) continue;
                var n = st.Of[j][i];
                if (n < 2)
                {
                    // Alone in its stratum: not applicable, out of the maximum (as a cohort scores it).
                    max -= _ranked[j].MaxPoints;
                    full -= _ranked[j].MaxPoints;
                    st.Points[i * p + _rankedAt[j]] = 0;
                    continue;
                }
                if (!_scored[j]) { st.Points[i * p + _rankedAt[j]] = 0; continue; }
                var points = _scales[j].Points(st.Rank[j][i], n, out var h);
                st.Points[i * p + _rankedAt[j]] = points;
                if (h >= 0) hundredths += h; else added += points;
            }
            if (hundredths != 0) added += new decimal((int)(hundredths & 0xFFFFFFFF), (int)(hundredths >> 32), 0, false, 2);
            (st.Total[i], st.Max[i], st.Full[i]) = (added == 0 ? total : total + added, max, full);
        }

        private string? PercentileGrade(long[]? cuts, int rank)
        {
            if (cuts is null) return null;
            for (var k = 0; k < cuts.Length; k++) if (rank <= cuts[k]) return _grading!.Grades[k].Grade;
            return null;
        }

        /// <summary>
        /// Subject <paramref name="i"/>'s grade with one field set to <paramref name="value"/> and every other value as
        /// submitted, the cohort ranked again: worked out from the baseline. The subject's new ranks are counted in the
        /// peers' sorted values; a peer whose value lies between the subject's old and new one moves one rank, which
        /// changes its total by at most one rank's points, so only the peers whose total lies that close to the subject's
        /// new total can change places with it, and only those are looked at.
        /// </summary>
        internal string GradeWith(FlipWorker w, int i, int slot, string field, decimal value)
        {
            var b = Baseline;
            var r = w.Runner;
            r.Grade(_prepared[i], new[] { slot }, new[] { value }, inCohort: true);
            var run = r.Run;
            if (run.Excluded != b.Excluded[i]) return Exact(i, slot, field, value);
            if (run.Excluded) return NoGrade;
            var p = Plan.Length;
            decimal total = run.Total, max = run.MaxTotal, full = run.FullMax, reach = 0;
            var s = _stratumOf[i];
            var moved = w.Moved;
            moved.Clear();
            for (var j = 0; j < _ranked.Length; j++)
            {
                ref readonly var o = ref r.Outcomes[_ranked[j].Index];
                var has = o.Status == IndicatorStatus.Undefined && o.Value.Kind == VKind.Number;
                if (has != b.Has[j][i]) return Exact(i, slot, field, value);
                if (!has) continue;
                var n = b.Of[j][i];
                if (n < 2) { max -= _ranked[j].MaxPoints; full -= _ranked[j].MaxPoints; continue; }
                var (v0, v1) = (b.Value[j][i], o.Value.Num);
                if (v0 == v1) { total += b.Points[i * p + _rankedAt[j]]; continue; }
                if (!_scored[j]) continue;
                // The new rank: one more than the peers strictly better than the new value (the subject itself left out).
                var rank = 1 + _sortedValues[j][s].Prefix(v1, _higher[j], strict: true) - (Better(_higher[j], v0, v1) ? 1 : 0);
                total += _scales[j].Points(rank, n);
                moved.Add((j, v0, v1, n));
                // A peer's points move by one rank's at most (rounded to hundredths).
                reach += _ranked[j].MaxPoints / (n - 1) + 0.01m;
            }
            string? grade = null;
            if (_percentile)
            {
                var totals = _sortedTotals[s];
                if (totals.Count >= 2)
                {
                    // Competition rank: one more than the peers with a higher total.
                    var above = totals.Prefix(total, higher: true, strict: true) - (b.Total[i] > total ? 1 : 0);
                    if (moved.Count > 0)
                    {
                        var members = _sortedTotalMembers[s];
                        var to = totals.Prefix(total - reach, higher: true, strict: false);
                        for (var k = totals.Prefix(total + reach, higher: true, strict: true); k < to; k++)
                        {
                            var q = members[k];
                            if (q == i) continue;
                            var after = b.Total[q];
                            foreach (var (j, v0, v1, n) in moved)
                            {
                                if (!b.Has[j][q]) continue;
                                var x = b.Value[j][q];
                                var (was, now) = (Better(_higher[j], v0, x), Better(_higher[j], v1, x));
                                if (was == now) continue;
                                after += _scales[j].Points(b.Rank[j][q] - (was ? 1 : 0) + (now ? 1 : 0), n) - b.Points[q * p + _rankedAt[j]];
                            }
                            above += (after > total ? 1 : 0) - (b.Total[q] > total ? 1 : 0);
                        }
                    }
                    grade = PercentileGrade(Cohort.Cuts(_grading!, totals.Count), 1 + above);
                }
            }
            return _engine.SettleGrade(grade, total, max, full, run.VetoFailed, run.VetoCap, out _) ?? NoGrade;
        }

        private static bool Better(bool higher, decimal x, decimal y) => higher ? x > y : x < y;

        /// <summary>
        /// The same grade the slow, plain way: the whole cohort's state from the baseline with subject <paramref name="i"/>
        /// scored again, ranked and graded from scratch (for changes that move a subject in or out of a ranking, and for tests).
        /// </summary>
        internal string Exact(int i, int slot, string field, decimal value)
        {
            var st = Baseline.Copy();
            var r = new Engine.GradeRunner(_engine);
            r.Grade(_prepared[i], new[] { slot }, new[] { value }, inCohort: true);
            Store(st, i, r, r.Outcomes);
            RankAndGrade(st, new ParallelOptions { MaxDegreeOfParallelism = 1 });
            return st.Grade[i] ?? NoGrade;
        }
    }
}
