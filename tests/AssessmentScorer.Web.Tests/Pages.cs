using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AssessmentScorer.Web.Tests;

/// <summary>What the browser tests share: accessibility checks, screenshots, files to upload.</summary>
internal static class Pages
{
    /// <summary>Runs axe on the page: no serious or critical violation (each listed with its rule and elements when there is one).</summary>
    public static async Task ShouldBeAccessible(IPage page, string name)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        bad.Should().BeEmpty($"{name}: " + string.Join("\n", bad.Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    /// <summary>
    /// A full-page screenshot of a main page. Always taken (a page that cannot be drawn fails); written into
    /// docs/ui/ (the images of docs/ui.md) when UPDATE_SCREENSHOTS=1, else into a temporary folder.
    /// </summary>
    public static async Task Screenshot(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1" ? Repo.At("docs/ui") : Path.Combine(Path.GetTempPath(), "as-ui-screens");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        new FileInfo(path).Length.Should().BeGreaterThan(5_000, "the page is drawn");
    }

    /// <summary>A file to upload, written to a temporary folder (Playwright sets files by path).</summary>
    public static string File(string name, byte[] bytes)
    {
        var dir = Directory.CreateTempSubdirectory("as-web-").FullName;
        var path = Path.Combine(dir, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string File(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));

    /// <summary>The demonstration rule set's columns, and rows of a small cohort for it (one per hospital).</summary>
    public const string DemoHeader = "id,name,tier,category,ownership,year,personnel_expenditure,business_expenditure,registered_nurses,physicians,day_surgeries,elective_surgeries,emr_level,major_safety_incidents";

    public static string DemoRow(int i, string physicians = "540", string year = "2025") =>
        $"H{i:D5},示范医院{i},tertiary,general,public,{year},{170_000_000 + i * 1_000},400000000,{650 + i % 100},{physicians},{1000 + i % 300},12550,{3 + i % 3},0";

    /// <summary>A cohort; hospital <paramref name="badCell"/> has text for a number, hospital <paramref name="badYear"/> a year that is none.</summary>
    public static string DemoCsv(int count, int? badCell = null, int? badYear = null) =>
        DemoHeader + "\n" + string.Join("\n", Enumerable.Range(1, count).Select(i => i == badCell ? DemoRow(i, physicians: "很多") : i == badYear ? DemoRow(i, year: "20x5") : DemoRow(i))) + "\n";

    /// <summary>Waits for a download started by <paramref name="click"/> and returns its bytes and suggested name.</summary>
    public static async Task<(string Name, byte[] Bytes)> Download(IPage page, Func<Task> click)
    {
        var download = await page.RunAndWaitForDownloadAsync(click);
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await System.IO.File.ReadAllBytesAsync(path!));
    }

    /// <summary>The library's results for a CSV cohort under a rule set (what a page must show).</summary>
    public static IReadOnlyList<AssessmentResult> Expected(string ruleSet, string csv)
    {
        var rs = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve(ruleSet)!;
        var table = SubmissionCsv.Read(csv, rs);
        return table.Submissions.Count == 1 ? new[] { rs.Score(table.Submissions[0]) } : rs.ScoreCohort(table.Submissions).Results;
    }
}
