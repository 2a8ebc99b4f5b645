namespace AssessmentScorer.RuleSets;

/// <summary>Chinese and English text.</summary>
internal sealed record Bilingual(string Zh, string En);

/// <summary>Expression text with the place its first character stands in the file.</summary>
internal sealed record ExprSource(string Text, Location At, bool SingleLine, int ColumnOffset, char Quote = '\0')
{
    /// <summary>The file location of a 0-based offset inside the expression (escapes in quoted scalars take two columns).</summary>
    public Location LocationOf(int pos)
    {
        if (!SingleLine) return At;
        var extra = 0;
        for (var i = 0; i < pos && i < Text.Length; i++)
            if ((Quote == '\'' && Text[i] == '\'') || (Quote == '"' && Text[i] is '"' or '\\')) extra++;
        return At with { Column = At.Column + ColumnOffset + pos + extra };
    }
}

/// <summary>A bound of a target: one expression, or a table by assessment year.</summary>
internal sealed record RawBound(ExprSource? Expr, IReadOnlyList<(int Year, ExprSource Expr)>? ByYear, Location At);

internal sealed record RawTargetCase(Location At, ExprSource? When, string Op, RawBound Bound, RawBound? Upper, RawBound? Tolerance, string? Note, string? Side = null);

internal sealed record RawBand(Location At, ExprSource? From, ExprSource? To, decimal Points);
internal sealed record RawLevel(Location At, string Level, decimal Points);

internal sealed record RawScore(Location At, string Method, RawBound? From, IReadOnlyList<RawBand> Bands,
    IReadOnlyList<RawLevel> Levels, decimal? LatePoints, string? Direction, ExprSource? MinChange, decimal? Points = null, decimal? Weight = null);

internal sealed record RawTask(Location At, DateOnly? Deadline, IReadOnlyList<string> Evidence, int MinEvidence, Bilingual? Standard, string? Method, (int Month, int Day)? YearlyDeadline = null, bool MatchNames = false,
    DateOnly? From = null, (int Month, int Day)? YearlyFrom = null, ExprSource? Check = null);

internal sealed record RawIndicator(
    string Id, Location At, Bilingual? Name, string? Dimension, ExprSource? Value, ExprSource? AppliesWhen,
    IReadOnlyList<RawTargetCase>? Target, RawScore? Score, decimal? Points, decimal? Weight, string? Source,
    string? Unit, RawTask? Task, IReadOnlyList<string>? Tags, string? Note, IReadOnlySet<string> Keys, string? WhenUndefined = null);

internal sealed record RawField(string Id, Location At, Bilingual? Name, string Type, string? Unit, decimal? Min, decimal? Max,
    string? Scale, IReadOnlyList<string>? Values);

internal sealed record RawScale(string Id, Location At, IReadOnlyList<string> Levels);

internal sealed record RawDimension(string Id, Location At, Bilingual Name, string? Parent);

internal sealed record RawAggregate(string Id, Location At, Bilingual? Name, ExprSource? Over, string Kind, ExprSource Of,
    IReadOnlyList<RawTargetCase>? Target, string? Source, ExprSource? Denominator = null);

internal sealed record RawGrade(Location At, string Grade, decimal? Min, decimal? Top);

internal sealed record RawGrading(Location At, string Method, string Basis, IReadOnlyList<RawGrade> Grades,
    IReadOnlyList<string> StratifyBy, ExprSource? Pass, string Rounding, string? Note, decimal? MinCoverage = null);

internal sealed record RawVeto(string Id, Location At, Bilingual? Name, ExprSource When, string Effect, string? CapGrade, string? Source);

internal sealed record RawAppliesTo(IReadOnlyList<string> Kinds, IReadOnlyList<string> Tiers, IReadOnlyList<string> Categories, string? Ownership)
{
    /// <summary>Subjects inside the scope that the rule set still does not assess, and why.</summary>
    public IReadOnlyList<RawExclusion> Exclude { get; init; } = Array.Empty<RawExclusion>();
}

/// <summary>A kind of subject the rule set does not assess (<c>applies_to.exclude</c>): when, and why.</summary>
internal sealed record RawExclusion(Location At, ExprSource When, Bilingual Reason, string? Source);

internal sealed record RawSourceDoc(string File, string? Title);

internal sealed record RawRuleSet(
    string File, Location At, string Scheme, SemVersion Version, string Status, Bilingual Title,
    DateOnly? EffectiveFrom, DateOnly? EffectiveTo, RawAppliesTo AppliesTo, IReadOnlyList<RawSourceDoc> Sources,
    (string Reference, Location At)? Extends,
    IReadOnlyList<RawField> Fields, IReadOnlyList<RawScale> Scales, IReadOnlyList<RawDimension> Dimensions,
    IReadOnlyList<RawIndicator> Indicators, IReadOnlyList<(string Id, Location At)> Remove,
    IReadOnlyList<RawAggregate> Aggregates, RawGrading? Grading, IReadOnlyList<RawVeto> Vetoes, decimal? TotalPoints,
    string Digest)
{
    /// <summary>
    /// What each condition means for a reader (<c>descriptions:</c>, keyed by the expression's text): the wording used in
    /// place of an <c>applies_when</c> or an aggregate's <c>over</c> in every explanation and report.
    /// </summary>
    public IReadOnlyDictionary<string, Bilingual> Descriptions { get; init; } = new Dictionary<string, Bilingual>();

    /// <summary>The key <see cref="Descriptions"/> uses for an expression: its text with runs of white space made one space.</summary>
    public static string DescriptionKey(string expression) => string.Join(' ', expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The path relative to the rule-set directory, as results name it (never a server path).</summary>
    public string RelativePath { get; init; } = System.IO.Path.GetFileName(File);
}
