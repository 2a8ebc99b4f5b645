using System.Text;
using System.Text.Json;
using AssessmentScorer.Reports;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AssessmentScorer.Cli.Tests;

/// <summary>The batch path for assessment teams: every input format, row errors, every output format.</summary>
public sealed class BatchTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("as-batch-");

    static BatchTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => _dir.Delete(true);

    private string P(string name) => Path.Combine(_dir.FullName, name);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(["--rulesets", Repo.RuleSets, .. args]);

    private const string Demo = "cn.demo.hospital-basics@1.0.0";

    private static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement;

    private static JsonElement Indicator(JsonElement result, string id) => result.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);

    [Fact]
    public void Score_Gb18030CsvWithChineseHeaders_IsDecodedAndScored()
    {
        var csv = "机构编码,机构名称,医院级别,年度,人员支出,业务支出\r\nH1,谯城区人民医院,tertiary,2025,40,100\r\nH2,谯城区中医院,secondary,2025,35,100\r\n";
        File.WriteAllBytes(P("gb.csv"), Encoding.GetEncoding("GB18030").GetBytes(csv));
        var (code, stdout, stderr) = Run("score", "-r", Demo, "--format", "json", P("gb.csv"));
        stderr.Should().Contain("read 2, scored 2, rejected 0").And.Contain("2 subject(s) with missing data");
        var results = Json(stdout).GetProperty("results");
        results[0].GetProperty("subject").GetProperty("name").GetString().Should().Be("谯城区人民医院");
        Indicator(results[0], "personnel_share").GetProperty("met").GetBoolean().Should().BeTrue();
        Indicator(results[1], "personnel_share").GetProperty("points").GetDecimal().Should().Be(10m);
        code.Should().Be(3, "scored, but the subjects lack data (a partial run)");
    }

    [Fact]
    public void Score_Utf8BomCsvWithIdHeaders_IsScored()
    {
        File.WriteAllText(P("bom.csv"), "id,tier,year,emr_level\nH1,tertiary,2025,5\nH2,tertiary,2025,4\n", new UTF8Encoding(true));
        var (_, stdout, _) = Run("score", "-r", Demo, "--format", "json", P("bom.csv"));
        var results = Json(stdout).GetProperty("results");
        Indicator(results[0], "emr_level").GetProperty("met").GetBoolean().Should().BeTrue();
        Indicator(results[1], "emr_level").GetProperty("met").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public void Template_XlsxFilledIn_IsReadBack()
    {
        var (code, _, _) = Run("template", "-r", Demo, "--format", "xlsx", "--out", P("template.xlsx"));
        code.Should().Be(0);
        var (rows, _, error) = Xlsx.ReadFirstSheet(File.ReadAllBytes(P("template.xlsx")));
        error.Should().BeNull();
        var header = rows[0];
        header.Should().Contain("人员支出 [personnel_expenditure]").And.Contain("机构编码 [id]").And.Contain("上年 县域内住院人次 [previous.in_county_admissions]");
        // Fill it in as a person would (with the same header) and score it.
        string Cell(string h, string id, string v) => h.EndsWith($"[{id}]", StringComparison.Ordinal) ? v : "";
        var values = new Dictionary<string, string>
        {
            ["id"] = "T1", ["tier"] = "tertiary", ["year"] = "2025", ["personnel_expenditure"] = "45", ["business_expenditure"] = "100",
            ["previous_year"] = "2024", ["previous.in_county_admissions"] = "80", ["previous.insured_admissions"] = "100",
            ["in_county_admissions"] = "85", ["insured_admissions"] = "100",
        };
        var filled = header.Select(h => (XCell)values.Select(kv => Cell(h, kv.Key, kv.Value)).FirstOrDefault(x => x.Length > 0)).ToList();
        using (var fs = File.Create(P("filled.xlsx"))) Xlsx.Write(fs, new[] { new XSheet("填报 Data", header.ToList(), new[] { filled }) });
        var (_, stdout, stderr) = Run("score", "-r", Demo, "--format", "json", P("filled.xlsx"));
        stderr.Should().Contain("read 1, scored 1, rejected 0");
        var r = Json(stdout);
        Indicator(r, "personnel_share").GetProperty("met").GetBoolean().Should().BeTrue();
        Indicator(r, "in_county_share_up").GetProperty("met").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void Template_Xlsx_HasValidationAndAFieldGuide()
    {
        Run("template", "-r", Demo, "--format", "xlsx", "--out", P("t.xlsx")).Code.Should().Be(0);
        using var doc = SpreadsheetDocument.Open(P("t.xlsx"), false);
        var sheets = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        sheets.Should().Equal("填报 Data", "字段说明 Fields");
        var ws = ((WorksheetPart)doc.WorkbookPart.GetPartById(doc.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().First().Id!)).Worksheet;
        var validations = ws.Descendants<DataValidation>().ToList();
        validations.Should().Contain(v => v.Type! == DataValidationValues.List && v.InnerText.Contains("四级甲等"));
        validations.Should().Contain(v => v.Type! == DataValidationValues.Whole && v.InnerText.Contains('8')); // emr_level 0–8
        ws.Descendants<Pane>().Single().State!.Value.Should().Be(PaneStateValues.Frozen);
    }

    [Fact]
    public void Template_Csv_HasExactlyTheFieldsTheRuleSetReads()
    {
        var (_, stdout, _) = Run("template", "-r", Demo, "--format", "csv");
        var headers = stdout.TrimStart('\uFEFF').Split('\n')[0].TrimEnd('\r').Split(',');
        var rs = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve(Demo)!;
        var subject = SubmissionSchema.SubjectColumns.Select(c => c.Id).ToHashSet();
        var fieldHeaders = headers.Select(h => h[(h.LastIndexOf('[') + 1)..^1]).Where(id => !id.Contains('.') && !subject.Contains(id)).ToList();
        fieldHeaders.Should().BeEquivalentTo(rs.FieldsRead);
    }

    [Fact]
    public void Template_SubjectColumns_AreTheLibrarySchemaAndReadBack()
    {
        var (_, stdout, _) = Run("template", "-r", Demo, "--format", "csv");
        var text = stdout.TrimStart('\uFEFF');
        var headers = text.Split('\n')[0].TrimEnd('\r').Split(',');
        var schema = SubmissionSchema.SubjectColumns;
        // The subject columns lead; previous_year comes with last year's values (the demo set reads some).
        headers.Take(schema.Count - 1).Should().Equal(schema.Where(c => c.Id != "previous_year").Select(c => c.Header));
        headers.Should().Contain(schema.Single(c => c.Id == "previous_year").Header);
        var rs = RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve(Demo)!;
        SubmissionCsv.Read(text, rs).Problems.Where(p => p.Row == 1).Should().BeEmpty("every column the template writes is one the reader knows");

        // The workbook's guide and validations say what the library allows.
        var columns = TemplateWorkbook.Columns(rs).ToDictionary(c => c.Id);
        foreach (var c in schema)
        {
            var t = columns[c.Id];
            (t.Header, t.Zh, t.En, t.Type, t.Unit).Should().Be((c.Header, c.Zh, c.En, c.Type, c.Unit));
            if (c.Values.Count > 0)
            {
                // Offered by the Chinese labels first, the codes still accepted.
                t.Range.Should().Be(string.Join("、", c.Values.Select(v => SubjectCodes.Label(v) == v ? v : $"{SubjectCodes.Label(v)}（{v}）")));
                t.Validation!.List.Should().Equal(c.Values.Select(SubjectCodes.Label).Where(l => !c.Values.Contains(l)).Concat(c.Values));
            }
            else if (c.Type == "integer") (t.Validation!.Kind, t.Validation.Min, t.Validation.Max).Should().Be(("whole", (decimal?)c.Min, (decimal?)c.Max));
            else t.Validation.Should().BeNull();
        }
        columns["tier"].Range.Should().Be("三级（tertiary）、二级（secondary）、一级（primary）");
        columns["beds"].Range.Should().Be("≥ 0");
        columns["year"].Range.Should().Be("1900–2200");
        columns["id"].Range.Should().Be("required");
    }

    [Fact]
    public void Score_JsonLinesWithABrokenLine_RejectsItNamingTheLineAndScoresTheRest()
    {
        var good = File.ReadAllText(Repo.At("examples/demo/tertiary-hospital.json")).ReplaceLineEndings(" ");
        File.WriteAllText(P("c.jsonl"), good + "\n{\"subject\": {\"id\": \"x\"}, \"year\": \n" + good.Replace("AH-BZ-QC-001", "AH-BZ-QC-002") + "\n");
        var (code, stdout, stderr) = Run("score", "-r", Demo, "--format", "json", P("c.jsonl"));
        code.Should().Be(1);
        stderr.Should().Contain("c.jsonl:2: error AS5001").And.Contain("read 3, scored 2, rejected 1");
        Json(stdout).GetProperty("results").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public void Score_CsvBadCells_ReportsRowColumnFieldAndScoresEveryOtherRow()
    {
        File.WriteAllText(P("bad.csv"), "id,tier,year,physicians,registered_nurses,emr_level\nA,tertiary,2025,100,130,5\nB,teritary,2025,-3,130,5\nC,secondary,2025,100,abc,4\n,secondary,2025,1,1,1\n");
        var (code, stdout, stderr) = Run("score", "-r", Demo, "--format", "json", P("bad.csv"));
        code.Should().Be(1);
        stderr.Should().Contain("bad.csv:5: error AS5005").And.Contain("subject.id");
        stderr.Should().Contain("read 4, scored 3, rejected 1");
        var results = Json(stdout).GetProperty("results");
        results.GetArrayLength().Should().Be(3);
        var b = results[1];
        b.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()).Should().Contain(new[] { "subject.tier", "values.physicians" });
        // The unknown tier is treated as missing, so a target that depends on the tier cannot be chosen, and says so.
        Indicator(b, "emr_level").GetProperty("missingData").EnumerateArray().Select(x => x.GetString()).Should().Contain("subject.tier");
        var c = results[2];
        c.GetProperty("problems").EnumerateArray().Should().Contain(p => p.GetProperty("field").GetString() == "values.registered_nurses" && p.GetProperty("code").GetString() == "AS5002");
        Indicator(c, "nurse_ratio").GetProperty("status").GetString().Should().Be("missing");
        Indicator(c, "emr_level").GetProperty("met").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void Score_PreviousFile_IsMatchedBySubjectId()
    {
        File.WriteAllText(P("now.csv"), "id,tier,year,in_county_admissions,insured_admissions\nA,tertiary,2025,91,100\nB,tertiary,2025,80,100\nC,tertiary,2025,80,100\n");
        File.WriteAllText(P("before.csv"), "id,year,in_county_admissions,insured_admissions\nB,2024,85,100\nA,2024,90,100\n");
        var (_, stdout, stderr) = Run("score", "-r", Demo, "--format", "json", "--previous", P("before.csv"), P("now.csv"));
        stderr.Should().Contain("last year's data found for 2 of 3 subjects");
        var results = Json(stdout).GetProperty("results");
        Indicator(results[0], "in_county_share_up").GetProperty("met").GetBoolean().Should().BeTrue();
        Indicator(results[1], "in_county_share_up").GetProperty("met").GetBoolean().Should().BeFalse();
        Indicator(results[2], "in_county_share_up").GetProperty("status").GetString().Should().Be("missing");
    }

    [Fact]
    public void Score_CsvOutput_HasOneRowPerSubjectWithChineseHeaders()
    {
        var (code, stdout, _) = Run("score", "-r", "cn.sichuan.leshan.shizhong.high-quality@1.0.0", "--format", "csv", Repo.At("examples/leshan/district-cohort.json"));
        code.Should().Be(3, "two hospitals of the example cohort lack data");
        var lines = stdout.TrimStart('\uFEFF').TrimEnd().Split("\r\n");
        lines.Should().HaveCount(33);
        lines[0].Should().StartWith("机构编码 id,机构名称 name,级别 tier").And.Contain("总分 total").And.Contain("[cmi] 得分 points");
        lines[0].Should().Contain("覆盖率 coverage").And.Contain("不评等级原因 no grade because");
        lines[1].Should().StartWith("SC-LS-SZ-001,乐山市市中区人民医院,三级,综合,74,90,90/90 (100%),良好,是,5,全部");
    }

    [Fact]
    public void Score_XlsxOutput_HasSummaryIndicatorAndExplanationSheetsWithFrozenHeaders()
    {
        Run("score", "-r", "cn.sichuan.leshan.shizhong.high-quality@1.0.0", "--format", "xlsx", "--out", P("r.xlsx"),
            Repo.At("examples/leshan/district-cohort.json")).Code.Should().Be(3);
        using var doc = SpreadsheetDocument.Open(P("r.xlsx"), false);
        var wb = doc.WorkbookPart!;
        var names = wb.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        names.Should().StartWith(new[] { "汇总 Summary", "指标 Indicators", "说明 Explanations" }).And.Contain("队列 Aggregates");
        foreach (var s in wb.Workbook.Sheets!.Elements<Sheet>())
        {
            var ws = ((WorksheetPart)wb.GetPartById(s.Id!)).Worksheet;
            ws.Descendants<Pane>().Single().State!.Value.Should().Be(PaneStateValues.Frozen);
        }
        var (rows, _, _) = Xlsx.ReadFirstSheet(File.ReadAllBytes(P("r.xlsx")));
        rows.Should().HaveCount(33);
        rows[0][0].Should().Be("机构编码 id");
        rows[0][6].Should().Be("覆盖率 coverage");
        rows[1][6].Should().Be("90/90 (100%)");
        rows[1][7].Should().Be("良好");
    }

    [Fact]
    public void Score_HtmlOutput_HasCohortAndSubjectSectionsWithInlineCharts()
    {
        Run("score", "-r", "cn.sichuan.leshan.shizhong.high-quality@1.0.0", "--format", "html", "--out", P("r.html"),
            Repo.At("examples/leshan/district-cohort.json")).Code.Should().Be(3);
        var html = File.ReadAllText(P("r.html"));
        html.Should().Contain("<section id=\"cohort\">").And.Contain("<svg id=\"grade-chart\"").And.Contain("最薄弱的指标 Weakest indicators");
        System.Text.RegularExpressions.Regex.Matches(html, "<section class=\"subject\"").Count.Should().Be(32);
        System.Text.RegularExpressions.Regex.Matches(html, "class=\"chart dimension-chart\"").Count.Should().Be(32);
        // Offline: nothing is loaded from anywhere (the only URL is the SVG namespace).
        html.Should().NotContain("src=").And.NotContain("<link").And.NotContain("<script src").And.NotContain("url(").And.NotContain("fetch(").And.NotContain("XMLHttpRequest");
    }

    private string EarlyYearAlliance()
    {
        // A Jingyuan alliance in 2023 with every task not done: only the year-over-year measure (3 of 90 points) is due.
        var path = P("jy-2023.json");
        File.WriteAllText(path, """
            {"subject":{"id":"jy-a","name":"泾源县医疗健康总院","kind":"alliance","ownership":"public"},"year":2023,
             "values":{"medical_service_revenue":3001,"medical_revenue":10000},
             "previous":{"year":2022,"values":{"medical_service_revenue":3000,"medical_revenue":10000}},
             "tasks":{"jy_1_alliance":{"done":false},"jy_6_party_duty":{"done":false}}}
            """);
        return path;
    }

    [Theory]
    [InlineData("table")]
    [InlineData("csv")]
    [InlineData("html")]
    public void Score_TooLittleDue_EveryWriterShowsCoverageAndWhyNoGrade(string format)
    {
        var args = new List<string> { "score", "-r", "cn.ningxia.guyuan.jingyuan.high-quality@1.0.0", "--format", format };
        if (format == "html") args.AddRange(new[] { "--out", P("jy.html") });
        args.Add(EarlyYearAlliance());
        var (code, stdout, _) = Run(args.ToArray());
        code.Should().Be(0);
        var text = format == "html" ? File.ReadAllText(P("jy.html")) : stdout;
        text.Should().Contain("3/90 (3.33%)").And.Contain("不评定等级").And.Contain("no grade");
        if (format == "table") text.Should().Contain("等级 Grade: —");
    }

    [Fact]
    public void Score_TooLittleDue_XlsxSummaryShowsCoverageAndWhyNoGrade()
    {
        Run("score", "-r", "cn.ningxia.guyuan.jingyuan.high-quality@1.0.0", "--format", "xlsx", "--out", P("jy.xlsx"), EarlyYearAlliance()).Code.Should().Be(0);
        var (rows, _, _) = Xlsx.ReadFirstSheet(File.ReadAllBytes(P("jy.xlsx")));
        var coverage = Array.IndexOf(rows[0].ToArray(), "覆盖率 coverage");
        rows[1][coverage].Should().Be("3/90 (3.33%)");
        rows[1][coverage + 1].Should().BeEmpty();                                    // the grade
        rows[1][Array.IndexOf(rows[0].ToArray(), "不评等级原因 no grade because")].Should().Contain("50%");
    }

    [Fact]
    public void Compare_TwoVersions_PrintsMatrixAndMovers()
    {
        var (code, stdout, _) = Run("compare", "-r", "cn.national.tertiary-performance@1.0.0", "--against", "cn.national.tertiary-performance@1.1.0",
            Repo.At("examples/national/tertiary-cohort.json"));
        code.Should().Be(1, "the cohort's year lies outside 1.0.0's effective period, a data problem");
        stdout.Should().Contain("cn.national.tertiary-performance@1.0.0 → cn.national.tertiary-performance@1.1.0: 32 subjects");
        stdout.Should().Contain("32 submission(s) are for 2023, outside cn.national.tertiary-performance@1.0.0's effective period 2019-01-01 – 2019-12-31");
        stdout.Should().Contain("Grade migration").And.Contain("A++");
    }

    [Fact]
    public void Score_XlsxWithoutOut_IsBadUsage()
    {
        Run("score", "-r", Demo, "--format", "xlsx", Repo.At("examples/demo/tertiary-hospital.json")).Code.Should().Be(2);
    }

    [Fact]
    public void Score_CorruptXlsx_IsReportedNotThrown()
    {
        File.WriteAllBytes(P("broken.xlsx"), new byte[] { 0x50, 0x4B, 1, 2, 3 });
        var (code, _, stderr) = Run("score", "-r", Demo, P("broken.xlsx"));
        code.Should().Be(1);
        stderr.Should().Contain("AS5021").And.Contain("not a readable .xlsx workbook");
    }
}
