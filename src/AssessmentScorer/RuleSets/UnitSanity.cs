using System.Globalization;
using AssessmentScorer.Expressions;

namespace AssessmentScorer.RuleSets;

/// <summary>
/// Warns where a literal bound (a target, its upper end, a by-year entry, a linear floor) lies outside the range the
/// indicator's value can take: outside a single field's dictionary range, or above 1 on a percentage written without
/// <c>%</c> (<c>at_least: 15</c> on a share is 1,500%; "did you mean 15%?").
/// </summary>
internal static class UnitSanity
{
    public static void Check(MergedRuleSet m, IReadOnlyList<IndicatorDef> indicators, IReadOnlyDictionary<string, FieldDef> fields, DiagnosticBag d)
    {
        var raws = m.Indicators.ToDictionary(x => x.Indicator.Id, x => x.Indicator, StringComparer.Ordinal);
        foreach (var ind in indicators)
        {
            if (ind.Value is null || ind.ValueType.Kind != TypeKind.Number || !raws.TryGetValue(ind.Id, out var raw)) continue;
            var field = ind.Value.Ast is Ident id && fields.TryGetValue(id.Name, out var f) ? f : null;
            var (min, max) = field is not null ? (field.Min, field.Max) : (null, null);
            var share = ind.Display == Display.Percent && field is null && ind.Value.Ast is Binary { Op: "/" };
            if (min is null && max is null && !share) continue;
            foreach (var src in Bounds(raw))
            {
                if (!decimal.TryParse(src.Text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) continue;   // 15% or an expression
                string? range = null;
                if (min is { } lo && v < lo || max is { } hi && v > hi)
                    range = $"field {field!.Id} ranges {(min is { } a ? Results.Fmt.Plain(a) : "−∞")} to {(max is { } b ? Results.Fmt.Plain(b) : "+∞")}{(field.Unit is { } u ? $" ({u})" : "")}";
                else if (share && Math.Abs(v) > 1)
                    range = $"the value {ind.Value.Text} is a share, shown as a percentage";
                if (range is null) continue;
                var percentLike = (ind.Display == Display.Percent || field?.Unit == "%" || max is <= 1m) && Math.Abs(v) > 1 && Math.Abs(v) <= 100;
                d.Add(Errors.BoundOutOfRange(src.At, ind.Id, src.Text.Trim(), range,
                    percentLike ? $"{Results.Fmt.Plain(v)}%" : null));
            }
        }
    }

    /// <summary>Every literal bound the author wrote for an indicator, with its place.</summary>
    private static IEnumerable<ExprSource> Bounds(RawIndicator raw)
    {
        static IEnumerable<ExprSource> Of(RawBound? b) =>
            b is null ? Array.Empty<ExprSource>() : b.Expr is { } e ? new[] { e } : b.ByYear?.Select(y => y.Expr) ?? Array.Empty<ExprSource>();
        foreach (var c in raw.Target ?? Array.Empty<RawTargetCase>())
            foreach (var e in Of(c.Bound).Concat(Of(c.Upper))) yield return e;
        foreach (var e in Of(raw.Score?.From)) yield return e;
    }
}
