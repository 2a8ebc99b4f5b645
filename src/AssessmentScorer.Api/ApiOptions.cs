namespace AssessmentScorer.Api;

/// <summary>Settings under "AssessmentScorer" in appsettings.json.</summary>
public sealed class ApiOptions
{
    /// <summary>The rule-set directory; a relative path is looked for from the working directory up.</summary>
    public string RuleSetsPath { get; set; } = "rulesets";
    public ApiLimits Limits { get; set; } = new();
    /// <summary>When true, the stateless scoring endpoints (/rulesets/…) also need an <c>X-Api-Key</c> (any role).</summary>
    public bool RequireKeyForScoring { get; set; }
    /// <summary>Rules for applying results (结果运用); without an assembly, POST …/apply answers 404 AS5025 and GET /rounds/{id}/actions 404 AS5027.</summary>
    public RulesOptions Rules { get; set; } = new();
}

/// <summary>Settings under "AssessmentScorer:Rules".</summary>
public sealed class RulesOptions
{
    /// <summary>A compiled rules assembly (.dll of NRules rule classes, docs/nrules.md); a relative path is from the working directory, then the content root. Empty: none.</summary>
    public string? Assembly { get; set; }
}

/// <summary>Request limits; each breach is a problem response naming the limit.</summary>
public sealed class ApiLimits
{
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Largest batch body (JSON array, JSON lines, CSV, xlsx): a national cohort of 13,000 hospitals is ~40 MB of JSON.</summary>
    public long MaxBatchBodyBytes { get; set; } = 256L * 1024 * 1024;
    public int MaxBatchSize { get; set; } = 20_000;
    /// <summary>A batch whose Content-Length is at most this is scored at once; a larger one (or one of unknown length) takes a turn in the queue.</summary>
    public long QueuedBatchBytes { get; set; } = 1024 * 1024;
    /// <summary>Large batches scored at once; more wait in the queue (each batch already uses every core).</summary>
    public int MaxConcurrentBatches { get; set; } = 1;
    /// <summary>Batches that may wait for their turn; one more is answered 429 with Retry-After.</summary>
    public int MaxQueuedBatches { get; set; } = 8;
    /// <summary>The Retry-After of a batch refused because the queue is full.</summary>
    public int BatchRetryAfterSeconds { get; set; } = 10;
    /// <summary>
    /// Most indicator results one batch or comparison may produce (submissions × indicators of each rule set). Work and
    /// response size grow with it, not with the body. The default admits the whole country (13,000 tertiary hospitals ×
    /// 56 indicators) and a little more; responses are streamed and batches queued (<see cref="MaxConcurrentBatches"/>).
    /// </summary>
    public int MaxBatchIndicatorResults { get; set; } = 1_500_000;
    /// <summary>
    /// The same bound for answers built whole before they are sent (comparisons of two rule sets, sensitivity draws):
    /// they use the smaller of this and <see cref="MaxBatchIndicatorResults"/>.
    /// </summary>
    public int MaxHeldIndicatorResults { get; set; } = 100_000;
    public int MaxDraftBytes { get; set; } = 512 * 1024;
    public int MaxExpressionLength { get; set; } = 2_000;
    public int MaxExpressionDepth { get; set; } = 48;
}
