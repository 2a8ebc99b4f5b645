// Usage: AssessmentScorer.WebBench <base url> <cohort.csv> [runs]
//        AssessmentScorer.WebBench report <report.html> <results.json> [hospitals]   (ReportBench.cs: the HTML report file)
// Uploads the cohort on /score (national tertiary 1.1.0), waits until it is read and checked, then measures in the
// browser how long the results page takes to show its first rows: once right after "score" (the first render) and
// then `runs` times by going home and back through the navigation (the page built again from the kept results).
// Prints one JSON line. Times are from the click to the first row of the table being visible.
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

if (args[0] == "report")
{
    await AssessmentScorer.WebBench.ReportBench.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}
var baseUrl = args[0].TrimEnd('/') + "/";
var file = args[1];
var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } c ? c : "/usr/bin/chromium";

using var pw = await Playwright.CreateAsync();
await using var browser = await pw.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = chromium, Headless = true,
    Args = new[] { "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync" },
});
var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BaseURL = baseUrl });
page.SetDefaultTimeout(600_000);
await page.GotoAsync("score?ruleset=cn.national.tertiary-performance@1.1.0");
await page.Locator("body[data-interactive='1']").WaitForAsync();

var read = Stopwatch.StartNew();
await page.Locator("#upload").SetInputFilesAsync(file);
await page.Locator("#score").WaitForAsync();
read.Stop();
var firstRow = page.Locator(".results-grid tbody tr a").First;

var first = Stopwatch.StartNew();
await page.Locator("#score").ClickAsync();
await firstRow.WaitForAsync();
first.Stop();
var subjects = await page.Locator("#subject-count").InnerTextAsync();

var again = new List<double>();
for (var i = 0; i < runs; i++)
{
    await page.Locator("header nav a[href='']").ClickAsync();
    await page.Locator("#h-score").WaitForAsync();
    var sw = Stopwatch.StartNew();
    await page.Locator("header nav a[href='results']").ClickAsync();
    await firstRow.WaitForAsync();
    sw.Stop();
    again.Add(sw.Elapsed.TotalMilliseconds);
}
again.Sort();
Console.WriteLine(JsonSerializer.Serialize(new
{
    mode = "web",
    subjects = int.Parse(subjects, System.Globalization.CultureInfo.InvariantCulture),
    readAndCheckMs = Math.Round(read.Elapsed.TotalMilliseconds),
    firstRenderMs = Math.Round(first.Elapsed.TotalMilliseconds),
    reopenMedianMs = Math.Round(again[again.Count / 2]),
    reopenMaxMs = Math.Round(again[^1]),
    runs,
}));
