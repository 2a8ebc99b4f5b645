namespace AssessmentScorer.Store;

/// <summary>A round as stored: a scheme version, a year and the subjects submitted to it.</summary>
public sealed class RoundRow
{
    public long Id { get; set; }
    public string Scheme { get; set; } = "";
    public string Version { get; set; } = "";
    public int Year { get; set; }
    public string Name { get; set; } = "";
    public string? Region { get; set; }
    /// <summary><c>open</c>, <c>closed</c> or <c>published</c>.</summary>
    public string State { get; set; } = RoundStates.Open;
    /// <summary>The SHA-256 digest of the rule set the round scores with, recorded when the round is made.</summary>
    public string RuleSetDigest { get; set; } = "";
    /// <summary>The round this one re-scores under another version, if any.</summary>
    public long? RescoreOf { get; set; }
    /// <summary>Counts every accepted revision: what the results were computed from is named by it.</summary>
    public long Changes { get; set; }
    /// <summary>Set when published: the previous year's round whose values the results used, and the last revision id read from it.</summary>
    public long? PreviousRoundId { get; set; }
    public long? PreviousRevisionCeiling { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}

/// <summary>The states of a round, in order.</summary>
public static class RoundStates
{
    public const string Open = "open", Closed = "closed", Published = "published";
}

/// <summary>One stored version of one subject's submission to a round. Never updated or deleted.</summary>
public sealed class RevisionRow
{
    public long Id { get; set; }
    public long RoundId { get; set; }
    public string SubjectId { get; set; } = "";
    /// <summary>1 for the first submission of the subject in the round, then 2, 3, … for each correction.</summary>
    public int Number { get; set; }
    public string? SubjectRegion { get; set; }
    /// <summary>The submission's canonical JSON (docs/submission-format.md).</summary>
    public string Content { get; set; } = "";
    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hex.</summary>
    public string ContentDigest { get; set; } = "";
    public string Author { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? Reason { get; set; }
    /// <summary>Where it came from: the upload's format and row.</summary>
    public string Source { get; set; } = "";
}

/// <summary>An API key as stored: only its SHA-256 hash, never the key.</summary>
public sealed class ApiKeyRow
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string? Region { get; set; }
    public string? SubjectId { get; set; }
    public string Hash { get; set; } = "";
    /// <summary>The key's first characters, to tell keys apart in lists and logs.</summary>
    public string Prefix { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>One audit entry: who did what, when, with the content digests before and after. Never updated or deleted.</summary>
public sealed class AuditRow
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public long? RoundId { get; set; }
    public string? SubjectId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Detail { get; set; }
}
