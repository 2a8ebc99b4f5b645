using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace AssessmentScorer.Web.Tests;

/// <summary>
/// The assessment team's path in a real browser against the real host: upload a file with a bad row, see the row,
/// column and message before anything is scored, upload the fixed file (GB18030, as Chinese Excel saves it), score,
/// filter the results, open a hospital and download every report.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AssessmentFlowTests(WebHost host)
{
    private const string Demo = "cn.demo.hospital-basics@1.0.0";

    static AssessmentFlowTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [ChromiumFact]
    public async Task UploadBadRow_Fix_Score_OpenHospital_Download()
    {
        var page = await host.OpenAsync($"score?ruleset={Demo}");
        (await page.Locator("#ruleset").InputValueAsync()).Should().Be(Demo);

        // 1. A file whose second hospital (row 3: the header is row 1) has text where a number belongs, and whose third
        //    (row 4) has a year that is none: the row is rejected.
        await page.Locator("#upload").SetInputFilesAsync(Pages.File("cohort.csv", Pages.DemoCsv(4, badCell: 2, badYear: 3)));
        await page.Locator("#problems-alert").WaitForAsync();
        (await page.Locator("#rows-read").InnerTextAsync()).Should().Be("4");
        (await page.Locator("#rows-rejected").InnerTextAsync()).Should().Be("1");
        (await page.Locator("#rows-accepted").InnerTextAsync()).Should().Be("3");
        var cell = await page.Locator("table.problems tbody tr").Filter(new() { HasText = "physicians" }).Locator("td").AllInnerTextsAsync();
        cell[0].Should().Be("cohort.csv");
        cell[1].Should().Be("3", "the bad value is on the file's third line");
        cell[2].Should().Be("physicians");
        cell[4].Should().Be("AS5002");
        cell[5].Should().Contain("很多", "the message quotes the bad value");
        var year = await page.Locator("table.problems tbody tr").Filter(new() { HasText = "20x5" }).Locator("td").AllInnerTextsAsync();
        year[1].Should().Be("4");
        year[2].Should().Be("year");
        (await page.Locator("#results-link, .results-grid").CountAsync()).Should().Be(0, "nothing is scored before the problems are seen");
        await Pages.ShouldBeAccessible(page, "upload with problems");
        await Pages.Screenshot(page, "upload-problems");

        // 2. The fixed file, saved in GB18030 with Chinese names.
        var fixedCsv = Encoding.GetEncoding("GB18030").GetBytes(Pages.DemoCsv(4));
        await page.Locator("#upload").SetInputFilesAsync(Pages.File("cohort-fixed.csv", fixedCsv));
        await page.Locator("#no-problems").WaitForAsync();
        (await page.Locator("#rows-accepted").InnerTextAsync()).Should().Be("4");
        (await page.Locator("table.problems").CountAsync()).Should().Be(0);

        // 3. Score: the results page lists every hospital, as the library scores them.
        await page.Locator("#score").ClickAsync();
        await page.Locator(".results-grid tbody tr a").First.WaitForAsync();
        page.Url.Should().EndWith("/results");
        (await page.Locator("#subject-count").InnerTextAsync()).Should().Be("4");
        var expected = Expected(Pages.DemoCsv(4));
        (await page.Locator(".results-grid tbody tr a").CountAsync()).Should().Be(4);
        (await page.Locator(".results-grid tbody").InnerTextAsync()).Should().Contain("示范医院1", "names read from GB18030 come through");
        (await page.Locator("#grade-chart svg").CountAsync()).Should().Be(1);

        // Search narrows the table to one hospital.
        await page.Locator("#search").FillAsync("h00003");
        await page.Locator("#shown-count").Filter(new() { HasText = "1 / 4" }).WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.results-grid tbody tr a').length === 1");
        (await page.Locator(".results-grid tbody tr a").InnerTextAsync()).Should().Be("示范医院3");
        await Pages.ShouldBeAccessible(page, "results");
        await page.Locator("#search").FillAsync("");
        await page.Locator("#shown-count").Filter(new() { HasText = "4 / 4" }).WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.results-grid tbody tr a').length === 4");
        await Pages.Screenshot(page, "results");

        // 4. A hospital: total, grade and pass exactly as the library gives them, its dimension chart and indicators.
        await page.Locator(".results-grid a", new() { HasText = "示范医院3" }).ClickAsync();
        await page.Locator("#indicator-table").WaitForAsync();
        page.Url.Should().EndWith("/results/H00003");
        var r = expected.Single(x => x.Subject.Id == "H00003");
        (await page.Locator("#total").InnerTextAsync()).Should().Be($"{Text.N(r.Total)} / {Text.N(r.MaxTotal)}");
        (await page.Locator("#grade").InnerTextAsync()).Should().Be(r.Grade ?? "—");
        (await page.Locator("#indicator-table tbody tr").CountAsync()).Should().Be(r.Indicators.Count);
        (await page.Locator("#indicator-table tbody").InnerTextAsync()).Should().Contain(r.Indicators[0].Explanation.Zh);
        (await page.Locator("#dimension-chart rect.bar").CountAsync()).Should().Be(r.Dimensions.Count);
        await Pages.ShouldBeAccessible(page, "hospital");
        await Pages.Screenshot(page, "hospital");

        // 5. Back to the results and download each report.
        await page.Locator("a", new() { HasText = "所有机构" }).First.ClickAsync();
        await page.Locator("#download-xlsx").WaitForAsync();
        var xlsx = await Pages.Download(page, () => page.Locator("#download-xlsx").ClickAsync());
        xlsx.Name.Should().EndWith(".xlsx");
        xlsx.Bytes.Take(2).Should().Equal((byte)'P', (byte)'K');
        var html = await Pages.Download(page, () => page.Locator("#download-html").ClickAsync());
        Encoding.UTF8.GetString(html.Bytes).Should().Contain("示范医院3").And.Contain("<html");
        var csv = await Pages.Download(page, () => page.Locator("#download-csv").ClickAsync());
        Encoding.UTF8.GetString(csv.Bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5, "a header and one row per hospital");
        var json = await Pages.Download(page, () => page.Locator("#download-json").ClickAsync());
        using var doc = JsonDocument.Parse(json.Bytes);
        doc.RootElement.GetProperty("results").GetArrayLength().Should().Be(4);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Template_DownloadsForTheChosenRuleSet()
    {
        var page = await host.OpenAsync($"score?ruleset={Demo}");
        var xlsx = await Pages.Download(page, () => page.Locator("#template-xlsx").ClickAsync());
        xlsx.Name.Should().Be("cn.demo.hospital-basics-1.0.0-template.xlsx");
        xlsx.Bytes.Take(2).Should().Equal((byte)'P', (byte)'K');
        var csv = await Pages.Download(page, () => page.Locator("#template-csv").ClickAsync());
        Encoding.UTF8.GetString(csv.Bytes).Should().Contain("[physicians]");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task UserErrors_AreReadableMessagesInThePage()
    {
        // A file of a type that is not read.
        var page = await host.OpenAsync($"score?ruleset={Demo}");
        await page.Locator("#upload").SetInputFilesAsync(Pages.File("notes.txt", "hello"));
        (await page.Locator("#upload-status .alert").InnerTextAsync()).Should().Contain("notes.txt").And.Contain(".txt");

        // A workbook that is not one.
        await page.Locator("#upload").SetInputFilesAsync(Pages.File("broken.xlsx", new byte[] { 1, 2, 3, 4 }));
        await page.Locator("#problems-alert").WaitForAsync();
        (await page.Locator("table.problems").InnerTextAsync()).Should().Contain("broken.xlsx").And.Contain("AS5021");
        (await page.Locator("#nothing-to-score").CountAsync()).Should().Be(1);

        // Pages with nothing to show say so.
        await WebHost.GotoAsync(page, "results");
        (await page.Locator("#no-results").InnerTextAsync()).Should().Contain("还没有结果");
        await WebHost.GotoAsync(page, "results/H404");
        (await page.Locator("#not-found").InnerTextAsync()).Should().Contain("还没有结果");
        await WebHost.GotoAsync(page, "schemes/cn.nope/9.9.9");
        (await page.Locator(".alert").InnerTextAsync()).Should().Contain("cn.nope@9.9.9");
        (await page.ContentAsync()).Should().NotContain("Exception").And.NotContain("   at ");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task LargeCohort_TableIsVirtualized()
    {
        var page = await host.OpenAsync($"score?ruleset={Demo}");
        await page.Locator("#upload").SetInputFilesAsync(Pages.File("large.csv", Pages.DemoCsv(13_000)));
        await page.Locator("#no-problems").WaitForAsync();
        await page.Locator("#score").ClickAsync();
        await page.Locator(".results-grid tbody tr a").First.WaitForAsync();
        (await page.Locator("#subject-count").InnerTextAsync()).Should().Be("13000");
        (await page.Locator(".results-grid tbody tr a").CountAsync()).Should().BeLessThan(200, "only the rows in view (and a few around) are in the page");

        // Scrolling to the end brings other rows in, and still only a window of them.
        var top = await page.Locator(".results-grid tbody tr a").First.InnerTextAsync();
        await page.Locator(".grid-wrap").EvaluateAsync("e => e.scrollTop = e.scrollHeight");
        await page.WaitForFunctionAsync("t => { const a = document.querySelector('.results-grid tbody tr a'); return a && a.innerText !== t; }", top);
        (await page.Locator(".results-grid tbody tr a").CountAsync()).Should().BeLessThan(200);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Language_SwitchToEnglish_IsKept()
    {
        var page = await host.OpenAsync("");
        (await page.Locator("h1").InnerTextAsync()).Should().Be("公立医院绩效评分");
        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("zh-CN");
        await page.Locator("button.lang").ClickAsync();
        await page.Locator("h1", new() { HasText = "Hospital assessment scoring" }).WaitForAsync();
        await page.Locator("body[data-interactive='1']").WaitForAsync();
        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("en");
        await WebHost.GotoAsync(page, "schemes");
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Schemes and versions");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task SchemePages_ListEveryIndicator_AndAreAccessible()
    {
        var page = await host.OpenAsync("");
        await Pages.ShouldBeAccessible(page, "home");
        await Pages.Screenshot(page, "home");
        await WebHost.GotoAsync(page, "schemes");
        await Pages.ShouldBeAccessible(page, "schemes");
        var registry = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;
        (await page.Locator("tbody tr").CountAsync()).Should().Be(registry.All.Count);
        var rs = registry.Resolve("cn.national.tertiary-performance@1.1.0")!;
        await WebHost.GotoAsync(page, "schemes/cn.national.tertiary-performance/1.1.0");
        (await page.Locator("table.indicators tbody tr").CountAsync()).Should().Be(rs.Indicators.Count);
        var first = await page.Locator("table.indicators tbody tr").First.Locator("td").AllInnerTextsAsync();
        first[0].Should().Be(rs.Indicators[0].Id);
        first[6].Should().Be(rs.Indicators[0].Source ?? "");
        await Pages.ShouldBeAccessible(page, "scheme");
        await Pages.Screenshot(page, "scheme");
        await page.Context.CloseAsync();
    }

    /// <summary>The results the library gives for this CSV (what the pages must show).</summary>
    private static IReadOnlyList<AssessmentResult> Expected(string csv) => Pages.Expected(Demo, csv);
}
