using global::NRules.Fluent.Dsl;
using static AssessmentScorer.Benchmarks.Qiaocheng.QcScoring;

namespace AssessmentScorer.Benchmarks.Qiaocheng;

// The hospital indicators of cn.anhui.bozhou.qiaocheng.high-quality@1.0.0 (rulesets/cn/anhui/bozhou/qiaocheng/high-quality/1.0.0.yaml)
// as NRules rules: a rule per indicator whose condition is the indicator's applies_when and whose action scores it
// (tier-dependent targets, levels, linear points, year over year, the checklist task), and a grading rule fired after
// them (lower priority) that adds the points up, grades by the cut-offs and decides pass. An indicator whose rule did
// not fire is not applicable.

public sealed class PerformanceGradeB : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h);
        Then().Do(_ => Set(h, LevelAtLeast(0, 10, h.PerformanceGrade, PerformanceScale, "B", "≥ B")));
    }
}

public sealed class EmrLevel : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, h.Tier == "tertiary" ? AtLeast(1, 8, h.EmrLevel, 5m, "≥ 5") : AtLeast(1, 8, h.EmrLevel, 4m, "≥ 4")));
    }
}

public sealed class InteropLevel : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, h.Tier == "tertiary"
            ? LevelAtLeast(2, 6, h.Interop, InteropScale, "四级甲等", "≥ 四级甲等")
            : LevelAtLeast(2, 6, h.Interop, InteropScale, "四级乙等", "≥ 四级乙等")));
    }
}

public sealed class DaySurgeryShare : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, RatioAtLeast(3, 6, h.DaySurgeries, h.ElectiveSurgeries, 0.10m, "≥ 10%", IndicatorStatus.NotApplicable)));
    }
}

public sealed class MedicalServiceRevenueShare : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, RatioAtLeast(4, 6, h.MedicalServiceRevenue, h.MedicalRevenue, 0.30m, "≥ 30%", IndicatorStatus.Missing)));
    }
}

public sealed class PersonnelShare : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, Linear(5, 6, h.PersonnelExpenditure, h.BusinessExpenditure, target: 0.40m, from: 0.30m, atMost: false, "≥ 40%")));
    }
}

public sealed class NurseRatio : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, RatioAtLeast(6, 6, h.Nurses, h.Physicians, 1.2m, "≈ 1.3 (≥ 1.2)", IndicatorStatus.Missing)));
    }
}

public sealed class MaterialCostShare : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, Linear(7, 6, h.MaterialExpenditure, h.BusinessExpenditure, target: 0.50m, from: 0.60m, atMost: true, "≤ 50%")));
    }
}

public sealed class ProvincialKeySpecialty : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "general", x => x.Year >= 2025);
        Then().Do(_ => Set(h, AtLeast(8, 5, h.ProvincialKey, 1m, "≥ 1")));
    }
}

public sealed class MunicipalKeySpecialty : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "general", x => x.Year >= 2025);
        Then().Do(_ => Set(h, AtLeast(9, 5, h.MunicipalKey, 5m, "≥ 5")));
    }
}

public sealed class ProvincialTcmKeySpecialty : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "tcm", x => x.Year >= 2025);
        Then().Do(_ => Set(h, AtLeast(10, 10, h.ProvincialTcmKey, 1m, "≥ 1")));
    }
}

public sealed class TcmFeaturedSpecialty : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "tcm", x => x.Year >= 2025);
        Then().Do(_ => Set(h, AtLeast(11, 0, h.ProvincialTcmFeatured, 1m, "≥ 1")));
    }
}

public sealed class InfectiousWards : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, AllTrue(12, 5, h.IsolatedWard, h.ConvertibleWard, true)));
    }
}

public sealed class EmergencyCentres : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, AllTrue(13, 5, h.ChestPain, h.Stroke, h.Trauma)));
    }
}

public sealed class Mdt : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "general", x => x.Year >= 2025);
        Then().Do(_ => Set(h, AllTrue(14, 3, h.Mdt, true, true)));
    }
}

public sealed class GeneralOutpatientReduction : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "general", x => x.Accreditation == "三级甲等", x => x.Year >= 2025);
        Then().Do(_ => Set(h, Reduction(15, 3, h.OutpatientVisits, h.OutpatientBaseline, 0.30m, "≥ 30%")));
    }
}

public sealed class TechTransferShareUp : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h);
        Then().Do(_ => Set(h, Increase(16, 2, Ratio(h.TechTransfer, h.MedicalRevenue), Ratio(h.PrevTechTransfer, h.PrevMedicalRevenue))));
    }
}

public sealed class FixedSalaryShareUp : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h);
        Then().Do(_ => Set(h, Increase(17, 2, Plain(h.FixedSalaryShare), Plain(h.PrevFixedSalaryShare))));
    }
}

public sealed class FiscalSubsidyShareUp : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h);
        Then().Do(_ => Set(h, Increase(18, 0, Ratio(h.FiscalSubsidy, h.TotalRevenue), Ratio(h.PrevFiscalSubsidy, h.PrevTotalRevenue))));
    }
}

public sealed class LongTermDebtRatio : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, RatioAtMost(19, 2, h.LongTermLiabilities, h.TotalAssets, h.NationalAvgDebt)));
    }
}

public sealed class HeadAnnualSalary : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => Set(h, Checklist(20, 3, h.TaskDone, h.TaskCompletedOn, h.TaskEvidence, new DateOnly(2025, 12, 31))));
    }
}

/// <summary>After every indicator rule (lower priority): the total of the applicable indicators, the grade by cut-offs, pass.</summary>
public sealed class Grading : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        Priority(-100);
        When().Match(() => h);
        Then().Do(_ => Grade(h));
    }
}
