namespace AssessmentScorer.Api;

/// <summary>Settings under "AssessmentScorer" in appsettings.json.</summary>
public sealed class ApiOptions
{
    /// <summary>The rule-set directory; a relative path is looked for from the working directory up.</summary>
    public string RuleSetsPath { get; set; } = "rulesets";
    public ApiLimits Limits { get; set; } = new();
    /// <summary>Rules for applying results (结果运用); without an assembly, POST …/apply answers 404 AS5025.</summary>
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
    public int MaxBatchSize { get; set; } = 20_000;
    /// <summary>
    /// Most indicator results one batch or comparison may produce (submissions × indicators of each rule set). Work and
    /// response size grow with it, not with the body: 20,000 tiny submissions under a 56-indicator scheme exhaust memory.
    /// </summary>
    public int MaxBatchIndicatorResults { get; set; } = 100_000;
    public int MaxDraftBytes { get; set; } = 512 * 1024;
    public int MaxExpressionLength { get; set; } = 2_000;
    public int MaxExpressionDepth { get; set; } = 48;
}
