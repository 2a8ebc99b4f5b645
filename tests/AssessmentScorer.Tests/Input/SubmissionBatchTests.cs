namespace AssessmentScorer.Tests.Input;

/// <summary>Batches read by the library: a bad row in the middle is rejected with its problems and every other row is read.</summary>
public class SubmissionBatchTests
{
    private const string Good1 = """{"subject":{"id":"H1","tier":"tertiary"},"year":2025,"values":{"physicians":10}}""";
    private const string NoSubject = """{"year":2025,"values":{"physicians":11}}""";
    private const string BadBeds = """{"subject":{"id":"H3","beds":-1},"year":2025}""";

    [Fact]
    public void JsonArray_BadElementInTheMiddle_IsRejectedWithItsProblemsAndTheOthersRead()
    {
        var t = SubmissionBatch.ReadJsonArray($"[{Good1},\n{NoSubject},\n{BadBeds}]");

        t.Submissions.Select(s => s.Subject.Id).Should().Equal("H1", "H3");
        t.Rows.Should().Equal(1, 3);
        (t.RowsRead, t.RowsRejected).Should().Be((3, 1));
        var rejected = t.Rejected.Should().ContainSingle().Subject;
        rejected.Row.Should().Be(2);
        rejected.Problems.Should().ContainSingle().Which.Should().Be(new RowProblem(2, "", "[1].subject", "AS5005", "the submission has no subject"));
        // A problem in one value of an accepted element is listed with its row and travels with the submission.
        t.Problems.Should().Contain(p => p.Row == 3 && p.Field == "[2].subject.beds" && p.Code == "AS5002");
        t.Submissions[1].InputProblems.Should().ContainSingle(p => p.Field == "[2].subject.beds");
    }

    [Fact]
    public void JsonArray_SameSubmissionsAsReadingEachElement()
    {
        var text = Repo.Read("examples/leshan/district-cohort.json");
        var t = SubmissionBatch.ReadJsonArray(text);
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        var one = doc.RootElement.EnumerateArray().Select((e, i) => Submission.FromJson(e, $"[{i}]").Submission!).ToList();
        t.Submissions.Should().HaveCount(one.Count).And.HaveCountGreaterThan(1);
        t.Rejected.Should().BeEmpty();
        for (var i = 0; i < one.Count; i++)
        {
            t.Submissions[i].Subject.Should().Be(one[i].Subject);
            t.Submissions[i].Values.Should().Equal(one[i].Values);
        }
    }

    [Fact]
    public void JsonArray_NotJson_IsOneProblemAtRowZeroNamingTheLine()
    {
        var t = SubmissionBatch.ReadJsonArray("[\n" + Good1 + ",\n{\"year\": }\n]");
        t.Submissions.Should().BeEmpty();
        (t.RowsRead, t.RowsRejected).Should().Be((0, 0));
        var p = t.Problems.Should().ContainSingle().Subject;
        (p.Row, p.Field, p.Code).Should().Be((0, "$", "AS5001"));
        p.Message.Should().Contain("line 3");
    }

    [Fact]
    public void JsonArray_AnObject_IsNotABatch()
    {
        var t = SubmissionBatch.ReadJsonArray(Good1);
        t.Submissions.Should().BeEmpty();
        t.Problems.Should().ContainSingle().Which.Should().Be(new RowProblem(0, "", "$", "AS5002", "a batch is a JSON array of submissions, not an object"));
    }

    [Fact]
    public void JsonLines_BrokenLineInTheMiddle_IsRejectedByItsLineAndBlankLinesAreSkipped()
    {
        var t = SubmissionBatch.ReadJsonLines($"{Good1}\n\n{{\"subject\": {{\"id\": \"x\"}}, \"year\": \r\n{BadBeds}\r\n");
        t.Submissions.Select(s => s.Subject.Id).Should().Equal("H1", "H3");
        t.Rows.Should().Equal(1, 4);
        (t.RowsRead, t.RowsRejected).Should().Be((3, 1));
        var rejected = t.Rejected.Should().ContainSingle().Subject;
        rejected.Row.Should().Be(3);
        rejected.Problems.Should().ContainSingle().Which.Code.Should().Be("AS5001");
        t.Problems.Should().Contain(p => p.Row == 4 && p.Field == "subject.beds" && p.Code == "AS5002");
    }

    [Fact]
    public void Csv_BadRowInTheMiddle_IsRejectedWithRowColumnFieldAndCode()
    {
        var t = SubmissionCsv.Read("id,year,beds,physicians\nH1,2025,10,5\n,2025,20,6,extra\nH3,2025,many,7\n");
        t.Submissions.Select(s => s.Subject.Id).Should().Equal("H1", "H3");
        t.Rows.Should().Equal(2, 4);
        (t.RowsRead, t.RowsRejected).Should().Be((3, 1));
        var rejected = t.Rejected.Should().ContainSingle().Subject;
        rejected.Row.Should().Be(3);
        rejected.Problems.Should().Equal(
            new RowProblem(3, "id", "subject.id", "AS5005", "the row has no subject id"),
            new RowProblem(3, "", "", "AS5013", "the row has 5 cells; the header has 4"));
        // The accepted row's bad cell is a problem of its own row, not a rejection.
        t.Problems.Should().ContainSingle(p => p.Row == 4).Which.Should().Be(
            new RowProblem(4, "beds", "subject.beds", "AS5002", "subject.beds must be a whole number 0 or more, not \"many\""));
    }

    [Fact]
    public void Csv_QuoteNeverClosed_RejectsThatRowLastInRowOrder()
    {
        var t = SubmissionCsv.Read("id,year\nH1,2025\n,2025\nH4,\"2025\nH5,2025\n");
        t.Submissions.Select(s => s.Subject.Id).Should().Equal("H1");
        t.Rejected.Select(r => r.Row).Should().Equal(3, 4);
        t.Rejected[1].Problems.Should().ContainSingle().Which.Code.Should().Be("AS5012");
        t.RowsRejected.Should().Be(t.Rejected.Count);
    }

    [Fact]
    public void Cells_BadRowInTheMiddle_IsRejectedByItsSourceRowNumber()
    {
        var rows = new[] { new[] { "机构编码", "年度" }, new[] { "H1", "2025" }, new[] { "H2", "二〇二五" }, new[] { "H3", "2025" } };
        var t = SubmissionCsv.ReadRows(rows, new[] { 1, 5, 6, 9 });
        t.Rows.Should().Equal(5, 9);
        var rejected = t.Rejected.Should().ContainSingle().Subject;
        rejected.Row.Should().Be(6);
        rejected.Problems.Select(p => (p.Column, p.Field, p.Code)).Should().Equal(("年度", "year", "AS5002"));
    }

    [Fact]
    public void Csv_HeadersOfTheSubjectSchema_AreReadIntoTheirPaths()
    {
        var cols = SubmissionSchema.SubjectColumns;
        var cells = new Dictionary<string, string>
        {
            ["id"] = "H1", ["name"] = "一院", ["kind"] = "hospital", ["tier"] = "secondary", ["category"] = "tcm", ["ownership"] = "public",
            ["region"] = "CN-AH/bozhou", ["beds"] = "300", ["year"] = "2025", ["previous_year"] = "2023",
        };
        cols.Select(c => c.Id).Should().BeEquivalentTo(cells.Keys);
        foreach (var header in new Func<SubjectColumn, string>[] { c => c.Id, c => c.Zh, c => c.Header })
        {
            var text = string.Join(",", cols.Select(header).Append("physicians").Append("previous.physicians")) + "\n"
                       + string.Join(",", cols.Select(c => cells[c.Id]).Append("8").Append("7")) + "\n";
            var t = SubmissionCsv.Read(text);
            t.Problems.Should().BeEmpty();
            var s = t.Submissions.Should().ContainSingle().Subject;
            s.Subject.Should().Be(new Subject("H1", "一院", "hospital", "secondary", "tcm", "public", "CN-AH/bozhou", 300));
            (s.Year, s.Previous!.Year).Should().Be((2025, 2023));
            s.Previous.Values["physicians"].Number.Should().Be(7);
        }
    }
}

/// <summary>The subject columns the library describes are the ones its readers and scorer accept.</summary>
public class SubmissionSchemaTests
{
    [Fact]
    public void AllowedValues_AreExactlyTheOnesTheScorerAccepts()
    {
        var withValues = SubmissionSchema.SubjectColumns.Where(c => c.Values.Count > 0).ToList();
        withValues.Select(c => c.Id).Should().Equal("kind", "tier", "category", "ownership");
        foreach (var c in withValues)
        {
            foreach (var v in c.Values)
                Score(c.Id, v).Should().NotContain(p => p.Field == c.Path && p.Code == "AS5008", $"{c.Id} {v} is allowed");
            Score(c.Id, "other").Should().Contain(p => p.Field == c.Path && p.Code == "AS5008");
        }
    }

    [Fact]
    public void RequiredColumns_AreTheOnesWithoutWhichARowIsRejected()
    {
        SubmissionSchema.SubjectColumns.Where(c => c.Required).Select(c => c.Id).Should().Equal("id", "year");
        SubmissionCsv.Read("id,name\nH1,一院\n").Rejected.Should().ContainSingle().Which.Problems.Should().Contain(p => p.Field == "year" && p.Code == "AS5005");
        SubmissionCsv.Read("name,year\n一院,2025\n").Problems.Should().Contain(p => p.Row == 1 && p.Field == "subject.id" && p.Code == "AS5005");
    }

    [Fact]
    public void YearBounds_AreTheReadersBounds()
    {
        var year = SubmissionSchema.SubjectColumns.Single(c => c.Id == "year");
        (year.Min, year.Max).Should().Be((1900, 2200));
        SubmissionCsv.Read($"id,year\nA,{year.Min}\nB,{year.Max}\nC,{year.Min - 1}\nD,{year.Max + 1}\n").Rows.Should().Equal(2, 3);
        Submission.ParseJson($$"""{"subject":{"id":"A"},"year":{{year.Max + 1}}}""").Submission.Should().BeNull();
    }

    private static IReadOnlyList<Problem> Score(string key, string value)
    {
        var subject = key switch
        {
            "kind" => new Subject("H1", Kind: value),
            "tier" => new Subject("H1", Tier: value),
            "category" => new Subject("H1", Category: value),
            _ => new Subject("H1", Ownership: value),
        };
        return Repo.Demo.Score(new Submission(subject, 2025, new Dictionary<string, FieldValue>())).Problems;
    }
}
