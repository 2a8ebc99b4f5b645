using System.Text.Json;
using System.Text.Json.Serialization;

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
/// <param name="RuleSet">The draft rule set's YAML text.</param>
/// <param name="Tests">Its tests document's YAML text, to run against the draft.</param>
/// <param name="File">The draft's file name as diagnostics should name it (never a path).</param>
public sealed record ValidateRequest(string RuleSet, string? Tests = null, string? File = null);

/// <summary>What to compare: two rule sets (installed <c>scheme@version</c> or draft YAML) and a submission or cohort.</summary>
/// <param name="From">The first rule set, installed: <c>scheme@version</c> (or latest, or a range).</param>
/// <param name="FromDraft">The first rule set as draft YAML text, instead of <c>from</c>.</param>
/// <param name="To">The second rule set, installed: <c>scheme@version</c>.</param>
/// <param name="ToDraft">The second rule set as draft YAML text, instead of <c>to</c>.</param>
/// <param name="Submission">One submission (docs/submission-format.md).</param>
/// <param name="Submissions">A cohort of submissions.</param>
public sealed record CompareRequest(string? From = null, string? FromDraft = null, string? To = null, string? ToDraft = null,
    SubmissionDocument? Submission = null, IReadOnlyList<SubmissionDocument>? Submissions = null);

/// <summary>
/// Counts for a batch: nothing read is silently dropped. A submission that cannot be read at all is rejected (listed
/// in <c>rejected</c>); one with invalid values is still scored with those values treated as missing, exactly as a
/// single submission is (which is answered 422 with the same result), and counted in <c>invalid</c>.
/// </summary>
/// <param name="Read">Submissions (JSON items or CSV rows) read.</param>
/// <param name="Scored">Submissions scored, with or without invalid values.</param>
/// <param name="Rejected">Submissions that could not be scored (see <c>rejected</c>).</param>
/// <param name="Invalid">Scored submissions with invalid values, treated as missing (each result's <c>problems</c> names them).</param>
/// <param name="Incomplete">Scored submissions whose data was missing somewhere (their <c>dataComplete</c> is false; the CLI's exit code 3).</param>
public sealed record BatchCounts(int Read, int Scored, int Rejected, int Invalid, int Incomplete);

/// <summary>A submission of a batch that could not be scored.</summary>
public sealed record RejectedRow(int Row, IReadOnlyList<ProblemError> Problems);

/// <summary>Liveness and readiness.</summary>
public sealed record HealthStatus(string Status, int RuleSets, int Errors);

/// <summary>A submission (docs/submission-format.md). The engine's own reader reads it, naming every bad place; this type documents it.</summary>
/// <param name="Subject">Who is assessed.</param>
/// <param name="Year">The assessment year.</param>
/// <param name="Values">Data-dictionary field id → value (a number, text, true/false, or null for "not reported").</param>
/// <param name="Previous">Last year's values, for year-over-year targets.</param>
/// <param name="Tasks">Checklist task id → what was reported.</param>
public sealed record SubmissionDocument(SubjectDocument Subject, int Year, Dictionary<string, JsonElement>? Values = null, PreviousDocument? Previous = null,
    Dictionary<string, TaskDocument>? Tasks = null);

/// <summary>Who is assessed.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Name">Name (Chinese as written).</param>
/// <param name="Kind"><c>hospital</c> (the default), <c>alliance</c> or <c>region</c>.</param>
/// <param name="Tier"><c>tertiary</c>, <c>secondary</c> or <c>primary</c>.</param>
/// <param name="Category"><c>general</c>, <c>tcm</c>, <c>specialty</c> or <c>maternal_child</c>.</param>
/// <param name="Ownership"><c>public</c> or <c>private</c>.</param>
/// <param name="Region">ISO 3166-2 province code then pinyin path, e.g. <c>CN-AH/bozhou/qiaocheng</c>.</param>
/// <param name="Beds">Open beds.</param>
public sealed record SubjectDocument(string Id, string? Name = null, string? Kind = null, string? Tier = null, string? Category = null,
    string? Ownership = null, string? Region = null, int? Beds = null);

/// <summary>Last year's values.</summary>
/// <param name="Year">Last year.</param>
/// <param name="Values">Field id → value, as in the submission's values.</param>
public sealed record PreviousDocument(int Year, Dictionary<string, JsonElement>? Values = null);

/// <summary>A checklist task as reported. The date's key is <c>completed_on</c>, as in the CSV column <c>task.ID.completed_on</c>.</summary>
/// <param name="Done">Whether the task is done.</param>
/// <param name="CompletedOn">The date it was done, written yyyy-mm-dd; deadline-bound tasks score only with it.</param>
/// <param name="Evidence">Names of the documents that show it.</param>
public sealed record TaskDocument(bool Done, [property: JsonPropertyName("completed_on")] DateOnly? CompletedOn = null, IReadOnlyList<string>? Evidence = null);

/// <summary>
/// An RFC 9457 problem, as every 4xx and 5xx answer of this API is (<c>application/problem+json</c>).
/// </summary>
/// <param name="Type">A URN naming the problem's code.</param>
/// <param name="Title">A short summary.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What went wrong and what to do.</param>
/// <param name="Code">The engine's diagnostic code (AS1xxx rule files, AS4xxx rule sets, AS5xxx requests, AS9999 internal).</param>
/// <param name="Errors">Each finding with its place: a JSON path or field, or a rule file's line and column.</param>
/// <param name="Result">For 422 of a single score: the result, with the invalid values treated as missing.</param>
/// <param name="RequestId">The request's id, as the server's logs name it.</param>
public sealed record ApiProblem(string Type, string Title, int Status, string Detail, string Code,
    IReadOnlyList<ProblemError>? Errors = null, AssessmentResult? Result = null, string? RequestId = null);

/// <summary>For the OpenAPI document only: a batch response (the cohort's own JSON with <c>rejected</c> and <c>counts</c>).</summary>
public sealed record BatchResponse(RuleSetRef RuleSet, IReadOnlyList<AggregateResult> Aggregates, IReadOnlyList<AssessmentResult> Results,
    IReadOnlyList<RejectedRow> Rejected, BatchCounts Counts);

/// <summary>
/// For the OpenAPI document only: a batch answered with <c>?detail=indicators</c> or <c>?detail=summary</c>: the rule-set
/// constants once (<c>catalogue</c>: dimensions and indicators with their names, methods, sources and rule files), then
/// each result without them (docs/submission-format.md, "Results with less detail").
/// </summary>
public sealed record BatchDetailResponse(RuleSetRef RuleSet, string Detail, System.Text.Json.JsonElement Catalogue, IReadOnlyList<AggregateResult> Aggregates,
    IReadOnlyList<System.Text.Json.JsonElement> Results, IReadOnlyList<RejectedRow> Rejected, BatchCounts Counts);
/// <summary>How many submissions were read, applied (scored and given to the rules) and rejected.</summary>
public sealed record ApplyCounts(int Read, int Applied, int Rejected);

/// <summary>One action drawn from the results (docs/nrules.md).</summary>
/// <param name="Kind">rectification, funding-coefficient, reward-pay-coefficient, interview, commendation, or a kind of the rules assembly's own.</param>
/// <param name="SubjectId">The subject.</param>
/// <param name="Year">The assessment year whose results caused it.</param>
/// <param name="Rule">The rule that made it.</param>
/// <param name="Details">The action's own fields (indicator, deadline, coefficient …) as text.</param>
/// <param name="Explanation">What is to be done and why.</param>
/// <param name="Causes">The results that caused it.</param>
public sealed record ActionDocument(string Kind, string SubjectId, int Year, string? Rule, IReadOnlyDictionary<string, string> Details,
    Explanation Explanation, IReadOnlyList<AssessmentScorer.NRules.Cause> Causes);

/// <summary>The actions the configured rules drew from a batch's results.</summary>
/// <param name="Subjects">Subjects the rules were applied to.</param>
/// <param name="Actions">Every action: subjects in input order, each subject's by rule.</param>
/// <param name="Rejected">Submissions that could not be read.</param>
/// <param name="Counts">Submissions read, applied and rejected.</param>
public sealed record ApplyResponse(int Subjects, IReadOnlyList<ActionDocument> Actions, IReadOnlyList<RejectedRow> Rejected, ApplyCounts Counts);

/// <summary>The actions the configured rules drew from a round's results.</summary>
/// <param name="Subjects">Subjects the rules were applied to (those the key may see).</param>
/// <param name="Actions">Every action: subjects in subject-id order, each subject's by rule.</param>
/// <param name="Round">The round.</param>
/// <param name="RuleSet">The rule set its results were scored with.</param>
/// <param name="PreviousRound">The previous year's round whose results were the earlier year, or null when there is none.</param>
public sealed record RoundActionsResponse(int Subjects, IReadOnlyList<ActionDocument> Actions, AssessmentScorer.Store.RoundView Round,
    RuleSetRef RuleSet, long? PreviousRound);
