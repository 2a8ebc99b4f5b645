namespace AssessmentScorer;

/// <summary>What happened to one indicator.</summary>
public enum IndicatorStatus
{
    /// <summary>The value was computed and scored against its target.</summary>
    Scored,
    /// <summary>Data the indicator needs is missing (the result's problems name the fields).</summary>
    Missing,
    /// <summary>The indicator does not apply to this subject or year.</summary>
    NotApplicable,
    /// <summary>The value cannot be computed from the data given (division by zero, overflow, no cohort).</summary>
    Undefined,
    /// <summary>A veto set the indicator aside.</summary>
    Vetoed,
}

/// <summary>A sentence in Chinese and English.</summary>
/// <param name="Zh">Chinese.</param>
/// <param name="En">English.</param>
public sealed record Explanation(string Zh, string En);

/// <summary>Which rule file defined a rule; for an override, what it changed and the rule it overrode.</summary>
/// <param name="File">The rule file, relative to the rule-set directory.</param>
/// <param name="Scheme">The scheme id of that file.</param>
/// <param name="Version">The version of that file.</param>
/// <param name="Overrides">Keys this file overrode (empty when it declared the rule).</param>
/// <param name="Base">The overridden rule's origin, or null.</param>
public sealed record RuleOrigin(string File, string Scheme, string Version, IReadOnlyList<string> Overrides, RuleOrigin? Base);

/// <summary>Where a subject stands in its stratum of a cohort.</summary>
/// <param name="Stratum">The stratum key, e.g. <c>tertiary/general</c> (<c>all</c> when not stratified).</param>
/// <param name="Rank">1 is best; tied subjects share the best rank.</param>
/// <param name="Of">Subjects in the stratum.</param>
/// <param name="Percentile">Rank divided by size: the share of the stratum at or above this subject (0.01 = top 1%).</param>
public sealed record CohortStanding(string Stratum, int Rank, int Of, decimal Percentile);

/// <summary>The outcome of one indicator, with every number explained.</summary>
/// <param name="Id">Indicator id.</param>
/// <param name="Name">Chinese name as the documents write it.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Dimension">Dimension id, if any.</param>
/// <param name="Value">The computed value: a decimal, a level or text (string), a bool, or null when missing or undefined.</param>
/// <param name="DisplayValue">The value as a person reads it (43.00%, 四级甲等).</param>
/// <param name="Target">The target in force, as text (≥ 40%), or null.</param>
/// <param name="Met">Whether the target was met; null when not scored or unscored.</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points available.</param>
/// <param name="Status">What happened.</param>
/// <param name="Method">The scoring method.</param>
/// <param name="Explanation">How the points came about, in Chinese and English.</param>
/// <param name="Source">The source clause the target comes from.</param>
/// <param name="DefinedIn">The rule file that defined the rule.</param>
/// <param name="MissingData">Fields whose absence left the indicator unscored.</param>
/// <param name="Cohort">For cohort-scored indicators, the subject's standing.</param>
public sealed record IndicatorResult(
    string Id, string Name, string NameEn, string? Dimension, object? Value, string? DisplayValue, string? Target, bool? Met,
    decimal Points, decimal MaxPoints, IndicatorStatus Status, string Method, Explanation Explanation, string? Source,
    RuleOrigin DefinedIn, IReadOnlyList<string> MissingData, CohortStanding? Cohort)
{
    // The scorer builds results whose value, display text, explanation and (for a target made from last year's value)
    // target are formatted on first read from the state kept here (formatting is most of the cost of a result, and
    // most callers read only points and status). Bits of _lazy say which are still to be formatted; an init (e.g.
    // `with`) replaces that one only.
    private const byte LazyValue = 1, LazyDisplay = 2, LazyExplanation = 4, LazyTarget = 8;
    private readonly RuleSets.IndicatorDef? _def;
    private readonly Expressions.Value _raw;
    private readonly Scoring.ExplainKind _kind;
    private readonly Scoring.DeferredText? _deferred;
    private readonly int _year;
    private readonly Scoring.ShowFlags _show;
    private readonly byte _lazy;
    private readonly object? _value = Value;
    private readonly string? _displayValue = DisplayValue;
    private Explanation? _explanation = Explanation;
    private string? _target = Target;

    internal IndicatorResult(RuleSets.IndicatorDef def, Expressions.Value raw, Scoring.ExplainKind kind, int year, Explanation? given, Scoring.DeferredText? deferred,
        string id, string name, string nameEn, string? dimension, string? target, bool? met,
        decimal points, decimal maxPoints, IndicatorStatus status, string method, string? sourceClause, RuleOrigin definedIn,
        IReadOnlyList<string> missingData, CohortStanding? cohort, Scoring.ShowFlags show)
        : this(id, name, nameEn, dimension, null, null, target, met, points, maxPoints, status, method, given!, sourceClause, definedIn, missingData, cohort)
    {
        _show = show;
        _def = def;
        _raw = raw;
        _kind = kind;
        _deferred = deferred;
        _year = year;
        _lazy = given is null ? (byte)(LazyValue | LazyDisplay | LazyExplanation) : (byte)(LazyValue | LazyDisplay);
        if (target is null && deferred is not null) _lazy |= LazyTarget;
    }

    // `with` copies: the text is formatted from the original's values first, so changing, say, Points on a copy
    // leaves the explanation as the scorer wrote it (as it was when the text was made eagerly).
    private IndicatorResult(IndicatorResult original)
    {
        Id = original.Id; Name = original.Name; NameEn = original.NameEn; Dimension = original.Dimension; _target = original.Target;
        Met = original.Met; Points = original.Points; MaxPoints = original.MaxPoints; Status = original.Status; Method = original.Method;
        Source = original.Source; DefinedIn = original.DefinedIn; MissingData = original.MissingData; Cohort = original.Cohort;
        _value = original.Value;
        _displayValue = original.DisplayValue;
        _explanation = original.Explanation;
        _lazy = 0;
    }

    /// <summary>The computed value: a decimal, a level or text (string), a bool, or null when missing or undefined.</summary>
    public object? Value { get => (_lazy & LazyValue) != 0 ? Scoring.Engine.Public(_raw, Status) : _value; init { _value = value; _lazy &= unchecked((byte)~LazyValue); } }

    /// <summary>The value as a person reads it (43.00%, 四级甲等).</summary>
    public string? DisplayValue { get => (_lazy & LazyDisplay) != 0 ? Scoring.Explainer.Display(_def!, _raw, _show) : _displayValue; init { _displayValue = value; _lazy &= unchecked((byte)~LazyDisplay); } }

    /// <summary>The target as a person reads it (≥ 40%, &gt; last year's value), or null when there is none.</summary>
    public string? Target
    {
        // Formatting is deterministic, so two threads reading at once at worst format it twice.
        get => (_lazy & LazyTarget) == 0 ? _target : _target ??= _deferred!.Target(_def!);
        init { _target = value; _lazy &= unchecked((byte)~LazyTarget); }
    }

    /// <summary>How the points came about, in Chinese and English.</summary>
    public Explanation Explanation
    {
        // Formatting is deterministic, so two threads reading at once at worst format it twice.
        get => (_lazy & LazyExplanation) == 0 ? _explanation!
            : _explanation ??= Scoring.Explainer.Read(_def!, _kind, _deferred, _raw, _year, Target, Met, Points, MaxPoints, Cohort, MissingData, _show);
        init { _explanation = value; _lazy &= unchecked((byte)~LazyExplanation); }
    }

    /// <summary>Equal when every property is equal (however the text was produced).</summary>
    public bool Equals(IndicatorResult? other) => other is not null && (ReferenceEquals(this, other) ||
        Id == other.Id && Name == other.Name && NameEn == other.NameEn && Dimension == other.Dimension && Equals(Value, other.Value)
        && DisplayValue == other.DisplayValue && Target == other.Target && Met == other.Met && Points == other.Points && MaxPoints == other.MaxPoints
        && Status == other.Status && Method == other.Method && Equals(Explanation, other.Explanation) && Source == other.Source
        && Equals(DefinedIn, other.DefinedIn) && Equals(MissingData, other.MissingData) && Equals(Cohort, other.Cohort));

    /// <summary>A hash of the identifying properties.</summary>
    public override int GetHashCode() => HashCode.Combine(Id, Status, Points, MaxPoints, Met, Target);
}

/// <summary>Points per dimension.</summary>
/// <param name="Id">Dimension id.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Parent">Parent dimension id, if this is a sub-dimension.</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points available.</param>
public sealed record DimensionResult(string Id, string Name, string NameEn, string? Parent, decimal Points, decimal MaxPoints);

/// <summary>One veto (一票否决) and whether it fired.</summary>
/// <param name="Id">Veto id.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Triggered">True when its condition held; null when the data to decide was missing.</param>
/// <param name="Effect"><c>fail</c> or <c>cap_grade</c>.</param>
/// <param name="CapGrade">The grade cap, for <c>cap_grade</c>.</param>
/// <param name="Explanation">Why.</param>
/// <param name="Source">The source clause.</param>
public sealed record VetoResult(string Id, string Name, string NameEn, bool? Triggered, string Effect, string? CapGrade, Explanation Explanation, string? Source);

/// <summary>An indicator that cost points, most costly first.</summary>
/// <param name="IndicatorId">Indicator id.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="PointsLost">Max points minus points.</param>
/// <param name="Explanation">The indicator's explanation.</param>
public sealed record Reason(string IndicatorId, string Name, string NameEn, decimal PointsLost, Explanation Explanation)
{
    // Built by the scorer pointing at its indicator in the result, whose explanation is formatted when read
    // (and not kept here, so writing a large cohort keeps nothing new alive).
    private readonly Results.IndicatorList? _source;
    private readonly int _index;
    private readonly Explanation _explanation = Explanation;

    internal Reason(Results.IndicatorList source, int index, string id, string name, string nameEn, decimal pointsLost)
        : this(id, name, nameEn, pointsLost, null!) { _source = source; _index = index; }

    /// <summary>The indicator's explanation.</summary>
    public Explanation Explanation { get => _source?[_index].Explanation ?? _explanation; init { _explanation = value; _source = null; } }

    /// <summary>Equal when every property is equal (however the text was produced).</summary>
    public bool Equals(Reason? other) => other is not null && (ReferenceEquals(this, other) ||
        IndicatorId == other.IndicatorId && Name == other.Name && NameEn == other.NameEn && PointsLost == other.PointsLost && Equals(Explanation, other.Explanation));

    /// <summary>A hash of the identifying properties.</summary>
    public override int GetHashCode() => HashCode.Combine(IndicatorId, PointsLost);
}

/// <summary>How far the subject is from the next better grade.</summary>
/// <param name="Grade">The next better grade.</param>
/// <param name="PointsNeeded">Points still needed to reach it.</param>
public sealed record GradeGap(string Grade, decimal PointsNeeded);

/// <summary>How much of the scheme applies to the subject in the assessment year, and whether that is enough for a grade.</summary>
/// <param name="Points">Points that apply this year (the result's <c>MaxTotal</c>).</param>
/// <param name="FullPoints">The subject's full points in the scheme: the points that apply this year and those set aside for
/// this year only (tasks not yet due, targets not yet in force, rules that apply from a later year of the scheme).</param>
/// <param name="Share"><c>Points ÷ FullPoints</c>, rounded to four places; null when the subject has no full points.</param>
/// <param name="Minimum">The least share a grade needs (<c>grading.min_coverage</c>, 50% unless the rule set says); null without grading.</param>
/// <param name="GradeWithheld">Why no grade was given, when the share is below the minimum; null otherwise.</param>
public sealed record CoverageResult(decimal Points, decimal FullPoints, decimal? Share, decimal? Minimum, Explanation? GradeWithheld);

/// <summary>Bad or missing data, naming the field (path in the submission, e.g. <c>values.beds</c>).</summary>
/// <param name="Field">Path of the field.</param>
/// <param name="Code">A stable code (AS5xxx).</param>
/// <param name="Message">What is wrong.</param>
public sealed record Problem(string Field, string Code, string Message);

/// <summary>The rule set a result was scored under.</summary>
/// <param name="Scheme">Scheme id.</param>
/// <param name="Version">Version.</param>
/// <param name="Digest">SHA-256 of the canonical form of the rule set and everything it extends.</param>
public sealed record RuleSetRef(string Scheme, string Version, string Digest);

/// <summary>The assessment of one subject for one period.</summary>
/// <param name="Subject">Who was assessed.</param>
/// <param name="Year">The assessment year.</param>
/// <param name="RuleSet">The rule set.</param>
/// <param name="Total">Points earned.</param>
/// <param name="MaxTotal">Points available to this subject (not-applicable indicators excluded).</param>
/// <param name="Grade">The grade, or null when the rule set has no grading or the grade needs a cohort.</param>
/// <param name="Passed">The pass condition; null when it cannot be decided.</param>
/// <param name="Vetoes">Every veto and whether it fired.</param>
/// <param name="Dimensions">Points per dimension.</param>
/// <param name="Indicators">Every indicator, in rule-set order.</param>
/// <param name="Reasons">The indicators that lost the most points.</param>
/// <param name="NextGrade">The gap to the next better grade, where there is one.</param>
/// <param name="Problems">Bad or missing data.</param>
/// <param name="Cohort">Standing in the cohort, when scored in one.</param>
/// <remarks><see cref="Coverage"/> says how much of the scheme applied, and why a grade was withheld.</remarks>
public sealed record AssessmentResult(
    Subject Subject, int Year, RuleSetRef RuleSet, decimal Total, decimal MaxTotal, string? Grade, bool? Passed,
    IReadOnlyList<VetoResult> Vetoes, IReadOnlyList<DimensionResult> Dimensions, IReadOnlyList<IndicatorResult> Indicators,
    IReadOnlyList<Reason> Reasons, GradeGap? NextGrade, IReadOnlyList<Problem> Problems, CohortStanding? Cohort)
{
    // The scorer's results work out dimensions and reasons from the indicator outcomes when first read, so a large
    // cohort keeps only what it is asked for. A `with` copy shares what the original has (worked out first).
    // Set only on results the scorer builds, whose Indicators is then its IndicatorList (a `with` copy gets neither).
    private readonly Scoring.Engine? _engine;
    private IReadOnlyList<DimensionResult>? _dimensions = Dimensions;
    private IReadOnlyList<Reason>? _reasons = Reasons;

    internal AssessmentResult(Scoring.Engine engine, Results.IndicatorList indicators,
        Subject subject, int year, RuleSetRef ruleSet, decimal total, decimal maxTotal, string? grade, bool? passed,
        IReadOnlyList<VetoResult> vetoes, GradeGap? nextGrade, IReadOnlyList<Problem> problems, CohortStanding? cohort, CoverageResult coverage)
        : this(subject, year, ruleSet, total, maxTotal, grade, passed, vetoes, null!, indicators, null!, nextGrade, problems, cohort)
    {
        _engine = engine;
        Coverage = coverage;
    }

    /// <summary>
    /// Points that apply this year ÷ the subject's full points, the minimum a grade needs, and why no grade was given when
    /// coverage is short of it. Set on every result the scorer makes; null on a result built by hand.
    /// </summary>
    public CoverageResult? Coverage { get; init; }

    private Results.IndicatorList Outcomes => (Results.IndicatorList)Indicators;

    private AssessmentResult(AssessmentResult original)
    {
        Subject = original.Subject; Year = original.Year; RuleSet = original.RuleSet; Total = original.Total; MaxTotal = original.MaxTotal;
        Grade = original.Grade; Passed = original.Passed; Vetoes = original.Vetoes; Indicators = original.Indicators;
        NextGrade = original.NextGrade; Problems = original.Problems; Cohort = original.Cohort; Coverage = original.Coverage;
        _dimensions = original.Dimensions;
        _reasons = original.Reasons;
    }

    /// <summary>Points per dimension.</summary>
    public IReadOnlyList<DimensionResult> Dimensions
    {
        get => _dimensions ?? Interlocked.CompareExchange(ref _dimensions, _engine!.Dimensions(Outcomes), null) ?? _dimensions!;
        init => _dimensions = value;
    }

    /// <summary>The indicators that lost the most points.</summary>
    public IReadOnlyList<Reason> Reasons
    {
        get => _reasons ?? Interlocked.CompareExchange(ref _reasons, _engine!.Reasons(Outcomes), null) ?? _reasons!;
        init => _reasons = value;
    }

    /// <summary>
    /// The explanation of the indicator at <paramref name="index"/> in <see cref="Indicators"/>: the same sentences as
    /// <c>Indicators[index].Explanation</c>, read from the scorer's outcome without making the indicator's record (for a
    /// reader that wants every explanation of many results and nothing else).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an index of <see cref="Indicators"/>.</exception>
    public Explanation IndicatorExplanation(int index) =>
        Indicators is Results.IndicatorList list ? list.ExplanationOf(index) : Indicators[index].Explanation;

    /// <summary>Dimensions as <see cref="Dimensions"/> gives them, without keeping them (for writers).</summary>
    internal IReadOnlyList<DimensionResult> PeekDimensions() => _dimensions ?? _engine!.Dimensions(Outcomes);

    /// <summary>Reasons as <see cref="Reasons"/> gives them, without keeping them (for writers).</summary>
    internal IReadOnlyList<Reason> PeekReasons() => _reasons ?? _engine!.Reasons(Outcomes);

    /// <summary>Equal when every property is equal; lists are equal when they hold equal items in the same order.</summary>
    public bool Equals(AssessmentResult? other) => other is not null && (ReferenceEquals(this, other) ||
        Equals(Subject, other.Subject) && Year == other.Year && Equals(RuleSet, other.RuleSet) && Total == other.Total && MaxTotal == other.MaxTotal
        && Grade == other.Grade && Passed == other.Passed && Same(Vetoes, other.Vetoes) && Same(Dimensions, other.Dimensions)
        && Same(Indicators, other.Indicators) && Same(Reasons, other.Reasons) && Equals(NextGrade, other.NextGrade)
        && Same(Problems, other.Problems) && Equals(Cohort, other.Cohort) && Equals(Coverage, other.Coverage));

    // A cohort makes a result each time one is read, so two reads share no list objects; lists compare by their items
    // (indicator lists over the same outcomes are equal without making their records).
    private static bool Same<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b) =>
        ReferenceEquals(a, b) || a is not null && b is not null && (a is Results.IndicatorList x && b is Results.IndicatorList y && x.SameOutcomes(y)
            || a.Count == b.Count && a.SequenceEqual(b));

    /// <summary>A hash of the identifying properties.</summary>
    public override int GetHashCode() => HashCode.Combine(Subject, Year, RuleSet, Total, Grade, Passed);

    /// <summary>The result as camelCase JSON, byte-identical for the same input on any machine.</summary>
    public string ToJson(bool indented = true) => Results.ResultJson.Write(this, indented);

    /// <summary>
    /// True when every indicator and veto had the data it needs (no problem <c>AS5011</c>): the result is complete. A
    /// result with missing data is still a result, but a run that scored one is a partial run (the CLI's exit code 3).
    /// </summary>
    public bool DataComplete
    {
        get
        {
            foreach (var p in Problems) if (p.Code == "AS5011") return false;
            return true;
        }
    }
}

/// <summary>A cohort aggregate (e.g. share of tertiary hospitals at ≥3 stars) over a batch.</summary>
/// <param name="Id">Aggregate id.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Kind"><c>share_of</c>, <c>average</c>, <c>count_of</c> or <c>sum_of</c>.</param>
/// <param name="InScope">Subjects the aggregate covers (its <c>over</c> condition held).</param>
/// <param name="Counted">Subjects whose data could be used.</param>
/// <param name="MissingSubjects">Ids of subjects left out for missing data.</param>
/// <param name="Value">The aggregate value, or null when no subject counted.</param>
/// <param name="DisplayValue">The value as a person reads it.</param>
/// <param name="Target">The target text, if any.</param>
/// <param name="Met">Whether the target was met.</param>
/// <param name="Explanation">How it was computed.</param>
/// <param name="Source">The source clause.</param>
public sealed record AggregateResult(string Id, string Name, string NameEn, string Kind, int InScope, int Counted,
    IReadOnlyList<string> MissingSubjects, decimal? Value, string? DisplayValue, string? Target, bool? Met, Explanation Explanation, string? Source);

/// <summary>The assessment of a cohort: each subject's result (with ranks and cohort grades) and the aggregates.</summary>
/// <param name="RuleSet">The rule set.</param>
/// <param name="Results">One result per subject, in input order.</param>
/// <param name="Aggregates">The rule set's cohort aggregates.</param>
public sealed record CohortResult(RuleSetRef RuleSet, IReadOnlyList<AssessmentResult> Results, IReadOnlyList<AggregateResult> Aggregates)
{
    /// <summary>The cohort result as camelCase JSON.</summary>
    public string ToJson(bool indented = true) => AssessmentScorer.Results.ResultJson.Write(this, indented);

    /// <summary>Writes the same JSON as <see cref="ToJson"/> to a stream, result by result, so a cohort of any size fits in memory.</summary>
    public void WriteJson(Stream stream, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        AssessmentScorer.Results.ResultJson.Write(this, stream, indented);
    }

    /// <summary>
    /// Writes the cohort as one JSON document with the given detail, result by result. <see cref="ResultDetail.Full"/>
    /// writes the same bytes as <see cref="WriteJson(Stream, bool)"/>; the others write <c>ruleSet</c>, <c>detail</c>,
    /// <c>catalogue</c> (the rule-set constants, once), <c>aggregates</c> and <c>results</c>.
    /// </summary>
    public void WriteJsonDetail(Stream stream, ResultDetail detail, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        AssessmentScorer.Results.ResultDetailJson.Write(this, stream, detail, indented);
    }

    /// <summary>
    /// Writes the cohort as JSON lines (NDJSON): a header line (<c>ruleSet</c>, <c>detail</c>, the <c>catalogue</c> unless
    /// the detail is full, <c>aggregates</c>), then one line per result in input order (at <see cref="ResultDetail.Full"/>,
    /// each line is the result's <see cref="AssessmentResult.ToJson"/> written without indentation).
    /// </summary>
    public void WriteJsonLines(Stream stream, ResultDetail detail = ResultDetail.Full)
    {
        ArgumentNullException.ThrowIfNull(stream);
        AssessmentScorer.Results.ResultDetailJson.WriteLines(this, stream, detail);
    }
}
