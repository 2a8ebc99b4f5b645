namespace AssessmentScorer.Expressions;

/// <summary>One function of the expression language: its name, how many arguments it takes, and its documented form.</summary>
/// <param name="Name">The name as written: <c>round</c>.</param>
/// <param name="MinArgs">The fewest arguments.</param>
/// <param name="MaxArgs">The most (<see cref="int.MaxValue"/> for any number).</param>
/// <param name="Form">How docs/ruleset-language.md writes it (checked by a test): <c>round(x, digits)</c>.</param>
internal sealed record FunctionDef(string Name, int MinArgs, int MaxArgs, string Form);

/// <summary>
/// The table of expression functions: the one place a function is registered. The compiler checks names and argument
/// counts against it (and binds each in <c>ExpressionCompiler.BindCall</c>); the fuzz generator, the reference
/// evaluator's tests and the documentation check are read from it.
/// </summary>
internal static class ExpressionFunctions
{
    public static IReadOnlyList<FunctionDef> All { get; } = Array.AsReadOnly(new FunctionDef[]
    {
        new("if", 3, 3, "if(c, a, b)"),
        new("min", 1, int.MaxValue, "min(a, …)"),
        new("max", 1, int.MaxValue, "max(a, …)"),
        new("abs", 1, 1, "abs(x)"),
        new("round", 1, 2, "round(x, digits)"),
        new("coalesce", 2, int.MaxValue, "coalesce(a, b, …)"),
        new("present", 1, 1, "present(x)"),
        new("prev", 1, 1, "prev(expr)"),
        new("growth", 1, 1, "growth(expr)"),
    });

    private static readonly Dictionary<string, FunctionDef> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Every function's name, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToArray();

    /// <summary>The function named <paramref name="name"/>, or null.</summary>
    public static FunctionDef? Find(string name) => ByName.GetValueOrDefault(name);
}
