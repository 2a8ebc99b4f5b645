using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AssessmentScorer.Cli.Tests;

/// <summary>The input template offers what its guide says and the readers accept: Chinese labels (and codes) in its dropdowns.</summary>
public sealed class TemplateWordingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-tpl-");
    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void Template_DropdownsOfferChineseLabels_AndAFractionSaysSoInItsHeader()
    {
        var path = Path.Combine(_dir.FullName, "t.xlsx");
        var (code, _, err) = CliRunner.Run("--rulesets", Repo.RuleSets, "template", "-r", "cn.sichuan.leshan.shizhong.high-quality", "--out", path);
        code.Should().Be(0, err);
        using var book = SpreadsheetDocument.Open(path, false);
        var sheet = book.WorkbookPart!.WorksheetParts.First(w => w.Worksheet.Descendants<DataValidation>().Any());
        var lists = sheet.Worksheet.Descendants<DataValidation>().Select(v => v.Formula1?.Text ?? "").ToList();
        lists.Should().Contain(l => l.Contains("三级,二级,一级,tertiary,secondary,primary"), "the tier dropdown offers 三级 first, and the codes");
        lists.Should().Contain(l => l.Contains("综合") && l.Contains("中医"));
        lists.Should().Contain(l => l.Contains("是,否,true,false"), "yes/no offers 是/否 first");
        lists.Should().NotContain(l => l.Trim('"') == "true,false");

        var csv = Path.Combine(_dir.FullName, "t.csv");
        CliRunner.Run("--rulesets", Repo.RuleSets, "template", "-r", "cn.sichuan.leshan.shizhong.high-quality", "--format", "csv", "--out", csv).Code.Should().Be(0);
        File.ReadAllText(csv).Should().Contain("约定采购量完成率（比例，0.4 = 40%） [vbp_contract_fulfilment_rate]");
    }

    [Fact]
    public void Score_FilledInChinese_IsRead_AndEachInvalidValueIsNamed()
    {
        var input = Path.Combine(_dir.FullName, "in.csv");
        File.WriteAllText(input, "机构编码 [id],医院级别 [tier],医院类别 [category],年度 [year],physicians,registered_nurses,vbp_contract_fulfilment_rate\n"
            + "h1,三级,综合,2025,-3,abc,40%\nh2,二级,中医院,2025,5,6,0.9\n");
        var (code, _, err) = CliRunner.Run("--rulesets", Repo.RuleSets, "score", "-r", "cn.sichuan.leshan.shizhong.high-quality", "--format", "json",
            "--out", Path.Combine(_dir.FullName, "out.json"), input);
        code.Should().Be(1, err);
        err.Should().NotContain("AS5008", "三级, 综合 and 中医院 are read as tertiary, general and tcm");
        err.Should().Contain("h1: values.physicians: invalid AS5003: 执业（助理）医师数（physicians）超出有效范围（不小于 0），不能是 -3，按缺失处理");
        err.Should().Contain("h1: values.registered_nurses: invalid AS5002:");
        err.Should().Contain("2 invalid value(s) treated as missing");
        var json = File.ReadAllText(Path.Combine(_dir.FullName, "out.json"));
        json.Should().Contain("\"tier\": \"tertiary\"").And.Contain("\"category\": \"tcm\"");
    }
}
