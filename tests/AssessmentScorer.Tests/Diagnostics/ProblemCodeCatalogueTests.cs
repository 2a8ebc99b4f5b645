using System.Text;
using System.Text.RegularExpressions;
using AssessmentScorer.Testing;

namespace AssessmentScorer.Tests.Diagnostics;

/// <summary>
/// The problem-code catalogue (<see cref="ProblemCodes"/>) is the one list of codes: every code the sources write is in
/// it, every entry is written somewhere, and docs/problem-codes.md is its table. After a change to the catalogue,
/// <c>UPDATE_DOCS=1 dotnet test --filter ProblemCodeCatalogueTests</c> rewrites the document.
/// </summary>
public class ProblemCodeCatalogueTests
{
    private const string DocPath = "docs/problem-codes.md";

    [Fact]
    public void Catalogue_CodesAreUniqueAndInOrder()
    {
        var codes = ProblemCodes.All.Select(c => c.Code).ToList();
        codes.Should().OnlyHaveUniqueItems();
        codes.Should().BeInAscendingOrder(StringComparer.Ordinal);
        codes.Should().AllSatisfy(c => c.Should().MatchRegex("^AS[1-59][0-9]{3}$"));
    }

    [Fact]
    public void Catalogue_EveryCodeTheSourcesWrite_IsCatalogued_AndEveryEntryIsWritten()
    {
        var src = Repo.At("src");
        var written = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !f.EndsWith("ProblemCodes.cs", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"(AS[0-9]{4})\"").Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var catalogued = ProblemCodes.All.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        written.Except(catalogued).Should().BeEmpty("every code written in src/ is in the catalogue");
        catalogued.Except(written).Should().BeEmpty("every catalogued code is reported somewhere");
    }

    [Fact]
    public void Get_UnknownCode_Throws() =>
        FluentActions.Invoking(() => ProblemCodes.Get("AS0000")).Should().Throw<ArgumentException>().WithMessage("*AS0000*");

    [Fact]
    public void Diagnostics_TakeTheirSeverityFromTheCatalogue()
    {
        // AS2008 (no English text) and AS3017 (an unreachable target case) are warnings; AS2001 an error.
        var load = RuleSetLoader.Load("""
            scheme: t.codes
            version: 1.0.0
            title: { zh: 测试 }
            indicators:
              - id: a
                name: { zh: 甲, en: A }
                value: physicians
                target:
                  - at_least: 1
                  - when: year > 2000
                    at_least: 2
                points: 1
                source: t.txt 1
            """, "t.yaml");
        load.Diagnostics.Should().NotBeEmpty();
        load.Diagnostics.Should().AllSatisfy(d => d.Severity.Should().Be(ProblemCodes.Get(d.Code).Severity));
        load.Diagnostics.Select(d => d.Code).Should().Contain(new[] { "AS2008", "AS3017" });
    }

    [Fact]
    public void Severity_SameCodeSameAnswer_InCliAndApi()
    {
        // The cases that differed: a key given twice is a warning everywhere, and a wrong type an invalid value.
        ProblemCodes.Get("AS5006").Severity.Should().Be(Severity.Warning);
        ProblemCodes.Get("AS5006").Category.Should().Be(ProblemCategory.Notice);
        ProblemCodes.Get("AS5002").Category.Should().Be(ProblemCategory.InvalidValue);
        ProblemCodes.Get("AS5022").Category.Should().Be(ProblemCategory.Unreadable);
    }

    [Fact]
    public void Document_IsTheCatalogue()
    {
        var expected = Render();
        var path = Repo.At(DocPath);
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1") File.WriteAllText(path, expected);
        File.ReadAllText(path).ReplaceLineEndings("\n").Should().Be(expected, $"{DocPath} is made from ProblemCodes.All (UPDATE_DOCS=1 rewrites it)");
    }

    private static string Render()
    {
        var sb = new StringBuilder();
        sb.Append("# Problem codes\n\n");
        sb.Append("Every code the library, the command line (`assessment-scorer`) and the REST API report, with its severity and\n");
        sb.Append("category. The list is `ProblemCodes.All` in the library (src/AssessmentScorer/Diagnostics/ProblemCodes.cs); this\n");
        sb.Append("page is made from it and a test checks that they agree (`UPDATE_DOCS=1 dotnet test tests/AssessmentScorer.Tests\n");
        sb.Append("--filter ProblemCodeCatalogueTests` rewrites it). Hosts answer from the category, never from the digits:\n\n");
        sb.Append("- the command line prints a warning for a warning and an error otherwise, and counts `invalid value` problems as\n");
        sb.Append("  values treated as missing;\n");
        sb.Append("- the REST API answers a single submission with an `invalid value` problem 422, with the partial result.\n\n");
        sb.Append("| code | severity | category | meaning |\n|---|---|---|---|\n");
        foreach (var c in ProblemCodes.All)
            sb.Append($"| {c.Code} | {c.Severity.ToString().ToLowerInvariant()} | {Words(c.Category)} | {c.Meaning} |\n");
        return sb.ToString();
    }

    private static string Words(ProblemCategory c) => Regex.Replace(c.ToString(), "(?<=[a-z])([A-Z])", " $1").ToLowerInvariant();
}
