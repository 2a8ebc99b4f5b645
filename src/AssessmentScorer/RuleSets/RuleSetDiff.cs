using AssessmentScorer.RuleSets;

namespace AssessmentScorer;

/// <summary>One semantic difference between two rule sets.</summary>
/// <param name="Change"><c>added</c>, <c>removed</c> or <c>changed</c>.</param>
/// <param name="Element"><c>indicator</c>, <c>aggregate</c>, <c>veto</c>, <c>exclusion</c>, <c>field</c>, <c>grading</c> or <c>ruleset</c>.</param>
/// <param name="Id">The element's id (or the grade name for grading).</param>
/// <param name="Aspect">What changed: <c>target</c>, <c>points</c>, <c>method</c>, <c>scoring</c> (floor, bands, levels, direction, weight), <c>value</c>, <c>appliesWhen</c>, <c>whenUndefined</c>, <c>task</c>, <c>cutoff</c>, <c>minCoverage</c>, <c>effective</c>, <c>appliesTo</c>, …; empty for added or removed.</param>
/// <param name="Before">The old text, if any.</param>
/// <param name="After">The new text, if any.</param>
public sealed record RuleSetChange(string Change, string Element, string Id, string Aspect, string? Before, string? After);

/// <summary>The semantic difference between two versions of a scheme (or any two rule sets).</summary>
/// <param name="From">The old rule set.</param>
/// <param name="To">The new rule set.</param>
/// <param name="Changes">Every difference, indicators in the new rule set's order, then removed ones, aggregates, vetoes and grading.</param>
public sealed record RuleSetDifference(RuleSetRef From, RuleSetRef To, IReadOnlyList<RuleSetChange> Changes);

/// <summary>Compares rule sets by meaning (indicators, targets, points, methods, cut-offs), not by text.</summary>
public static class RuleSetDiff
{
    /// <summary>What changed from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static RuleSetDifference Compare(CompiledRuleSet from, CompiledRuleSet to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var changes = new List<RuleSetChange>();
        Same(changes, "ruleset", to.Scheme, "effective", from.EffectivePeriod, to.EffectivePeriod);
        Same(changes, "ruleset", to.Scheme, "status", from.Status, to.Status);
        Same(changes, "ruleset", to.Scheme, "appliesTo", RuleSetCanon.AppliesTo(from.Model.Merged.Own.AppliesTo), RuleSetCanon.AppliesTo(to.Model.Merged.Own.AppliesTo));
        Same(changes, "ruleset", to.Scheme, "totalPoints", Results.Fmt.Plain(from.Model.Merged.TotalPoints ?? 100m), Results.Fmt.Plain(to.Model.Merged.TotalPoints ?? 100m));
        var oldRaw = from.Model.Merged.Indicators.ToDictionary(i => i.Indicator.Id, i => i.Indicator, StringComparer.Ordinal);
        var newRaw = to.Model.Merged.Indicators.ToDictionary(i => i.Indicator.Id, i => i.Indicator, StringComparer.Ordinal);
        var old = from.Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var oldDefs = from.Model.Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var newDefs = to.Model.Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var oldTasks = from.Model.Indicators.ToDictionary(i => i.Id, i => Task(i.Task), StringComparer.Ordinal);
        var newTasks = to.Model.Indicators.ToDictionary(i => i.Id, i => Task(i.Task), StringComparer.Ordinal);
        foreach (var n in to.Indicators)
        {
            if (!old.TryGetValue(n.Id, out var o))
            {
                changes.Add(new RuleSetChange("added", "indicator", n.Id, "", null, Describe(n)));
                continue;
            }
            Same(changes, "indicator", n.Id, "name", $"{o.Name} / {o.NameEn}", $"{n.Name} / {n.NameEn}");
            Same(changes, "indicator", n.Id, "dimension", o.Dimension, n.Dimension);
            Same(changes, "indicator", n.Id, "value", o.Value, n.Value);
            Same(changes, "indicator", n.Id, "appliesWhen", o.AppliesWhen, n.AppliesWhen);
            // The compiled summary first (it reads best); the cases as written when the summaries agree but a key differs.
            if (!Same(changes, "indicator", n.Id, "target", string.Join("; ", o.Targets), string.Join("; ", n.Targets)))
                Same(changes, "indicator", n.Id, "target", RuleSetCanon.Targets(oldRaw[n.Id].Target), RuleSetCanon.Targets(newRaw[n.Id].Target));
            Same(changes, "indicator", n.Id, "method", o.Method, n.Method);
            Same(changes, "indicator", n.Id, "scoring", RuleSetCanon.Scoring(oldRaw[n.Id]), RuleSetCanon.Scoring(newRaw[n.Id]));
            Same(changes, "indicator", n.Id, "unit", oldRaw[n.Id].Unit, newRaw[n.Id].Unit);
            Same(changes, "indicator", n.Id, "whenUndefined", Reading(oldDefs[n.Id]), Reading(newDefs[n.Id]));
            // Points as scored; as written when those agree (a monitored indicator's points count for nothing today, not for ever).
            if (!Same(changes, "indicator", n.Id, "points", Results.Fmt.Plain(o.MaxPoints), Results.Fmt.Plain(n.MaxPoints)))
                Same(changes, "indicator", n.Id, "points", Written(oldRaw[n.Id].Points), Written(newRaw[n.Id].Points));
            Same(changes, "indicator", n.Id, "task", oldTasks[n.Id], newTasks[n.Id]);
            Same(changes, "indicator", n.Id, "taskText", RuleSetCanon.TaskText(oldRaw[n.Id].Task), RuleSetCanon.TaskText(newRaw[n.Id].Task));
            Same(changes, "indicator", n.Id, "source", o.Source, n.Source);
        }
        var now = to.Indicators.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var o in from.Indicators.Where(i => !now.Contains(i.Id)))
            changes.Add(new RuleSetChange("removed", "indicator", o.Id, "", Describe(o), null));

        Keyed(changes, "aggregate", from.Model.Aggregates.ToDictionary(a => a.Id, Aggregate), to.Model.Aggregates.ToDictionary(a => a.Id, Aggregate));
        var oldAggs = from.Model.Merged.Aggregates.ToDictionary(a => a.Aggregate.Id, a => RuleSetCanon.Targets(a.Aggregate.Target), StringComparer.Ordinal);
        foreach (var (a, _) in to.Model.Merged.Aggregates)
            if (oldAggs.TryGetValue(a.Id, out var before) && !changes.Any(c => c.Element == "aggregate" && c.Id == a.Id))
                Same(changes, "aggregate", a.Id, "target", before, RuleSetCanon.Targets(a.Target));
        Keyed(changes, "field", Fields(from), Fields(to));
        Keyed(changes, "veto", from.Model.Vetoes.ToDictionary(v => v.Id, Veto), to.Model.Vetoes.ToDictionary(v => v.Id, Veto));
        Keyed(changes, "exclusion", Exclusions(from), Exclusions(to));
        Same(changes, "grading", "method", "method", Grading(from.Model.Grading), Grading(to.Model.Grading));
        Keyed(changes, "grading", Grades(from.Model.Grading), Grades(to.Model.Grading), aspect: "cutoff");
        Same(changes, "grading", "pass", "pass", from.Model.Grading?.Pass?.Text, to.Model.Grading?.Pass?.Text);
        Same(changes, "grading", "minCoverage", "minCoverage", MinCoverage(from.Model.Grading), MinCoverage(to.Model.Grading));
        Same(changes, "grading", "rounding", "rounding", RuleSetCanon.GradingExtra(from.Model.Merged.Grading?.Grading), RuleSetCanon.GradingExtra(to.Model.Merged.Grading?.Grading));
        return new RuleSetDifference(from.Reference, to.Reference, changes);
    }

    private static string? Written(decimal? points) => points is { } p ? Results.Fmt.Plain(p) : null;

    private static string Reading(IndicatorDef d) => d.WhenUndefined switch
    {
        UndefinedReading.NotApplicable => "not_applicable",
        UndefinedReading.Zero => "zero",
        UndefinedReading.Missing => "missing",
        _ => "undefined",
    };

    /// <summary>The subjects a rule set does not assess, by their condition.</summary>
    private static Dictionary<string, string> Exclusions(CompiledRuleSet r) =>
        r.Model.Exclusions.GroupBy(x => x.When.Text, StringComparer.Ordinal).ToDictionary(g => g.Key, g => $"{g.First().Reason.Zh} / {g.First().Reason.En}", StringComparer.Ordinal);

    private static string Describe(IndicatorInfo i) =>
        $"{i.Name} / {i.NameEn}: {i.Value ?? "task"}; {string.Join("; ", i.Targets)}; {i.Method}, {Results.Fmt.Plain(i.MaxPoints)} points";

    private static string Aggregate(AggregateDef a) =>
        $"{a.Kind} {a.Of.Text}{(a.Denominator is null ? "" : $" / {a.Denominator.Text}")}{(a.Over is null ? "" : $" over {a.Over.Text}")}; {string.Join("; ", a.Targets.Select(CompiledRuleSet.TargetDescription))}";

    private static string Veto(VetoDef v) => $"when {v.When.Text}: {(v.Effect == "fail" ? "fail" : $"cap grade at {v.CapGrade}")}";

    private static string? MinCoverage(GradingDef? g) => g is null ? null : Results.Fmt.Percent(g.MinCoverage);

    /// <summary>A task as the diff compares it: its window, evidence (and how it is matched) and check.</summary>
    private static string? Task(TaskDef? t)
    {
        if (t is null) return null;
        static string? Day(DateOnly? d, (int Month, int Day)? y) =>
            d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? (y is { } md ? $"{md.Month:00}-{md.Day:00}" : null);
        return $"from {Day(t.From, t.YearlyFrom) ?? "…"} to {Day(t.Deadline, t.YearlyDeadline) ?? "…"}; evidence [{string.Join(", ", t.Evidence)}]"
            + $" ({(t.MatchNames ? "by name" : $"at least {t.MinEvidence}")}){(t.Check is { } c ? $"; check {c.Text}" : "")}";
    }

    private static string? Grading(GradingDef? g) => g is null ? null : $"{g.Method} ({g.Basis}{(g.StratifyBy.Count > 0 ? $", by {string.Join("/", g.StratifyBy)}" : "")})";

    private static Dictionary<string, string> Grades(GradingDef? g) => g is null ? new()
        : g.Grades.ToDictionary(x => x.Grade, x => x.Min is { } m ? $"≥ {Results.Fmt.Plain(m)}" : x.Top is { } t ? $"top {Results.Fmt.Plain(t * 100)}%" : "the rest");

    /// <summary>Records a change when the texts differ; true when they do.</summary>
    private static bool Same(List<RuleSetChange> changes, string element, string id, string aspect, string? before, string? after)
    {
        if (string.Equals(before, after, StringComparison.Ordinal)) return false;
        changes.Add(new RuleSetChange("changed", element, id, aspect, before, after));
        return true;
    }

    /// <summary>The rule set's own fields (a valid value's range decides which rows are rejected).</summary>
    private static Dictionary<string, string> Fields(CompiledRuleSet r) =>
        r.Model.Merged.Fields.ToDictionary(f => f.Field.Id, f => RuleSetCanon.Field(f.Field), StringComparer.Ordinal);

    private static void Keyed(List<RuleSetChange> changes, string element, Dictionary<string, string> before, Dictionary<string, string> after, string aspect = "definition")
    {
        foreach (var (id, text) in after)
        {
            if (!before.TryGetValue(id, out var old)) changes.Add(new RuleSetChange("added", element, id, "", null, text));
            else Same(changes, element, id, aspect, old, text);
        }
        foreach (var (id, text) in before)
            if (!after.ContainsKey(id)) changes.Add(new RuleSetChange("removed", element, id, "", text, null));
    }
}
