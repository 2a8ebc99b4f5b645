using System.Globalization;
using System.Text;

namespace AssessmentScorer.RuleSets;

/// <summary>
/// Location-free texts of the rule-set parts that can change a result, as written (after inheritance is folded in):
/// the diff compares them so that no scoring key — a <c>when</c> case, a <c>by_year</c> entry, a band, a level,
/// a linear <c>from</c>, a weight — changes unseen, even where the compiled summaries read the same.
/// </summary>
internal static class RuleSetCanon
{
    private static string N(decimal d) => d.ToString(CultureInfo.InvariantCulture);
    private static string N(decimal? d) => d is { } v ? N(v) : "—";

    public static string Bound(RawBound? b)
    {
        if (b is null) return "—";
        if (b.Expr is { } e) return e.Text;
        return "{" + string.Join(", ", (b.ByYear ?? Array.Empty<(int, ExprSource)>()).Select(y => $"{y.Year}: {y.Expr.Text}")) + "}";
    }

    /// <summary>Every target case: its condition, comparison, bound, upper bound, tolerance and side.</summary>
    public static string? Targets(IReadOnlyList<RawTargetCase>? cases)
    {
        if (cases is null) return null;
        return string.Join("; ", cases.Select(c =>
        {
            var s = new StringBuilder();
            if (c.When is { } w) s.Append("when ").Append(w.Text).Append(": ");
            s.Append(c.Op).Append(' ').Append(Bound(c.Bound));
            if (c.Upper is not null) s.Append(" to ").Append(Bound(c.Upper));
            if (c.Tolerance is not null) s.Append(" ± ").Append(Bound(c.Tolerance));
            if (c.Side is { } side) s.Append(" side ").Append(side);
            return s.ToString();
        }));
    }

    /// <summary>The scoring parameters besides the method and points: floor, bands, levels, late points, direction, minimum change, weight.</summary>
    public static string Scoring(RawIndicator i)
    {
        var s = new StringBuilder();
        if (i.Score is { } sc)
        {
            if (sc.From is not null) s.Append("from ").Append(Bound(sc.From)).Append("; ");
            if (sc.Bands.Count > 0)
                s.Append("bands ").Append(string.Join(", ", sc.Bands.Select(b => $"[{b.From?.Text ?? "…"}, {b.To?.Text ?? "…"}) {N(b.Points)}"))).Append("; ");
            if (sc.Levels.Count > 0)
                s.Append("levels ").Append(string.Join(", ", sc.Levels.Select(l => $"{l.Level} {N(l.Points)}"))).Append("; ");
            if (sc.LatePoints is { } late) s.Append("late ").Append(N(late)).Append("; ");
            if (sc.Direction is { } dir) s.Append("direction ").Append(dir).Append("; ");
            if (sc.MinChange is { } mc) s.Append("min_change ").Append(mc.Text).Append("; ");
            if (sc.Points is { } p) s.Append("score points ").Append(N(p)).Append("; ");
            if (sc.Weight is { } sw) s.Append("score weight ").Append(N(sw)).Append("; ");
        }
        if (i.Weight is { } w) s.Append("weight ").Append(N(w)).Append("; ");
        return s.Length == 0 ? "—" : s.ToString(0, s.Length - 2);
    }

    /// <summary>A task as written: its standard and method texts (dates, evidence and check are compared from the compiled task).</summary>
    public static string? TaskText(RawTask? t) => t is null ? null : $"{t.Standard?.Zh} / {t.Standard?.En}; {t.Method}";

    public static string Field(RawField f) =>
        $"{f.Type}{(f.Unit is { } u ? $" {u}" : "")}; min {N(f.Min)}; max {N(f.Max)}{(f.Scale is { } sc ? $"; scale {sc}" : "")}{(f.Values is { } v ? $"; values [{string.Join(", ", v)}]" : "")}";

    public static string AppliesTo(RawAppliesTo a) =>
        $"kind [{string.Join(", ", a.Kinds)}]; tiers [{string.Join(", ", a.Tiers)}]; categories [{string.Join(", ", a.Categories)}]; ownership {a.Ownership ?? "any"}";

    public static string? GradingExtra(RawGrading? g) => g is null ? null : $"rounding {g.Rounding}";
}
