using static AssessmentScorer.Benchmarks.Qiaocheng.QcScoring;

namespace AssessmentScorer.Benchmarks.Qiaocheng;

/// <summary>
/// Each hospital indicator's rule action (QcRules calls these from its rules' <c>Then</c>): the same code runs under
/// NRules and in <see cref="QcDirect"/>.
/// </summary>
public static class QcActions
{
    public static void PerformanceGradeB(QcHospital h) => Set(h, LevelAtLeast(0, 10, h.PerformanceGrade, PerformanceScale, "B", "≥ B"));
    public static void EmrLevel(QcHospital h) => Set(h, h.Tier == "tertiary" ? AtLeast(1, 8, h.EmrLevel, 5m, "≥ 5") : AtLeast(1, 8, h.EmrLevel, 4m, "≥ 4"));
    public static void InteropLevel(QcHospital h) => Set(h, h.Tier == "tertiary" ? LevelAtLeast(2, 6, h.Interop, InteropScale, "四级甲等", "≥ 四级甲等") : LevelAtLeast(2, 6, h.Interop, InteropScale, "四级乙等", "≥ 四级乙等"));
    public static void DaySurgeryShare(QcHospital h) => Set(h, RatioAtLeast(3, 6, h.DaySurgeries, h.ElectiveSurgeries, 0.10m, "≥ 10%", IndicatorStatus.NotApplicable));
    public static void MedicalServiceRevenueShare(QcHospital h) => Set(h, RatioAtLeast(4, 6, h.MedicalServiceRevenue, h.MedicalRevenue, 0.30m, "≥ 30%", IndicatorStatus.Missing));
    public static void PersonnelShare(QcHospital h) => Set(h, Linear(5, 6, h.PersonnelExpenditure, h.BusinessExpenditure, target: 0.40m, from: 0.30m, atMost: false, "≥ 40%"));
    public static void NurseRatio(QcHospital h) => Set(h, RatioAtLeast(6, 6, h.Nurses, h.Physicians, 1.2m, "≈ 1.3 (≥ 1.2)", IndicatorStatus.Missing));
    public static void MaterialCostShare(QcHospital h) => Set(h, Linear(7, 6, h.MaterialExpenditure, h.BusinessExpenditure, target: 0.50m, from: 0.60m, atMost: true, "≤ 50%"));
    public static void ProvincialKeySpecialty(QcHospital h) => Set(h, AtLeast(8, 5, h.ProvincialKey, 1m, "≥ 1"));
    public static void MunicipalKeySpecialty(QcHospital h) => Set(h, AtLeast(9, 5, h.MunicipalKey, 5m, "≥ 5"));
    public static void ProvincialTcmKeySpecialty(QcHospital h) => Set(h, AtLeast(10, 10, h.ProvincialTcmKey, 1m, "≥ 1"));
    public static void TcmFeaturedSpecialty(QcHospital h) => Set(h, AtLeast(11, 0, h.ProvincialTcmFeatured, 1m, "≥ 1"));
    public static void InfectiousWards(QcHospital h) => Set(h, AllTrue(12, 5, h.IsolatedWard, h.ConvertibleWard, true));
    public static void EmergencyCentres(QcHospital h) => Set(h, AllTrue(13, 5, h.ChestPain, h.Stroke, h.Trauma));
    public static void Mdt(QcHospital h) => Set(h, AllTrue(14, 3, h.Mdt, true, true));
    public static void GeneralOutpatientReduction(QcHospital h) => Set(h, Reduction(15, 3, h.OutpatientVisits, h.OutpatientBaseline, 0.30m, "≥ 30%"));
    public static void TechTransferShareUp(QcHospital h) => Set(h, Increase(16, 2, Ratio(h.TechTransfer, h.MedicalRevenue), Ratio(h.PrevTechTransfer, h.PrevMedicalRevenue)));
    public static void FixedSalaryShareUp(QcHospital h) => Set(h, Increase(17, 2, Plain(h.FixedSalaryShare), Plain(h.PrevFixedSalaryShare)));
    public static void FiscalSubsidyShareUp(QcHospital h) => Set(h, Increase(18, 0, Ratio(h.FiscalSubsidy, h.TotalRevenue), Ratio(h.PrevFiscalSubsidy, h.PrevTotalRevenue)));
    public static void LongTermDebtRatio(QcHospital h) => Set(h, RatioAtMost(19, 2, h.LongTermLiabilities, h.TotalAssets, h.NationalAvgDebt));
    public static void HeadAnnualSalary(QcHospital h) => Set(h, Checklist(20, 3, h.TaskDone, h.TaskCompletedOn, h.TaskEvidence, new DateOnly(2025, 12, 31)));
}

/// <summary>
/// The encoding's rules without a rules engine: the same conditions as plain <c>if</c>s and the same actions
/// (<see cref="QcActions"/>), then the grading, for each hospital in turn. What a program written by hand for this one
/// rule set costs: the nrules benchmark's reference beside the engine and NRules.
/// </summary>
public static class QcDirect
{
    public static void Run(IReadOnlyList<QcHospital> hospitals)
    {
        foreach (var h in hospitals) Score(h);
    }

    public static void Score(QcHospital h)
    {
        h.Reset();
        // The conditions of the rules' When(): the year the scheme's 2025 targets apply from, the hospital's category and grade.
        var from2025 = h.Year >= 2025;
        var general = h.Category == "general";
        QcActions.PerformanceGradeB(h);
        QcActions.TechTransferShareUp(h);
        QcActions.FixedSalaryShareUp(h);
        QcActions.FiscalSubsidyShareUp(h);
        if (from2025)
        {
            QcActions.EmrLevel(h);
            QcActions.InteropLevel(h);
            QcActions.DaySurgeryShare(h);
            QcActions.MedicalServiceRevenueShare(h);
            QcActions.PersonnelShare(h);
            QcActions.NurseRatio(h);
            QcActions.MaterialCostShare(h);
            QcActions.InfectiousWards(h);
            QcActions.EmergencyCentres(h);
            QcActions.LongTermDebtRatio(h);
            QcActions.HeadAnnualSalary(h);
            if (general)
            {
                QcActions.ProvincialKeySpecialty(h);
                QcActions.MunicipalKeySpecialty(h);
                QcActions.Mdt(h);
                if (h.Accreditation == "三级甲等") QcActions.GeneralOutpatientReduction(h);
            }
            else if (h.Category == "tcm")
            {
                QcActions.ProvincialTcmKeySpecialty(h);
                QcActions.TcmFeaturedSpecialty(h);
            }
        }
        Grade(h);
    }
}
