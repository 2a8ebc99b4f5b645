using System.Text.RegularExpressions;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// README.md's yearly workflow runs as written: its commands are read from the README itself (so the two cannot drift
/// apart) and run one by one, with what they write sent to a temporary folder in place of <c>out/</c>.
/// </summary>
public sealed class ReadmeWorkflowTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-readme-");
    public void Dispose() => _dir.Delete(true);

    /// <summary>The commands of the README's yearly workflow, continuation lines joined, comments dropped.</summary>
    internal static List<string[]> WorkflowCommands()
    {
        var readme = Repo.Read("README.md");
        var section = readme.IndexOf("### The yearly workflow for an assessment team", StringComparison.Ordinal);
        section.Should().BeGreaterThan(0, "README.md has the yearly workflow");
        var open = readme.IndexOf("```sh", section, StringComparison.Ordinal);
        var close = readme.IndexOf("```", open + 5, StringComparison.Ordinal);
        var block = Regex.Replace(readme[(open + 5)..close], @"\\\r?\n\s*", " ");
        return block.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("assessment-scorer ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]).ToList();
    }

    [Fact]
    public void YearlyWorkflow_RunsAsWritten()
    {
        var commands = WorkflowCommands();
        commands.Select(c => c[0]).Should().Equal("template", "score", "score", "diff", "compare");
        foreach (var command in commands)
        {
            var args = command.Select(a => a.StartsWith("out/", StringComparison.Ordinal) ? Path.Combine(_dir.FullName, a[4..])
                : File.Exists(Repo.At(a)) ? Repo.At(a) : a).ToList();
            args.Where(a => a.Contains('/') && !a.StartsWith(_dir.FullName, StringComparison.Ordinal) && !a.StartsWith(Repo.Root, StringComparison.Ordinal))
                .Should().BeEmpty("every file the README names exists in the repository or is written to out/ ({0})", string.Join(' ', command));
            var (code, _, err) = CliRunner.Run(new[] { "--rulesets", Repo.RuleSets }.Concat(args).ToArray());
            // 3: scored, and the summary says two hospitals lack some data (README says so under the commands);
            // 1 from compare: it has notes on what moved (docs/authoring.md).
            code.Should().BeOneOf(command[0] == "compare" ? new[] { 0, 1 } : new[] { 0, 3 }, $"assessment-scorer {string.Join(' ', command)}\n{err}");
            err.Should().NotContain(": error ", string.Join(' ', command));
        }
        new FileInfo(Path.Combine(_dir.FullName, "2025-template.xlsx")).Length.Should().BeGreaterThan(1000);
        new FileInfo(Path.Combine(_dir.FullName, "2025-results.xlsx")).Length.Should().BeGreaterThan(1000);
        var html = File.ReadAllText(Path.Combine(_dir.FullName, "2025-report.html"));
        Regex.Matches(html, "<section class=\"subject\" id=\"subject-").Count.Should().Be(32, "every hospital of the filled 2025 workbook is in the report");
        html.Should().Contain("上年", "last year's workbook is read for the year-over-year indicators");
    }

    [Fact]
    public void ExampleWorkbooks_AreTwoConsecutiveYears_OfTheSameHospitals()
    {
        var y24 = AssessmentScorer.Reports.Xlsx.ReadFirstSheet(File.ReadAllBytes(Repo.At("examples/yearly/2024-input.xlsx")));
        var y25 = AssessmentScorer.Reports.Xlsx.ReadFirstSheet(File.ReadAllBytes(Repo.At("examples/yearly/2025-input.xlsx")));
        y24.Error.Should().BeNull(); y25.Error.Should().BeNull();
        var year = y25.Rows[0].ToList().FindIndex(h => h.EndsWith("[year]", StringComparison.Ordinal));
        y24.Rows.Skip(1).Select(r => r[year]).Distinct().Should().Equal("2024");
        y25.Rows.Skip(1).Select(r => r[year]).Distinct().Should().Equal("2025");
        y24.Rows.Skip(1).Select(r => r[0]).Should().Equal(y25.Rows.Skip(1).Select(r => r[0]));
    }
}
