using NRules.RuleModel;

namespace AssessmentScorer.NRules;

/// <summary>What a rule's consequence calls to record an action.</summary>
public static class RuleContextExtensions
{
    /// <summary>
    /// Records <paramref name="action"/> as a consequence of the firing rule (its name is set on the action). The
    /// action is inserted as a fact, so other rules may match on it; the same action recorded twice is kept once.
    /// </summary>
    /// <exception cref="ArgumentException">The action names no cause.</exception>
    public static void Act(this IContext context, ResultAction action)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(action);
        if (action.Causes is null || action.Causes.Count == 0)
            throw new ArgumentException($"rule '{context.Rule.Name}': an action needs at least one cause", nameof(action));
        context.TryInsert(action with { Rule = context.Rule.Name });
    }
}
