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
        Then().Do(_ => QcActions.PerformanceGradeB(h));
    }
}

public sealed class EmrLevel : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.EmrLevel(h));
    }
}

public sealed class InteropLevel : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.InteropLevel(h));
    }
}

public sealed class DaySurgeryShare : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.DaySurgeryShare(h));
    }
}

public sealed class MedicalServiceRevenueShare : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.MedicalServiceRevenueShare(h));
    }
}

public sealed class PersonnelShare : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.PersonnelShare(h));
    }
}

public sealed class NurseRatio : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.NurseRatio(h));
    }
}

public sealed class MaterialCostShare : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.MaterialCostShare(h));
    }
}

public sealed class ProvincialKeySpecialty : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "general", x => x.Year >= 2025);
        Then().Do(_ => QcActions.ProvincialKeySpecialty(h));
    }
}

public sealed class MunicipalKeySpecialty : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "general", x => x.Year >= 2025);
        Then().Do(_ => QcActions.MunicipalKeySpecialty(h));
    }
}

public sealed class ProvincialTcmKeySpecialty : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "tcm", x => x.Year >= 2025);
        Then().Do(_ => QcActions.ProvincialTcmKeySpecialty(h));
    }
}

public sealed class TcmFeaturedSpecialty : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "tcm", x => x.Year >= 2025);
        Then().Do(_ => QcActions.TcmFeaturedSpecialty(h));
    }
}

public sealed class InfectiousWards : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.InfectiousWards(h));
    }
}

public sealed class EmergencyCentres : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.EmergencyCentres(h));
    }
}

public sealed class Mdt : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "general", x => x.Year >= 2025);
        Then().Do(_ => QcActions.Mdt(h));
    }
}

public sealed class GeneralOutpatientReduction : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Category == "general", x => x.Accreditation == "三级甲等", x => x.Year >= 2025);
        Then().Do(_ => QcActions.GeneralOutpatientReduction(h));
    }
}

public sealed class TechTransferShareUp : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h);
        Then().Do(_ => QcActions.TechTransferShareUp(h));
    }
}

public sealed class FixedSalaryShareUp : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h);
        Then().Do(_ => QcActions.FixedSalaryShareUp(h));
    }
}

public sealed class FiscalSubsidyShareUp : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h);
        Then().Do(_ => QcActions.FiscalSubsidyShareUp(h));
    }
}

public sealed class LongTermDebtRatio : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.LongTermDebtRatio(h));
    }
}

public sealed class HeadAnnualSalary : Rule
{
    public override void Define()
    {
        QcHospital h = null!;
        When().Match(() => h, x => x.Year >= 2025);
        Then().Do(_ => QcActions.HeadAnnualSalary(h));
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
