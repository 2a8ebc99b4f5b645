using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AssessmentScorer.Tests.Scoring;

namespace AssessmentScorer.Tests.Results;

public class ResultJsonTests
{
    /// <summary>A submission that exercises most of the result: partial points, a missing indicator, problems, a veto.</summary>
    private static Submission Busy() => DemoSubmissions.Make(v =>
    {
        v["personnel_expenditure"] = 35.5m;            // linear: 11/20
        v["registered_nurses"] = 141;                   // not met
        v["interop_maturity"] = "四级乙等";              // level points
        v["physicians_typo"] = 3;                       // AS5004
        v.Remove("elective_surgeries");                 // missing
    }, beds: 820);

    /// <summary>Year 2021: emr_level has no target in force, so it is notApplicable; the year is outside the period (AS5010).</summary>
    private static Submission NotApplicable() => DemoSubmissions.Make(v => v["emr_level"] = 3, year: 2021);

    private static string WithCulture(string culture, Func<string> body) => Cultures.With(new CultureInfo(culture), body);

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    [InlineData("tr-TR")]
    [InlineData("de-DE")]
    public void ToJson_UnderAnyCulture_IsByteIdentical(string culture)
    {
        var baseline = WithCulture("", () => Repo.Demo.Score(Busy()).ToJson());
        var baselineNa = WithCulture("", () => Repo.Demo.Score(NotApplicable()).ToJson(indented: false));

        var json = WithCulture(culture, () => Repo.Demo.Score(Busy()).ToJson());
        var jsonNa = WithCulture(culture, () => Repo.Demo.Score(NotApplicable()).ToJson(indented: false));

        json.Should().Be(baseline);
        jsonNa.Should().Be(baselineNa);
        // The culture really was in force while scoring: under de-DE 0.5 would read 0,5.
        WithCulture(culture, () => 0.5m.ToString(CultureInfo.CurrentCulture)).Should().Be(culture == "de-DE" || culture == "tr-TR" ? "0,5" : "0.5");
        json.Should().Contain("\"points\": 11,").And.Contain("\"value\": 0.355,").And.Contain("\"displayValue\": \"35.50%\"");
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("tr-TR")]
    [InlineData("de-DE")]
    public void CohortToJson_UnderAnyCulture_IsByteIdentical(string culture)
    {
        var subjects = new[] { Busy(), DemoSubmissions.Make(), NotApplicable() };
        var baseline = WithCulture("en-US", () => Repo.Demo.ScoreCohort(subjects).ToJson());
        WithCulture(culture, () => Repo.Demo.ScoreCohort(subjects).ToJson()).Should().Be(baseline);
    }

    [Fact]
    public void ToJson_NegativeBedsUnderSwedishCulture_IsByteIdentical()
    {
        var s = DemoSubmissions.Make(beds: -5);
        var baseline = WithCulture("en-US", () => Repo.Demo.Score(s).ToJson());

        var json = WithCulture("sv-SE", () => Repo.Demo.Score(s).ToJson());

        baseline.Should().Contain("not -5");
        json.Should().Be(baseline);
    }

    [Fact]
    public void ToJson_PropertyNames_AreCamelCase()
    {
        var json = Repo.Demo.Score(NotApplicable()).ToJson();

        json.Should().Contain("\"maxTotal\":").And.Contain("\"nameEn\":").And.Contain("\"definedIn\":")
            .And.Contain("\"displayValue\":").And.Contain("\"missingData\":").And.Contain("\"maxPoints\":")
            .And.Contain("\"nextGrade\":").And.Contain("\"ruleSet\":");
        json.Should().Contain("\"status\": \"notApplicable\"");
        json.Should().NotContain("\"MaxTotal\"").And.NotContain("\"NotApplicable\"").And.NotContain("not_applicable");

        var names = new List<string>();
        using (var doc = JsonDocument.Parse(json)) Collect(doc.RootElement, names);
        names.Should().NotBeEmpty();
        names.Should().OnlyContain(n => Regex.IsMatch(n, "^[a-z][A-Za-z0-9]*$"), "every property name is camelCase");
    }

    [Fact]
    public void ToJson_Statuses_AreCamelCaseWords()
    {
        var r = Repo.Demo.Score(DemoSubmissions.Make(v => { v["insured_admissions"] = 0; v["elective_surgeries"] = 0; v.Remove("physicians"); }, withPrevious: true));
        var json = r.ToJson();
        json.Should().Contain("\"status\": \"undefined\"").And.Contain("\"status\": \"missing\"").And.Contain("\"status\": \"scored\"")
            .And.Contain("\"status\": \"notApplicable\"");
    }

    private static void Collect(JsonElement e, List<string> names)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) { names.Add(p.Name); Collect(p.Value, names); }
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) Collect(x, names);
                break;
        }
    }

    private static void CollectNumbers(JsonElement e, List<string> numbers)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) CollectNumbers(p.Value, numbers);
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) CollectNumbers(x, numbers);
                break;
            case JsonValueKind.Number:
                numbers.Add(e.GetRawText());
                break;
        }
    }

    [Fact]
    public void ToJson_Decimals_HaveNoTrailingZeros()
    {
        // 40.00 / 100.00 is 0.4000 in decimal arithmetic and 35.00 → 10.00 points: both must print bare.
        var r = Repo.Demo.Score(DemoSubmissions.Make(v =>
        {
            v["personnel_expenditure"] = 35.00m;
            v["business_expenditure"] = 100.00m;
            v["day_surgeries"] = 10.0m;
            v["elective_surgeries"] = 100.0m;
        }));
        r.Total.Should().Be(90);

        var json = r.ToJson();

        json.Should().Contain("\"total\": 90,").And.Contain("\"maxTotal\": 100,");
        json.Should().Contain("\"value\": 0.35,").And.Contain("\"value\": 0.1,");
        json.Should().Contain("\"points\": 10,");
        var numbers = new List<string>();
        using (var doc = JsonDocument.Parse(json)) CollectNumbers(doc.RootElement, numbers);
        numbers.Should().HaveCountGreaterThan(20);
        numbers.Should().OnlyContain(n => !(n.Contains('.') && n.EndsWith('0')), "decimals print without trailing zeros");
    }

    [Fact]
    public void ToJson_ExampleSubmission_MatchesTheFiguresOfTheExample()
    {
        var parsed = Submission.ParseJson(File.ReadAllText(Path.Combine(Repo.Root, "examples/demo/tertiary-hospital.json")));
        parsed.Problems.Should().BeEmpty();

        var json = Repo.Demo.Score(parsed.Submission!).ToJson();

        json.Should().StartWith("{\n  \"subject\": {\n    \"id\": \"AH-BZ-QC-001\",");
        json.Should().Contain("\"total\": 90,").And.Contain("\"grade\": \"优秀\"").And.Contain("\"passed\": true");
        json.Should().NotContain("\r");
        json.Should().Contain("\"name\": \"亳州市谯城区示范医院\"", "Chinese text is written as is, not \\u-escaped");
    }

    [Fact]
    public void ToJson_ScoringTheSameSubmissionFromEightThreads_IsIdentical()
    {
        var submission = Busy();
        var baseline = Repo.Demo.Score(submission).ToJson();
        var results = new string[8][];
        using var start = new Barrier(8);

        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            var mine = new string[200];
            start.SignalAndWait();
            for (var i = 0; i < mine.Length; i++) mine[i] = Repo.Demo.Score(submission).ToJson();
            results[t] = mine;
        })).ToList();
        threads.ForEach(t => t.Start());
        // A hang guard, not a time budget: the work takes well under a second; only a deadlock reaches it.
        threads.ForEach(t => t.Join(TimeSpan.FromMinutes(3)).Should().BeTrue("every thread must finish (a hang guard: it only fails on a deadlock)"));

        var all = results.SelectMany(r => r).ToList();
        all.Should().HaveCount(1600);
        all.Distinct().Should().ContainSingle().Which.Should().Be(baseline);
    }

    [Fact]
    public void CohortToJson_ScoringFromEightThreads_IsIdentical()
    {
        var subjects = Enumerable.Range(0, 20).Select(i => DemoSubmissions.Make(v => v["personnel_expenditure"] = 30 + i)).ToArray();
        var baseline = Repo.Demo.ScoreCohort(subjects).ToJson(indented: false);

        var all = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8 * 25, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => all.Add(Repo.Demo.ScoreCohort(subjects).ToJson(indented: false)));

        all.Should().HaveCount(200);
        all.Distinct().Should().ContainSingle().Which.Should().Be(baseline);
    }
}
