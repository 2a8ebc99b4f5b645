using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace AssessmentScorer.WebBench;

/// <summary>
/// The HTML report of a large cohort opened from its file in Debian's headless chromium: when the cohort page is first
/// painted (the performance API's first-contentful-paint, and the load event, by which the script has drawn the table),
/// and how long a hospital's detail takes to show after its row is clicked (click to the next frame, measured in the
/// page), for a spread of hospitals; each detail's total and grade and the cohort's size are checked against the JSON
/// results of the same cohort (<c>score --format json --detail summary</c>). Prints one JSON line. A measurement, not a test.
/// </summary>
public static class ReportBench
{
    public static async Task Run(string report, string resultsJson, int hospitals)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(resultsJson));
        var results = json.RootElement.GetProperty("results");
        var count = results.GetArrayLength();
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } c ? c : "/usr/bin/chromium";
        using var pw = await Playwright.CreateAsync();
        await using var browser = await pw.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true,
            Args = new[] { "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync" },
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(600_000);
        var requests = 0;
        page.Request += (_, r) => { if (!r.Url.StartsWith("file://", StringComparison.Ordinal)) requests++; };
        await page.GotoAsync(new Uri(Path.GetFullPath(report)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        var timing = await page.EvaluateAsync<JsonElement>("""
            () => { const n = performance.getEntriesByType("navigation")[0], p = performance.getEntriesByName("first-contentful-paint")[0];
                    return { fcp: p ? p.startTime : null, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd }; }
            """);
        var shown = await page.Locator("#shown").InnerTextAsync();

        var errors = new List<string>();
        if (!shown.Contains($"全部 {count}", StringComparison.Ordinal)) errors.Add($"the table says \"{shown}\", not {count} subjects");
        var detailMs = new List<double>();
        for (var k = 0; k < hospitals; k++)
        {
            var r = results[(int)((long)k * (count - 1) / Math.Max(1, hospitals - 1))];
            var id = r.GetProperty("subject").GetProperty("id").GetString()!;
            // Filtered to the one hospital, then its row clicked: the time from the click to the frame after the detail is drawn.
            var ms = await page.EvaluateAsync<double>("""
                async (id) => { const f = document.getElementById("filter"); f.value = id; f.dispatchEvent(new Event("input"));
                  const tr = [...document.querySelectorAll("#subject-table tbody tr")].find(t => t.dataset.id === id);
                  const t0 = performance.now(); tr.click();
                  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
                  return performance.now() - t0; }
                """, id);
            detailMs.Add(ms);
            var detail = page.Locator("#detail");
            var total = decimal.Parse(await detail.Locator(".total").InnerTextAsync(), CultureInfo.InvariantCulture);
            var grade = await detail.Locator(".grade").InnerTextAsync();
            var want = Math.Round(r.GetProperty("total").GetDecimal(), 2, MidpointRounding.AwayFromZero);
            var wantGrade = r.TryGetProperty("grade", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : "—";
            if (await detail.GetAttributeAsync("data-subject") != id) errors.Add($"{id}: the detail shows another subject");
            if (total != want) errors.Add($"{id}: total {total}, the JSON says {want}");
            if (grade != wantGrade) errors.Add($"{id}: grade {grade}, the JSON says {wantGrade}");
        }
        detailMs.Sort();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            mode = "report",
            subjects = count,
            bytes = new FileInfo(report).Length,
            firstContentfulPaintMs = timing.GetProperty("fcp").ValueKind == JsonValueKind.Number ? Math.Round(timing.GetProperty("fcp").GetDouble()) : (double?)null,
            domContentLoadedMs = Math.Round(timing.GetProperty("domContentLoaded").GetDouble()),
            loadMs = Math.Round(timing.GetProperty("load").GetDouble()),
            hospitals,
            detailMedianMs = Math.Round(detailMs[detailMs.Count / 2], 1),
            detailMaxMs = Math.Round(detailMs[^1], 1),
            networkRequests = requests,
            mismatches = errors.Count,
            firstMismatches = errors.Take(5),
            load1 = File.ReadAllText("/proc/loadavg").Split(' ')[0],
        }));
        if (errors.Count > 0) Environment.ExitCode = 1;
    }
}
