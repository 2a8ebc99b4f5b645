namespace AssessmentScorer.Tests.Reliability;

/// <summary>
/// Every field the demonstration rule set reads, fed each kind of wrong value: the result names the field in a
/// problem, and every indicator that does not read it is scored exactly as with good data.
/// </summary>
public class SubmissionRobustnessTests
{
    private static readonly string Example = File.ReadAllText(Path.Combine(Repo.Root, "examples/demo/tertiary-hospital.json"));
    private static readonly AssessmentResult Baseline = Repo.Demo.Score(Submission.ParseJson(Example).Submission!);

    private static readonly string[] WrongForNumbers =
        { "\"text\"", "-1", "-0.5", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e400", "-1e400", "79228162514264337593543950336", "\"\"", "[1]", "{}", "true", "\"1e400\"" };

    public static IEnumerable<object[]> Cases()
    {
        foreach (var field in new[] { "personnel_expenditure", "business_expenditure", "registered_nurses", "physicians", "day_surgeries", "elective_surgeries",
                     "in_county_admissions", "insured_admissions", "major_safety_incidents", "emr_level" })
            foreach (var v in WrongForNumbers) yield return new object[] { field, v };
        foreach (var v in new[] { "9", "4.5", "99" }) yield return new object[] { "emr_level", v };
        foreach (var v in new[] { "7", "\"九级\"", "\"\"", "true", "-1", "\"NaN\"" }) yield return new object[] { "interop_maturity", v };
    }

    private static string With(string field, string value)
    {
        var json = System.Text.RegularExpressions.Regex.Replace(Example, $"\"{field}\": [^,\\n}}]+", $"\"{field}\": {value}");
        json.Should().NotBe(Example, $"{field} must be in the example");
        return json;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Score_WrongValue_ProblemNamesTheFieldAndOtherIndicatorsScoredAsBefore(string field, string value)
    {
        var parsed = Submission.ParseJson(With(field, value));

        parsed.Submission.Should().NotBeNull("a wrong value is a problem of that field, not of the submission");
        var result = Repo.Demo.Score(parsed.Submission!);

        result.Problems.Should().Contain(p => p.Field == $"values.{field}", $"{field} = {value}");
        result.Problems.Where(p => p.Field == $"values.{field}").Should().OnlyContain(p => p.Code.StartsWith("AS50", StringComparison.Ordinal));
        foreach (var before in Baseline.Indicators)
        {
            var after = result.Indicators.Single(i => i.Id == before.Id);
            if (after.MissingData.Any(m => m.Contains(field, StringComparison.Ordinal))) continue;
            (after.Status, after.Points, after.DisplayValue).Should().Be((before.Status, before.Points, before.DisplayValue), $"{before.Id} does not read {field}");
        }
        result.ToJson().Should().Contain($"values.{field}");
    }

    [Fact]
    public void Score_DuplicatedKey_AS5006NamesItAndTheLastValueIsUsed()
    {
        var r = Submission.ParseJson(Example.Replace("\"physicians\": 540", "\"physicians\": 540, \"physicians\": 600", StringComparison.Ordinal));

        r.Problems.Should().ContainSingle(p => p.Field == "values.physicians" && p.Code == "AS5006");
        r.Submission!.Values["physicians"].Number.Should().Be(600);
        Repo.Demo.Score(r.Submission).Problems.Should().Contain(p => p.Field == "values.physicians");
    }

    [Theory]
    [InlineData("\"values\": {", "\"values\": { \"not_a_field\": 1,", "values.not_a_field", "AS5004")]
    [InlineData("\"year\": 2025", "\"year\": 2025, \"extra\": 1", "extra", "AS5004")]
    [InlineData("\"beds\": 820", "\"beds\": 820, \"wings\": 3", "subject.wings", "AS5004")]
    [InlineData("\"tier\": \"tertiary\"", "\"tier\": \"quaternary\"", "subject.tier", "AS5008")]
    [InlineData("\"category\": \"general\"", "\"category\": \"dental\"", "subject.category", "AS5008")]
    [InlineData("\"beds\": 820", "\"beds\": -1", "subject.beds", "AS5002")]
    [InlineData("\"beds\": 820", "\"beds\": 1e400", "subject.beds", "AS5002")]
    [InlineData("\"kind\": \"hospital\"", "\"kind\": \"alliance\"", "subject.kind", "AS5009")]
    public void Score_UnknownOrWrongSubjectField_ProblemNamesItAndIndicatorsStillScored(string from, string to, string field, string code)
    {
        var json = Example.Replace(from, to, StringComparison.Ordinal);
        json.Should().NotBe(Example);

        var result = Repo.Demo.Score(Submission.ParseJson(json).Submission!);

        result.Problems.Should().Contain(p => p.Field == field && p.Code == code);
        var name = field.Split('.')[^1];
        foreach (var before in Baseline.Indicators)
        {
            var after = result.Indicators.Single(i => i.Id == before.Id);
            if (after.Status != before.Status)
                after.MissingData.Should().Contain(m => m.Contains(name, StringComparison.Ordinal), $"{before.Id} changed only because {field} is wrong");
        }
        result.Indicators.Count(i => i.Status == IndicatorStatus.Scored).Should().BeGreaterThan(0);
    }
}
