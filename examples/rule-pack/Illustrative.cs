namespace AssessmentScorer.Examples.RulePack;

/// <summary>
/// The pack's parameters. ILLUSTRATIVE: the documents tie funding, pay, interviews and commendations to the results
/// (000 篇4 二(三)13, 002 task 9, 004 items 13 and 22) but give no coefficients, deadlines or bands; an authority
/// writing its own pack sets its own.
/// </summary>
public static class Illustrative
{
    /// <summary>The grade below which results lead to rectification and reduced reward pay ("公立医院达到B等级及以上", 000 篇4 二(三)13).</summary>
    public const string RequiredGrade = "B";

    /// <summary>The indicator of a scheme that scores the performance grade itself (亳州 篇4: grade B or higher).</summary>
    public const string PerformanceGradeIndicator = "performance_grade_b";

    /// <summary>Reward-pay coefficient below the required grade (illustrative).</summary>
    public const decimal ReducedRewardPay = 0.9m;

    /// <summary>Funding coefficient of the best grade band (illustrative).</summary>
    public const decimal FundingTopBand = 1.10m;

    /// <summary>Funding coefficient of the second band (illustrative).</summary>
    public const decimal FundingSecondBand = 1.05m;

    /// <summary>Funding coefficient of the bands between the second and the worst (illustrative).</summary>
    public const decimal FundingMiddleBands = 1.00m;

    /// <summary>Funding coefficient of the worst band (illustrative).</summary>
    public const decimal FundingBottomBand = 0.90m;

    /// <summary>A rectification ordered on a year's results is due by 30 June of the next year (illustrative).</summary>
    public static DateOnly RectificationDeadline(int year) => new(year + 1, 6, 30);
}
