namespace AssessmentScorer.RuleSets;

/// <summary>A rule set with everything it inherits folded in, each rule carrying its provenance.</summary>
internal sealed class MergedRuleSet
{
    public required RawRuleSet Own { get; init; }
    public required List<(RawField Field, Provenance From)> Fields { get; init; }
    public required List<RawScale> Scales { get; init; }
    public required List<RawDimension> Dimensions { get; init; }
    public required List<(RawIndicator Indicator, Provenance From)> Indicators { get; init; }
    public required List<(RawAggregate Aggregate, Provenance From)> Aggregates { get; init; }
    public required List<(RawVeto Veto, Provenance From)> Vetoes { get; init; }
    public (RawGrading Grading, Provenance From)? Grading { get; init; }
    public decimal? TotalPoints { get; init; }
    public required IReadOnlyList<string> Lineage { get; init; }
    /// <summary>The descriptions of conditions, the parent's with the child's added or replacing them.</summary>
    public IReadOnlyDictionary<string, Bilingual> Descriptions { get; init; } = new Dictionary<string, Bilingual>();
    /// <summary>The source documents of this rule set and of those it extends (the child's first).</summary>
    public IReadOnlyList<RawSourceDoc> Sources { get; init; } = Array.Empty<RawSourceDoc>();
}

internal static class Merger
{
    public static MergedRuleSet Merge(RawRuleSet own, MergedRuleSet? parent, DiagnosticBag diags)
    {
        var me = new Provenance(own.RelativePath, own.Scheme, own.Version.ToString(), Array.Empty<string>(), null);
        var fields = ById(parent?.Fields, own.Fields.Select(f => (f, me)), x => x.Item1.Id);
        var scales = ById(parent?.Scales, own.Scales, x => x.Id);
        var dims = ById(parent?.Dimensions, own.Dimensions, x => x.Id);
        var inds = parent?.Indicators.ToList() ?? new();
        foreach (var (id, at) in own.Remove)
        {
            var i = inds.FindIndex(x => x.Indicator.Id == id);
            if (i < 0) diags.Add(Errors.UnknownIndicator(at, id, own.Extends is null ? "this rule set (remove needs extends)" : $"the rule set it extends ({own.Extends.Value.Reference})"));
            else inds.RemoveAt(i);
        }
        foreach (var ind in own.Indicators)
        {
            var i = inds.FindIndex(x => x.Indicator.Id == ind.Id);
            if (i < 0) { inds.Add((ind, me)); continue; }
            var (baseInd, baseFrom) = inds[i];
            var overrides = ind.Keys.Where(k => k != "id").OrderBy(k => k, StringComparer.Ordinal).ToArray();
            var merged = baseInd with
            {
                Name = ind.Name ?? baseInd.Name,
                Dimension = ind.Keys.Contains("dimension") ? ind.Dimension : baseInd.Dimension,
                Value = ind.Value ?? baseInd.Value,
                AppliesWhen = ind.Keys.Contains("applies_when") ? ind.AppliesWhen : baseInd.AppliesWhen,
                Target = ind.Keys.Contains("target") ? ind.Target : baseInd.Target,
                Score = ind.Score ?? baseInd.Score,
                // Points and weight replace each other: an override giving one drops the other.
                Points = ind.Keys.Contains("points") ? ind.Points : ind.Keys.Contains("weight") ? null : baseInd.Points,
                Weight = ind.Keys.Contains("weight") ? ind.Weight : ind.Keys.Contains("points") ? null : baseInd.Weight,
                Source = ind.Source ?? baseInd.Source,
                Unit = ind.Unit ?? baseInd.Unit,
                Task = ind.Task ?? baseInd.Task,
                Tags = ind.Tags ?? baseInd.Tags,
                Note = ind.Note ?? baseInd.Note,
                WhenUndefined = ind.Keys.Contains("when_undefined") ? ind.WhenUndefined : baseInd.WhenUndefined,
                Keys = baseInd.Keys.Union(ind.Keys).ToHashSet(StringComparer.Ordinal),
            };
            inds[i] = (merged, me with { Overrides = overrides, Base = baseFrom });
        }
        var aggs = ById(parent?.Aggregates, own.Aggregates.Select(x => (x, me)), x => x.Item1.Id);
        var vetoes = ById(parent?.Vetoes, own.Vetoes.Select(x => (x, me)), x => x.Item1.Id);
        return new MergedRuleSet
        {
            Own = own,
            Fields = fields,
            Scales = scales,
            Dimensions = dims,
            Indicators = inds,
            Aggregates = aggs,
            Vetoes = vetoes,
            Grading = own.Grading is not null ? (own.Grading, me) : parent?.Grading,
            TotalPoints = own.TotalPoints ?? parent?.TotalPoints,
            Sources = own.Sources.Concat(parent?.Sources ?? Array.Empty<RawSourceDoc>()).ToArray(),
            Descriptions = parent is null ? own.Descriptions
                : own.Descriptions.Aggregate(new Dictionary<string, Bilingual>(parent.Descriptions, StringComparer.Ordinal), (d, kv) => { d[kv.Key] = kv.Value; return d; }),
            Lineage = (parent?.Lineage ?? Array.Empty<string>()).Append($"{own.Scheme}@{own.Version}:{own.Digest}").ToArray(),
        };
    }

    /// <summary>The parent's items with the child's replacing those of the same id, new ids appended.</summary>
    private static List<T> ById<T>(IEnumerable<T>? inherited, IEnumerable<T> own, Func<T, string> id)
    {
        var list = inherited?.ToList() ?? new List<T>();
        foreach (var item in own)
        {
            var i = list.FindIndex(x => id(x) == id(item));
            if (i >= 0) list[i] = item; else list.Add(item);
        }
        return list;
    }
}
