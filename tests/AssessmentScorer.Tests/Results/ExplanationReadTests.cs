using System.Globalization;
using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;
using AssessmentScorer.Tests.Scoring;

namespace AssessmentScorer.Tests.Results;

/// <summary>
/// Reading explanations from the compact outcomes (<see cref="AssessmentResult.IndicatorExplanation"/>), the sentences kept
/// per indicator, and the number formatting that writes into the sentence: each gives exactly what the general path gives.
/// </summary>
public class ExplanationReadTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Demonstration submissions that between them reach every kind of sentence the rule set has.</summary>
    private static List<Submission> Varied() =>
    [
        DemoSubmissions.Make(),
        DemoSubmissions.Make(v => { v["personnel_expenditure"] = 35.5m; v.Remove("elective_surgeries"); }, beds: 820),
        DemoSubmissions.Make(v => { v.Remove("personnel_expenditure"); v["interop_maturity"] = "三级"; v["in_county_admissions"] = 850; }),
        DemoSubmissions.Make(v => { v.Remove("business_expenditure"); v["emr_level"] = 3; v["day_surgeries"] = 0; v["elective_surgeries"] = 0; }),
        DemoSubmissions.Make(v => { v["physicians"] = 0; v["registered_nurses"] = 99.5m; v["in_county_admissions"] = 0; }, withPrevious: false),
        DemoSubmissions.Make(v => v["personnel_expenditure"] = 29.999m, tasks: new() { ["command_center"] = new TaskReport(true, new DateOnly(2026, 3, 1), ["验收报告"]) }),
        DemoSubmissions.Make(v => v["interop_maturity"] = "四级乙等", tasks: new() { ["command_center"] = new TaskReport(false, null, []) }),
        DemoSubmissions.Make(tasks: new()),
    ];

    [Fact]
    public void IndicatorExplanation_IsTheRecordsExplanation_ForEveryIndicatorOfEveryResult()
    {
        var subs = Varied();
        var single = subs.Select(Repo.Demo.Score).ToList();
        var cohort = Repo.Demo.ScoreCohort(subs).Results;
        var kinds = new HashSet<string>();
        foreach (var r in single.Concat(cohort))
            for (var i = 0; i < r.Indicators.Count; i++)
            {
                var record = r.Indicators[i];
                r.IndicatorExplanation(i).Should().Be(record.Explanation, $"{record.Id} ({record.Status})");
                kinds.Add($"{record.Status}/{record.Met}");
            }
        // The submissions reach scored (met and not), missing and not-applicable outcomes.
        kinds.Should().Contain(["Scored/True", "Scored/False", "Missing/", "NotApplicable/"]);
    }

    [Fact]
    public void IndicatorExplanation_OfAResultWithItsOwnList_ReadsTheList_AndAnIndexOutsideThrows()
    {
        var r = Repo.Demo.Score(Varied()[1]);
        var own = r with { Indicators = r.Indicators.Select(i => i with { Explanation = new Explanation("自定", "own") }).ToList() };

        own.IndicatorExplanation(0).Should().Be(new Explanation("自定", "own"));
        r.Invoking(x => x.IndicatorExplanation(r.Indicators.Count)).Should().Throw<ArgumentOutOfRangeException>();
        r.Invoking(x => x.IndicatorExplanation(-1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ExplanationInto_GivesTheCharactersOfExplanationOf_ForEveryExampleAndRandomSubmission()
    {
        // Every example of examples/ and seeded random submissions for every bundled rule set, alone and as cohorts,
        // through one buffer reused from sentence to sentence (long ones, then short ones).
        var registry = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;
        var chars = new ExplanationChars();
        var kinds = new HashSet<string>();
        var read = 0;
        foreach (var item in AssessmentScorer.Tests.Reliability.Workload.Items)
        {
            var rs = registry.Resolve(item.Reference)!;
            var subs = item.SubmissionsJson.Select(j => Submission.ParseJson(j).Submission!).ToList();
            var results = subs.Select(rs.Score).Concat(rs.ScoreCohort(subs).Results);
            foreach (var r in results)
            {
                var list = r.Indicators.Should().BeOfType<IndicatorList>().Subject;
                for (var k = 0; k < list.Count; k++)
                {
                    list.ExplanationInto(k, chars);
                    var e = list.ExplanationOf(k);
                    chars.Zh.ToString().Should().Be(e.Zh, $"{item.Name}: {r.Subject.Id} {list.Def(k).Id}");
                    chars.En.ToString().Should().Be(e.En, $"{item.Name}: {r.Subject.Id} {list.Def(k).Id}");
                    e.Should().Be(list[k].Explanation);
                    var o = list.Outcomes[k];
                    kinds.Add(o.Deferred is not null ? "deferred" : $"{o.Kind}/{o.Value.Kind}/{o.Show}");
                    read++;
                }
            }
        }
        read.Should().BeGreaterThan(1000);
        // The sentences put together in stack space (a number scored, monitored or ranked, year over year) and those copied from strings.
        kinds.Should().Contain(["deferred", $"{ExplainKind.Scored}/{VKind.Number}/{ShowFlags.None}", $"{ExplainKind.Monitor}/{VKind.Number}/{ShowFlags.None}",
            $"{ExplainKind.Ranked}/{VKind.Number}/{ShowFlags.None}", $"{ExplainKind.MissingData}/{VKind.Missing}/{ShowFlags.None}"]);
        kinds.Should().Contain(k => k.StartsWith("Scored/Bool", StringComparison.Ordinal) || k.StartsWith("Scored/Level", StringComparison.Ordinal));
    }

    [Fact]
    public void ExplanationChars_HoldsEachPairWhole_LongerThanItsBufferAndAfter()
    {
        var chars = new ExplanationChars();
        foreach (var (zh, en) in new[] { ("短", "short"), (new string('长', 700), new string('x', 900)), ("", "only English"), ("只有中文", ""), ("", ""), ("再", "again") })
        {
            chars.Set(zh, en);
            chars.Zh.ToString().Should().Be(zh);
            chars.En.ToString().Should().Be(en);
        }
        chars.Set(new Explanation("说明", "explained"));
        (chars.Zh.ToString(), chars.En.ToString()).Should().Be(("说明", "explained"));
    }

    [Fact]
    public void MissingDataSentence_KeptPerSetOfMissingFields_NamesEachSubjectsOwn()
    {
        var noPersonnel = DemoSubmissions.Make(v => v.Remove("personnel_expenditure"));
        var noBusiness = DemoSubmissions.Make(v => v.Remove("business_expenditure"));
        foreach (var (sub, field) in new[] { (noPersonnel, "personnel_expenditure"), (noBusiness, "business_expenditure"), (noPersonnel, "personnel_expenditure") })
        {
            var r = Repo.Demo.Score(sub);
            var k = r.Indicators.ToList().FindIndex(i => i.Id == "personnel_share");
            var e = r.IndicatorExplanation(k);
            e.Zh.Should().Contain("缺少数据").And.Contain(field);
            e.En.Should().Contain($"missing data (values.{field})");
            e.Should().BeSameAs(r.IndicatorExplanation(k), "the sentence is made once per set of missing fields");
        }
    }

    [Fact]
    public void SentenceMemos_GiveWhatExplainMakes_ForEveryKey_InAnyOrder()
    {
        var ind = Repo.Demo.Model.Indicators.First(i => i.Id == "interop_level");
        var memos = new SentenceMemos();
        var keys = (from v in new[] { "是", "否", "四级甲等", "三级" }
                    from t in new[] { null, "= 是", "≥ 四级甲等" }
                    from met in new bool?[] { true, false, null }
                    from p in new[] { 0m, 5m, 5.0m, 7.5m }
                    select (v, t, met, p)).ToList();
        // Twice, the second time in reverse: 8 slots for 144 keys, so entries are both found and replaced.
        foreach (var (v, t, met, p) in keys.Concat(Enumerable.Reverse(keys)).Concat(keys.Take(6)).Concat(keys.Take(6)))
            memos.Get(ind, v, t, met, p, 15m).Should().Be(Engine.Explain(ind, t, met, p, 15m, v), $"{v} {t} {met} {p}");
    }

    public static IEnumerable<object[]> Numbers()
    {
        var fixedOnes = new[]
        {
            0m, decimal.Negate(0m), 0.005m, 0.00499m, 0.0049999m, 1.005m, -1.005m, 0.125m, 2.675m, 42m, 42.000m, -42m, 0.5m, 0.05m,
            123456789.125m, 999999999999999.994m, 999999999999999.995m, 1_000_000_000_000_000m, 1e20m, -3.2m, 0.12345678m,
            9.999m, 0.09999m, 0.099995m, 79228162514264337593543950335m, -79228162514264337593543950335m, 7.9e24m, 1e-28m,
        };
        // Edges of the fast paths written into the sentence: −0 at several scales, values that round to −0 or to a
        // hundredth's midpoint either way, the ±10^15 bound in hundredths, and 28-digit values (the longest exact texts).
        var edges = new[]
        {
            decimal.Negate(0.00m), decimal.Negate(0.000000m), -0.004m, -0.005m, -0.00004m, -0.00005m, -0.0049999m, 0.00005m, 0.000049999m,
            -2.675m, -0.125m, -0.99995m, 999999999999999.99m, -999999999999999.99m, -999999999999999.994m, -999999999999999.995m,
            -1_000_000_000_000_000m, -999_999_999_999_999m, 9_999_999_999_999.995m, -9_999_999_999_999.995m, 7_900_000_000_000_000_000_000_000m,
            -7_899_999_999_999_999_999_999_999.9m, -7.9228162514264337593543950335m, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m,
            0.02754491017964071856287425m, -0.2754491017964071856287425m,
        };
        var rnd = new Random(21);
        var random = Enumerable.Range(0, 400).Select(_ =>
            new decimal(rnd.Next(), rnd.Next(0, 1000), 0, rnd.Next(4) == 0, (byte)rnd.Next(0, 12)));
        // Every scale, the whole 96-bit range, either sign.
        var wide = Enumerable.Range(0, 600).Select(i =>
            new decimal(rnd.Next() | rnd.Next(2) << 31, rnd.Next() | rnd.Next(2) << 31, i % 3 == 0 ? 0 : rnd.Next() >> rnd.Next(0, 31), rnd.Next(2) == 0, (byte)(i % 29)));
        // Hundredths' midpoints (of the value and of its percentage), above and below zero.
        var midpoints = Enumerable.Range(0, 200).Select(i =>
            (i % 2 == 0 ? 1 : -1) * (rnd.Next(0, 1_000_000) + (i % 4 < 2 ? 0.005m : 0.00005m)));
        return fixedOnes.Concat(edges).Concat(random).Concat(wide).Concat(midpoints).Select(d => new object[] { d });
    }

    [Theory]
    [MemberData(nameof(Numbers), DisableDiscoveryEnumeration = true)]   // 0 and -0 display alike: enumerated at run time so neither is dropped as a duplicate
    public void Number_WritesWhatTheGeneralFormatterWrites(decimal d)
    {
        // The formatting the fast path stands in for, as it was written before it.
        var percent = Math.Abs(d) < 7.9e26m ? string.Create(Inv, $"{Math.Round(d * 100, 2, MidpointRounding.AwayFromZero):0.00}%") : null;
        var number = d == decimal.Truncate(d) ? d.ToString("0", Inv) : Math.Round(d, 2, MidpointRounding.AwayFromZero).ToString("0.00", Inv);

        Span<char> buf = stackalloc char[32];
        if (percent is not null) Fmt.Number(d, Display.Percent).Should().Be(percent);
        Fmt.Number(d, Display.Number).Should().Be(number);
        foreach (var display in new[] { Display.Percent, Display.Number })
            foreach (var exact in new[] { false, true })
                Fmt.Value(Value.Number(d), display, exact, buf).ToString().Should().Be(Fmt.Value(Value.Number(d), display, exact));
        if (percent is not null)
            Fmt.SignedPercent(d, buf).ToString().Should().Be($"{(d >= 0 ? "+" : "")}{Fmt.Number(d, Display.Percent)}");
    }

    [Fact]
    public void Intern_GivesOneExplanationPerPairOfSentences_WhateverTheSlotsHeld()
    {
        // 2,000 different pairs through 256 slots, each read several times in a random order: every explanation read has
        // exactly the characters asked for, and a pair read twice in a row is the same object the second time.
        var memos = new SentenceMemos();
        var rnd = new Random(5);
        var pairs = Enumerable.Range(0, 2_000).Select(i => ($"指标 {i % 97} 值 {i}{new string('x', i % 13)}", $"Indicator {i % 97} value {i} → {i % 7}/10")).ToList();
        for (var n = 0; n < 10_000; n++)
        {
            var (zh, en) = pairs[rnd.Next(pairs.Count)];
            var e = memos.Intern(zh, en, out _);
            (e.Zh, e.En).Should().Be((zh, en));
            memos.Intern(zh, en, out _).Should().BeSameAs(e);
        }
        // Same Chinese, different English: never taken for each other.
        var a = memos.Intern("同", "one", out _);
        memos.Intern("同", "two", out _).En.Should().Be("two");
        memos.Intern("同", "one", out _).Should().Be(a);
    }

    [Fact]
    public void YearOverYearSentences_WithoutATargetGiven_WriteTheTargetTheirOwnTextGives()
    {
        // Every year-over-year indicator of every bundled rule set, with and without a minimum change, on random values
        // (half of them from a few that differ only in sign or scale, so that sentences are kept and found again): the
        // sentence a reader of explanations alone gets (no target given) against the one given the target's text, both
        // against the characters written without any kept sentence, and the target's text against the formatting it
        // stands in for, as it was written before.
        var inds = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.All.SelectMany(rs => rs.Model.Indicators)
            .Where(i => i.ScoringMethod.Name == "year_over_year").ToList();
        inds.Select(i => i.Direction).Distinct().Should().Contain(["increase", "decrease"]);
        var rnd = new Random(11);
        var few = new[] { 0m, decimal.Negate(0m), 0.4140m, 0.414m, -0.414m, 0.403m, 0.40300m, 0.0003m, 12m };
        decimal Any() => rnd.Next(2) == 0 ? few[rnd.Next(few.Length)] : new decimal(rnd.Next(), rnd.Next(0, 100), 0, rnd.Next(5) == 0, (byte)rnd.Next(0, 29));
        var into = new ExplanationChars();
        foreach (var ind in inds)
            for (var n = 0; n < 200; n++)
            {
                var (before, now) = (Value.Number(Any()), n % 10 == 0 ? Value.Missing : Value.Number(Any()));
                (Value Change, decimal Threshold)? min = n % 2 == 0 ? null : (Value.Number(Any()), Any());
                var text = new YearOverYearText(before, min);
                var increase = ind.Direction == "increase";
                var prev = Fmt.Value(before, ind.Display);
                var expected = min is not { } m ? $"{(increase ? ">" : "<")} {prev}（上年 / last year）"
                    : $"{(increase ? "≥" : "≤")} {Fmt.Value(Value.Number(m.Threshold), ind.Display)}（上年 {prev} {(increase ? "+" : "−")}{Fmt.BoundText(m.Change, true)} / last year {prev} {(increase ? "+" : "−")}{Fmt.BoundText(m.Change, true)}）";
                var target = text.Target(ind);
                target.Should().Be(expected);
                foreach (var met in new bool?[] { true, false })
                    foreach (var show in new[] { ShowFlags.None, ShowFlags.Exact })
                    {
                        var e = text.Format(ind, now, null, met, 2, 4, show);
                        e.Should().Be(text.Format(ind, now, target, met, 2, 4, show), $"{ind.Id} {before} {now} {met} {show}");
                        text.FormatInto(into, ind, now, target, met, 2, 4, show);
                        (e.Zh, e.En).Should().Be((into.Zh.ToString(), into.En.ToString()), $"{ind.Id} {before} {now} {met} {show}");
                    }
            }
    }

    [Fact]
    public void ScoredNumberSentences_KeptByTheirNumber_GiveWhatExplainMakes_InAnyOrder()
    {
        // A pool of numbers that differ only in sign or scale (0 and −0, 1.5 and 1.50), points and targets, read in a
        // random order by fresh rule sets' percent and number indicators: every sentence read (kept or made) against the
        // one made afresh from the number's text, so a key that left out any of them fails.
        var numbers = new[] { 0m, decimal.Negate(0m), decimal.Negate(0.00m), 1.5m, 1.50m, -1.5m, 0.127m, 0.1270m, 0.12749m, 0.12751m, 42m, 42.0m, 0.02754491017964071856287425m };
        var targets = new[] { null, "≥ 10%", "≤ 50%", "≥ 1.3 − 0.1" };
        var rnd = new Random(3);
        foreach (var rs in new[] { RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.anhui.bozhou.qiaocheng.high-quality@1.0.0")! })
        {
            var inds = rs.Model.Indicators.Where(i => i.Display is Display.Percent or Display.Number && i.ValueType.Kind != TypeKind.Bool).Take(3).ToList();
            inds.Select(i => i.Display).Should().Contain([Display.Percent, Display.Number]);
            for (var n = 0; n < 20_000; n++)
            {
                var ind = inds[rnd.Next(inds.Count)];
                var (v, target, met, points) = (numbers[rnd.Next(numbers.Length)], targets[rnd.Next(targets.Length)], new bool?[] { true, false, null }[rnd.Next(3)], new[] { 0m, 2m, 2.0m, 1.5m }[rnd.Next(4)]);
                var show = rnd.Next(2) == 0 ? ShowFlags.None : ShowFlags.Exact;
                var e = Explainer.Format(ind, ExplainKind.Scored, Value.Number(v), 2025, target, met, points, 6m, null, [], show);
                var fresh = Engine.Explain(ind, target, met, points, 6m, Fmt.Value(Value.Number(v), ind.Display, show == ShowFlags.Exact));
                (e.Zh, e.En).Should().Be((fresh.Zh, fresh.En), $"{ind.Id} {v} {target} {met} {points} {show}");
            }
        }
    }

    [Fact]
    public void NumberMemos_FindOnlyWhatWasKeptForTheSameKey_ToTheBit()
    {
        // Thousands of keys through 256 slots (so slots are shared and replaced), each kept with a sentence of its own:
        // whatever is found for a key is that key's sentence, so a key that left out any part (last year's number, the
        // scale or sign of a decimal, the table) finds another key's and fails.
        var memos = new SentenceMemos();
        var numbers = new[] { 0m, decimal.Negate(0m), 0.00m, 1.5m, 1.50m, -1.5m, 0.127m };
        var targets = new[] { null, "≥ 10%", "> 40.30%（上年 / last year）" };
        var keys = (from yoy in new[] { false, true }
                    from n in numbers
                    from b in numbers
                    from exact in new[] { false, true }
                    from t in targets
                    from met in new bool?[] { true, false, null }
                    from p in new[] { 0m, 2m, 2.0m }
                    from max in new[] { 2m, 2.00m }
                    select (yoy, n, b, exact, t, met, p, max)).ToList();
        // By position: decimals that differ only in sign or scale are equal as keys of a dictionary.
        var sentence = keys.Select((k, i) => new Explanation($"{i}", "en")).ToArray();
        var rnd = new Random(9);
        var found = 0;
        for (var i = 0; i < 60_000; i++)
        {
            var j = rnd.Next(keys.Count);
            var k = keys[j];
            var e = memos.FindNumber(k.yoy, k.n, k.b, k.exact, k.t, k.met, k.p, k.max);
            if (e is null) memos.KeepNumber(k.yoy, k.n, k.b, k.exact, k.t, k.met, k.p, k.max, sentence[j]);
            else
            {
                e.Should().BeSameAs(sentence[j], $"{k} {decimal.GetBits(k.n)[3]} {decimal.GetBits(k.b)[3]}");
                found++;
            }
        }
        found.Should().BeGreaterThan(0);
    }
}
