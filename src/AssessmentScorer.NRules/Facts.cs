namespace AssessmentScorer.NRules;

/// <summary>
/// A subject's result for one year, as a fact rules match on: grade, total, pass, standing in the cohort, vetoes.
/// The year being applied has <see cref="Current"/> true; earlier years' results of the same subject (from an
/// <see cref="IResultHistory"/>) are inserted beside it with <see cref="Current"/> false.
/// </summary>
public sealed class SubjectFact
{
    private readonly IReadOnlyList<string> _grades;

    internal SubjectFact(AssessmentResult result, IReadOnlyList<string> grades, bool current)
    {
        Result = result;
        _grades = grades;
        Current = current;
        var band = result.Grade is null ? -1 : IndexOf(grades, result.Grade);
        GradeBand = band < 0 ? null : band;
        var triggered = new List<string>();
        foreach (var v in result.Vetoes) if (v.Triggered == true) triggered.Add(v.Id);
        TriggeredVetoes = triggered;
    }

    /// <summary>The result itself (every property the scorer gives).</summary>
    public AssessmentResult Result { get; }

    /// <summary>True for the year the rules are applied to; false for an earlier year's result.</summary>
    public bool Current { get; }

    /// <summary>The subject's id.</summary>
    public string SubjectId => Result.Subject.Id;

    /// <summary>The subject's name, or its id when it has none.</summary>
    public string Name => Result.Subject.Name ?? Result.Subject.Id;

    /// <summary>The subject's kind (<c>hospital</c>, <c>alliance</c>, <c>region</c>).</summary>
    public string? Kind => Result.Subject.Kind;

    /// <summary>The assessment year.</summary>
    public int Year => Result.Year;

    /// <summary>The scheme the result was scored under.</summary>
    public string Scheme => Result.RuleSet.Scheme;

    /// <summary>The grade, or null when none was given.</summary>
    public string? Grade => Result.Grade;

    /// <summary>Where the grade stands in the scheme's grades, 0 for the best; null without a grade.</summary>
    public int? GradeBand { get; }

    /// <summary>How many grades the scheme has (0 without grading): the worst band is <c>GradeCount - 1</c>.</summary>
    public int GradeCount => _grades.Count;

    /// <summary>Points earned.</summary>
    public decimal Total => Result.Total;

    /// <summary>Points available to the subject.</summary>
    public decimal MaxTotal => Result.MaxTotal;

    /// <summary>The pass condition; null when it could not be decided.</summary>
    public bool? Passed => Result.Passed;

    /// <summary>Rank in the stratum (1 is best), when scored in a cohort.</summary>
    public int? Rank => Result.Cohort?.Rank;

    /// <summary>Subjects in the stratum, when scored in a cohort.</summary>
    public int? Of => Result.Cohort?.Of;

    /// <summary>The stratum key, when scored in a cohort.</summary>
    public string? Stratum => Result.Cohort?.Stratum;

    /// <summary>Rank ÷ size of the stratum (0.1 = top 10%), when scored in a cohort.</summary>
    public decimal? Percentile => Result.Cohort?.Percentile;

    /// <summary>Ids of the vetoes (一票否决) that fired.</summary>
    public IReadOnlyList<string> TriggeredVetoes { get; }

    /// <summary>True when every indicator had the data it needs.</summary>
    public bool DataComplete => Result.DataComplete;

    /// <summary>True when the subject has a grade and it is worse than <paramref name="grade"/> (false when either is not one of the scheme's grades).</summary>
    public bool GradeBelow(string grade) => GradeBand is { } b && IndexOf(_grades, grade) is var g && g >= 0 && b > g;

    /// <summary>True when the subject has a grade and it is <paramref name="grade"/> or better (false when either is not one of the scheme's grades).</summary>
    public bool GradeAtLeast(string grade) => GradeBand is { } b && IndexOf(_grades, grade) is var g && g >= 0 && b <= g;

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++) if (string.Equals(list[i], item, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>The subject, year and grade.</summary>
    public override string ToString() => $"{SubjectId} {Year} {Grade ?? "—"}{(Current ? "" : " (earlier)")}";
}

/// <summary>A part of a subject's result for one year (an indicator, a veto): whose, which year, and whether it is the year being applied.</summary>
public abstract class PartFact
{
    private protected PartFact(AssessmentResult subject, bool current)
    {
        SubjectId = subject.Subject.Id;
        Year = subject.Year;
        Current = current;
    }

    /// <summary>True for the year the rules are applied to; false for an earlier year's result.</summary>
    public bool Current { get; }

    /// <summary>The subject's id.</summary>
    public string SubjectId { get; }

    /// <summary>The assessment year.</summary>
    public int Year { get; }
}

/// <summary>One indicator of a subject's result for one year, as a fact rules match on.</summary>
public sealed class IndicatorFact : PartFact
{
    internal IndicatorFact(AssessmentResult subject, IndicatorResult result, bool current) : base(subject, current) => Result = result;

    /// <summary>The indicator's result itself (value, target, explanation are formatted when read).</summary>
    public IndicatorResult Result { get; }

    /// <summary>The indicator's id.</summary>
    public string IndicatorId => Result.Id;

    /// <summary>What happened to the indicator.</summary>
    public IndicatorStatus Status => Result.Status;

    /// <summary>Whether the target was met; null when not scored or without a verdict.</summary>
    public bool? Met => Result.Met;

    /// <summary>The computed value: a decimal, a level or text, a bool, or null.</summary>
    public object? Value => Result.Value;

    /// <summary>The target in force, as text, or null.</summary>
    public string? Target => Result.Target;

    /// <summary>Points earned.</summary>
    public decimal Points => Result.Points;

    /// <summary>Points available.</summary>
    public decimal MaxPoints => Result.MaxPoints;

    /// <summary>Points available minus points earned.</summary>
    public decimal PointsLost => Result.MaxPoints - Result.Points;

    /// <summary>The subject, year, indicator and status.</summary>
    public override string ToString() => $"{SubjectId} {Year} {IndicatorId} {Status} met={Met?.ToString() ?? "—"}";
}

/// <summary>One veto (一票否决) of a subject's result for one year, as a fact rules match on.</summary>
public sealed class VetoFact : PartFact
{
    internal VetoFact(AssessmentResult subject, VetoResult result, bool current) : base(subject, current) => Result = result;

    /// <summary>The veto's result itself.</summary>
    public VetoResult Result { get; }

    /// <summary>The veto's id.</summary>
    public string VetoId => Result.Id;

    /// <summary>True when its condition held; null when the data to decide was missing.</summary>
    public bool? Triggered => Result.Triggered;

    /// <summary>The subject, year, veto and whether it fired.</summary>
    public override string ToString() => $"{SubjectId} {Year} {VetoId} triggered={Triggered?.ToString() ?? "—"}";
}

/// <summary>The cohort the subject was scored in (one fact in every subject's session): its size and aggregates.</summary>
public sealed class CohortFact
{
    internal CohortFact(RuleSetRef ruleSet, int year, int size, IReadOnlyList<AggregateResult> aggregates)
    {
        RuleSet = ruleSet;
        Year = year;
        Size = size;
        Aggregates = aggregates;
    }

    /// <summary>The rule set the cohort was scored under.</summary>
    public RuleSetRef RuleSet { get; }

    /// <summary>The assessment year of the subject being applied.</summary>
    public int Year { get; }

    /// <summary>Subjects in the cohort (1 for a subject scored alone).</summary>
    public int Size { get; }

    /// <summary>The cohort aggregates (empty for a subject scored alone).</summary>
    public IReadOnlyList<AggregateResult> Aggregates { get; }
}
