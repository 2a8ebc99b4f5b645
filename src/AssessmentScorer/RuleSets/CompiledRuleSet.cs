using System.Security.Cryptography;
using System.Text;
using AssessmentScorer.RuleSets;
using AssessmentScorer.Scoring;

namespace AssessmentScorer;

/// <summary>An indicator as the rule set defines it (for listing and documentation; scoring uses the compiled form).</summary>
/// <param name="Id">Indicator id.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Dimension">Dimension id.</param>
/// <param name="Value">The value expression, or null for a checklist task.</param>
/// <param name="AppliesWhen">The applicability condition, if any.</param>
/// <param name="Targets">Target cases in order, as text (<c>when tier == 'tertiary': ≥ 5</c>).</param>
/// <param name="Method">Scoring method.</param>
/// <param name="MaxPoints">Points available.</param>
/// <param name="Source">Source clause.</param>
/// <param name="Tags">Tags such as <c>national_monitoring</c>.</param>
/// <param name="DefinedIn">The rule file that defined it.</param>
public sealed record IndicatorInfo(string Id, string Name, string NameEn, string? Dimension, string? Value, string? AppliesWhen,
    IReadOnlyList<string> Targets, string Method, decimal MaxPoints, string? Source, IReadOnlyList<string> Tags, RuleOrigin DefinedIn);

/// <summary>A data field a rule set reads, with what a valid value looks like.</summary>
/// <param name="Id">Data-dictionary id (or the rule set's own).</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Type"><c>integer</c>, <c>number</c>, <c>boolean</c>, <c>text</c> or <c>level</c>.</param>
/// <param name="Unit">Unit, if any.</param>
/// <param name="Min">Smallest valid value.</param>
/// <param name="Max">Largest valid value.</param>
/// <param name="Values">Allowed texts or levels (lowest first), if restricted.</param>
/// <param name="Previous">True when last period's value is read too.</param>
public sealed record DataField(string Id, string Name, string NameEn, string Type, string? Unit, decimal? Min, decimal? Max, IReadOnlyList<string>? Values, bool Previous);

/// <summary>A grade of a rule set's grading: a minimum (cut-offs) or a top share of the stratum (percentile).</summary>
/// <param name="Grade">The grade name.</param>
/// <param name="Min">Minimum score for cut-off grading.</param>
/// <param name="Top">Top share of the stratum for percentile grading (0.01 = top 1%).</param>
public sealed record GradeInfo(string Grade, decimal? Min, decimal? Top);

/// <summary>How a rule set grades and passes a subject.</summary>
/// <param name="Method"><c>cutoffs</c> or <c>percentile</c>.</param>
/// <param name="Basis"><c>points</c> or <c>percent</c> (of the subject's maximum).</param>
/// <param name="Grades">Best grade first.</param>
/// <param name="StratifyBy">Subject attributes that split a cohort for percentile grading.</param>
/// <param name="Pass">The pass condition, if any.</param>
/// <param name="Note">Notes, e.g. which parts are assumptions.</param>
public sealed record GradingInfo(string Method, string Basis, IReadOnlyList<GradeInfo> Grades, IReadOnlyList<string> StratifyBy, string? Pass, string? Note);

/// <summary>A veto (一票否决) as the rule set defines it.</summary>
/// <param name="Id">Veto id.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="When">The condition.</param>
/// <param name="Effect"><c>fail</c> or <c>cap_grade</c>.</param>
/// <param name="CapGrade">The cap, for <c>cap_grade</c>.</param>
/// <param name="Source">Source clause.</param>
public sealed record VetoInfo(string Id, string Name, string NameEn, string When, string Effect, string? CapGrade, string? Source);

/// <summary>A cohort aggregate as the rule set defines it.</summary>
/// <param name="Id">Aggregate id.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Kind"><c>share_of</c>, <c>average</c>, <c>count_of</c> or <c>sum_of</c>.</param>
/// <param name="Of">The condition or value aggregated.</param>
/// <param name="Over">The stratum condition, if any.</param>
/// <param name="Targets">Target cases as text.</param>
/// <param name="Source">Source clause.</param>
public sealed record AggregateInfo(string Id, string Name, string NameEn, string Kind, string Of, string? Over, IReadOnlyList<string> Targets, string? Source);

/// <summary>A document a rule set encodes.</summary>
/// <param name="File">The file name its <c>source:</c> clauses cite.</param>
/// <param name="Title">The document's title, when the rule file gives it.</param>
public sealed record SourceDocument(string File, string? Title);

/// <summary>A checked, compiled rule set, ready to score submissions. Immutable and safe to share between threads.</summary>
public sealed class CompiledRuleSet
{
    private readonly Engine _engine;
    internal Engine Engine => _engine;

    internal CompiledRuleSet(RuleSetModel model, string sourceText)
    {
        Model = model;
        SourceText = sourceText;
        var own = model.Merged.Own;
        Digest = model.Merged.Lineage.Count == 1 ? own.Digest
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", model.Merged.Lineage))));
        Reference = new RuleSetRef(own.Scheme, own.Version.ToString(), Digest);
        _engine = new Engine(model, Reference);
        Indicators = model.Indicators.Select(i => new IndicatorInfo(i.Id, i.Name.Zh, i.Name.En, i.Dimension, i.Value?.Text, i.AppliesWhen?.Text,
            i.Targets.Select(TargetDescription).ToArray(), i.Method, i.MaxPoints, i.Source, i.Tags, Engine.Origin(i.DefinedIn))).ToArray();
        var read = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var i in model.Indicators) read.UnionWith(i.ReadsFields);
        foreach (var a in model.Aggregates) { read.UnionWith(a.Of.Fields); if (a.Over is not null) read.UnionWith(a.Over.Fields); }
        foreach (var v in model.Vetoes) read.UnionWith(v.When.Fields);
        FieldsRead = read.ToArray();
        var readPrev = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var i in model.Indicators) readPrev.UnionWith(i.ReadsPreviousFields);
        var defs = model.Fields.ToDictionary(f => f.Id, StringComparer.Ordinal);
        Fields = read.Union(readPrev).Where(defs.ContainsKey).Select(id => defs[id]).Select(f => new DataField(f.Id, f.Name.Zh, f.Name.En,
            f.Type.Kind switch
            {
                Expressions.TypeKind.Bool => "boolean",
                Expressions.TypeKind.Level => "level",
                Expressions.TypeKind.Text => "text",
                _ => f.Integer ? "integer" : "number",
            }, f.Unit, f.Min, f.Max, f.Type.Scale?.Levels ?? f.Type.Allowed, readPrev.Contains(f.Id))).ToArray();
        Tasks = model.Indicators.Where(i => i.Task is not null).Select(i => i.Id).ToArray();
        if (model.Grading is { } g)
            Grading = new GradingInfo(g.Method, g.Basis, g.Grades.Select(x => new GradeInfo(x.Grade, x.Min, x.Top)).ToArray(), g.StratifyBy, g.Pass?.Text, g.Note);
        Vetoes = model.Vetoes.Select(v => new VetoInfo(v.Id, v.Name.Zh, v.Name.En, v.When.Text, v.Effect, v.CapGrade, v.Source)).ToArray();
        Aggregates = model.Aggregates.Select(a => new AggregateInfo(a.Id, a.Name.Zh, a.Name.En, a.Kind, a.Denominator is null ? a.Of.Text : $"Σ({a.Of.Text}) / Σ({a.Denominator.Text})", a.Over?.Text,
            a.Targets.Select(TargetDescription).ToArray(), a.Source)).ToArray();
    }

    /// <summary>The documents this rule set (and any it extends) encodes, by file and title.</summary>
    public IReadOnlyList<SourceDocument> Sources => _sources ??= Model.Merged.Sources.Select(d => new SourceDocument(d.File, d.Title)).ToArray();
    private SourceDocument[]? _sources;

    /// <summary>
    /// A <c>source:</c> clause as a reader reads it: the document's title in place of its file name
    /// (<c>003_91e273686b13a960.txt 一(二)</c> → <c>乐山市市中区推动公立医院高质量发展实施方案 一(二)</c>). Where one file holds
    /// several documents, the one whose title names the clause's first word (篇2) is chosen. Unchanged when no title is known.
    /// </summary>
    /// <param name="source">The clause as the rule file writes it.</param>
    /// <returns>The clause with the document's title, or <paramref name="source"/> itself.</returns>
    public string? SourceTitle(string? source)
    {
        if (string.IsNullOrWhiteSpace(source)) return source;
        var space = source.IndexOf(' ');
        var file = space < 0 ? source : source[..space];
        var rest = space < 0 ? "" : source[(space + 1)..].Trim();
        var docs = Sources.Where(d => d.File == file && !string.IsNullOrWhiteSpace(d.Title)).ToList();
        if (docs.Count == 0) return source;
        var firstWord = rest.Split(' ', 2)[0];
        var doc = docs.Count > 1 && firstWord.Length > 0 ? docs.FirstOrDefault(d => d.Title!.Contains(firstWord, StringComparison.Ordinal)) ?? docs[0] : docs[0];
        if (docs.Count > 1 && firstWord.Length > 0 && doc.Title!.Contains(firstWord, StringComparison.Ordinal)) rest = rest[firstWord.Length..].Trim();
        return rest.Length == 0 ? doc.Title : $"{doc.Title} {rest}";
    }

    /// <summary>How the rule set grades, or null when it does not.</summary>
    public GradingInfo? Grading { get; }
    /// <summary>Vetoes in rule-set order.</summary>
    public IReadOnlyList<VetoInfo> Vetoes { get; }
    /// <summary>Cohort aggregates in rule-set order.</summary>
    public IReadOnlyList<AggregateInfo> Aggregates { get; }
    /// <summary>The rule file's text as loaded.</summary>
    public string Source => SourceText;

    internal RuleSetModel Model { get; }
    internal string SourceText { get; }

    /// <summary>Scheme id, e.g. <c>cn.national.tertiary-performance</c>.</summary>
    public string Scheme => Model.Merged.Own.Scheme;
    /// <summary>Semantic version.</summary>
    public SemVersion Version => Model.Merged.Own.Version;
    /// <summary><c>draft</c> or <c>published</c>.</summary>
    public string Status => Model.Merged.Own.Status;
    /// <summary>Chinese title.</summary>
    public string Title => Model.Merged.Own.Title.Zh;
    /// <summary>English title.</summary>
    public string TitleEn => Model.Merged.Own.Title.En;
    /// <summary>First day in force, if stated.</summary>
    public DateOnly? EffectiveFrom => Model.Merged.Own.EffectiveFrom;
    /// <summary>Last day in force, if stated.</summary>
    public DateOnly? EffectiveTo => Model.Merged.Own.EffectiveTo;
    /// <summary>True when the effective period covers any day of <paramref name="year"/> (an open end covers every year on that side).</summary>
    public bool IsInForce(int year) => (EffectiveFrom is null || EffectiveFrom.Value.Year <= year) && (EffectiveTo is null || EffectiveTo.Value.Year >= year);
    /// <summary>The effective period as text, <c>2026-01-01 – …</c>.</summary>
    public string EffectivePeriod =>
        $"{EffectiveFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "…"} – {EffectiveTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "…"}";
    /// <summary>The rule file, as the loader was given it (for messages).</summary>
    public string File => Model.Merged.Own.File;
    /// <summary>The rule file relative to the rule-set directory (as results name it).</summary>
    public string RelativePath => Model.Merged.Own.RelativePath;
    /// <summary>The <c>scheme@range</c> this rule set extends, if any.</summary>
    public string? Extends => Model.Merged.Own.Extends?.Reference;
    /// <summary>SHA-256 of the canonical form of this rule set and everything it extends.</summary>
    public string Digest { get; }
    /// <summary>Scheme, version and digest, as results carry them.</summary>
    public RuleSetRef Reference { get; }
    /// <summary>Indicators in rule-set order.</summary>
    public IReadOnlyList<IndicatorInfo> Indicators { get; }
    /// <summary>Data-dictionary ids (and the rule set's own fields) that scoring reads.</summary>
    public IReadOnlyList<string> FieldsRead { get; }
    /// <summary>The fields scoring reads (this period or the previous one), with types, units and valid ranges.</summary>
    public IReadOnlyList<DataField> Fields { get; }
    /// <summary>Ids of the checklist tasks a submission reports under <c>tasks</c>.</summary>
    public IReadOnlyList<string> Tasks { get; }

    /// <summary>Scores one submission. Never throws on bad data: problems are in the result.</summary>
    public AssessmentResult Score(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return _engine.Score(submission);
    }

    /// <summary>Scores a cohort: each subject, then ranks, percentile grades per stratum and the cohort aggregates.</summary>
    /// <remarks>
    /// The submissions are enumerated once, in blocks, and not kept: a lazy sequence (rows read from a file as they are
    /// needed) is never held whole, and each subject's submitted values are let go once it is scored. The result holds
    /// every subject's outcomes compactly: each element of <see cref="CohortResult.Results"/> is made when it is read
    /// (two reads give equal results, not the same object), and its indicator records, dimensions and reasons when
    /// they are first read.
    /// </remarks>
    /// <param name="submissions">The cohort. A null element is an <see cref="ArgumentException"/> naming its position.</param>
    /// <param name="progress">Told the number of subjects scored so far, now and then.</param>
    public CohortResult ScoreCohort(IEnumerable<Submission> submissions, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        return _engine.ScoreCohort(submissions, progress);
    }

    /// <summary><c>scheme@version</c>.</summary>
    public override string ToString() => $"{Scheme}@{Version}";

    internal static string TargetDescription(TargetCase t)
    {
        static string B(Bound b) => b.Constant is { } c ? c.ToString() : b.Expr is { } e ? e.Text
            : "by year " + string.Join(", ", b.ByYear!.Select(r => $"{r.Year}: {r.Expr.Text}"));
        var body = t.Op switch
        {
            "between" => $"between {B(t.Bound)} and {B(t.Upper!)}",
            "about" => $"about {B(t.Bound)} ± {B(t.Tolerance!)}{(t.Side is "at_least" or "at_most" ? $", {t.Side.Replace('_', ' ')} side" : ", both sides")}",
            _ => $"{Results.Fmt.OpSymbol(t.Op)} {B(t.Bound)}",
        };
        return t.When is null ? body : $"when {t.When.Text}: {body}";
    }
}

/// <summary>The outcome of loading a rule set: the compiled rule set (none when there are errors) and every diagnostic.</summary>
/// <param name="RuleSet">The rule set, or null.</param>
/// <param name="Diagnostics">Errors and warnings, in file order.</param>
public sealed record RuleSetLoadResult(CompiledRuleSet? RuleSet, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the rule set loaded without errors.</summary>
    public bool Success => RuleSet is not null && Diagnostics.All(d => d.Severity != Severity.Error);
}
