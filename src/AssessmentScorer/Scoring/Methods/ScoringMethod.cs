using AssessmentScorer.Expressions;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer.Scoring.Methods;

/// <summary>How the scorer reaches a method's points: which steps come before them.</summary>
internal enum MethodFlow : byte
{
    /// <summary>A target case is chosen and checked, then <see cref="ScoringMethod.Points"/> gives the points.</summary>
    Targets,
    /// <summary>A task reported done by its deadline with its evidence (<see cref="Scoring.Checklist"/>).</summary>
    Checklist,
    /// <summary>The value against last year's (<c>Engine.YearOverYear</c>).</summary>
    YearOverYear,
    /// <summary>Ranked against the other subjects of its stratum in a cohort (<see cref="Cohort"/>).</summary>
    Ranked,
}

/// <summary>
/// One scoring method as a single unit: its name, the <c>score:</c> keys it reads, what it needs when bound, how it
/// gives points and how its explanation says so, what rule-set tests' coverage asks of it. Every method is one
/// entry of <see cref="ScoringMethods"/>; the parser, binder, scorer, explanations, rule-set tests' coverage, the
/// schema and documentation checks all read that table.
/// </summary>
internal abstract class ScoringMethod
{
    /// <summary>The name written as <c>score: { method: … }</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The keys of <c>score:</c> it reads besides <c>method</c>, <c>points</c> and <c>weight</c>.</summary>
    public virtual IReadOnlyList<string> ScoreKeys => Array.Empty<string>();

    public virtual MethodFlow Flow => MethodFlow.Targets;

    /// <summary>False for a method that never gives points (monitor): no points needed, a maximum of 0.</summary>
    public virtual bool GivesPoints => true;

    /// <summary>Whether a rule-set test can expect it both met and not met (coverage's "never met" gaps).</summary>
    public virtual bool HasVerdict => GivesPoints && Flow != MethodFlow.Ranked;

    /// <summary>Whether a text value may be scored (compared for equality) rather than a number or level.</summary>
    public virtual bool AcceptsText => false;

    /// <summary>With targets of which none applies to a subject, the indicator does not apply to it.</summary>
    public virtual bool NoTargetMeansNotApplicable => false;

    /// <summary>Checks what the method needs (diagnostics <c>AS3012</c>, …) and binds its own parts into <paramref name="b"/>.</summary>
    public virtual void Bind(MethodBinding b) { }

    /// <summary>
    /// The points of a scored outcome whose target (if any) was checked (<c>o.Met</c> is set, <c>o.Value</c> is there);
    /// for the <see cref="MethodFlow.Targets"/> flow only.
    /// </summary>
    public virtual void Points(IndicatorDef ind, TargetCase? chosen, EvalContext ctx, ref Outcome o) =>
        throw new InvalidOperationException($"scoring method '{Name}' gives no points through targets (its flow is {Flow})");

    /// <summary>How the explanation says the points were worked out (empty when the verdict says it all).</summary>
    public virtual (string Zh, string En) How(bool? met, decimal points) => ("", "");
}

/// <summary>What binding one indicator's method reads and makes: the indicator as written, its bound targets and value type, and the method's parts.</summary>
internal sealed class MethodBinding
{
    public required RawIndicator Raw { get; init; }
    public required string Method { get; init; }
    public required IReadOnlyList<TargetCase> Targets { get; init; }
    public required decimal MaxPoints { get; init; }
    public required ExprType ValueType { get; init; }
    /// <summary>The indicator's value can be read as <c>value</c> (it has a value expression that parsed).</summary>
    public required bool HasValue { get; init; }
    public required DiagnosticBag Diagnostics { get; init; }
    /// <summary>Compiles an expression in the targets' scope (where <c>value</c> is the indicator's own value).</summary>
    public required Func<ExprSource, ExprType?, CompiledExpr?> Compile { get; init; }
    /// <summary>Binds a bound (a number, a level, or a by-year table) in the targets' scope.</summary>
    public required Func<RawBound, Bound?> BindBound { get; init; }
    /// <summary>A literal number (with %), or null with a diagnostic.</summary>
    public required Func<ExprSource, decimal?> ConstNumber { get; init; }

    // What the method binds.
    public Bound? Floor { get; set; }
    public List<Band> Bands { get; } = new();
    public List<(int Rank, string Level, decimal Points)> Levels { get; } = new();
    public CompiledExpr? MinChange { get; set; }
    public CompiledExpr? PreviousValue { get; set; }

    /// <summary>Reports that the method needs <paramref name="need"/> (<c>AS3012</c>).</summary>
    public void Needs(Location at, string need) => Diagnostics.Add(Errors.MethodNeeds(at, Raw.Id, Method, need));
}

/// <summary>
/// The table of scoring methods: the one place a method is registered. Its order is the order the parser's message
/// and the documentation list them in.
/// </summary>
internal static class ScoringMethods
{
    /// <summary>The bundled methods.</summary>
    public static IReadOnlyList<ScoringMethod> Builtin { get; } = Array.AsReadOnly(new ScoringMethod[]
    {
        new PassFailMethod(), new LinearMethod(), new BandsMethod(), new LevelsMethod(), new YearOverYearMethod(), new ChecklistMethod(),
        new RankedMethod("percentile"), new RankedMethod("rank"), new MonitorMethod(),
    });

    /// <summary>The keys every <c>score:</c> may have, whatever its method.</summary>
    public static IReadOnlyList<string> CommonKeys { get; } = new[] { "method", "points", "weight" };

    private static readonly object Gate = new();
    private static Dictionary<string, ScoringMethod> _byName = Builtin.ToDictionary(m => m.Name, StringComparer.Ordinal);
    private static string[] _names = Builtin.Select(m => m.Name).ToArray();
    private static string[] _keys = KeysOf(Builtin);

    /// <summary>Every method's name, in order.</summary>
    public static IReadOnlyList<string> Names => _names;

    /// <summary>The keys a <c>score:</c> mapping may hold: the common ones, then each method's own, once each.</summary>
    public static IReadOnlyList<string> ScoreKeys => _keys;

    /// <summary>The method named <paramref name="name"/>, or null.</summary>
    public static ScoringMethod? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The method named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">No method has that name (the parser lets no other name through).</exception>
    public static ScoringMethod Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"'{name}' is not a scoring method (the methods are {string.Join(", ", _names)})");

    /// <summary>
    /// Adds a method until the returned handle is disposed (tests of the extension path; a new bundled method is a
    /// line in <see cref="Builtin"/>).
    /// </summary>
    internal static IDisposable Add(ScoringMethod method)
    {
        lock (Gate)
        {
            if (_byName.ContainsKey(method.Name)) throw new InvalidOperationException($"scoring method '{method.Name}' is already registered");
            Set(_byName.Values.Append(method).ToArray());
        }
        return new Removal(method);
    }

    private static void Set(ScoringMethod[] all)
    {
        var ordered = Builtin.Where(all.Contains).Concat(all.Where(m => !Builtin.Contains(m))).ToArray();
        _byName = ordered.ToDictionary(m => m.Name, StringComparer.Ordinal);
        _names = ordered.Select(m => m.Name).ToArray();
        _keys = KeysOf(ordered);
    }

    private static string[] KeysOf(IEnumerable<ScoringMethod> methods) =>
        CommonKeys.Concat(methods.SelectMany(m => m.ScoreKeys)).Distinct(StringComparer.Ordinal).ToArray();

    private sealed class Removal(ScoringMethod method) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate) Set(_byName.Values.Where(m => m != method).ToArray());
        }
    }
}
