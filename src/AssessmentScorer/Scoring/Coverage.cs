using AssessmentScorer.Expressions;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring;

/// <summary>
/// Coverage: the points that apply to a subject in the assessment year ÷ the subject's full points in the scheme. The
/// full points add back what is set aside for this year only: tasks not yet due, targets whose by-year table has no
/// entry yet, and rules whose <c>applies_when</c> (or target cases) hold in the last year of the effective period
/// but not in this one. A grade is withheld while coverage is below <c>grading.min_coverage</c> (default 50%).
/// </summary>
internal static class Coverage
{
    /// <summary>The subject's full points: the points available this year and those set aside for this year only.</summary>
    public static decimal FullMax(ReadOnlySpan<Outcome> outcomes, IndicatorDef[] indicators, decimal maxTotal)
    {
        var full = maxTotal;
        for (var i = 0; i < outcomes.Length; i++)
            if (outcomes[i].NoMax && outcomes[i].NotYet) full += indicators[i].MaxPoints;
        return full;
    }

    /// <summary>The year whose rules make up the full points: the last of the effective period (never before the assessment year).</summary>
    private static int Horizon(int year, int? effectiveTo) => effectiveTo is { } to && to > year ? to : year;

    /// <summary>Whether a condition that is false this year reads the year and holds in the scheme's last year.</summary>
    public static bool AppliesLater(CompiledExpr condition, EvalContext ctx, int? effectiveTo)
    {
        var horizon = Horizon(ctx.Year, effectiveTo);
        if (horizon == ctx.Year || !condition.SubjectAttributes.Contains("year")) return false;
        return ctx.InYear(condition.Fn, horizon) is { Kind: VKind.Bool } v && v.AsBool;
    }

    /// <summary>Whether, when no target case holds this year, one that reads the year holds in the scheme's last year.</summary>
    public static bool ChosenLater(IReadOnlyList<TargetCase> cases, EvalContext ctx, int? effectiveTo)
    {
        for (var n = 0; n < cases.Count; n++)
            if (cases[n].When is { } w && AppliesLater(w, ctx, effectiveTo)) return true;
        return false;
    }

    /// <summary>Whether coverage is too small for a grade (no points at all to grade on counts as too small).</summary>
    public static bool Short(GradingDef g, decimal points, decimal full) => full == 0 || points / full < g.MinCoverage;

    /// <summary>The coverage part of a result.</summary>
    /// <param name="g">The grading, if any.</param>
    /// <param name="points">Points that apply this year.</param>
    /// <param name="full">The subject's full points.</param>
    /// <param name="withoutPeers">Nothing applies because the ranked indicators had no other subject to rank against.</param>
    public static CoverageResult Result(GradingDef? g, decimal points, decimal full, bool withoutPeers = false)
    {
        decimal? share = full == 0 ? null : Math.Round(points / full, 4, MidpointRounding.AwayFromZero);
        Explanation? withheld = null;
        if (g is not null && Short(g, points, full))
        {
            var min = Fmt.Percent(g.MinCoverage);
            withheld = full == 0 && withoutPeers
                ? new("按同组排名计分的指标没有可比对象（单独评分，或同组只有一家）：与同组对象一起评分才能评定等级",
                    "The indicators are scored by rank within a group and there is no other subject to rank against (scored alone, or alone in its group): score it with its peers for a grade")
                : full == 0
                ? new("本年没有计分的指标适用于该对象：不评定等级", "No scored indicator applies to this subject this year: no grade")
                : new($"本年适用分值 {Fmt.Points(points)} 分，占全部 {Fmt.Points(full)} 分的 {Fmt.Percent(points / full)}，低于评定等级所需的 {min}：不评定等级",
                    $"Points that apply this year are {Fmt.Points(points)} of the full {Fmt.Points(full)} ({Fmt.Percent(points / full)}), below the {min} a grade needs: no grade");
        }
        return new CoverageResult(points, full, share, g?.MinCoverage, withheld);
    }
}
