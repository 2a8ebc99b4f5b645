namespace AssessmentScorer.Tests.Scoring;

/// <summary>Submissions for cn.demo.hospital-basics@1.0.0: a baseline that earns every point, varied per test.</summary>
internal static class DemoSubmissions
{
    /// <summary>Every target exactly met (the first case of 1.0.0.tests.yaml): 100 of 100.</summary>
    public static Dictionary<string, FieldValue> Values() => new(StringComparer.Ordinal)
    {
        ["personnel_expenditure"] = 40,
        ["business_expenditure"] = 100,
        ["registered_nurses"] = 140,
        ["physicians"] = 100,
        ["day_surgeries"] = 10,
        ["elective_surgeries"] = 100,
        ["emr_level"] = 5,
        ["interop_maturity"] = "四级甲等",
        ["in_county_admissions"] = 901,
        ["insured_admissions"] = 1000,
        ["major_safety_incidents"] = 0,
    };

    public static PreviousPeriod Previous(int year = 2024) =>
        new(year, new Dictionary<string, FieldValue> { ["in_county_admissions"] = 900, ["insured_admissions"] = 1000 });

    public static Dictionary<string, TaskReport> OnTime() => new()
    {
        ["command_center"] = new TaskReport(true, new DateOnly(2025, 12, 31), new[] { "建设验收报告" }),
    };

    public static Submission Make(Action<Dictionary<string, FieldValue>>? change = null, string? tier = "tertiary", int year = 2025,
        bool withPrevious = true, Dictionary<string, TaskReport>? tasks = null, int? beds = null)
    {
        var values = Values();
        change?.Invoke(values);
        return new Submission(new Subject("h1", "示范医院", "hospital", tier, "general", "public", "CN-AH/bozhou/qiaocheng", beds),
            year, values, withPrevious ? Previous(year - 1) : null, tasks ?? OnTime());
    }
}
