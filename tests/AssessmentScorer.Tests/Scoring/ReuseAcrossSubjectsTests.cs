using static AssessmentScorer.Tests.Scoring.DemoSubmissions;

namespace AssessmentScorer.Tests.Scoring;

/// <summary>
/// What scoring keeps from one subject to the next on a thread (fields found by key, missing data and its problems):
/// each subject's result must be what it would be if scored alone.
/// </summary>
public class ReuseAcrossSubjectsTests
{
    private static Dictionary<string, FieldValue> FreshKeys(Dictionary<string, FieldValue> values) =>
        values.ToDictionary(kv => new string(kv.Key.AsSpan()), kv => kv.Value, StringComparer.Ordinal);

    private static Submission WithValues(Dictionary<string, FieldValue> values, string id = "h1") =>
        new(new Subject(id, "示范医院", "hospital", "tertiary", "general", "public", "CN-AH/bozhou/qiaocheng"), 2025, values, Previous(), OnTime());

    [Fact]
    public void Score_KeysThatAreNewStrings_GiveTheResultOfSharedKeys()
    {
        var shared = Repo.Demo.Score(Make(v => { v["personnel_expenditure"] = 37.5m; v["not_a_field"] = 1; }));
        var fresh = Repo.Demo.Score(WithValues(FreshKeys(new Dictionary<string, FieldValue>(Make(v => { v["personnel_expenditure"] = 37.5m; v["not_a_field"] = 1; }).Values)), "h1"));

        fresh.ToJson().Should().Be(shared.ToJson());
        fresh.Problems.Should().ContainSingle(p => p.Code == "AS5004").Which.Field.Should().Be("values.not_a_field");
        fresh.Indicators.Single(i => i.Id == "personnel_share").Value.Should().Be(0.375m);
    }

    [Fact]
    public void Score_ManySubjectsWithNewKeyStrings_ReadsEachSubjectsOwnValues()
    {
        // Enough distinct key strings that what is kept per thread is emptied several times over.
        for (var k = 1; k <= 300; k++)
        {
            var values = Values();
            values["personnel_expenditure"] = k;
            values["business_expenditure"] = 400;
            values["physicians"] = 100 + k;
            var r = Repo.Demo.Score(WithValues(FreshKeys(values), $"h{k}"));

            r.Indicators.Single(i => i.Id == "personnel_share").Value.Should().Be(k / 400m, $"subject {k}");
            r.Indicators.Single(i => i.Id == "nurse_ratio").Value.Should().Be(140m / (100 + k), $"subject {k}");
            r.Problems.Should().BeEmpty($"subject {k}");
        }
    }

    [Fact]
    public void Score_SubjectWithoutAttributesAfterOneWithThem_ReadsOnlyItsOwn()
    {
        // The thread's scratch keeps the subject's attributes from one score to the next: the second subject (no beds,
        // no tier) must not see the first's. The Leshan scheme's security indicator applies when beds >= 1000.
        var leshan = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.sichuan.leshan.shizhong.high-quality@1.0.0")!;
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "examples/leshan/district-cohort.json")));
        var first = Submission.FromJson(doc.RootElement[0]).Submission!;
        var bare = first with { Subject = first.Subject with { Id = "bare", Beds = null, Tier = null } };
        string? alone = null;
        var thread = new Thread(() => alone = leshan.Score(bare).ToJson());   // a thread with no scratch yet
        thread.Start();
        thread.Join();

        leshan.Score(first).Indicators.Single(i => i.Id == "security_system_compliant").Status.Should().NotBe(IndicatorStatus.Missing);
        var after = leshan.Score(bare);

        after.ToJson().Should().Be(alone);
        after.Indicators.Single(i => i.Id == "security_system_compliant").Status.Should().Be(IndicatorStatus.Missing);
        after.Problems.Should().Contain(p => p.Field == "subject.beds");
    }

    [Fact]
    public void Score_SameKeyStringsUnderTwoRuleSets_EachReadsItsOwnFields()
    {
        var s = Make();
        var national = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.national.tertiary-performance@1.1.0")!;
        var demoAlone = Repo.Demo.Score(s).ToJson();

        var underNational = national.Score(s);
        var demoAfter = Repo.Demo.Score(s).ToJson();
        var nationalAgain = national.Score(s);

        demoAfter.Should().Be(demoAlone);
        nationalAgain.ToJson().Should().Be(underNational.ToJson());
        // The same field ids have other places in the national rule set's values: read in the wrong place, the
        // demonstration's results above would differ.
        underNational.RuleSet.Scheme.Should().Be("cn.national.tertiary-performance");
    }

    [Fact]
    public void Score_EveryBundledRuleSetInTurn_EachGivesItsResultAlone()
    {
        // More rule sets than a thread keeps scratch for, so some are dropped and made again as the turns go round.
        var all = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.All.ToArray();
        all.Length.Should().BeGreaterThan(4);
        var s = Make(v => v.Remove("physicians"));
        var alone = all.Select(rs => rs.Score(s).ToJson()).ToArray();

        for (var round = 0; round < 3; round++)
            for (var k = 0; k < all.Length; k++)
            {
                var i = round % 2 == 0 ? k : all.Length - 1 - k;
                all[i].Score(s).ToJson().Should().Be(alone[i], $"{all[i].Scheme}@{all[i].Version}, round {round}");
            }
    }

    [Fact]
    public void Score_SubjectsMissingDifferentData_EachNamesItsOwn()
    {
        var noPhysicians = Make(v => v.Remove("physicians"));
        var noNurses = Make(v => v.Remove("registered_nurses"));
        var neither = Make(v => { v.Remove("physicians"); v.Remove("registered_nurses"); });

        foreach (var (s, missing) in new[]
        {
            (noPhysicians, new[] { "values.physicians" }),
            (noNurses, new[] { "values.registered_nurses" }),
            (neither, new[] { "values.physicians", "values.registered_nurses" }),
            (noPhysicians, new[] { "values.physicians" }),
            (noPhysicians, new[] { "values.physicians" }),
        })
        {
            var r = Repo.Demo.Score(s);
            var i = r.Indicators.Single(x => x.Id == "nurse_ratio");
            i.Status.Should().Be(IndicatorStatus.Missing);
            i.MissingData.Should().Equal(missing);
            r.Problems.Where(p => p.Code == "AS5011").Select(p => p.Field).Should().Equal(missing);
            r.Problems.Should().OnlyContain(p => p.Message.StartsWith("医护比 (nurse_ratio) needs values."));
        }
        // Each set of missing data is named once and shared by the subjects that miss it, in any order.
        IReadOnlyList<string> Named(Submission s) => Repo.Demo.Score(s).Indicators.Single(x => x.Id == "nurse_ratio").MissingData;
        var (a, b, c) = (Named(noPhysicians), Named(noNurses), Named(neither));
        Named(noNurses).Should().BeSameAs(b);
        Named(noPhysicians).Should().BeSameAs(a);
        Named(neither).Should().BeSameAs(c).And.Equal("values.physicians", "values.registered_nurses");
    }

    [Fact]
    public void Score_SameMissingDataTwice_GivesEqualResults()
    {
        var first = Repo.Demo.Score(Make(v => v.Remove("physicians")));
        var second = Repo.Demo.Score(Make(v => v.Remove("physicians")));

        second.Should().Be(first);
        second.ToJson().Should().Be(first.ToJson());
        second.Indicators.Single(i => i.Id == "nurse_ratio").Explanation.En.Should().Be("Nurses per physician: missing data (values.physicians) → 0/10");
    }
}
