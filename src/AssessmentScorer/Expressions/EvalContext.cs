namespace AssessmentScorer.Expressions;

/// <summary>Subject attributes an expression can read, as values.</summary>
internal sealed class SubjectValues
{
    public Value Tier = Value.Missing;
    public Value Category = Value.Missing;
    public Value Kind = Value.Missing;
    public Value Ownership = Value.Missing;
    public Value Region = Value.Missing;
    public Value Beds = Value.Missing;

    /// <summary>An attribute by its number (<see cref="Number"/>).</summary>
    public Value Get(int attribute) => attribute switch
    {
        0 => Tier,
        1 => Category,
        2 => Kind,
        3 => Ownership,
        4 => Region,
        _ => Beds,
    };

    /// <summary>The number of a text attribute for <see cref="Get"/>; null for any other name.</summary>
    public static int? Number(string name) => name switch
    {
        "tier" => 0,
        "category" => 1,
        "kind" => 2,
        "ownership" => 3,
        "region" => 4,
        _ => null,
    };
}

/// <summary>
/// Everything one subject's evaluations read. A scorer's per-thread scratch reuses one subject after subject
/// (<see cref="Reset"/>); expressions read it, and the scorer writes the indicator values and locals as it goes (and
/// <see cref="InYear"/> moves the year for a moment).
/// </summary>
internal sealed class EvalContext
{
    public EvalContext(Value[] current, Value[]? previous, SubjectValues subject, int year, int? previousYear, int indicatorCount)
        : this(current, previous, subject, year, previousYear, new Value[indicatorCount]) { }

    public EvalContext(Value[] current, Value[]? previous, SubjectValues subject, int year, int? previousYear, Value[] indicators)
    {
        Current = current;
        Previous = previous;
        Subject = subject;
        Year = year;
        PreviousYear = previousYear;
        Indicators = indicators;
    }

    private static readonly SubjectValues NoSubject = new();

    /// <summary>A context for expressions that read only the scorer's locals (grade, totals) and the years.</summary>
    public static EvalContext WithoutValues(int year, int? previousYear) =>
        new(Array.Empty<Value>(), null, NoSubject, year, previousYear, Array.Empty<Value>());

    public Value[] Current { get; private set; }
    public Value[]? Previous { get; private set; }
    public SubjectValues Subject { get; private set; }
    public int Year { get; private set; }
    public int? PreviousYear { get; private set; }

    /// <summary>
    /// The same context for another subject: a scorer's per-thread scratch keeps one rather than making one per
    /// subject (nothing a result keeps points at it). The indicator values array is the scratch's own; each indicator
    /// writes its value there before anything reads it.
    /// </summary>
    public void Reset(Value[] current, Value[]? previous, SubjectValues subject, int year, int? previousYear)
    {
        (Current, Previous, Subject, Year, PreviousYear) = (current, previous, subject, year, previousYear);
        Array.Clear(Locals);
        _memoKnown = 0;
    }

    /// <summary>
    /// A condition's value, worked out once per subject and kept in <paramref name="slot"/> (below 64). Only for
    /// conditions that read nothing but the subject's attributes and the year, which stay the same for as long as the
    /// context holds one subject (<see cref="Reset"/> forgets them); <see cref="InYear"/> evaluates its expression
    /// directly, never through here.
    /// </summary>
    public Value Memoized(int slot, Eval fn)
    {
        var bit = 1UL << slot;
        var memo = _memo ??= new Value[64];
        if ((_memoKnown & bit) != 0) return memo[slot];
        var v = fn(this);
        memo[slot] = v;
        _memoKnown |= bit;
        return v;
    }

    private Value[]? _memo;
    private ulong _memoKnown;
    /// <summary>An expression evaluated as if another year were assessed (the same data): coverage asks whether a rule applies later.</summary>
    public Value InYear(Eval fn, int year)
    {
        var kept = Year;
        Year = year;
        try { return fn(this); }
        finally { Year = kept; }
    }

    /// <summary>Indicator values of the current period, filled in dependency order.</summary>
    public Value[] Indicators { get; }
    /// <summary>Special values: grade, total, … (set by the scorer before the expressions that read them).</summary>
    public Value[] Locals { get; } = new Value[4];
}

internal static class LocalSlots
{
    public const int Grade = 0;
    public const int Total = 1;
    public const int MaxTotal = 2;
}
