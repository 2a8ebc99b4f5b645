using System.Text.Json.Serialization;

namespace AssessmentScorer.Store;

/// <summary>A round to make.</summary>
/// <param name="Scheme">The rule set's scheme, e.g. <c>cn.national.tertiary-performance</c>.</param>
/// <param name="Version">The version to score with; left out, the published version in force in the year.</param>
/// <param name="Year">The assessment year.</param>
/// <param name="Name">The round's name, e.g. 2025 年度三级公立医院绩效考核.</param>
/// <param name="Region">The region the round covers (ISO 3166-2 province code then pinyin path), if not national.</param>
public sealed record CreateRoundRequest(string? Scheme, string? Version, int? Year, string? Name, string? Region = null);

/// <summary>Re-scoring a round under another version of its scheme.</summary>
/// <param name="Version">The version to score the same revisions with.</param>
public sealed record RescoreRequest(string? Version);

/// <summary>How far the round's results are: <c>idle</c> (current), <c>scoring</c>, or <c>failed</c>.</summary>
/// <param name="State"><c>idle</c>, <c>scoring</c> or <c>failed</c>.</param>
/// <param name="Done">Subjects scored so far in the computation under way (all of them when idle).</param>
/// <param name="Total">Subjects to score.</param>
/// <param name="ScoredChanges">The round's change count the current results were computed from (null before the first computation).</param>
/// <param name="Message">Why the last computation failed, when it did.</param>
public sealed record ScoringProgress(string State, int Done, int Total, long? ScoredChanges, string? Message = null);

/// <summary>A round.</summary>
/// <param name="Id">The round's id.</param>
/// <param name="Scheme">Scheme.</param>
/// <param name="Version">The version it scores with.</param>
/// <param name="Year">Assessment year.</param>
/// <param name="Name">Name.</param>
/// <param name="Region">Region, if not national.</param>
/// <param name="State"><c>open</c> (hospitals submit), <c>closed</c> (review and appeals: assessors correct), <c>published</c> (frozen).</param>
/// <param name="RuleSetDigest">SHA-256 of the rule set scored with.</param>
/// <param name="RescoreOf">The round this one re-scores under another version, if any.</param>
/// <param name="Subjects">Subjects with at least one revision.</param>
/// <param name="Changes">Accepted changes to the round's data so far: each accepted upload or correction counts once, whatever the number of revisions it stored (the results name the count they were computed from).</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="CreatedBy">Who made it (the key's name).</param>
/// <param name="ClosedAt">When it was closed.</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="Scoring">The results' state and progress.</param>
public sealed record RoundView(long Id, string Scheme, string Version, int Year, string Name, string? Region, string State, string RuleSetDigest,
    long? RescoreOf, int Subjects, long Changes, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? ClosedAt, DateTimeOffset? PublishedAt,
    ScoringProgress Scoring);

/// <summary>A problem in one row of an upload: the row (CSV/workbook row with the header as 1, JSON array element from 1, JSON line), column, field and code.</summary>
public sealed record RowProblemView(int Row, string Column, string Field, string Code, string Message);

/// <summary>A row stored as a revision.</summary>
/// <param name="Row">The row of the upload (0 for a single JSON submission).</param>
/// <param name="SubjectId">Subject.</param>
/// <param name="RevisionId">The stored revision's id.</param>
/// <param name="Revision">Its number for the subject in this round (1 for the first submission).</param>
/// <param name="ContentDigest">SHA-256 of its canonical JSON.</param>
/// <param name="Unchanged">True when the content equals the subject's latest revision: nothing new was stored and that revision is named.</param>
/// <param name="Problems">Warnings for the row (unknown keys, repeated keys); they do not stop it.</param>
public sealed record AcceptedRow(int Row, string SubjectId, long RevisionId, int Revision, string ContentDigest, bool Unchanged, IReadOnlyList<RowProblemView> Problems);

/// <summary>A row that was not stored, with every problem.</summary>
public sealed record RejectedUploadRow(int Row, IReadOnlyList<RowProblemView> Problems);

/// <summary>What an upload did: every row is accepted (stored as a revision) or rejected with its problems.</summary>
/// <param name="Read">Rows read.</param>
/// <param name="Accepted">The rows stored (or unchanged).</param>
/// <param name="Rejected">The rows not stored.</param>
public sealed record SubmissionReceipt(int Read, IReadOnlyList<AcceptedRow> Accepted, IReadOnlyList<RejectedUploadRow> Rejected);

/// <summary>One stored revision of a subject's submission.</summary>
/// <param name="Id">The revision's id.</param>
/// <param name="RoundId">Round.</param>
/// <param name="SubjectId">Subject.</param>
/// <param name="Number">1 for the first, then one more for each correction.</param>
/// <param name="ContentDigest">SHA-256 of the canonical JSON.</param>
/// <param name="Author">Who sent it (the key's name).</param>
/// <param name="CreatedAt">When it was stored.</param>
/// <param name="Reason">Why (a correction's reason, an appeal), if given.</param>
/// <param name="Source">Where it came from (format and row).</param>
public sealed record RevisionView(long Id, long RoundId, string SubjectId, int Number, string ContentDigest, string Author, DateTimeOffset CreatedAt,
    string? Reason, string Source);

/// <summary>A subject's current submission: its latest revision with the content.</summary>
/// <param name="Revision">The latest revision.</param>
/// <param name="Submission">The submission as stored (docs/submission-format.md), canonical JSON.</param>
public sealed record SubmissionView(RevisionView Revision, System.Text.Json.JsonElement Submission);

/// <summary>Where a result's previous-year values came from, when the submission had none of its own.</summary>
/// <param name="RoundId">The previous year's round.</param>
/// <param name="RevisionId">The subject's revision in it that gave the values.</param>
/// <param name="Year">Its year.</param>
public sealed record PreviousProvenance(long RoundId, long RevisionId, int Year);

/// <summary>What a subject's result was computed from.</summary>
/// <param name="SubjectId">Subject.</param>
/// <param name="RevisionId">The revision scored.</param>
/// <param name="Revision">Its number.</param>
/// <param name="ContentDigest">Its content digest.</param>
/// <param name="Previous">Where last year's values came from, when taken from the previous year's round; null when the submission gave them or none was found.</param>
public sealed record ScoredFrom(string SubjectId, long RevisionId, int Revision, string ContentDigest, PreviousProvenance? Previous);

/// <summary>A key to make.</summary>
/// <param name="Role"><c>admin</c>, <c>assessor</c> or <c>hospital</c>.</param>
/// <param name="Name">Who holds it (shown in the audit).</param>
/// <param name="Region">For an assessor: the region it works in (its subjects' regions start with it).</param>
/// <param name="SubjectId">For a hospital: its subject id.</param>
public sealed record CreateKeyRequest(string? Role, string? Name, string? Region = null, string? SubjectId = null);

/// <summary>A key as listed (never the key itself).</summary>
public sealed record KeyView(long Id, string Name, string Role, string? Region, string? SubjectId, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>A key just made: the only time the key itself is shown.</summary>
/// <param name="Key">The key to send as <c>X-Api-Key</c>. It is stored hashed and cannot be shown again.</param>
/// <param name="Info">The key as listed.</param>
public sealed record CreatedKey(string Key, KeyView Info);

/// <summary>One audit entry.</summary>
/// <param name="Id">Its id (entries are numbered in the order written).</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who (the key's name).</param>
/// <param name="Action">What: round.created, round.closed, round.published, round.rescored, submission.revised, key.created, key.revoked.</param>
/// <param name="RoundId">The round, if any.</param>
/// <param name="SubjectId">The subject, if any.</param>
/// <param name="Before">The digest before (the subject's previous revision, the round's rule set), if any.</param>
/// <param name="After">The digest after.</param>
/// <param name="Detail">More: the reason, the version, the key's role.</param>
public sealed record AuditView(long Id, DateTimeOffset At, string Actor, string Action, long? RoundId, string? SubjectId, string? Before, string? After, string? Detail);

/// <summary>An error of a round operation: its code, message and place.</summary>
public sealed record RoundError(string Code, string Message, string? Field = null, int? Row = null);

/// <summary>A round operation that cannot be done: the HTTP status, the problem code (docs/problem-codes.md), what and where.</summary>
public sealed class RoundException(int status, string code, string title, string detail, IReadOnlyList<RoundError>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string Title { get; } = title;
    public IReadOnlyList<RoundError>? Errors { get; } = errors;
}
