namespace AssessmentScorer.Store;

/// <summary>Settings under "AssessmentScorer:Store" (docs/rounds.md).</summary>
public sealed class StoreOptions
{
    /// <summary><c>sqlite</c> (the default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";
    /// <summary>The SQLite file; a relative path is taken from the working directory. Made, with its folder, on first start.</summary>
    public string Path { get; set; } = "data/assessment-scorer.db";
    /// <summary>For <c>postgres</c>: the Npgsql connection string.</summary>
    public string? ConnectionString { get; set; }
    /// <summary>The first admin key (e.g. the environment variable <c>AssessmentScorer__Store__AdminKey</c>); at least 16 characters.</summary>
    public string? AdminKey { get; set; }
    /// <summary>Largest upload to <c>POST /rounds/{id}/submissions</c>, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 32 * 1024 * 1024;
    /// <summary>Most rows one upload may hold.</summary>
    public int MaxUploadRows { get; set; } = 20_000;
    /// <summary>Most subjects one round may hold.</summary>
    public int MaxRoundSubjects { get; set; } = 50_000;
    /// <summary>Most results one page of <c>GET /rounds/{id}/results</c> holds.</summary>
    public int MaxResultsPage { get; set; } = 2_000;

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase) ||
                              string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);
}
