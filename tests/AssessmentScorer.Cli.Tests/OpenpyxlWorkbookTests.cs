using System.Diagnostics;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// The results workbook read by openpyxl (Debian's python3-openpyxl, a reader independent of this project's writer):
/// no warning on opening, numbers stored as numbers, a frozen, filtered header on every sheet, columns at least as
/// wide as their headers, wrapped explanations, statuses and yes/no in Chinese, sources by title, and a page setup
/// for printing (A4, fitted to width, landscape when wide, header row repeated, the rule set's title in the page header
/// and the page number in the footer) (openpyxl/check_results_workbook.py holds each check).
/// </summary>
public sealed class OpenpyxlWorkbookTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-openpyxl-");
    public void Dispose() => _dir.Delete(true);

    [OpenpyxlTheory]
    [InlineData("cn.sichuan.leshan.shizhong.high-quality@1.0.0", "examples/leshan/district-cohort.json")]
    [InlineData("cn.hospital.annual-goals@1.0.0", "examples/annual-goals/forensic-hospital.json")]
    [InlineData("cn.anhui.bozhou.qiaocheng.high-quality@1.0.0", "examples/qiaocheng/cohort.json")]
    public void ResultsWorkbook_PassesEveryCheckOfAnAssessorsReader(string ruleSet, string example)
    {
        var path = Path.Combine(_dir.FullName, "results.xlsx");
        var (code, _, err) = CliRunner.Run("--rulesets", Repo.RuleSets, "score", "-r", ruleSet, "--format", "xlsx", "--out", path, Repo.At(example));
        code.Should().BeOneOf(new[] { 0, 3 }, err);
        var title = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve(ruleSet)!.Title;
        var (exit, output) = Python(Repo.At("tests/AssessmentScorer.Cli.Tests/openpyxl/check_results_workbook.py"), path, title);
        output.Should().StartWith("ok 汇总 Summary, 指标 Indicators, 说明 Explanations");
        exit.Should().Be(0, output);
    }

    internal static (int Exit, string Output) Python(params string[] args)
    {
        var psi = new ProcessStartInfo(OpenpyxlTheoryAttribute.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>
/// A test that needs Debian's python3 with python3-openpyxl. Skipped where it is missing, except under .ci/run, which
/// installs it and sets ASSESSMENT_SCORER_REQUIRE_OPENPYXL=1 so that there a missing reader fails the test.
/// </summary>
public sealed class OpenpyxlTheoryAttribute : TheoryAttribute
{
    public const string Python = "/usr/bin/python3";

    public OpenpyxlTheoryAttribute()
    {
        if (!Available.Value && Environment.GetEnvironmentVariable("ASSESSMENT_SCORER_REQUIRE_OPENPYXL") != "1")
            Skip = "Debian's python3-openpyxl is not installed (apt-get install python3-openpyxl): the workbook is not checked with openpyxl here. bash .ci/run installs it.";
    }

    private static readonly Lazy<bool> Available = new(() =>
    {
        if (!File.Exists(Python)) return false;
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Python, "-c \"import openpyxl\"") { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    });
}
