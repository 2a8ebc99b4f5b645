using System.Text;
using Microsoft.Playwright;

namespace AssessmentScorer.Web.Tests;

/// <summary>
/// The policy staff's path: start a draft from an installed version, break it and see the error at its line, fix it
/// (the worked draft of docs/authoring.md), run its tests, see the diff and compare grades on a cohort.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PlaygroundFlowTests(WebHost host)
{
    private const string Base = "cn.anhui.bozhou.qiaocheng.high-quality@1.0.0";

    private static Task SetText(IPage page, string editor, string text) =>
        page.EvaluateAsync("([id, t]) => scorer.setText(id, t)", new object[] { editor, text });

    private static Task WaitChecked(IPage page) => page.Locator("#draft-editor[data-checked='1']").WaitForAsync();

    [ChromiumFact]
    public async Task BreakTheDraft_SeeTheErrorAtItsLine_Fix_TestsPass_CompareShowsTheMatrix()
    {
        var page = await host.OpenAsync($"playground?base={Base}");
        await page.Locator("#draft-editor[data-ready='1']").WaitForAsync();
        await page.Locator("#tests-editor[data-ready='1']").WaitForAsync();
        await page.Locator("#draft-ok").WaitForAsync();
        (await page.Locator("#draft-of").InnerTextAsync()).Should().Contain("cn.anhui.bozhou.qiaocheng.high-quality@1.1.0");
        await Pages.ShouldBeAccessible(page, "playground");

        // 1. An error: the new indicator's value becomes an expression that does not parse, on a line we know.
        var draft = Repo.Read("docs/authoring/1.1.0.yaml");
        var lines = draft.Split('\n').ToList();
        var at = lines.FindIndex(l => l.TrimStart().StartsWith("value: telemedicine_consults", StringComparison.Ordinal));
        at.Should().BeGreaterThan(0);
        var broken = lines.ToList();
        broken[at] = broken[at].Replace("telemedicine_consults", "telemedicine_consults +* 2", StringComparison.Ordinal);
        var library = Library.Installed.LoadDraft(string.Join('\n', broken), "draft.yaml").Diagnostics.First(d => d.Severity == Severity.Error);
        library.Location.Line.Should().Be(at + 1, "the library places this error on the line broken");
        await SetText(page, "draft-editor", string.Join('\n', broken));
        var error = page.Locator("#draft-diagnostics li.error").First;
        await error.WaitForAsync();
        await WaitChecked(page);
        (await error.GetAttributeAsync("data-line")).Should().Be((at + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await error.GetAttributeAsync("data-column")).Should().Be(library.Location.Column.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await error.GetAttributeAsync("data-code")).Should().Be(library.Code);
        (await error.InnerTextAsync()).Should().Contain($"第 {at + 1} 行");
        var markers = await Markers(page);
        markers.Should().Contain(m => m.Line == at + 1 && m.Column == library.Location.Column, "the error is underlined in the editor at its line and column");
        (await page.Locator("#run-tests").IsDisabledAsync()).Should().BeTrue("a draft with errors cannot be tested");
        await error.Locator("button.goto").ClickAsync();   // the editor shows the line, with the cursor on the place
        await page.WaitForFunctionAsync("l => scorer.editors['draft-editor'].getPosition().lineNumber === l", at + 1);
        await Pages.Screenshot(page, "playground-error");

        // 2. Fixed: the worked draft and its tests; the tests pass with coverage.
        await SetText(page, "draft-editor", draft);
        await page.Locator("#draft-ok").WaitForAsync();
        await WaitChecked(page);
        (await Markers(page)).Should().NotContain(m => m.Code == library.Code, "the fixed draft has no such error");
        await SetText(page, "tests-editor", Repo.Read("docs/authoring/1.1.0.tests.yaml"));
        await page.Locator("#run-tests").ClickAsync();
        var summary = page.Locator("#test-summary");
        await summary.WaitForAsync();
        var run = Library.Tests();
        (await summary.InnerTextAsync()).Should().Contain($"{run.Cases.Count} 个通过，0 个失败");
        (await page.Locator("#coverage").InnerTextAsync()).Should().Contain("覆盖");

        // 3. The diff against the base lists what the draft changes.
        (await page.Locator("#diff tbody tr").CountAsync()).Should().Be(Library.Diff().Changes.Count);

        // 4. Compare on the example cohort: the matrix and the subjects that move, as the library computes them.
        await page.Locator("#tab-compare").ClickAsync();
        await page.Locator("#cohort-upload").SetInputFilesAsync(Repo.At("examples/qiaocheng/cohort.json"));
        await page.Locator("#matrix").WaitForAsync();
        var expected = Library.Compare();
        var cells = await page.Locator("#matrix tbody td").AllInnerTextsAsync();
        cells.Select(int.Parse).Should().Equal(expected.Matrix.SelectMany(r => r));
        var movers = expected.Subjects.Count(s => s.Moved);
        (await page.Locator("#movers tbody tr").CountAsync()).Should().Be(movers);
        await Pages.ShouldBeAccessible(page, "playground compare");
        await Pages.Screenshot(page, "playground-compare");

        // 5. The draft is downloaded as a file, never installed.
        var file = await Pages.Download(page, () => page.Locator("#download-draft").ClickAsync());
        file.Name.Should().Be("cn.anhui.bozhou.qiaocheng.high-quality-1.1.0.yaml");
        Encoding.UTF8.GetString(file.Bytes).Should().Be(draft);
        await WebHost.GotoAsync(page, "schemes");
        var rows = page.Locator("tbody tr").Filter(new() { HasText = "cn.anhui.bozhou.qiaocheng.high-quality" });
        (await rows.CountAsync()).Should().Be(1, "nothing was installed");
        (await rows.Locator("td").Nth(1).InnerTextAsync()).Should().Be("1.0.0");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Editor_OffersSchemaCompletion()
    {
        var page = await host.OpenAsync($"playground?base={Base}");
        await page.Locator("#draft-editor[data-ready='1']").WaitForAsync();
        await SetText(page, "draft-editor", "sch");
        await page.Locator("#draft-editor .view-lines").ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.PressAsync("Control+Space");
        await page.Locator(".suggest-widget .monaco-list-row", new() { HasText = "scheme" }).First.WaitForAsync();
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Sensitivity_OfTheDraft_OnAnUploadedCohort()
    {
        var page = await host.OpenAsync($"playground?base={Base}");
        await page.Locator("#draft-ok").WaitForAsync();
        await page.Locator("#tab-sensitivity").ClickAsync();
        await page.Locator("#cohort-upload").SetInputFilesAsync(Repo.At("examples/qiaocheng/cohort.json"));
        await page.Locator("#cohort-read").WaitForAsync();
        await page.Locator("#run-sensitivity").ClickAsync();
        await page.Locator("#sensitivity table").First.WaitForAsync();
        await Pages.ShouldBeAccessible(page, "sensitivity");
        await page.Context.CloseAsync();
    }

    public sealed record Marker(int Line, int Column, string Code);

    /// <summary>The markers the editor shows under the draft (line, column, code).</summary>
    private static async Task<List<Marker>> Markers(IPage page)
    {
        var raw = await page.EvaluateAsync<string[]>("() => scorer.markers('draft-editor').map(m => m.line + '|' + m.column + '|' + m.message)");
        return raw.Select(r => r.Split('|', 3)).Select(p => new Marker(int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), p[2].Split(':')[0])).ToList();
    }

    /// <summary>What the library says of the worked draft (what the page must show).</summary>
    private static class Library
    {
        public static readonly RuleSetRegistry Installed = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;
        private static CompiledRuleSet Draft() => Installed.LoadDraft(Repo.Read("docs/authoring/1.1.0.yaml"), "draft.yaml").RuleSet!;
        public static TestRunResult Tests() => RuleSetTesting.Run(Draft(), Repo.Read("docs/authoring/1.1.0.tests.yaml"), "draft.tests.yaml");
        public static RuleSetDifference Diff() => RuleSetDiff.Compare(Installed.Resolve(Base)!, Draft());

        public static ComparisonResult Compare()
        {
            var subs = SubmissionBatch.ReadJsonArray(Repo.Read("examples/qiaocheng/cohort.json")).Submissions;
            return RuleSetComparison.Compare(Installed.Resolve(Base)!, Draft(), subs);
        }
    }
}
