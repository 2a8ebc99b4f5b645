namespace AssessmentScorer;

/// <summary>Limits that keep loading a rule file bounded in time and memory whatever its content.</summary>
/// <param name="MaxFileBytes">Largest rule file, in bytes (UTF-8).</param>
/// <param name="MaxDepth">Deepest YAML nesting.</param>
/// <param name="MaxNodes">Most YAML nodes, counting every alias expansion.</param>
/// <param name="MaxExpressionLength">Longest expression, in characters.</param>
/// <param name="MaxExpressionDepth">Deepest expression nesting (parentheses, operators, calls).</param>
public sealed record RuleSetLimits(int MaxFileBytes = 2 * 1024 * 1024, int MaxDepth = 64, int MaxNodes = 200_000,
    int MaxExpressionLength = 2_000, int MaxExpressionDepth = 48)
{
    /// <summary>The limits used when none are given.</summary>
    public static RuleSetLimits Default { get; } = new();
}
