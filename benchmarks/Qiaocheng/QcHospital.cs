using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AssessmentScorer.Benchmarks.Qiaocheng;

/// <summary>
/// One district hospital as the NRules encoding of cn.anhui.bozhou.qiaocheng.high-quality@1.0.0 sees it (the
/// engine gets the same values as a submission, <see cref="ToJson"/>), and what the rules concluded about it:
/// an outcome per hospital indicator (null: the indicator's rule did not apply), the total, the grade and pass.
/// </summary>
public sealed class QcHospital
{
    public required string Id { get; init; }
    public required string Tier { get; init; }
    public required string Category { get; init; }
    public string? Accreditation { get; init; }
    public int Year { get; init; } = 2025;

    public string? PerformanceGrade { get; init; }
    public decimal? EmrLevel { get; init; }
    public string? Interop { get; init; }
    public decimal? ElectiveSurgeries { get; init; }
    public decimal? DaySurgeries { get; init; }
    public decimal? MedicalRevenue { get; init; }
    public decimal? MedicalServiceRevenue { get; init; }
    public decimal? BusinessExpenditure { get; init; }
    public decimal? PersonnelExpenditure { get; init; }
    public decimal? MaterialExpenditure { get; init; }
    public decimal? Physicians { get; init; }
    public decimal? Nurses { get; init; }
    public bool? IsolatedWard { get; init; }
    public bool? ConvertibleWard { get; init; }
    public bool? ChestPain { get; init; }
    public bool? Stroke { get; init; }
    public bool? Trauma { get; init; }
    public bool? Mdt { get; init; }
    public decimal? ProvincialKey { get; init; }
    public decimal? MunicipalKey { get; init; }
    public decimal? ProvincialTcmKey { get; init; }
    public decimal? ProvincialTcmFeatured { get; init; }
    public decimal? OutpatientVisits { get; init; }
    public decimal? OutpatientBaseline { get; init; }
    public decimal? TechTransfer { get; init; }
    public decimal? FixedSalaryShare { get; init; }
    public decimal? FiscalSubsidy { get; init; }
    public decimal? TotalRevenue { get; init; }
    public decimal? LongTermLiabilities { get; init; }
    public decimal? TotalAssets { get; init; }
    public decimal? NationalAvgDebt { get; init; }
    public decimal? PrevTechTransfer { get; init; }
    public decimal? PrevMedicalRevenue { get; init; }
    public decimal? PrevFixedSalaryShare { get; init; }
    public decimal? PrevFiscalSubsidy { get; init; }
    public decimal? PrevTotalRevenue { get; init; }
    /// <summary>The checklist task bz_head_annual_salary: null when not reported.</summary>
    public bool? TaskDone { get; init; }
    public DateOnly? TaskCompletedOn { get; init; }
    public bool TaskEvidence { get; init; }

    // ---- what the rules concluded -------------------------------------------------------------------------------------
    public QcOutcome?[] Outcomes { get; } = new QcOutcome?[QcIndicators.Count];
    public decimal Total { get; set; }
    public decimal MaxTotal { get; set; }
    public string? Grade { get; set; }
    public bool Passed { get; set; }
    public bool Graded { get; set; }

    /// <summary>Forgets the rules' conclusions (before the facts are inserted again).</summary>
    public void Reset()
    {
        Array.Clear(Outcomes);
        Total = MaxTotal = 0;
        Grade = null;
        Passed = Graded = false;
    }

    /// <summary>The same hospital as a submission document the engine reads.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("subject");
            w.WriteString("id", Id);
            w.WriteString("kind", "hospital");
            w.WriteString("tier", Tier);
            w.WriteString("category", Category);
            w.WriteString("ownership", "public");
            w.WriteString("region", "CN-AH/bozhou/qiaocheng");
            w.WriteEndObject();
            w.WriteNumber("year", Year);
            w.WriteStartObject("values");
            Text(w, "performance_grade", PerformanceGrade);
            Text(w, "accreditation_grade", Accreditation);
            Num(w, "emr_level", EmrLevel);
            Text(w, "interop_maturity", Interop);
            Num(w, "elective_surgeries", ElectiveSurgeries);
            Num(w, "day_surgeries", DaySurgeries);
            Num(w, "medical_revenue", MedicalRevenue);
            Num(w, "medical_service_revenue", MedicalServiceRevenue);
            Num(w, "business_expenditure", BusinessExpenditure);
            Num(w, "personnel_expenditure", PersonnelExpenditure);
            Num(w, "material_expenditure", MaterialExpenditure);
            Num(w, "physicians", Physicians);
            Num(w, "registered_nurses", Nurses);
            Bool(w, "has_isolated_infectious_ward", IsolatedWard);
            Bool(w, "has_convertible_ward", ConvertibleWard);
            Bool(w, "has_chest_pain_center", ChestPain);
            Bool(w, "has_stroke_center", Stroke);
            Bool(w, "has_trauma_center", Trauma);
            Bool(w, "has_mdt", Mdt);
            Num(w, "provincial_key_specialties", ProvincialKey);
            Num(w, "municipal_key_specialties", MunicipalKey);
            Num(w, "provincial_tcm_key_specialties", ProvincialTcmKey);
            Num(w, "provincial_tcm_featured_specialties", ProvincialTcmFeatured);
            Num(w, "general_outpatient_visits", OutpatientVisits);
            Num(w, "general_outpatient_visits_baseline", OutpatientBaseline);
            Num(w, "tech_transfer_revenue", TechTransfer);
            Num(w, "fixed_salary_share", FixedSalaryShare);
            Num(w, "fiscal_subsidy_revenue", FiscalSubsidy);
            Num(w, "total_revenue", TotalRevenue);
            Num(w, "long_term_liabilities", LongTermLiabilities);
            Num(w, "total_assets", TotalAssets);
            Num(w, "national_avg_long_term_debt_ratio", NationalAvgDebt);
            w.WriteEndObject();
            w.WriteStartObject("previous");
            w.WriteNumber("year", Year - 1);
            w.WriteStartObject("values");
            Num(w, "tech_transfer_revenue", PrevTechTransfer);
            Num(w, "medical_revenue", PrevMedicalRevenue);
            Num(w, "fixed_salary_share", PrevFixedSalaryShare);
            Num(w, "fiscal_subsidy_revenue", PrevFiscalSubsidy);
            Num(w, "total_revenue", PrevTotalRevenue);
            w.WriteEndObject();
            w.WriteEndObject();
            if (TaskDone is { } done)
            {
                w.WriteStartObject("tasks");
                w.WriteStartObject("bz_head_annual_salary");
                w.WriteBoolean("done", done);
                if (TaskCompletedOn is { } on) w.WriteString("completed_on", on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteStartArray("evidence");
                if (TaskEvidence) w.WriteStringValue("主要负责人年薪制实施文件");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Num(Utf8JsonWriter w, string name, decimal? v) { if (v is { } d) w.WriteNumber(name, d); }
    private static void Text(Utf8JsonWriter w, string name, string? v) { if (v is not null) w.WriteString(name, v); }
    private static void Bool(Utf8JsonWriter w, string name, bool? v) { if (v is { } b) w.WriteBoolean(name, b); }
}

/// <summary>One indicator's outcome as a rule concluded it; its explanation is formatted when read.</summary>
public sealed class QcOutcome(int index, IndicatorStatus status, bool? met, decimal points, decimal maxPoints, decimal? value, string target)
{
    private Explanation? _explanation;

    public int Index { get; } = index;
    public string Id => QcIndicators.Ids[Index];
    public IndicatorStatus Status { get; } = status;
    public bool? Met { get; } = met;
    public decimal Points { get; } = points;
    public decimal MaxPoints { get; } = maxPoints;
    public decimal? Value { get; } = value;
    public string Target { get; } = target;

    /// <summary>What happened, in Chinese and English (formatted on first read).</summary>
    public Explanation Explanation => _explanation ??= Format();

    private Explanation Format()
    {
        var name = QcIndicators.Names[Index];
        var v = Value is { } d ? d.ToString("0.####", CultureInfo.InvariantCulture) : "—";
        var pts = Points.ToString("0.##", CultureInfo.InvariantCulture);
        var max = MaxPoints.ToString("0.##", CultureInfo.InvariantCulture);
        return Status switch
        {
            IndicatorStatus.Scored => new Explanation(
                $"{name}：{v}，目标 {Target}，{(Met == true ? "达标" : "未达标")}，得 {pts}/{max} 分",
                $"{Id}: {v}, target {Target}, {(Met == true ? "met" : "not met")}, {pts}/{max} points"),
            IndicatorStatus.Missing => new Explanation($"{name}：数据缺失，得 0/{max} 分", $"{Id}: data missing, 0/{max} points"),
            IndicatorStatus.Undefined => new Explanation($"{name}：无法计算（分母为零），得 0/{max} 分", $"{Id}: undefined (zero denominator), 0/{max} points"),
            _ => new Explanation($"{name}：不适用", $"{Id}: not applicable"),
        };
    }
}

/// <summary>The 21 hospital indicators of the rule set, in its order.</summary>
public static class QcIndicators
{
    public static readonly string[] Ids =
    [
        "performance_grade_b", "emr_level", "interop_level", "day_surgery_share", "medical_service_revenue_share", "personnel_share",
        "nurse_ratio", "material_cost_share", "provincial_key_specialty", "municipal_key_specialty", "provincial_tcm_key_specialty",
        "tcm_featured_specialty", "infectious_wards", "emergency_centres", "mdt", "general_outpatient_reduction", "tech_transfer_share_up",
        "fixed_salary_share_up", "fiscal_subsidy_share_up", "long_term_debt_ratio", "bz_head_annual_salary",
    ];

    public static readonly string[] Names =
    [
        "公立医院绩效考核达到B等级及以上", "电子病历应用水平分级评价", "院内信息互联互通标准化成熟度测评", "日间手术占择期手术比例", "技术劳务性收入占比", "人员支出占比",
        "医护比", "物耗成本占比", "综合医院建成省级医学重点专科项目", "综合医院建成市级重点专科项目", "中医医院建成省级中医重点（特色）专科",
        "省级中医优势专科和特色专科", "建设相对独立的传染病病区和可转换病区", "初步建设胸痛、卒中和创伤中心", "综合医院全面开展多学科诊疗", "三甲综合医院普通门诊服务量减少", "科技成果转化收入占比逐步提高",
        "固定薪酬比例逐步提高", "财政补助收入占比逐步提高", "公立医院长期负债率", "公立医院全面推开主要负责人年薪制",
    ];

    public static int Count => Ids.Length;

    public static readonly Dictionary<string, int> IndexOf = Ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
}
