using System.Reflection;
using System.Runtime.Loader;
using NRules;
using NRules.Fluent;
using NRules.Fluent.Dsl;

namespace AssessmentScorer.NRules;

/// <summary>
/// A compiled pack of NRules rules (classes deriving from <see cref="Rule"/>) applied to assessment results. Each
/// subject is applied in a session of its own holding its result (<see cref="SubjectFact"/>, an
/// <see cref="IndicatorFact"/> per indicator, a <see cref="VetoFact"/> per veto), its earlier years' results from an
/// <see cref="IResultHistory"/> (the same facts with <c>Current</c> false) and the cohort (<see cref="CohortFact"/>);
/// the actions its rules record (<see cref="RuleContextExtensions.Act"/>) are collected. Thread-safe once made.
/// </summary>
public sealed class ResultRules
{
    private readonly ISessionFactory _factory;

    private ResultRules(ISessionFactory factory, IReadOnlyList<string> names)
    {
        _factory = factory;
        RuleNames = names;
    }

    /// <summary>The rules' names, in the order they were loaded.</summary>
    public IReadOnlyList<string> RuleNames { get; }

    /// <summary>Compiles the rule classes of an assembly file (a compiled rule pack).</summary>
    /// <exception cref="ResultRulesException">The file is missing, is not a .NET assembly, cannot be loaded, has no rule classes, or a rule does not compile; the message names the file.</exception>
    public static ResultRules Load(string assemblyPath)
    {
        ArgumentNullException.ThrowIfNull(assemblyPath);
        var full = Path.GetFullPath(assemblyPath);
        if (!File.Exists(full))
            throw new ResultRulesException($"{assemblyPath}: 规则程序集不存在 / rules assembly not found");
        Assembly assembly;
        try
        {
            assembly = new RulesLoadContext(full).LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException)
        {
            throw new ResultRulesException($"{assemblyPath}: 不是 .NET 程序集 / not a .NET assembly");
        }
        catch (FileLoadException e)
        {
            throw new ResultRulesException($"{assemblyPath}: 无法加载规则程序集 / the rules assembly cannot be loaded: {e.Message}", e);
        }
        return Load(assembly, assemblyPath);
    }

    /// <summary>Compiles the rule classes of an assembly already loaded.</summary>
    /// <exception cref="ResultRulesException">It has no rule classes, or a rule does not compile.</exception>
    public static ResultRules Load(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Load(assembly, assembly.GetName().Name ?? assembly.FullName ?? "assembly");
    }

    /// <summary>Compiles the given rule classes.</summary>
    /// <exception cref="ResultRulesException">None of them is a rule class, or a rule does not compile.</exception>
    public static ResultRules FromTypes(params Type[] ruleTypes)
    {
        ArgumentNullException.ThrowIfNull(ruleTypes);
        return Compile(ruleTypes.Where(IsRule).ToArray(), "the given types");
    }

    private static ResultRules Load(Assembly assembly, string name)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
            throw new ResultRulesException($"{name}: 规则程序集的类型无法加载（缺少依赖？） / the rules assembly's types cannot be loaded (a missing dependency?): {first}", e);
        }
        return Compile(types.Where(IsRule).ToArray(), name);
    }

    private static bool IsRule(Type t) => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && typeof(Rule).IsAssignableFrom(t);

    private static ResultRules Compile(Type[] ruleTypes, string name)
    {
        if (ruleTypes.Length == 0)
            throw new ResultRulesException($"{name}: 没有规则类（派生自 NRules.Fluent.Dsl.Rule 的类） / has no rule classes (classes deriving from NRules.Fluent.Dsl.Rule)");
        try
        {
            var repository = new RuleRepository();
            repository.Load(x => x.From(ruleTypes).PrivateTypes(true).NestedTypes(true));
            var names = repository.GetRuleSets().SelectMany(s => s.Rules).Select(r => r.Name).ToArray();
            return new ResultRules(repository.Compile(), names);
        }
        catch (RuleDefinitionException e)
        {
            throw new ResultRulesException($"{name}: 规则 {e.RuleTypeName} 定义有误 / rule {e.RuleTypeName} is not well defined: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (RuleCompilationException e)
        {
            throw new ResultRulesException($"{name}: 规则 {e.RuleName} 无法编译 / rule {e.RuleName} does not compile: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>Applies the rules to every subject of a cohort.</summary>
    /// <param name="cohort">The cohort's results.</param>
    /// <param name="ruleSet">The rule set they were scored under (its grades give each subject's grade band).</param>
    /// <param name="history">Earlier years' results, when the rules look back; null for none.</param>
    /// <exception cref="ResultRulesException">A rule failed while firing (the message names the rule and the subject).</exception>
    public ActionReport Apply(CohortResult cohort, CompiledRuleSet ruleSet, IResultHistory? history)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(ruleSet);
        var year = cohort.Results.Count > 0 ? cohort.Results[0].Year : 0;
        return Run(cohort.Results, Grades(ruleSet), new CohortFact(cohort.RuleSet, year, cohort.Results.Count, cohort.Aggregates), history);
    }

    /// <summary>Applies the rules to some subjects of a cohort (those a caller may see); the cohort fact stays the whole cohort.</summary>
    /// <param name="cohort">The cohort's results.</param>
    /// <param name="positions">The positions in <see cref="CohortResult.Results"/> to apply the rules to, in the order wanted.</param>
    /// <param name="ruleSet">The rule set they were scored under.</param>
    /// <param name="history">Earlier years' results, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A position is not one of the cohort's.</exception>
    /// <exception cref="ResultRulesException">A rule failed while firing.</exception>
    public ActionReport Apply(CohortResult cohort, IReadOnlyList<int> positions, CompiledRuleSet ruleSet, IResultHistory? history)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(ruleSet);
        var results = new AssessmentResult[positions.Count];
        for (var k = 0; k < results.Length; k++)
        {
            if ((uint)positions[k] >= (uint)cohort.Results.Count) throw new ArgumentOutOfRangeException(nameof(positions), positions[k], "not a position of the cohort's results");
            results[k] = cohort.Results[positions[k]];
        }
        var year = cohort.Results.Count > 0 ? cohort.Results[0].Year : 0;
        return Run(results, Grades(ruleSet), new CohortFact(cohort.RuleSet, year, cohort.Results.Count, cohort.Aggregates), history);
    }

    /// <summary>Applies the rules to one subject's result (scored alone: its cohort is itself).</summary>
    /// <param name="result">The subject's result.</param>
    /// <param name="ruleSet">The rule set it was scored under.</param>
    /// <param name="history">Earlier years' results, or null.</param>
    /// <exception cref="ResultRulesException">A rule failed while firing.</exception>
    public ActionReport Apply(AssessmentResult result, CompiledRuleSet ruleSet, IResultHistory? history)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(ruleSet);
        return Run([result], Grades(ruleSet), new CohortFact(result.RuleSet, result.Year, 1, []), history);
    }

    private static string[] Grades(CompiledRuleSet ruleSet) => ruleSet.Grading?.Grades.Select(g => g.Grade).ToArray() ?? [];

    private ActionReport Run(IReadOnlyList<AssessmentResult> results, string[] grades, CohortFact cohort, IResultHistory? history)
    {
        var actions = new List<(int Order, ResultAction Action)>();
        var facts = new List<object>(64);
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            facts.Clear();
            facts.Add(cohort);
            AddFacts(facts, result, grades, current: true);
            if (history is not null)
                foreach (var earlier in history.Earlier(result.Subject.Id, result.RuleSet.Scheme, result.Year))
                    if (earlier.Year < result.Year) AddFacts(facts, earlier, grades, current: false);
            var session = _factory.CreateSession();
            try
            {
                session.InsertAll(facts);
                session.Fire();
            }
            catch (RuleExecutionException e)
            {
                throw new ResultRulesException($"{result.Subject.Id} ({result.Year}): 规则执行失败 / a rule failed: {e.Message} {e.InnerException?.Message}".TrimEnd(), e);
            }
            foreach (var a in session.Query<ResultAction>()) actions.Add((i, a));
        }
        // Subjects in input order; within a subject by rule, kind and details (the agenda's order is not a contract).
        // Details are compared only between actions of the same rule and kind; the index keeps the sort stable.
        var keyed = new (int Order, int Index, ResultAction Action)[actions.Count];
        for (var k = 0; k < keyed.Length; k++) keyed[k] = (actions[k].Order, k, actions[k].Action);
        Array.Sort(keyed, static (x, y) =>
        {
            var c = x.Order.CompareTo(y.Order);
            if (c == 0) c = string.CompareOrdinal(x.Action.Rule, y.Action.Rule);
            if (c == 0) c = string.CompareOrdinal(x.Action.Kind, y.Action.Kind);
            if (c == 0) c = CompareDetails(x.Action.Details(), y.Action.Details());
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        });
        var ordered = new ResultAction[keyed.Length];
        for (var k = 0; k < keyed.Length; k++) ordered[k] = keyed[k].Action;
        return new ActionReport(results.Count, ordered);
    }

    private static int CompareDetails(IReadOnlyList<KeyValuePair<string, string>> a, IReadOnlyList<KeyValuePair<string, string>> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = string.CompareOrdinal(a[i].Value, b[i].Value);
            if (c != 0) return c;
        }
        return a.Count.CompareTo(b.Count);
    }

    private static void AddFacts(List<object> facts, AssessmentResult result, string[] grades, bool current)
    {
        facts.Add(new SubjectFact(result, grades, current));
        foreach (var ind in result.Indicators) facts.Add(new IndicatorFact(result, ind, current));
        foreach (var veto in result.Vetoes) facts.Add(new VetoFact(result, veto, current));
    }

    /// <summary>Loads a rules assembly in a context of its own; what the host has (the library, NRules) is shared with it.</summary>
    private sealed class RulesLoadContext(string path) : AssemblyLoadContext($"rules:{path}")
    {
        private readonly AssemblyDependencyResolver? _resolver = TryResolver(path);

        protected override Assembly? Load(AssemblyName name)
        {
            try
            {
                return Default.LoadFromAssemblyName(name);   // the host's copy: rule and fact types must be the host's
            }
            catch (FileNotFoundException)
            {
                var p = _resolver?.ResolveAssemblyToPath(name);
                return p is null ? null : LoadFromAssemblyPath(p);
            }
        }

        private static AssemblyDependencyResolver? TryResolver(string path)
        {
            try { return new AssemblyDependencyResolver(path); }
            catch (InvalidOperationException) { return null; }
        }
    }
}
