using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// What the people who receive the outputs read: for every bundled example, no writer (table, CSV, workbook, HTML)
/// prints a rule-language expression — conditions appear in the words the rule files give them — and codes,
/// yes/no and sources appear as a person reads them.
/// </summary>
public sealed class ReaderWordingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-words-");
    public void Dispose() => _dir.Delete(true);

    /// <summary>Every example with its expected result, and the rule set (scheme@version) the expected result names.</summary>
    public static IEnumerable<object[]> Examples() =>
        Directory.EnumerateFiles(Repo.Examples, "*.expected.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(expected =>
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(expected));
            var root = doc.RootElement;
            var rs = (root.TryGetProperty("ruleSet", out var r) ? r : root.GetProperty("results")[0].GetProperty("ruleSet"));
            var input = Path.GetRelativePath(Repo.Root, expected.Replace(".expected.json", ".json", StringComparison.Ordinal)).Replace('\\', '/');
            return new object[] { input, $"{rs.GetProperty("scheme").GetString()}@{rs.GetProperty("version").GetString()}" };
        });

    /// <summary>The expressions a reader must never see: every condition and scope the rule set (and any it extends) holds.</summary>
    private static List<string> Expressions(string reference)
    {
        var registry = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry;
        var rs = registry.Resolve(reference)!;
        return rs.Indicators.Select(i => i.AppliesWhen).Concat(rs.Aggregates.Select(a => a.Over)).Concat(rs.Vetoes.Select(v => v.When))
            .OfType<string>()
            // An expression that is only a field's id ("jy_county_peoples_hospital") is a word a reader may meet anyway.
            .Where(e => Regex.IsMatch(e, @"==|!=|>=|<=|[<>]| in \[| and | or |\("))
            .Distinct().ToList();
    }

    private string Output(string reference, string input, string format)
    {
        var path = Path.Combine(_dir.FullName, $"out.{format}");
        var (code, stdout, err) = format == "table"
            ? CliRunner.Run("--rulesets", Repo.RuleSets, "score", "-r", reference, Repo.At(input))
            : CliRunner.Run("--rulesets", Repo.RuleSets, "score", "-r", reference, "--format", format, "--out", path, Repo.At(input));
        code.Should().BeOneOf(new[] { 0, 3 }, err);
        if (format == "table") return stdout;
        if (format == "html") return WebUtility.HtmlDecode(File.ReadAllText(path));
        if (format != "xlsx") return File.ReadAllText(path);
        using var book = SpreadsheetDocument.Open(path, false);
        var shared = book.WorkbookPart!.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText) ?? Enumerable.Empty<string>();
        var inline = book.WorkbookPart.WorksheetParts.SelectMany(w => w.Worksheet.Descendants<Cell>()).Select(c => c.InnerText);
        return string.Join("\n", shared.Concat(inline));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryWriter_NeverPrintsAnExpression(string input, string reference)
    {
        var expressions = Expressions(reference);
        foreach (var format in new[] { "table", "csv", "xlsx", "html" })
        {
            var text = Output(reference, input, format);
            foreach (var e in expressions)
                text.Should().NotContain(e, $"the {format} output of {input} shows conditions in words, not as the expression");
            text.Should().NotContain("true = true").And.NotContain("= true").And.NotContain("= false", $"yes/no reads 是/否 in the {format} output");
        }
    }

    [Fact]
    public void HtmlReport_UsesChineseLabels_TitlesAndDescriptions()
    {
        var html = WebUtility.HtmlDecode(Output("cn.sichuan.leshan.shizhong.high-quality@1.0.0", "examples/leshan/district-cohort.json", "html"));
        html.Should().Contain("三级 综合", "the subject header names tier and category in Chinese");
        html.Should().NotContain("· tertiary general ·");
        html.Should().Contain("乐山市市中区推动公立医院高质量发展实施方案 一(二)", "a source is the document's title and clause");
        html.Should().NotContain("003_91e273686b13a960.txt");
        html.Should().Contain("范围内（二级及以上综合医院）", "an aggregate's scope in the rule file's words");
        html.Should().Contain("<header class=\"cover\">").And.Contain("@page{size:A4").And.Contain("break-before:page");
    }

    [Fact]
    public void Workbook_ShowsStatusesAndYesNoInChinese()
    {
        var text = Output("cn.sichuan.leshan.shizhong.high-quality@1.0.0", "examples/leshan/district-cohort.json", "xlsx");
        text.Should().Contain("已计分").And.Contain("不适用");
        var cells = text.Split('\n').ToHashSet(StringComparer.Ordinal);
        cells.Should().NotContain(new[] { "scored", "missing", "notApplicable", "已计分 scored" }, "a status is a Chinese word in its cell");
        cells.Should().NotContain(new[] { "true", "false", "是 yes", "否 no" }, "yes/no reads 是/否");
        cells.Should().Contain("是").And.Contain("否");
    }
}
