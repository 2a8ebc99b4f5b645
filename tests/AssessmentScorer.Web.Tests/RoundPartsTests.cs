using System.Text.Json;
using AssessmentScorer.Reports;
using AssessmentScorer.Store;
using AssessmentScorer.Web.Components;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace AssessmentScorer.Web.Tests;

/// <summary>The round pages' parts without a browser: corrections, refusals as messages, the sign-in gate, the return path.</summary>
public sealed class RoundPartsTests : BunitContext
{
    private static readonly CompiledRuleSet Demo = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.demo.hospital-basics@1.0.0")!;

    private static JsonElement Stored(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void Corrected_ReplacesOneValue_TypedAsTheDictionarySays_AndKeepsEverythingElse()
    {
        var stored = Stored("""{"subject":{"id":"H1","name":"示范医院"},"year":2025,"values":{"physicians":540,"emr_level":3}}""");
        var physicians = Demo.Fields.Single(f => f.Id == "physicians");
        using var doc = JsonDocument.Parse(Rounds.Corrected(stored, physicians, " 2000 "));
        var values = doc.RootElement.GetProperty("values");
        values.GetProperty("physicians").ValueKind.Should().Be(JsonValueKind.Number);
        values.GetProperty("physicians").GetDecimal().Should().Be(2000m);
        values.GetProperty("emr_level").GetInt32().Should().Be(3);
        doc.RootElement.GetProperty("subject").GetProperty("name").GetString().Should().Be("示范医院");
        doc.RootElement.GetProperty("year").GetInt32().Should().Be(2025);
        Rounds.ValueText(stored, "physicians").Should().Be("540");
        Rounds.ValueText(stored, "nurses_missing").Should().BeEmpty();
    }

    [Fact]
    public void Corrected_TextWhereANumberBelongs_StaysText_ForTheStoreToRefuseWithItsProblem()
    {
        var stored = Stored("""{"subject":{"id":"H1"},"year":2025,"values":{}}""");
        var physicians = Demo.Fields.Single(f => f.Id == "physicians");
        using var doc = JsonDocument.Parse(Rounds.Corrected(stored, physicians, "很多"));
        doc.RootElement.GetProperty("values").GetProperty("physicians").GetString().Should().Be("很多");
        var submission = Submission.ParseJson(doc.RootElement.GetRawText()).Submission!;
        Demo.Score(submission).Problems.Should().Contain(p => p.Field == "values.physicians", "the library names the bad value");
    }

    [Fact]
    public void Refusals_AreReadableInBothLanguages_WithTheirCodeAndPlaces()
    {
        var forbidden = new RoundException(403, "AS5601", "Outside the key's scope", "subject 'H2' is not this key's subject");
        Rounds.Message(forbidden, new Text(false)).Should().StartWith("没有权限").And.Contain("AS5601").And.Contain("H2");
        Rounds.Message(forbidden, new Text(true)).Should().StartWith("No permission").And.Contain("AS5601");
        var rejected = new RoundException(422, "AS5002", "Nothing accepted", "None of the 1 row(s) could be stored",
            new[] { new RoundError("AS5002", "'很多' is not a number", "values.physicians", 3) });
        var problem = Rounds.Problems(rejected, "a.csv").Single();
        (problem.File, problem.Row, problem.Column, problem.Field, problem.Code).Should().Be(("a.csv", 3, "physicians", "values.physicians", "AS5002"));
    }

    [Theory]
    [InlineData("/assessments/3", "/assessments/3")]
    [InlineData("//evil.example/x", "/assessments")]
    [InlineData("/\\evil.example", "/assessments")]
    [InlineData("https://evil.example/", "/assessments")]
    [InlineData("", "/assessments")]
    public void SignIn_GoesBackOnlyToAPathOfThisSite(string asked, string expected) => Account.LocalPath(asked).Should().Be(expected);

    [Theory]
    [InlineData("a.csv", InputFormat.Csv)]
    [InlineData("A.XLSX", InputFormat.Xlsx)]
    [InlineData("b.json", InputFormat.Json)]
    [InlineData("c.ndjson", InputFormat.JsonLines)]
    public void Uploads_AreSentInTheFormatOfTheirExtension(string name, InputFormat format) => Rounds.FormatOf(name).Should().Be(format);

    [Fact]
    public void Uploads_OfAnotherType_HaveNoFormat() => Rounds.FormatOf("notes.txt").Should().BeNull();

    [Theory]
    [InlineData(SignInStatus.SignedOut, "需要登录")]
    [InlineData(SignInStatus.Revoked, "吊销")]
    public void SignInGate_WithoutAValidKey_SaysWhy_AndLinksToSignIn_WithoutTheContent(SignInStatus status, string says)
    {
        var cut = Render<SignInGate>(p => p
            .AddCascadingValue(new Text(false))
            .Add(x => x.Status, status)
            .Add(x => x.ChildContent, (RenderFragment<Caller>)(_ => b => b.AddMarkupContent(0, "<p id='secret'>content</p>"))));
        cut.Find("#signin-needed").TextContent.Should().Contain(says);
        cut.Find("#signin-link").GetAttribute("href").Should().StartWith("signin?returnUrl=");
        cut.FindAll("#secret").Should().BeEmpty();
    }

    [Fact]
    public void SignInGate_WithAValidKey_ShowsTheContent_AndARefusalAboveIt()
    {
        var cut = Render<SignInGate>(p => p
            .AddCascadingValue(new Text(false))
            .Add(x => x.Status, SignInStatus.Valid)
            .Add(x => x.Caller, new Caller(Roles.Hospital, "H1 质控科", 2, null, "H1"))
            .Add(x => x.Error, "没有权限：……")
            .Add(x => x.ChildContent, (RenderFragment<Caller>)(c => b => b.AddMarkupContent(0, $"<p id='secret'>{c.SubjectId}</p>"))));
        cut.Find("#secret").TextContent.Should().Be("H1");
        cut.Find("#round-error").TextContent.Should().Contain("没有权限");
        cut.FindAll("#signin-needed").Should().BeEmpty();
    }
}
