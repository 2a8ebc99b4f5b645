namespace AssessmentScorer.Tests.Scoring;

public class CohortTests
{
    /// <summary>Percentile grades within each category; points are visits / 10, so distinct visits give distinct totals.</summary>
    private const string Yaml = """
        scheme: t.cohort
        version: 1.0.0
        title: { zh: 队列测试, en: Cohort test }
        descriptions:
          "tier == 'tertiary'": { zh: 三级医院, en: tertiary hospitals }
        indicators:
          - id: visits
            name: { zh: 门急诊人次, en: Visits }
            value: outpatient_visits
            target: { at_least: 1000 }
            score: { method: linear, from: 0 }
            points: 100
        aggregates:
          - id: tertiary_stars_share
            name: { zh: 三级医院三星及以上占比, en: Share of tertiary hospitals with 3 stars or more }
            over: tier == 'tertiary'
            share_of: smart_hospital_stars >= 3
            target: { at_least: 60% }
          - id: average_visits
            name: { zh: 平均门急诊人次, en: Average visits }
            average: outpatient_visits
            target: { at_least: 50 }
        grading:
          method: percentile
          stratify_by: [category]
          grades: [ {grade: A++, top: 1%}, {grade: A+, top: 10%}, {grade: A, top: 20%}, {grade: B} ]
          pass: "grade >= 'A'"
        """;

    private const string PercentileIndicatorYaml = """
        scheme: t.pct
        version: 1.0.0
        title: { zh: 排名计分, en: Scored by rank }
        indicators:
          - id: discharges_rank
            name: { zh: 出院人次排名, en: Discharges rank }
            value: discharges
            score: { method: percentile, direction: higher }
            points: 10
          - id: cost_rank
            name: { zh: 次均费用排名, en: Cost rank }
            value: inpatient_cost_per_case
            score: { method: percentile, direction: lower }
            points: 10
        """;

    private static readonly Lazy<CompiledRuleSet> RuleSet = new(() => LoadInline(Yaml));

    private static CompiledRuleSet LoadInline(string yaml)
    {
        var load = RuleSetLoader.Load(yaml, "t.yaml");
        load.Success.Should().BeTrue(string.Join(" | ", load.Diagnostics));
        return load.RuleSet!;
    }

    private static Submission Subject(string id, decimal? visits, string category = "general", string? tier = "tertiary", decimal? stars = null)
    {
        var values = new Dictionary<string, FieldValue>();
        if (visits is { } v) values["outpatient_visits"] = v;
        if (stars is { } s) values["smart_hospital_stars"] = s;
        return new Submission(new Subject(id, Tier: tier, Category: category), 2025, values);
    }

    private static AssessmentResult Of(CohortResult c, string id) =>
        c.Results.Should().ContainSingle(r => r.Subject.Id == id).Subject;

    [Fact]
    public void ScoreCohort_HundredDistinctTotals_GradesByShareOfTheStratum()
    {
        // h1 has 1 visit, h100 has 100: h100 ranks first.
        var subjects = Enumerable.Range(1, 100).Select(i => Subject($"h{i}", i)).ToArray();

        var cohort = RuleSet.Value.ScoreCohort(subjects);

        cohort.Results.Select(r => r.Subject.Id).Should().Equal(subjects.Select(s => s.Subject.Id), "results keep the input order");
        foreach (var r in cohort.Results)
        {
            var rank = 101 - int.Parse(r.Subject.Id[1..], System.Globalization.CultureInfo.InvariantCulture);
            r.Cohort.Should().Be(new CohortStanding("general", rank, 100, rank / 100m));
            var expected = rank == 1 ? "A++" : rank <= 10 ? "A+" : rank <= 20 ? "A" : "B";
            r.Grade.Should().Be(expected, $"rank {rank} of 100");
            r.Passed.Should().Be(rank <= 20, $"rank {rank} of 100 is {expected}");
        }
        cohort.Results.Count(r => r.Grade == "A++").Should().Be(1);
        cohort.Results.Count(r => r.Grade == "A+").Should().Be(9);
        cohort.Results.Count(r => r.Grade == "A").Should().Be(10);
        cohort.Results.Count(r => r.Grade == "B").Should().Be(80);
    }

    [Theory]
    // 130 subjects: the top 1% is 1.3 subjects, the top 10% 13, the top 20% 26.
    [InlineData("ceiling", 130, 2, 11)]
    [InlineData("floor", 130, 1, 12)]
    [InlineData("nearest", 130, 1, 12)]
    // 70 subjects: the top 1% is 0.7 subjects (none when rounded down), the top 10% 7, the top 20% 14.
    [InlineData("ceiling", 70, 1, 6)]
    [InlineData("floor", 70, 0, 7)]
    [InlineData("nearest", 70, 1, 6)]
    public void ScoreCohort_BandSharesThatAreNotWholeSubjects_AreRoundedAsTheRuleSetSays(string rounding, int n, int topOne, int topTen)
    {
        var rs = LoadInline(Yaml.Replace("  method: percentile", $"  method: percentile\n  rounding: {rounding}"));
        var subjects = Enumerable.Range(1, n).Select(i => Subject($"h{i}", i)).ToArray();

        var cohort = rs.ScoreCohort(subjects);

        var grades = cohort.Results.GroupBy(r => r.Grade).ToDictionary(g => g.Key!, g => g.Count());
        grades.GetValueOrDefault("A++").Should().Be(topOne);
        grades.GetValueOrDefault("A+").Should().Be(topTen);
        grades.GetValueOrDefault("A").Should().Be(n / 5 - n / 10, "the top 20% is a whole number of subjects here");
        grades.GetValueOrDefault("B").Should().Be(n - n / 5);
        // The best subjects hold the best grades.
        Of(cohort, $"h{n}").Grade.Should().Be(topOne > 0 ? "A++" : "A+");
    }

    [Fact]
    public void ScoreCohort_PercentileIndicator_ValuesApartBeyondDoublePrecision_RankApart()
    {
        // These costs differ in the 28th significant digit (as doubles they are equal, or even out of order);
        // 100 and 100.0 are equal and tie.
        var rs = LoadInline(PercentileIndicatorYaml);
        var costs = new[] { 100.0000000000000000000000002m, 100.0000000000000000000000001m, 100m, 100.0m };
        var subjects = costs.Select((c, i) => new Submission(new Subject($"h{i}", Category: "general"), 2025,
            new Dictionary<string, FieldValue> { ["discharges"] = 1, ["inpatient_cost_per_case"] = c })).ToArray();

        var cost = rs.ScoreCohort(subjects).Results.Select(r => r.Indicators.Single(i => i.Id == "cost_rank")).ToArray();

        // Lower is better: the two 100s share rank 1, then 100…01, then 100…02.
        cost.Select(i => i.Cohort!.Rank).Should().Equal(4, 3, 1, 1);
        cost.Select(i => i.Points).Should().Equal(0m, 3.33m, 10m, 10m);
    }

    [Theory]
    [InlineData("10", 1, 4, "10")]
    [InlineData("10", 2, 4, "6.67")]
    [InlineData("10", 3, 4, "3.33")]
    [InlineData("10", 4, 4, "0")]
    [InlineData("2.5", 1, 1, "2.5")]
    // 1.5 × 1/300 is exactly 0.005: half a hundredth rounds away from zero.
    [InlineData("1.5", 300, 301, "0.01")]
    [InlineData("1.5", 301, 301, "0")]
    public void RankPoints_FallLinearlyFromBestToWorst_RoundedToHundredths(string max, int rank, int of, string expected)
    {
        var points = AssessmentScorer.Scoring.Cohort.RankPoints(decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture), rank, of);
        points.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void RankPoints_AgreeWithTheDecimalFormula_AwayFromHalfHundredths()
    {
        foreach (var max in new[] { 1m, 2.5m, 3m, 7.25m, 10m, 15m, 100m })
            for (var n = 2; n <= 60; n++)
                for (var r = 1; r <= n; r++)
                    RankPointsShouldMatchTheDecimalFormula(max, r, n);
    }

    /// <summary>Rank points equal the decimal formula, except at a half hundredth (a tie: see the cases above).</summary>
    private static void RankPointsShouldMatchTheDecimalFormula(decimal max, int r, int n)
    {
        var exact = max * (n - r) / (n - 1) * 100;
        if (Math.Abs(exact - Math.Round(exact)) is var d && Math.Abs(d - 0.5m) < 0.000001m) return;
        AssessmentScorer.Scoring.Cohort.RankPoints(max, r, n).Should()
            .Be(Math.Round(max * ((decimal)(n - r) / (n - 1)), 2, MidpointRounding.AwayFromZero), $"{max} points, rank {r} of {n}");
    }

    [Fact]
    public void RankPoints_LargePointsOrLargeCohorts_WorkedOutAsExactly()
    {
        // Points with nine decimals near the largest allowed, in cohorts up to a million, go past 64-bit arithmetic.
        foreach (var max in new[] { 999_999.999999999m, 123_456.789012345m, 0.000000001m })
            foreach (var n in new[] { 2, 13_000, 1_000_000 })
                foreach (var r in new[] { 1, 2, n / 3 + 1, n / 2, n - 1, n })
                    if (r >= 1 && r <= n) RankPointsShouldMatchTheDecimalFormula(max, r, n);
    }

    [Fact]
    public void ScoreCohort_TiedTotals_ShareTheBetterRank()
    {
        var subjects = new[] { Subject("x", 100), Subject("y", 100), Subject("z", 90) }
            .Concat(Enumerable.Range(1, 97).Select(i => Subject($"h{i}", i / 10m)))
            .ToArray();

        var cohort = RuleSet.Value.ScoreCohort(subjects);

        Of(cohort, "x").Cohort!.Rank.Should().Be(1);
        Of(cohort, "y").Cohort!.Rank.Should().Be(1);
        Of(cohort, "z").Cohort!.Rank.Should().Be(3);
        Of(cohort, "x").Grade.Should().Be("A++");
        Of(cohort, "y").Grade.Should().Be("A++");
        Of(cohort, "z").Grade.Should().Be("A+");
    }

    [Fact]
    public void ScoreCohort_TwoCategories_AreGradedSeparately()
    {
        var general = Enumerable.Range(1, 10).Select(i => Subject($"g{i}", i, "general"));
        var tcm = Enumerable.Range(1, 10).Select(i => Subject($"t{i}", 500 + i, "tcm"));

        var cohort = RuleSet.Value.ScoreCohort(general.Concat(tcm));

        // Ten in a stratum: A++ is rank ≤ ⌈0.1⌉ = 1, A+ rank ≤ ⌈1⌉ = 1, A rank ≤ ⌈2⌉ = 2.
        Of(cohort, "g10").Grade.Should().Be("A++", "the best general hospital tops its own stratum, though every tcm one scores more");
        Of(cohort, "g10").Cohort.Should().Be(new CohortStanding("general", 1, 10, 0.1m));
        Of(cohort, "g9").Grade.Should().Be("A");
        Of(cohort, "g8").Grade.Should().Be("B");
        Of(cohort, "t10").Grade.Should().Be("A++");
        Of(cohort, "t10").Cohort.Should().Be(new CohortStanding("tcm", 1, 10, 0.1m));
        Of(cohort, "t1").Cohort.Should().Be(new CohortStanding("tcm", 10, 10, 1m));
        Of(cohort, "t1").Grade.Should().Be("B");
        cohort.Results.Count(r => r.Grade == "A++").Should().Be(2);
    }

    [Fact]
    public void Score_PercentileGradingAlone_HasNoGrade()
    {
        var r = RuleSet.Value.Score(Subject("h1", 100));
        r.Grade.Should().BeNull();
        r.Passed.Should().BeNull();
        r.Total.Should().Be(10);
    }

    [Fact]
    public void ScoreCohort_ShareExactlySixtyPercent_MeetsAtLeastSixtyPercent()
    {
        var subjects = Enumerable.Range(1, 10)
            .Select(i => Subject($"t{i}", 10, stars: i <= 6 ? 3 : 2))
            .Append(Subject("s1", 10, tier: "secondary", stars: 0))
            .Append(Subject("s2", 10, tier: "secondary", stars: 5));

        var cohort = RuleSet.Value.ScoreCohort(subjects);

        var a = cohort.Aggregates.Should().ContainSingle(x => x.Id == "tertiary_stars_share").Subject;
        a.Kind.Should().Be("share_of");
        a.InScope.Should().Be(10);
        a.Counted.Should().Be(10);
        a.MissingSubjects.Should().BeEmpty();
        a.Value.Should().Be(0.6m);
        a.DisplayValue.Should().Be("60.00%");
        a.Target.Should().Be("≥ 60%");
        a.Met.Should().BeTrue();
        a.Explanation.En.Should().Be("Share of tertiary hospitals with 3 stars or more: 10 subjects in scope (tertiary hospitals), 10 with data, share 60.00%, meets ≥ 60%");
    }

    [Fact]
    public void ScoreCohort_ShareJustBelowSixtyPercent_IsNotMet()
    {
        var subjects = Enumerable.Range(1, 7).Select(i => Subject($"t{i}", 10, stars: i <= 4 ? 3 : 2));
        var a = RuleSet.Value.ScoreCohort(subjects).Aggregates.Single(x => x.Id == "tertiary_stars_share");
        a.Value.Should().Be(4m / 7);
        a.Met.Should().BeFalse();
    }

    [Fact]
    public void ScoreCohort_SubjectsWithMissingData_AreListedAndNotCounted()
    {
        var subjects = Enumerable.Range(1, 5).Select(i => Subject($"t{i}", 10 * i, stars: i <= 3 ? 4 : 1))
            .Append(Subject("no-stars", 10))
            .Append(Subject("no-tier", 10, tier: null, stars: 5))
            .Append(Subject("no-visits", null, stars: 5));

        var cohort = RuleSet.Value.ScoreCohort(subjects);

        var share = cohort.Aggregates.Single(x => x.Id == "tertiary_stars_share");
        share.MissingSubjects.Should().Equal("no-stars", "no-tier");
        share.InScope.Should().Be(7, "no-stars and no-visits are tertiary; no-tier cannot be placed");
        share.Counted.Should().Be(6);
        share.Value.Should().Be(4m / 6);
        share.Met.Should().BeTrue();

        var average = cohort.Aggregates.Single(x => x.Id == "average_visits");
        average.Kind.Should().Be("average");
        average.MissingSubjects.Should().Equal("no-visits");
        average.InScope.Should().Be(8);
        average.Counted.Should().Be(7);
        average.Value.Should().Be((10m + 20 + 30 + 40 + 50 + 10 + 10) / 7);
        average.Target.Should().Be("≥ 50");
        average.Met.Should().BeFalse();
    }

    [Fact]
    public void ScoreCohort_AverageExactlyAtTarget_IsMet()
    {
        var subjects = new[] { Subject("a", 40), Subject("b", 60), Subject("c", 50) };
        var average = RuleSet.Value.ScoreCohort(subjects).Aggregates.Single(x => x.Id == "average_visits");
        average.Value.Should().Be(50);
        average.DisplayValue.Should().Be("50");
        average.Met.Should().BeTrue();
    }

    [Fact]
    public void ScoreCohort_NoSubjectInScope_HasNoValue()
    {
        var a = RuleSet.Value.ScoreCohort(new[] { Subject("s", 10, tier: "secondary", stars: 3) }).Aggregates.Single(x => x.Id == "tertiary_stars_share");
        a.InScope.Should().Be(0);
        a.Value.Should().BeNull();
        a.Met.Should().BeNull();
        a.Explanation.En.Should().Be("Share of tertiary hospitals with 3 stars or more: no usable data in scope (tertiary hospitals)");
        a.Explanation.Zh.Should().Be("三级医院三星及以上占比：范围内（三级医院）没有可用数据", "the scope in the rule file's words, never its expression");
    }

    [Fact]
    public void ScoreCohort_PercentileIndicator_BestGetsFullPointsWorstNone()
    {
        var rs = LoadInline(PercentileIndicatorYaml);
        var subjects = new[] { 30m, 10m, 50m, 20m, 40m }.Select((d, i) => new Submission(new Subject($"h{i}", Category: "general"), 2025,
            new Dictionary<string, FieldValue> { ["discharges"] = d, ["inpatient_cost_per_case"] = d * 100 })).ToArray();

        var cohort = rs.ScoreCohort(subjects);

        var points = cohort.Results.Select(r => r.Indicators.Single(i => i.Id == "discharges_rank")).ToArray();
        points.Select(i => i.Points).Should().Equal(5m, 0m, 10m, 2.5m, 7.5m);
        points.Should().OnlyContain(i => i.Status == IndicatorStatus.Scored && i.MaxPoints == 10);
        points[2].Cohort.Should().Be(new CohortStanding("all", 1, 5, 0.2m));
        points[1].Cohort.Should().Be(new CohortStanding("all", 5, 5, 1m));
        points[2].Explanation.En.Should().Be("Discharges rank 50, ranked 1 of 5 in all → 10/10");

        // Lower is better: the cheapest (h1) gets full points, the dearest (h2) none.
        var cost = cohort.Results.Select(r => r.Indicators.Single(i => i.Id == "cost_rank").Points).ToArray();
        cost.Should().Equal(5m, 10m, 0m, 7.5m, 2.5m);
        cohort.Results.Select(r => r.Total).Should().Equal(10m, 10m, 10m, 10m, 10m);
    }

    [Fact]
    public void Score_PercentileIndicatorAlone_IsNotApplicable()
    {
        var rs = LoadInline(PercentileIndicatorYaml);
        var r = rs.Score(new Submission(new Subject("h"), 2025, new Dictionary<string, FieldValue> { ["discharges"] = 5, ["inpatient_cost_per_case"] = 100 }));
        var i = r.Indicators.Single(x => x.Id == "discharges_rank");
        i.Status.Should().Be(IndicatorStatus.NotApplicable);
        i.Points.Should().Be(0);
        i.MaxPoints.Should().Be(0);
        i.Explanation.En.Should().StartWith("Discharges rank 5: not applicable (scored by rank within its group");
    }

    [Fact]
    public void ScoreCohort_OnlySubjectOfItsStratum_GetsWhatItGetsAlone()
    {
        var rs = LoadInline(PercentileIndicatorYaml);
        var lone = new Submission(new Subject("h"), 2025, new Dictionary<string, FieldValue> { ["discharges"] = 5, ["inpatient_cost_per_case"] = 100 });

        var alone = rs.Score(lone);
        var inCohort = rs.ScoreCohort(new[] { lone }).Results.Single();

        inCohort.Total.Should().Be(alone.Total);
        inCohort.MaxTotal.Should().Be(alone.MaxTotal);
        inCohort.Grade.Should().Be(alone.Grade);
        inCohort.Passed.Should().Be(alone.Passed);
        inCohort.Coverage.Should().Be(alone.Coverage);
        inCohort.Indicators.Select(i => (i.Id, i.Status, i.Points, i.MaxPoints)).Should().Equal(alone.Indicators.Select(i => (i.Id, i.Status, i.Points, i.MaxPoints)));
    }

    [Fact]
    public void ScoreCohort_PercentileIndicator_MissingValueIsNotRanked()
    {
        var rs = LoadInline(PercentileIndicatorYaml);
        var subjects = new[]
        {
            new Submission(new Subject("a"), 2025, new Dictionary<string, FieldValue> { ["discharges"] = 5, ["inpatient_cost_per_case"] = 1 }),
            new Submission(new Subject("b"), 2025, new Dictionary<string, FieldValue> { ["discharges"] = 9, ["inpatient_cost_per_case"] = 1 }),
            new Submission(new Subject("c"), 2025, new Dictionary<string, FieldValue> { ["inpatient_cost_per_case"] = 1 }),
        };

        var results = rs.ScoreCohort(subjects).Results.Select(r => r.Indicators.Single(i => i.Id == "discharges_rank")).ToArray();

        results[0].Cohort!.Of.Should().Be(2);
        results[1].Points.Should().Be(10);
        results[0].Points.Should().Be(0);
        results[2].Status.Should().Be(IndicatorStatus.Missing);
        results[2].MissingData.Should().Equal("values.discharges");
    }
}
