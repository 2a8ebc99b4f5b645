using AssessmentScorer.Reports;
using AssessmentScorer.Web.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentScorer.Web.Tests;

/// <summary>The pages' parts rendered alone (bUnit), on results and rule sets the library makes.</summary>
public sealed class ComponentTests : BunitContext
{
    private static readonly RuleSetRegistry Installed = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;

    public ComponentTests()
    {
        Services.AddSingleton(new WebRuleSets(() => Installed, Repo.RuleSets));
        Services.AddScoped<ScoringSession>();
    }

    private IRenderedComponent<T> RenderIn<T>(Action<ComponentParameterCollectionBuilder<T>> parameters, bool english = false) where T : Microsoft.AspNetCore.Components.IComponent =>
        Render<T>(p => { p.AddCascadingValue(new Text(english)); parameters(p); });

    private static AssessmentResult DemoResult()
    {
        var rs = Installed.Resolve("cn.demo.hospital-basics@1.0.0")!;
        return rs.Score(Submission.ParseJson(Repo.Read("examples/demo/tertiary-hospital.json")).Submission!);
    }

    [Fact]
    public void SubjectResult_ShowsTotalsGradeEveryIndicatorAndItsExplanation()
    {
        var r = DemoResult();
        var cut = RenderIn<SubjectResultHost>(p => p.Add(x => x.Result, r));
        cut.Find("#total").TextContent.Should().Be($"{Text.N(r.Total)} / {Text.N(r.MaxTotal)}");
        cut.Find("#grade").TextContent.Should().Be(r.Grade ?? "—");
        var rows = cut.FindAll("#indicator-table tbody tr");
        rows.Should().HaveCount(r.Indicators.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].GetAttribute("data-indicator").Should().Be(r.Indicators[i].Id);
            rows[i].TextContent.Should().Contain(r.Indicators[i].Explanation.Zh);
        }
        cut.FindAll("#dimension-chart rect.bar").Should().HaveCount(r.Dimensions.Count);
    }

    [Fact]
    public void SubjectResult_InEnglish_UsesTheEnglishExplanations()
    {
        var r = DemoResult();
        var cut = RenderIn<SubjectResultHost>(p => p.Add(x => x.Result, r), english: true);
        cut.Find("#indicator-table tbody").TextContent.Should().Contain(r.Indicators[0].Explanation.En).And.Contain(r.Indicators[0].NameEn);
    }

    [Fact]
    public void BarChart_DrawsOneBarPerItem_ScaledToTheLargest_WithEveryFigureInItsTitle()
    {
        var items = new[] { new BarChart.Bar("优秀", 10, "10"), new BarChart.Bar("良好", 5, "5"), new BarChart.Bar("不合格", 0, "0") };
        var cut = RenderIn<BarChart>(p => p.Add(x => x.Id, "c").Add(x => x.Title, "等级").Add(x => x.Items, items));
        var bars = cut.FindAll("rect.bar");
        bars.Should().HaveCount(3);
        var widths = bars.Select(b => double.Parse(b.GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        widths[0].Should().Be(2 * widths[1]);
        widths[2].Should().Be(0);
        cut.Find("title").TextContent.Should().Be("等级: 优秀 10; 良好 5; 不合格 0");
        cut.Find("svg").GetAttribute("role").Should().Be("img");
    }

    [Fact]
    public void ProblemTable_ListsFileRowColumnCodeAndMessage()
    {
        var problems = new[] { new InputProblem("a.csv", 3, "physicians", "values.physicians", "AS5002", "physicians must be a number, not \"很多\"") };
        var cut = RenderIn<ProblemTable>(p => p.Add(x => x.Problems, problems));
        cut.FindAll("tbody td").Select(td => td.TextContent).Should().Equal("a.csv", "3", "physicians", "values.physicians", "AS5002", "physicians must be a number, not \"很多\"");
    }

    [Fact]
    public void ScoringSession_ReportsBadCellsByRowAndColumn_BeforeShowingResults()
    {
        var session = new ScoringSession();
        var rs = Installed.Resolve("cn.demo.hospital-basics@1.0.0")!;
        var csv = Pages.DemoCsv(3, badCell: 2);
        session.Read(rs, new[] { ("c.csv", System.Text.Encoding.UTF8.GetBytes(csv)) });
        session.Scored.Should().BeFalse("nothing is shown as a result before the problems are seen");
        var cell = session.AllProblems.Should().ContainSingle(p => p.Code == "AS5002").Subject;
        (cell.File, cell.Row, cell.Column).Should().Be(("c.csv", 3, "physicians"));
        session.Score();
        session.Rows.Should().HaveCount(3);
        var expected = rs.ScoreCohort(SubmissionCsv.Read(csv, rs).Submissions).Results;
        session.Results.Select(r => r.Total).Should().Equal(expected.Select(r => r.Total));
    }

    [Fact]
    public void Drafts_StartFrom_TheNextFreeMinorVersion_AsADraftThatLoads()
    {
        var rs = Installed.Resolve("cn.national.tertiary-performance@1.0.0")!;
        var (text, version) = Drafts.StartFrom(rs, File.ReadAllText(rs.File), Installed);
        version.Should().Be("1.2.0", "1.1.0 is installed");
        var load = Installed.LoadDraft(text, "draft.yaml");
        load.Success.Should().BeTrue(string.Join("\n", load.Diagnostics));
        load.RuleSet!.Version.ToString().Should().Be("1.2.0");
        load.RuleSet.Status.Should().Be("draft");
        RuleSetDiff.Compare(rs, load.RuleSet).Changes.Should().NotContain(c => c.Element == "indicator", "the draft starts with the base's indicators");
    }

    [Fact]
    public void Drafts_Completions_ComeFromTheSchema()
    {
        var c = Drafts.Completions(Path.Combine(Repo.RuleSets, "schema.json"));
        c.Keys.Select(k => k.Label).Should().Contain(new[] { "scheme", "version", "indicators", "target", "points", "source" });
        c.Values.Select(v => v.Label).Should().Contain(new[] { "linear", "pass_fail", "draft", "published" });
        Drafts.Completions(Path.Combine(Repo.RuleSets, "missing.json")).Keys.Should().BeEmpty();
    }

    [Fact]
    public void Drafts_Markers_KeepTheDraftsOwnDiagnostics_AtTheirLineAndColumn()
    {
        var load = Installed.LoadDraft("scheme: cn.x\nversion: 1.0.0\ntitle: { zh: 甲, en: A }\nbogus: 1\nindicators: []\n", "draft.yaml");
        var markers = Drafts.Markers(load.Diagnostics, "draft.yaml");
        markers.Should().Contain(m => m.Line == 4 && m.Column == 1 && m.Severity == "error");
        Drafts.Markers(load.Diagnostics, "other.yaml").Should().BeEmpty();
    }

    /// <summary>The result component with the session it reads.</summary>
    public sealed class SubjectResultHost : Microsoft.AspNetCore.Components.ComponentBase
    {
        [Microsoft.AspNetCore.Components.Parameter] public AssessmentResult Result { get; set; } = default!;

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenComponent<SubjectResult>(0);
            builder.AddAttribute(1, nameof(SubjectResult.Result), Result);
            builder.CloseComponent();
        }
    }
}
