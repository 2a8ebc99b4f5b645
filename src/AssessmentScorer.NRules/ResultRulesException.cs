namespace AssessmentScorer.NRules;

/// <summary>A rules assembly that cannot be used (not found, not an assembly, no rules, a rule that does not compile), or a rule that failed while firing.</summary>
public sealed class ResultRulesException : Exception
{
    /// <summary>An exception with a message.</summary>
    public ResultRulesException(string message) : base(message) { }

    /// <summary>An exception with a message and its cause.</summary>
    public ResultRulesException(string message, Exception inner) : base(message, inner) { }

    /// <summary>An exception without a message.</summary>
    public ResultRulesException() { }
}
