using AssessmentScorer.Expressions;
using AssessmentScorer.Scoring.Methods;

namespace AssessmentScorer.RuleSets;

internal enum Display : byte { Number, Percent, Level, Bool, Text, Task }

internal sealed class FieldDef
{
    public required string Id { get; init; }
    /// <summary>Set once by the binder after every expression is compiled (read fields first).</summary>
    public required int Slot { get; set; }
    public required Bilingual Name { get; init; }
    public required ExprType Type { get; init; }
    public required bool Integer { get; init; }
    public string? Unit { get; init; }
    public decimal? Min { get => _hasMin ? _min : null; init { _hasMin = value.HasValue; _min = value.GetValueOrDefault(); _minIsZero = value == 0m; } }
    public decimal? Max { get => _hasMax ? _max : null; init { _hasMax = value.HasValue; _max = value.GetValueOrDefault(); } }
    private readonly decimal _min, _max;
    private readonly bool _hasMin, _hasMax, _minIsZero;

    /// <summary>
    /// Whether a submitted number is within the field's range and, for a count, whole — the common case, decided once
    /// per submitted value without copying the nullable bounds and, for a lower bound of zero (most fields), with a
    /// sign test instead of a decimal comparison. False sends the value to the checks that name its problem.
    /// </summary>
    public bool Accepts(decimal n) =>
        (!Integer || n.Scale == 0 || n == decimal.Truncate(n))
        && (!_hasMin || _minIsZero && !decimal.IsNegative(n) || n >= _min)
        && (!_hasMax || n <= _max);
    /// <summary>Where the field is in a submission, as problems and missing data name it (made once).</summary>
    public string ValuesPath => _valuesPath ??= $"values.{Id}";
    /// <summary>Where last period's value is in a submission.</summary>
    public string PreviousPath => _previousPath ??= $"previous.values.{Id}";
    private string? _valuesPath, _previousPath;
}

/// <summary>A target bound: one expression, or a table by year (the latest year not after the assessment year wins).</summary>
internal sealed class Bound
{
    public CompiledExpr? Expr
    {
        get => _expr;
        init { _expr = value; if (value?.Ast is Expressions.NumberLit n && Constant is null) (_fixed, _isFixed) = (Value.Number(n.Value), true); }
    }
    public (int Year, CompiledExpr Expr)[]? ByYear { get; init; }
    public Value? Constant
    {
        get => _constant;
        init { _constant = value; if (value is { } c) (_fixed, _isFixed) = (c, true); }
    }
    public bool IsPercent { get; init; }

    private readonly CompiledExpr? _expr;
    private readonly Value? _constant;
    /// <summary>The value of a level's name or a number literal (what its expression gives every time), set once.</summary>
    private readonly Value _fixed;
    private readonly bool _isFixed;

    /// <summary>The bound for this context; <c>null</c> when the table has no entry in force for the year.</summary>
    public Value? Evaluate(EvalContext ctx) => TryEvaluate(ctx, out var v) ? v : null;

    /// <summary>The bound for this context, false when the table has no entry in force for the year.</summary>
    public bool TryEvaluate(EvalContext ctx, out Value value)
    {
        if (_isFixed) { value = _fixed; return true; }
        if (_expr is not null) { value = _expr.Fn(ctx); return true; }
        CompiledExpr? chosen = null;
        foreach (var (year, e) in ByYear!)
            if (year <= ctx.Year) chosen = e;
        value = chosen is null ? default : chosen.Fn(ctx);
        return chosen is not null;
    }

    public IEnumerable<CompiledExpr> All => Expr is not null ? new[] { Expr } : ByYear?.Select(b => b.Expr) ?? Enumerable.Empty<CompiledExpr>();

    /// <summary>Whether the bound is the same for every subject and year: a level's name or a literal number.</summary>
    public bool IsConstant => Constant is not null || Expr?.Ast is Expressions.NumberLit;
}

/// <summary>A target's comparison, as a number (comparing texts per subject is not free).</summary>
/// <remarks>
/// <see cref="AboutAtLeast"/> and <see cref="AboutAtMost"/> are one-sided readings of 左右: met by the figure less (plus) the
/// tolerance, or anything beyond it in the good direction.
/// </remarks>
internal enum TargetOp : byte { Unknown, AtLeast, AtMost, GreaterThan, LessThan, EqualTo, Between, About, AboutAtLeast, AboutAtMost }

internal sealed class TargetCase
{
    public required int Index { get; init; }
    public CompiledExpr? When { get; init; }
    public required string Op { get; init; }
    /// <summary><see cref="Op"/> as a <see cref="TargetOp"/>.</summary>
    public TargetOp OpKind => _opKind != TargetOp.Unknown ? _opKind : _opKind = Op switch
    {
        "at_least" => TargetOp.AtLeast,
        "at_most" => TargetOp.AtMost,
        "greater_than" => TargetOp.GreaterThan,
        "less_than" => TargetOp.LessThan,
        "equals" => TargetOp.EqualTo,
        "between" => TargetOp.Between,
        "about" => Side switch { "at_least" => TargetOp.AboutAtLeast, "at_most" => TargetOp.AboutAtMost, _ => TargetOp.About },
        _ => TargetOp.Unknown,
    };
    private TargetOp _opKind;
    public required Bound Bound { get; init; }
    public Bound? Upper { get; init; }
    public Bound? Tolerance { get; init; }
    /// <summary>For <c>about</c>: <c>both</c>, <c>at_least</c> or <c>at_most</c> (which sides of the figure meet it).</summary>
    public string? Side { get; init; }
    public string? Note { get; init; }
    public required Location At { get; init; }
    public string? WhenText => When?.Text;
    /// <summary>
    /// What the bound reads, each name once (fields, subject attributes, last period's fields): made when a subject first
    /// misses it, then kept (two threads at worst make the same array twice).
    /// </summary>
    internal string[]? BoundFields, BoundSubjectAttributes, BoundPreviousFields;
    private int _usesPrevious = -1;
    /// <summary>Whether any bound reads last period's data (worked out once).</summary>
    public bool UsesPrevious => (_usesPrevious < 0 ? _usesPrevious = Bound.All.Any(e => e.UsesPrevious) ? 1 : 0 : _usesPrevious) == 1;

    /// <summary>
    /// Whether the bounds read no submitted data (constants, tables by year, subject attributes), so the target text
    /// is the same for most subjects and worth keeping (<see cref="LastText"/>).
    /// </summary>
    public bool DataFree => _dataFree ??= new[] { Bound, Upper, Tolerance }.Where(b => b is not null)
        .SelectMany(b => b!.All).All(e => e.Fields.Count == 0 && e.PreviousFields.Count == 0 && e.Indicators.Count == 0);
    private bool? _dataFree;

    /// <summary>Whether every bound is a constant, so the target text made for an indicator is the same for every subject.</summary>
    public bool Constant => _constant ??= Bound.IsConstant && Upper is not { IsConstant: false } && Tolerance is not { IsConstant: false };
    private bool? _constant;

    /// <summary>The last target text made for this case and the values it was made from (replaced whole, so safe across threads).</summary>
    public TargetTextMemo? LastText;
}

internal sealed record TargetTextMemo(IndicatorDef? Indicator, Value Bound, Value? Upper, Value? Tolerance, string Text);

internal sealed class Band
{
    public required int Index { get; init; }
    public decimal? From { get; init; }
    public decimal? To { get; init; }
    public required decimal Points { get; init; }
    public bool FromPercent { get; init; }
    public bool Contains(decimal v) => (From is null || v >= From) && (To is null || v < To);
}

internal sealed class TaskDef
{
    public DateOnly? Deadline { get; init; }
    /// <summary>A deadline on a day of the assessment year (month, day), for annual plans.</summary>
    public (int Month, int Day)? YearlyDeadline { get; init; }

    /// <summary>The deadline for an assessment year: the fixed date, or the yearly day in that year (29 Feb falls back to 28 Feb).</summary>
    public DateOnly? DueIn(int year) => Deadline ?? Day(YearlyDeadline, year);
    /// <summary>The first day a completion counts from (a fixed date, or a day of the assessment year), or null when any completion counts.</summary>
    public DateOnly? From { get; init; }
    public (int Month, int Day)? YearlyFrom { get; init; }
    public DateOnly? FromIn(int year) => From ?? Day(YearlyFrom, year);
    private static DateOnly? Day((int Month, int Day)? d, int year) =>
        d is { } y ? new DateOnly(year, y.Month, Math.Min(y.Day, DateTime.DaysInMonth(year, y.Month))) : null;
    /// <summary>The task's own standard checked on submitted data (e.g. the grade the task is to keep), or null.</summary>
    public Expressions.CompiledExpr? Check { get; init; }
    public required IReadOnlyList<string> Evidence { get; init; }
    public int MinEvidence { get; init; }
    /// <summary>True when every listed evidence name must appear among the documents reported (as part of a name).</summary>
    public bool MatchNames { get; init; }
    public Bilingual? Standard { get; init; }
    public string? Method { get; init; }
}

/// <summary>Where a rule came from: the file that declared it and, for an override, what it changed.</summary>
internal sealed record Provenance(string File, string Scheme, string Version, IReadOnlyList<string> Overrides, Provenance? Base)
{
    public override string ToString() => Base is null ? $"{File} ({Scheme}@{Version})"
        : $"{File} ({Scheme}@{Version}; overrides {string.Join(", ", Overrides)} of {Base.Scheme}@{Base.Version})";
}

/// <summary>What an indicator's value that cannot be computed (division by zero, overflow) means (<c>when_undefined</c>).</summary>
internal enum UndefinedReading : byte
{
    /// <summary>The default: status undefined, no points, the points stay in the maximum.</summary>
    Undefined,
    /// <summary>No such activity: the indicator does not apply (out of the maximum).</summary>
    NotApplicable,
    /// <summary>Read as 0 and scored against the target.</summary>
    Zero,
    /// <summary>Reported as missing data, naming the fields that are zero.</summary>
    Missing,
}

internal sealed class IndicatorDef
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required Bilingual Name { get; init; }
    public string? Dimension { get; init; }
    public CompiledExpr? Value { get; init; }
    public CompiledExpr? AppliesWhen { get; init; }
    /// <summary>What <see cref="AppliesWhen"/> means for a reader (the rule file's <c>descriptions:</c>), if it says.</summary>
    public Bilingual? AppliesWhenDescription { get; init; }
    public required IReadOnlyList<TargetCase> Targets { get; init; }
    private readonly string _method = "";
    /// <summary>The scoring method as written; <see cref="ScoringMethod"/> is its entry of the method table, looked up once.</summary>
    /// <exception cref="InvalidOperationException">The name is not a scoring method (never 0 points for an unknown kind).</exception>
    public required string Method { get => _method; init { _method = value; ScoringMethod = ScoringMethods.Get(value); } }
    public ScoringMethod ScoringMethod { get; private init; } = null!;
    public required decimal MaxPoints { get; init; }
    public Bound? From { get; init; }
    public IReadOnlyList<Band> Bands { get; init; } = Array.Empty<Band>();
    public IReadOnlyList<(int Rank, string Level, decimal Points)> Levels { get; init; } = Array.Empty<(int, string, decimal)>();
    public decimal LatePoints { get; init; }
    public string Direction { get; init; } = "higher";
    public CompiledExpr? MinChange { get; init; }
    public CompiledExpr? PreviousValue { get; init; }
    public TaskDef? Task { get; init; }
    public string? Source { get; init; }
    public required Display Display { get; init; }
    public string? Unit { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();
    public string? Note { get; init; }
    /// <summary>What a value that cannot be computed means (<c>when_undefined</c>).</summary>
    public UndefinedReading WhenUndefined { get; init; }
    public required Provenance DefinedIn { get; init; }
    public required ExprType ValueType { get; init; }
    /// <summary>Fields (current and previous period) the indicator reads anywhere, for naming missing data.</summary>
    public required IReadOnlyList<string> ReadsFields { get; init; }
    public required IReadOnlyList<string> ReadsPreviousFields { get; init; }
    public required IReadOnlyList<string> ReadsSubject { get; init; }
    public bool IsCohort => ScoringMethod.Flow == MethodFlow.Ranked;

    // The same for every subject, so made once (on first use) and shared by results; Explanation is immutable.
    private Explanation? _notApplicable, _noTarget;
    // Never the expression itself: the rule file's description of it, or no more than that a condition does not hold.
    public Explanation NotApplicable => _notApplicable ??= AppliesWhenDescription is { } d
        ? new($"{Name.Zh}：不适用（仅适用于{d.Zh}）", $"{Name.En}: not applicable (applies to {d.En} only)")
        : new($"{Name.Zh}：不适用（适用条件不成立）", $"{Name.En}: not applicable (its condition does not hold)");
    public Explanation NoTarget => _noTarget ??= new($"{Name.Zh}：没有适用于该对象的目标", $"{Name.En}: no target applies to this subject");
    private Explanation? _noActivity;
    /// <summary>A value that cannot be computed, read as "no such activity" (<c>when_undefined: not_applicable</c>).</summary>
    public Explanation NoActivity => _noActivity ??= new($"{Name.Zh}：不适用（分母为零，无相关业务）", $"{Name.En}: not applicable (the denominator is zero: no such activity)");

    /// <summary>
    /// Texts that are the same for every subject in a year (a checklist task's target, or its "not reported" sentence):
    /// made once per key and kept. Keys are small (kind of text and year); the dictionary is replaced whole on a miss.
    /// </summary>
    public T Memo<T>(string kind, int year, Func<T> make) where T : class
    {
        var key = (kind, year);
        var memo = _memo;
        if (memo.TryGetValue(key, out var hit)) return (T)hit;
        var made = make();
        if (memo.Count < 64) _memo = new Dictionary<(string, int), object>(memo) { [key] = made };
        return made;
    }
    private Dictionary<(string, int), object> _memo = new();

    /// <summary>
    /// <see cref="Memo{T}(string, int, Func{T})"/> with what the text is made from passed in, so a static factory can be
    /// given and a hit costs no closure (scoring calls it for every subject).
    /// </summary>
    public T Memo<TState, T>(string kind, int year, TState state, Func<TState, T> make) where T : class
    {
        var key = (kind, year);
        var memo = _memo;
        if (memo.TryGetValue(key, out var hit)) return (T)hit;
        var made = make(state);
        if (memo.Count < 64) _memo = new Dictionary<(string, int), object>(memo) { [key] = made };
        return made;
    }

    /// <summary>
    /// The last four sets of missing data found for this indicator, with their problems: a subject missing what an earlier
    /// one missed shares its list and problems.
    /// </summary>
    public readonly Scoring.RecentMemos<Scoring.MissingMemo> Missing = new(4);

    /// <summary>
    /// The last four sets of fields found zero when the value could not be computed (<c>when_undefined: missing</c>), with
    /// their problems, shared in the same way.
    /// </summary>
    public readonly Scoring.RecentMemos<Scoring.MissingMemo> ZeroDenominators = new(4);

    /// <summary>The "scored" sentences recently made for this indicator's non-numeric values (see <see cref="Scoring.SentenceMemos"/>).</summary>
    public readonly Scoring.SentenceMemos Sentences = new();
}

internal sealed class AggregateDef
{
    public required string Id { get; init; }
    public required Bilingual Name { get; init; }
    public CompiledExpr? Over { get; init; }
    /// <summary>What <see cref="Over"/> means for a reader (the rule file's <c>descriptions:</c>), if it says.</summary>
    public Bilingual? OverDescription { get; init; }
    public required string Kind { get; init; }
    public required CompiledExpr Of { get; init; }
    public CompiledExpr? Denominator { get; init; }
    public required IReadOnlyList<TargetCase> Targets { get; init; }
    public string? Source { get; init; }
    public required Display Display { get; init; }
    public required Provenance DefinedIn { get; init; }
}

internal sealed class VetoDef
{
    public required string Id { get; init; }
    public required Bilingual Name { get; init; }
    public required CompiledExpr When { get; init; }
    public required string Effect { get; init; }
    public string? CapGrade { get; init; }
    public string? Source { get; init; }
    public required Provenance DefinedIn { get; init; }

    private Explanation? _notTriggered, _undecided;
    public Explanation NotTriggered => _notTriggered ??= new($"{Name.Zh}：未触发", $"{Name.En}: not triggered");
    public Explanation Undecided => _undecided ??= new($"{Name.Zh}：缺少数据，无法判断", $"{Name.En}: cannot be decided, data missing");
}

/// <summary>A kind of subject the rule set does not assess: every indicator is set aside with the reason, and no grade is given.</summary>
internal sealed class ExclusionDef
{
    public required int Index { get; init; }
    public required CompiledExpr When { get; init; }
    public required Bilingual Reason { get; init; }
    public string? Source { get; init; }

    private Explanation?[]? _explanations;

    /// <summary>The sentence for an indicator set aside by this exclusion, made once per indicator (subjects share it).</summary>
    public Explanation ExplanationFor(IndicatorDef ind, int count)
    {
        var all = _explanations ??= new Explanation?[count];
        return all[ind.Index] ??= new Explanation($"{ind.Name.Zh}：不适用（{Reason.Zh}）", $"{ind.Name.En}: not applicable ({Reason.En})");
    }

    private Problem? _problem;

    /// <summary>The one problem an excluded subject gets (the same for every such subject).</summary>
    public Problem ProblemFor(string field, RuleSetRef rs) =>
        _problem ??= new Problem(field, "AS5012", $"not assessed under {rs.Scheme}@{rs.Version}: {Reason.Zh} / {Reason.En}");
}

internal sealed class GradeDef
{
    public required string Grade { get; init; }
    public decimal? Min { get; init; }
    public decimal? Top { get; init; }
}

internal sealed class GradingDef
{
    public required string Method { get; init; }
    public required string Basis { get; init; }
    /// <summary>Best grade first.</summary>
    public required IReadOnlyList<GradeDef> Grades { get; init; }
    public required IReadOnlyList<string> StratifyBy { get; init; }
    public CompiledExpr? Pass { get; init; }
    public required string Rounding { get; init; }
    public string? Note { get; init; }
    public required Scale Scale { get; init; }
    /// <summary>The least share of a subject's full points that must apply in the assessment year for a grade (0..1).</summary>
    public decimal MinCoverage { get; init; } = DefaultMinCoverage;
    /// <summary>The minimum coverage when a rule set states none: half of the subject's full points.</summary>
    public const decimal DefaultMinCoverage = 0.5m;
}

internal sealed record DimensionDef(string Id, Bilingual Name, string? Parent);
