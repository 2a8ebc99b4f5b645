using System.Text.Json;
using AssessmentScorer.Scoring;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// The fast paths of the sensitivity analysis against the plain ones: grade-only draws against full scorings, the
/// cohort's re-ranking against ScoreCohort, the incremental smallest-change search against ranking the whole cohort again,
/// and one thread against several.
/// </summary>
public class SensitivityPathTests
{
    private static readonly Lazy<RuleSetRegistry> Registry = new(() => RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry);

    private static CompiledRuleSet Rules(string reference) => Registry.Value.Resolve(reference) ?? throw new InvalidOperationException(reference);

    internal static List<Submission> Cohort(string file)
    {
        using var doc = JsonDocument.Parse(Repo.Read(file));
        return doc.RootElement.EnumerateArray().Select(e => Submission.FromJson(e).Submission!).ToList();
    }

    private const string Qiaocheng = "cn.anhui.bozhou.qiaocheng.high-quality@1.0.0";
    private const string National = "cn.national.tertiary-performance@1.1.0";

    private static string Json(SensitivityResult r) => JsonSerializer.Serialize(r);

    [Theory]
    [InlineData(Qiaocheng, "examples/qiaocheng/cohort.json")]
    [InlineData("cn.sichuan.leshan.shizhong.high-quality@1.0.0", "examples/leshan/district-cohort.json")]
    [InlineData(National, "examples/national/tertiary-cohort.json")]
    public void Analyze_OneThreadAndFour_GiveByteIdenticalResults(string reference, string file)
    {
        var rs = Rules(reference);
        var subs = Cohort(file);
        var options = new SensitivityOptions(0.03m, 300, 11);
        var one = Json(Sensitivity.Analyze(rs, subs, options, threads: 1));
        var four = Json(Sensitivity.Analyze(rs, subs, options, threads: 4));
        four.Should().Be(one);
        Json(Sensitivity.Analyze(rs, subs, options)).Should().Be(one, "the default (all cores) gives the same result too");
    }

    [Theory]
    [InlineData(Qiaocheng, "examples/qiaocheng/cohort.json")]
    [InlineData("cn.sichuan.leshan.shizhong.high-quality@1.0.0", "examples/leshan/district-cohort.json")]
    public void GradeOnlyDraws_GiveTheGradesOfFullScorings(string reference, string file)
    {
        // The same seeded draws scored the plain way (a copy of the submission with the noisy values, scored in full).
        var rs = Rules(reference);
        var subs = Cohort(file);
        var options = new SensitivityOptions(0.05m, 150, 5);
        var fast = Sensitivity.Analyze(rs, subs, options);
        var job = new Sensitivity.Job(rs, options, new ParallelOptions());
        foreach (var i in new[] { 0, 3, 7, 12, subs.Count - 1 })
        {
            var noisy = job.NoisyOf(subs[i], i);
            var values = new decimal[noisy.Ids.Length];
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var d = 0; d < options.Draws && noisy.Ids.Length > 0; d++)
            {
                noisy.Draw(values, options.Noise, d);
                var copy = new Dictionary<string, FieldValue>(subs[i].Values, StringComparer.Ordinal);
                for (var k = 0; k < values.Length; k++) copy[noisy.Ids[k]] = FieldValue.Of(values[k]);
                var g = rs.Score(subs[i] with { Values = copy }).Grade ?? "—";
                counts[g] = counts.GetValueOrDefault(g) + 1;
            }
            var expected = noisy.Ids.Length == 0 ? new Dictionary<string, int> { [fast.Subjects[i].Grade] = options.Draws } : counts;
            fast.Subjects[i].Grades.Should().BeEquivalentTo(expected.Select(kv => new GradeProbability(kv.Key, Math.Round((decimal)kv.Value / options.Draws, 4))),
                $"subject {subs[i].Subject.Id}");
        }
    }

    [Theory]
    [InlineData(Qiaocheng, "examples/qiaocheng/cohort.json")]
    [InlineData("cn.sichuan.leshan.shizhong.high-quality@1.0.0", "examples/leshan/district-cohort.json")]
    public void SmallestFlip_GradeOnlyPath_GivesTheAnswerOfFullScorings(string reference, string file)
    {
        var rs = Rules(reference);
        var subs = Cohort(file);
        var fast = Sensitivity.Analyze(rs, subs, new SensitivityOptions(0.02m, 10, 1));
        var job = new Sensitivity.Job(rs, new SensitivityOptions(), new ParallelOptions());
        var flips = 0;
        for (var i = 0; i < subs.Count; i += 3)
        {
            var noisy = job.NoisyOf(subs[i], i);
            var sub = subs[i];
            var grade = rs.Score(sub).Grade ?? "—";
            var slow = Sensitivity.SmallestFlip(grade, noisy.Ids, noisy.Slots, noisy.Original, noisy.Defs, (_, field, value) =>
            {
                var copy = new Dictionary<string, FieldValue>(sub.Values, StringComparer.Ordinal) { [field] = FieldValue.Of(value) };
                return rs.Score(sub with { Values = copy }).Grade ?? "—";
            });
            fast.Subjects[i].SmallestFlip.Should().Be(slow, $"subject {sub.Subject.Id}");
            if (slow is not null) flips++;
        }
        flips.Should().BeGreaterThan(0, "some subjects of the example cohort have a grade one field can move");
    }

    [Fact]
    public void CohortDraws_BaselineGrades_AreTheGradesOfScoreCohort()
    {
        var rs = Rules(National);
        var subs = Widened(Cohort("examples/national/tertiary-cohort.json"), 6);
        var job = new Sensitivity.Job(rs, new SensitivityOptions(), new ParallelOptions());
        job.CohortRelative.Should().BeTrue();
        var draws = new Sensitivity.CohortDraws(job, subs);
        var cohort = rs.ScoreCohort(subs).Results;
        draws.Baseline.Grade.Should().Equal(cohort.Select(r => r.Grade));
        draws.Baseline.Total.Should().Equal(cohort.Select(r => r.Total));
        draws.Baseline.Max.Should().Equal(cohort.Select(r => r.MaxTotal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CohortDraws_InPlaceDraws_GiveTheGradesOfScoreCohortOnTheNoisyCohort_AndRestoreGivesTheSubmittedStateBack(bool direct)
    {
        // Draws re-score each subject in place on its own arrays (or, direct, work the ranked values out without the
        // engine); every draw must still be the cohort scored in full.
        var rs = Rules(National);
        var subs = Widened(Cohort("examples/national/tertiary-cohort.json"), 4);
        var options = new SensitivityOptions(0.05m, 10, 3);
        var job = new Sensitivity.Job(rs, options, new ParallelOptions()) { Direct = direct };
        var draws = new Sensitivity.CohortDraws(job, subs);
        draws.Direct.Should().Be(direct);
        var st = draws.NewState();
        var movedTotals = 0;
        foreach (var d in new[] { 0, 1, 2, 7, 3 })
        {
            draws.Evaluate(st, draw: d);
            draws.RankAndGrade(st, job.Parallel);
            var full = rs.ScoreCohort(NoisyCohort(draws, subs, options.Noise, d)).Results;
            st.Grade.Should().Equal(full.Select(r => r.Grade), $"draw {d}");
            st.Total.Should().Equal(full.Select(r => r.Total), $"draw {d}");
            // The national ratios (a / b, ranked, read by nothing else) are ranked without dividing most of them.
            st.Ratios.Count(r => r.Any).Should().BeGreaterThan(10, $"draw {d}: ratios left undivided");
            movedTotals += st.Total.Where((t, i) => t != draws.Baseline.Total[i]).Count();
        }
        movedTotals.Should().BeGreaterThan(100, "5% noise moves most totals");
        draws.Restore();
        var again = draws.NewState();
        draws.Evaluate(again, draw: -1);
        draws.RankAndGrade(again, job.Parallel);
        again.Grade.Should().Equal(draws.Baseline.Grade);
        again.Total.Should().Equal(draws.Baseline.Total);
        again.Points.Should().Equal(draws.Baseline.Points);
    }

    [Fact]
    public void Noisy_EachDrawDependsOnlyOnSeedSubjectAndDraw_IsExactAtZeroNoise_AndHasTheRequestedSpread()
    {
        var rs = Rules(National);
        var subs = Cohort("examples/national/tertiary-cohort.json");
        var job = new Sensitivity.Job(rs, new SensitivityOptions(0.02m, 1, 9), new ParallelOptions());
        var x = job.NoisyOf(subs[5], 5);
        x.Ids.Length.Should().BeGreaterThan(10);
        var n = x.Ids.Length;
        decimal[] DrawOf(Sensitivity.Noisy noisy, int d, decimal noise) { var v = new decimal[n]; noisy.Draw(v, noise, d); return v; }
        // Any order, another instance for the same subject: the same values.
        var forward = Enumerable.Range(0, 50).Select(d => DrawOf(x, d, 0.02m)).ToArray();
        var other = job.NoisyOf(subs[5], 5);
        for (var d = 49; d >= 0; d--) DrawOf(other, d, 0.02m).Should().Equal(forward[d], $"draw {d}");
        DrawOf(job.NoisyOf(subs[5], 6), 0, 0.02m).Should().NotEqual(forward[0], "another subject's place draws other noise");
        forward[1].Should().NotEqual(forward[0]);
        // No noise: exactly the submitted values.
        DrawOf(x, 3, 0m).Should().Equal(x.Original);
        // Whole numbers stay whole; within the field's range.
        for (var k = 0; k < n; k++)
            foreach (var v in forward.Select(f => f[k]))
            {
                if (x.Defs[k].Integer) (v % 1).Should().Be(0, x.Ids[k]);
                if (x.Defs[k].Min is { } lo) v.Should().BeGreaterThanOrEqualTo(lo);
                if (x.Defs[k].Max is { } hi) v.Should().BeLessThanOrEqualTo(hi);
            }
        // The relative changes of a large value: mean about 0, standard deviation about the noise (20,000 draws, seeded).
        var big = Enumerable.Range(0, n).OrderByDescending(k => Math.Abs(x.Original[k])).First();
        x.Original[big].Should().BeGreaterThan(10_000m);
        var eps = Enumerable.Range(0, 20_000).Select(d => (double)(DrawOf(x, d, 0.02m)[big] / x.Original[big] - 1)).ToArray();
        eps.Average().Should().BeApproximately(0, 0.0006);
        Math.Sqrt(eps.Select(e => e * e).Average()).Should().BeApproximately(0.02, 0.0006);
        // One deviate per field, each from its own place in the stream: neighbouring fields are uncorrelated.
        var pair = Enumerable.Range(0, 20_000).Select(d => DrawOf(x, d, 0.02m)).Select(v => (double)((v[0] / x.Original[0] - 1) * (v[1] / x.Original[1] - 1))).Average();
        Math.Abs(pair).Should().BeLessThan(0.02 * 0.02 * 0.1);
    }

    [Fact]
    public void CohortDraws_IncrementalGradeWithOneChange_IsTheGradeOfRankingTheWholeCohortAgain()
    {
        var rs = Rules(National);
        var subs = Widened(Cohort("examples/national/tertiary-cohort.json"), 6);
        var job = new Sensitivity.Job(rs, new SensitivityOptions(), new ParallelOptions());
        var draws = new Sensitivity.CohortDraws(job, subs);
        var worker = new Sensitivity.FlipWorker(job.Engine);
        var (same, moved) = (0, 0);
        foreach (var i in Enumerable.Range(0, subs.Count).Where(i => i % 7 == 0))
        {
            var noisy = draws.Noisy[i];
            for (var f = 0; f < noisy.Ids.Length; f += 3)
                foreach (var change in new[] { -0.5, -0.2, -0.05, -0.01, 0.003, 0.02, 0.1, 0.5 })
                {
                    var value = Sensitivity.Perturb(noisy.Original[f], change, noisy.Defs[f]);
                    var fast = draws.GradeWith(worker, i, noisy.Slots[f], noisy.Ids[f], value);
                    var exact = draws.Exact(i, noisy.Slots[f], noisy.Ids[f], value);
                    fast.Should().Be(exact, $"subject {subs[i].Subject.Id}, {noisy.Ids[f]} → {value}");
                    if (fast == (draws.Baseline.Grade[i] ?? "—")) same++; else moved++;
                }
        }
        moved.Should().BeGreaterThan(20, "the changes tried move many grades");
        same.Should().BeGreaterThan(20);
    }

    [Fact]
    public void Analyze_PercentileScheme_GradesMoveUnderNoise_AndTheSwingTableNamesIndicators()
    {
        var rs = Rules(National);
        var subs = Cohort("examples/national/tertiary-cohort.json");
        var r = Sensitivity.Analyze(rs, subs, new SensitivityOptions(0.02m, 300, 1));
        var cohort = rs.ScoreCohort(subs).Results;
        r.Subjects.Select(s => s.Grade).Should().Equal(cohort.Select(c => c.Grade ?? "—"));
        // Tertiary TCM hospitals are not assessed by this rule set: no grade, whatever the noise.
        r.Subjects.Where(s => cohort[subs.FindIndex(x => x.Subject.Id == s.SubjectId)].Grade is null).Should().OnlyContain(s => s.Stability == 1m && s.SmallestFlip == null);
        r.Subjects.Should().Contain(s => s.Stability < 0.9m, "percentile grades in strata of a few hospitals move under 2% noise");
        r.Subjects.Where(s => s.Grade != "—").Should().OnlyContain(s => s.Grades.Sum(g => g.Probability) > 0.999m && s.Grades.Sum(g => g.Probability) < 1.001m);
        r.Swings.Should().NotBeEmpty();
        // Each subject whose grade moves counts for at most one indicator (none when only its peers' noise moved it).
        r.Swings.Sum(s => s.Subjects).Should().BeInRange(1, r.Subjects.Count(s => s.Stability < 1m));
    }

    // One percentile-scored indicator and percentile grading: the total orders as the value does.
    private const string Ranked = """
        scheme: cn.t.ranked
        version: 1.0.0
        title: { zh: 排名, en: Ranked }
        indicators:
          - { id: docs, name: { zh: 医师, en: Physicians }, value: physicians, score: { method: percentile, direction: higher }, points: 10 }
        grading:
          method: percentile
          rounding: ceiling
          grades: [ { grade: A, top: 25% }, { grade: B, top: 50% }, { grade: C } ]
        """;

    private static CompiledRuleSet RankedRules()
    {
        var r = RuleSetLoader.Load(Ranked, "ranked.yaml");
        r.Success.Should().BeTrue(string.Join("; ", r.Diagnostics));
        return r.RuleSet!;
    }

    private static Submission Physicians(string id, decimal n) =>
        new(new Subject(id, Kind: "hospital", Tier: "tertiary"), 2025, new Dictionary<string, FieldValue> { ["physicians"] = n });

    [Fact]
    public void Percentile_SmallestFlip_IsTheChangeThatReachesTheNextPeer()
    {
        // 40, 30, 20, 10 physicians: ranks 1 to 4; A is the top 25% (rank 1), B the top 50% (rank 2), C the rest.
        var subs = new[] { Physicians("a", 40), Physicians("b", 30), Physicians("c", 20), Physicians("d", 10) };
        var r = Sensitivity.Analyze(RankedRules(), subs, new SensitivityOptions(0m, 50, 1));
        r.Subjects.Select(s => s.Grade).Should().Equal("A", "B", "C", "C");
        r.Subjects.Should().OnlyContain(s => s.Stability == 1m, "no noise, no moves");
        // b reaches A on a tie with a at 40 (ties share the best rank): +33.3%, found to within 1% of the change and
        // rounded to whole physicians (down to 20, a tie with c at rank 3, is found at the same step; up is tried first).
        r.Subjects[1].SmallestFlip.Should().Be(new GradeFlip("physicians", 30, 40, 0.333333m, "A"));
        // c reaches B on a tie with b at exactly 30 (+50%, the last step of the grid).
        r.Subjects[2].SmallestFlip.Should().Be(new GradeFlip("physicians", 20, 30, 0.5m, "B"));
        // a stays first down to 30 (a tie with b); at 29 b is ahead and a is second: B.
        r.Subjects[0].SmallestFlip.Should().Be(new GradeFlip("physicians", 40, 29, -0.275m, "B"));
        // d would need 20 (+100%) to tie with c: beyond ±50%.
        r.Subjects[3].SmallestFlip.Should().BeNull();
    }

    [Fact]
    public void Percentile_NoisyPeers_MoveAGradeTheSubjectsOwnValueCannot()
    {
        // b and c are 1% apart: noise on either swaps them half the time or so, so both have a fragile grade; a and d
        // are far from every peer.
        var subs = new[] { Physicians("a", 400), Physicians("b", 101), Physicians("c", 100), Physicians("d", 10) };
        var r = Sensitivity.Analyze(RankedRules(), subs, new SensitivityOptions(0.02m, 1000, 3));
        r.Subjects[0].Stability.Should().Be(1m);
        r.Subjects[3].Stability.Should().Be(1m);
        r.Subjects[1].Stability.Should().BeInRange(0.5m, 0.9m);
        r.Subjects[2].Stability.Should().BeInRange(0.5m, 0.9m);
        r.Swings.Should().ContainSingle().Which.Should().Be(new IndicatorSwing("docs", "医师", 2));
    }

    /// <summary>Draw <paramref name="draw"/>'s noisy copy of the cohort, each subject with its drawn values (to be scored in full).</summary>
    internal static List<Submission> NoisyCohort(Sensitivity.CohortDraws draws, List<Submission> subs, decimal noise, int draw) =>
        subs.Select((s, i) =>
        {
            var x = draws.Noisy[i];
            var values = new decimal[x.Ids.Length];
            x.Draw(values, noise, draw);
            var copy = new Dictionary<string, FieldValue>(s.Values, StringComparer.Ordinal);
            for (var k = 0; k < values.Length; k++) copy[x.Ids[k]] = FieldValue.Of(values[k]);
            return s with { Values = copy };
        }).ToList();

    /// <summary>The cohort <paramref name="copies"/> times, each copy's numbers scaled a little (so strata are larger and values differ).</summary>
    internal static List<Submission> Widened(List<Submission> subs, int copies)
    {
        var all = new List<Submission>();
        for (var c = 0; c < copies; c++)
            foreach (var s in subs)
            {
                var factor = 1 + (c - copies / 2) * 0.013m;
                var values = s.Values.ToDictionary(kv => kv.Key, kv => kv.Value.Number is { } n && n > 1000 ? FieldValue.Of(Math.Round(n * factor)) : kv.Value, StringComparer.Ordinal);
                all.Add(s with { Subject = s.Subject with { Id = $"{s.Subject.Id}-{c}" }, Values = values });
            }
        return all;
    }
}
