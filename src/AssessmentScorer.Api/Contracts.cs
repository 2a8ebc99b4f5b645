using System.Text.Json;

namespace AssessmentScorer.Api;

/// <summary>A rule set in the list.</summary>
public sealed record RuleSetSummary(string Scheme, string Version, string Status, string Title, string TitleEn, DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo, string Digest, string? Extends, string File, int Indicators)
{
    public static RuleSetSummary Of(CompiledRuleSet r) => new(r.Scheme, r.Version.ToString(), r.Status, r.Title, r.TitleEn, r.EffectiveFrom,
        r.EffectiveTo, r.Digest, r.Extends, r.RelativePath, r.Indicators.Count);
}

/// <summary>A compiled rule set: what it reads, its indicators with targets, methods and sources, its grading.</summary>
public sealed record RuleSetDetail(string Scheme, string Version, string Status, string Title, string TitleEn, DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo, string Digest, string? Extends, IReadOnlyList<string> FieldsRead, IReadOnlyList<IndicatorInfo> Indicators,
    GradingInfo? Grading, IReadOnlyList<VetoInfo> Vetoes, IReadOnlyList<AggregateInfo> Aggregates)
{
    public static RuleSetDetail Of(CompiledRuleSet r) => new(r.Scheme, r.Version.ToString(), r.Status, r.Title, r.TitleEn, r.EffectiveFrom,
        r.EffectiveTo, r.Digest, r.Extends, r.FieldsRead, r.Indicators, r.Grading, r.Vetoes, r.Aggregates);
}

/// <summary>A diagnostic with its place.</summary>
public sealed record DiagnosticView(string Code, string Severity, string Message, string File, int Line, int Column)
{
    public static DiagnosticView Of(Diagnostic d) =>
        new(d.Code, d.Severity == AssessmentScorer.Severity.Error ? "error" : "warning", d.Message, d.Location.File, d.Location.Line, d.Location.Column);
}

/// <summary>The result of validating a draft.</summary>
public sealed record ValidationResponse(bool Valid, RuleSetRef? RuleSet, IReadOnlyList<DiagnosticView> Diagnostics, TestsView? Tests);

/// <summary>Rule-set test results.</summary>
public sealed record TestsView(int Passed, int Failed, IReadOnlyList<TestCaseResult> Cases, IReadOnlyList<RuleSetCoverage> Coverage);

/// <summary>A draft to validate as JSON (YAML may also be sent as the whole body).</summary>
public sealed record ValidateRequest(string RuleSet, string? Tests, string? File);

/// <summary>What to compare: two rule sets (installed <c>scheme@version</c> or draft YAML) and a submission or cohort.</summary>
public sealed record CompareRequest(string? From, string? FromDraft, string? To, string? ToDraft, JsonElement? Submission, JsonElement? Submissions);

/// <summary>
/// Counts for a batch: nothing read is silently dropped. <c>Incomplete</c> is the number of scored subjects whose data
/// was missing somewhere (their <c>dataComplete</c> is false; the CLI's exit code 3).
/// </summary>
public sealed record BatchCounts(int Read, int Scored, int Rejected, int Incomplete);

/// <summary>A submission of a batch that could not be scored.</summary>
public sealed record RejectedRow(int Row, IReadOnlyList<ProblemError> Problems);

/// <summary>Liveness and readiness.</summary>
public sealed record HealthStatus(string Status, int RuleSets, int Errors);

/// <summary>For the OpenAPI document only: the submission format (docs/submission-format.md).</summary>
public sealed record SubmissionDocument(SubjectDocument Subject, int Year, Dictionary<string, JsonElement>? Values, PreviousDocument? Previous,
    Dictionary<string, TaskDocument>? Tasks);
public sealed record SubjectDocument(string Id, string? Name, string? Kind, string? Tier, string? Category, string? Ownership, string? Region, int? Beds);
public sealed record PreviousDocument(int Year, Dictionary<string, JsonElement> Values);
public sealed record TaskDocument(bool Done, string? CompletedOn, IReadOnlyList<string>? Evidence);

/// <summary>For the OpenAPI document only: a batch response.</summary>
public sealed record BatchResponse(RuleSetRef RuleSet, IReadOnlyList<AggregateResult> Aggregates, IReadOnlyList<AssessmentResult> Results,
    IReadOnlyList<RejectedRow> Rejected, BatchCounts Counts);
