using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AssessmentScorer.Browser.Tests;

/// <summary>
/// The HTML report printed to PDF by headless Chromium (Debian's), as an assessment office prints it to sign: every page
/// A4, the cover alone on page 1 with the cohort summary, and each subject starting a new page. The PDF is read back
/// with poppler's pdfinfo and pdftotext (Debian poppler-utils, installed by .ci/run).
/// </summary>
public sealed class ReportPrintTests() : HeadlessChromium("as-print-")
{
    [ChromiumFact]
    public async Task CohortReport_PrintedToPdf_IsA4WithTheCoverFirstAndEachSubjectOnANewPage()
    {
        var html = Path.Combine(Dir, "report.html");
        var err = new StringWriter();
        var code = AssessmentScorer.Cli.Cli.Run(new[] { "--rulesets", Repo.RuleSets, "score", "-r", "cn.sichuan.leshan.shizhong.high-quality@1.0.0", "--format", "html", "--out", html,
            Repo.At("examples/leshan/district-cohort.json") }, new StringWriter(), err);
        code.Should().BeOneOf(new[] { 0, 3 }, err.ToString());
        var rs = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.sichuan.leshan.shizhong.high-quality@1.0.0")!;
        var results = rs.ScoreCohort(SubmissionBatch.ReadJsonArray(File.ReadAllText(Repo.At("examples/leshan/district-cohort.json"))).Submissions).Results;

        var page = await Browser.NewPageAsync();
        page.SetDefaultTimeout(HangGuardMs);
        await page.GotoAsync(new Uri(html).AbsoluteUri);
        var pdf = Path.Combine(Dir, "report.pdf");
        // The paper size is the report's own (@page size: A4): PreferCSSPageSize, no format given here.
        await page.PdfAsync(new PagePdfOptions { Path = pdf, PreferCSSPageSize = true, PrintBackground = true });

        var info = Poppler("pdfinfo", "-f", "1", "-l", "9999", pdf);
        var pages = int.Parse(Regex.Match(info, @"^Pages:\s+(\d+)", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        pages.Should().BeGreaterThan(results.Count, "a cover, the cohort pages and at least one page per subject");
        var sizes = Regex.Matches(info, @"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", RegexOptions.Multiline);
        sizes.Should().HaveCount(pages);
        foreach (Match m in sizes)
        {
            // A4 is 595.28 × 841.89 points; Chromium rounds to whole device pixels.
            double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture).Should().BeApproximately(595.3, 2.0, "every page is A4 portrait");
            double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture).Should().BeApproximately(841.9, 2.0, "every page is A4 portrait");
        }

        var text = Poppler("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-").Split('\f');
        var cover = text[0];
        cover.Should().Contain("评估报告 Assessment report").And.Contain(rs.Title);
        cover.Should().MatchRegex($@"对象数 Subjects\s+{results.Count}\b", "the cover gives the cohort's size");
        var passed = results.Count(r => r.Passed == true);
        cover.Should().MatchRegex($@"通过 Passed\s+{passed}（", "the cover gives how many passed");
        cover.Should().Contain("平均得分率").And.Contain("等级 Grades").And.Contain("评估人 Assessor");
        var grades = results.Where(r => r.Grade is not null).GroupBy(r => r.Grade!).OrderByDescending(g => g.Count()).First();
        cover.Should().Contain($"{grades.Key} {grades.Count()}", "the cover gives the grade counts");
        cover.Should().NotContain("队列概况", "the cohort page starts on a page of its own after the cover");

        // Each subject's section begins at the top of a page, in the report's order: its heading is the page's first line.
        var starts = new List<int>();
        for (var p = 0; p < text.Length; p++)
        {
            var firstLine = text[p].Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
            var who = results.Select((r, i) => (r, i)).Where(x => firstLine.StartsWith(x.r.Subject.Name ?? x.r.Subject.Id, StringComparison.Ordinal) && firstLine.Contains(x.r.Subject.Id, StringComparison.Ordinal)).ToList();
            if (who.Count == 1) starts.Add(who[0].i);
        }
        starts.Should().Equal(Enumerable.Range(0, results.Count), "every subject starts a new page, in order");
    }

    private static string Poppler(string tool, params string[] args)
    {
        var path = "/usr/bin/" + tool;
        if (!File.Exists(path)) throw new InvalidOperationException($"{tool} (Debian poppler-utils) is needed to read the printed PDF: apt-get install poppler-utils (.ci/run installs it)");
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        p.ExitCode.Should().Be(0, error.Result);
        return output.Result;
    }
}
