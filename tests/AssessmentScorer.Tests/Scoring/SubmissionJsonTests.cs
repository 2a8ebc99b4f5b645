namespace AssessmentScorer.Tests.Scoring;

public class SubmissionJsonTests
{
    private const string Minimal = """{ "subject": { "id": "h1", "tier": "tertiary" }, "year": 2025 }""";

    private static SubmissionParseResult Parse(string json) => Submission.ParseJson(json);

    [Fact]
    public void ParseJson_CompleteSubmission_ReadsEveryPart()
    {
        var r = Parse(File.ReadAllText(Path.Combine(Repo.Root, "examples/demo/tertiary-hospital.json")));

        r.Problems.Should().BeEmpty();
        var s = r.Submission!;
        s.Subject.Should().Be(new Subject("AH-BZ-QC-001", "亳州市谯城区示范医院", "hospital", "tertiary", "general", "public", "CN-AH/bozhou/qiaocheng", 820));
        s.Year.Should().Be(2025);
        s.Values["personnel_expenditure"].Number.Should().Be(172000000);
        s.Values["interop_maturity"].Text.Should().Be("四级乙等");
        s.Previous!.Year.Should().Be(2024);
        s.Previous.Values["in_county_admissions"].Number.Should().Be(39100);
        var task = s.Tasks!["command_center"];
        task.Done.Should().BeTrue();
        task.CompletedOn.Should().Be(new DateOnly(2025, 6, 30));
        task.Evidence.Should().Equal("建设验收报告");
    }

    [Fact]
    public void ParseJson_MalformedJson_IsAS5001NamingLineAndColumn()
    {
        var r = Parse("{\n  \"subject\": {\"id\": \"h\"},\n  \"year\": 2025,,\n}");

        r.Submission.Should().BeNull();
        var p = r.Problems.Should().ContainSingle().Subject;
        p.Code.Should().Be("AS5001");
        p.Field.Should().Be("$");
        p.Message.Should().StartWith("not valid JSON at line 3, column 16:");
    }

    [Fact]
    public void ParseJson_TruncatedJson_IsAS5001()
    {
        var r = Parse("{ \"subject\": { \"id\": \"h\" }, \"year\": 20");
        r.Submission.Should().BeNull();
        var p = r.Problems.Should().ContainSingle().Subject;
        p.Code.Should().Be("AS5001");
        p.Message.Should().StartWith("not valid JSON at line 1, column ");
    }

    [Fact]
    public void ParseJson_MalformedJsonAfterChineseText_CountsColumnsInCharacters()
    {
        // The stray x is the 40th character of the line (its 48th byte).
        var r = Parse("{\"subject\": {\"id\": \"h\", \"name\": \"亳州医院\" x}}");

        var p = r.Problems.Should().ContainSingle().Subject;
        p.Code.Should().Be("AS5001");
        p.Message.Should().StartWith("not valid JSON at line 1, column 40:");
    }

    [Fact]
    public void ParseJson_NotAnObject_IsAS5002()
    {
        var r = Parse("[1, 2]");
        r.Submission.Should().BeNull();
        r.Problems.Should().ContainSingle().Which.Should().Be(new Problem("$", "AS5002", "a submission is a JSON object, not a list"));
    }

    [Fact]
    public void ParseJson_NoSubject_IsAS5005AndNoSubmission()
    {
        var r = Parse("""{ "year": 2025, "values": { "physicians": 3 } }""");

        r.Submission.Should().BeNull();
        var p = r.Problems.Should().ContainSingle().Subject;
        (p.Field, p.Code).Should().Be(("subject", "AS5005"));
    }

    [Fact]
    public void ParseJson_NoYear_IsAS5005AndNoSubmission()
    {
        var r = Parse("""{ "subject": { "id": "h1" } }""");

        r.Submission.Should().BeNull();
        var p = r.Problems.Should().ContainSingle().Subject;
        (p.Field, p.Code).Should().Be(("year", "AS5005"));
    }

    [Fact]
    public void ParseJson_SubjectWithoutId_IsAS5005AtSubjectId()
    {
        var r = Parse("""{ "subject": { "name": "x" }, "year": 2025 }""");
        r.Submission.Should().BeNull();
        r.Problems.Should().ContainSingle().Which.Should().Match<Problem>(p => p.Field == "subject.id" && p.Code == "AS5005");
    }

    [Theory]
    [InlineData("1e400", "values.x")]
    [InlineData("-1e400", "values.x")]
    [InlineData("79228162514264337593543950336", "values.x")]
    public void ParseJson_NumberBeyondDecimal_IsAS5003NamingTheValue(string number, string field)
    {
        var r = Parse($$"""{ "subject": { "id": "h1" }, "year": 2025, "values": { "x": {{number}}, "physicians": 3 } }""");

        r.Submission.Should().NotBeNull("the rest of the submission is usable");
        var p = r.Problems.Should().ContainSingle().Subject;
        (p.Field, p.Code).Should().Be((field, "AS5003"));
        p.Message.Should().StartWith(number + " is out of range");
        r.Submission!.Values.Should().NotContainKey("x");
        r.Submission.Values["physicians"].Number.Should().Be(3);
        r.Submission.InputProblems.Should().Equal(r.Problems);
    }

    [Fact]
    public void ParseJson_KeyWithOtherCharacters_IsNamedInBrackets()
    {
        var r = Parse("""{ "subject": { "id": "h1" }, "year": 2025, "values": { "a-b": 1e400 } }""");
        r.Problems.Should().ContainSingle().Which.Field.Should().Be("values[\"a-b\"]");
    }

    [Fact]
    public void ParseJson_DuplicateTopLevelKey_IsAS5006AndTheLastIsUsed()
    {
        var r = Parse("""{ "subject": { "id": "h1" }, "year": 2024, "year": 2025 }""");

        var p = r.Problems.Should().ContainSingle().Subject;
        (p.Field, p.Code).Should().Be(("year", "AS5006"));
        r.Submission!.Year.Should().Be(2025);
    }

    [Fact]
    public void ParseJson_DuplicateValueKey_IsAS5006NamingTheValue()
    {
        var r = Parse("""{ "subject": { "id": "h1" }, "year": 2025, "values": { "physicians": 3, "physicians": 4 } }""");

        var p = r.Problems.Should().ContainSingle().Subject;
        (p.Field, p.Code).Should().Be(("values.physicians", "AS5006"));
        r.Submission!.Values["physicians"].Number.Should().Be(4);
    }

    [Fact]
    public void ParseJson_UnknownTopLevelKey_IsAS5004()
    {
        var r = Parse("""{ "subject": { "id": "h1" }, "year": 2025, "valeus": { } }""");

        var p = r.Problems.Should().ContainSingle().Subject;
        (p.Field, p.Code).Should().Be(("valeus", "AS5004"));
        r.Submission.Should().NotBeNull();
    }

    [Fact]
    public void ParseJson_UnknownSubjectKey_IsAS5004()
    {
        var r = Parse("""{ "subject": { "id": "h1", "level": 3 }, "year": 2025 }""");
        r.Problems.Should().ContainSingle().Which.Should().Match<Problem>(p => p.Field == "subject.level" && p.Code == "AS5004");
    }

    [Fact]
    public void ParseJson_SchemaAndCommentKeys_AreAllowed()
    {
        Parse("""{ "$schema": "x", "comment": "y", "subject": { "id": "h1" }, "year": 2025 }""").Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData("\"2025\"")]
    [InlineData("1899")]
    [InlineData("2025.5")]
    public void ParseJson_BadYear_IsAS5002AndNoSubmission(string year)
    {
        var r = Parse($$"""{ "subject": { "id": "h1" }, "year": {{year}} }""");
        r.Submission.Should().BeNull();
        r.Problems.Should().ContainSingle().Which.Should().Match<Problem>(p => p.Field == "year" && p.Code == "AS5002");
    }

    [Fact]
    public void ParseJson_NegativeBeds_IsAS5002AtSubjectBeds()
    {
        var r = Parse("""{ "subject": { "id": "h1", "beds": -5 }, "year": 2025 }""");
        var p = r.Problems.Should().ContainSingle().Subject;
        (p.Field, p.Code).Should().Be(("subject.beds", "AS5002"));
        r.Submission!.Subject.Beds.Should().BeNull();
    }

    [Fact]
    public void ParseJson_NaNTextInANumberField_IsReadAsTextAndReportedAtScoringAsAS5002()
    {
        var parsed = Parse("""{ "subject": { "id": "h1", "tier": "tertiary" }, "year": 2025, "values": { "physicians": "NaN", "registered_nurses": 130 } }""");
        parsed.Problems.Should().BeEmpty("NaN is a JSON text; whether it fits the field is known only against a rule set");
        parsed.Submission!.Values["physicians"].Text.Should().Be("NaN");

        var result = Repo.Demo.Score(parsed.Submission);

        var p = result.Problems.Should().ContainSingle(x => x.Code == "AS5002").Subject;
        p.Field.Should().Be("values.physicians");
        p.Message.Should().Contain("must be a number, not \"NaN\"");
        result.Indicators.Single(i => i.Id == "nurse_ratio").Status.Should().Be(IndicatorStatus.Missing);
    }

    [Fact]
    public void ParseJson_ValueOfWrongJsonKind_IsAS5002()
    {
        var r = Parse("""{ "subject": { "id": "h1" }, "year": 2025, "values": { "physicians": [3] } }""");
        r.Problems.Should().ContainSingle().Which.Should().Match<Problem>(p => p.Field == "values.physicians" && p.Code == "AS5002");
    }

    [Fact]
    public void ParseJson_NullValue_IsNotReported()
    {
        var r = Parse("""{ "subject": { "id": "h1" }, "year": 2025, "values": { "physicians": null } }""");
        r.Problems.Should().BeEmpty();
        r.Submission!.Values.Should().NotContainKey("physicians");
    }

    [Theory]
    [InlineData("\"2025-13-01\"")]
    [InlineData("\"2025/06/30\"")]
    [InlineData("\"30.06.2025\"")]
    [InlineData("20250630")]
    public void ParseJson_TaskWithBadDate_IsAS5002AtTheTaskDate(string date)
    {
        var r = Parse($$"""{ "subject": { "id": "h1", "tier": "tertiary" }, "year": 2025, "tasks": { "command_center": { "done": true, "completed_on": {{date}}, "evidence": ["建设验收报告"] } } }""");

        var p = r.Problems.Should().ContainSingle().Subject;
        (p.Field, p.Code).Should().Be(("tasks.command_center.completed_on", "AS5002"));
        p.Message.Should().Contain("yyyy-mm-dd");
        r.Submission!.Tasks.Should().NotContainKey("command_center", "a task with a bad field is left out rather than guessed");

        var result = Repo.Demo.Score(r.Submission);
        result.Problems.Should().Contain(x => x.Field == "tasks.command_center.completed_on" && x.Code == "AS5002");
        result.Indicators.Single(i => i.Id == "command_center").Status.Should().Be(IndicatorStatus.Missing);
    }

    [Fact]
    public void ParseJson_TaskWithoutDone_IsAS5005()
    {
        var r = Parse("""{ "subject": { "id": "h1" }, "year": 2025, "tasks": { "t": { "completed_on": "2025-01-01" } } }""");
        r.Problems.Should().ContainSingle().Which.Should().Match<Problem>(p => p.Field == "tasks.t.done" && p.Code == "AS5005");
    }

    [Fact]
    public void ParseJson_PreviousWithoutYear_IsAS5005AtPreviousYear()
    {
        var r = Parse("""{ "subject": { "id": "h1" }, "year": 2025, "previous": { "values": { "physicians": 3 } } }""");
        r.Problems.Should().ContainSingle().Which.Should().Match<Problem>(p => p.Field == "previous.year" && p.Code == "AS5005");
        r.Submission!.Previous.Should().BeNull();
    }

    [Fact]
    public void ParseJson_Minimal_HasDefaults()
    {
        var r = Parse(Minimal);
        r.Problems.Should().BeEmpty();
        r.Submission!.Subject.Kind.Should().Be("hospital");
        r.Submission.Values.Should().BeEmpty();
        r.Submission.Previous.Should().BeNull();
        r.Submission.Tasks.Should().BeNull();
    }

    [Fact]
    public void Score_PreviousYearNotBeforeTheAssessmentYear_IsAS5007()
    {
        var s = DemoSubmissions.Make() with { Previous = DemoSubmissions.Previous(2025) };
        Repo.Demo.Score(s).Problems.Should().ContainSingle(p => p.Code == "AS5007").Which.Field.Should().Be("previous.year");
    }
}

/// <summary>Inputs found by tools/AssessmentScorer.Fuzz that once threw.</summary>
public class SubmissionJsonUnicodeTests
{
    [Fact]
    public void ParseJson_UnpairedSurrogateEscapes_ProblemsNamingTheFieldOthersRead()
    {
        var r = Submission.ParseJson("""
            {"subject":{"id":"h1","name":"\ud800","tier":"tertiary"},"year":2025,
             "values":{"interop_maturity":"x\udc00","emr_level":5,"\ud800":1},
             "tasks":{"command_center":{"done":true,"completed_on":"2025-06-30","evidence":["\ud800",""]}}}
            """);

        var s = r.Submission!;
        s.Values.Keys.Should().Equal("emr_level");
        s.Subject.Name.Should().BeNull();
        s.Tasks!["command_center"].Evidence.Should().Equal("");
        r.Problems.Select(p => (p.Field, p.Code)).Should().BeEquivalentTo(new[]
        {
            ("subject.name", "AS5002"), ("values.interop_maturity", "AS5002"), ("values", "AS5002"), ("tasks.command_center.evidence", "AS5002"),
        });
        Repo.Demo.Score(s).ToJson().Should().Contain("\"emr_level\"");
    }

    [Fact]
    public void ParseJson_TruncatedEchoOfAnEmoji_ResultJsonStillWrites()
    {
        // Raw values are echoed cut to 40 characters; a cut through a surrogate pair must not break the writers.
        var beds = new string('9', 38) + "😀";
        var r = Submission.ParseJson($$$"""{"subject":{"id":"h1","tier":"tertiary","beds":"{{{beds}}}"},"year":2025,"values":{"emr_level":"{{{beds}}}"}}""");

        var json = Repo.Demo.Score(r.Submission!).ToJson();

        json.Should().Contain("subject.beds");
    }
}

public class SubmissionJsonLoneSurrogateTextTests
{
    [Fact]
    public void ParseJson_TextCutInsideASurrogatePair_IsAS5001NotArgumentException()
    {
        // Found by tools/AssessmentScorer.Fuzz (seed 1, input 374097): a string cut inside a surrogate pair made
        // JsonDocument.Parse(string) throw ArgumentException ("Cannot transcode invalid UTF-16"). Built in code:
        // xunit's InlineData would replace the lone surrogate.
        var json = "{\"subject\":{\"id\":\"h1\",\"name\":\"" + "🏥"[..1];

        var r = Submission.ParseJson(json);

        r.Submission.Should().BeNull();
        r.Problems.Should().ContainSingle().Which.Code.Should().Be("AS5001");
        r.Problems[0].Field.Should().Be("$");
    }
}
