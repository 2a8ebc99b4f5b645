namespace AssessmentScorer.Api;

/// <summary>
/// The rule sets the API serves. Swapped whole on reload, so a request never sees a half-loaded set;
/// a version that fails to load on reload keeps its previous good content.
/// </summary>
public sealed class RuleSetStore : AssessmentScorer.Store.IRuleSetSource
{
    private volatile RuleSetRegistry _registry = RuleSetRegistry.Empty;
    private volatile IReadOnlyList<Diagnostic> _diagnostics = Array.Empty<Diagnostic>();
    private readonly object _gate = new();

    public RuleSetStore(string directory) => Directory = directory;

    public string Directory { get; }
    public RuleSetRegistry Registry => _registry;
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;
    public bool Ready { get; private set; }

    /// <summary>Loads (or reloads) the directory. Returns the diagnostics of this load.</summary>
    public IReadOnlyList<Diagnostic> Load()
    {
        lock (_gate)
        {
            var result = _registry.Reload(Directory);
            _registry = result.Registry;
            _diagnostics = result.Diagnostics;
            Ready = true;
            return result.Diagnostics;
        }
    }

    /// <summary>Resolves the configured path: as given when absolute, else the nearest match from the working directory up.</summary>
    public static string ResolvePath(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured)) return configured;
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, configured);
                if (System.IO.Directory.Exists(candidate)) return candidate;
            }
        }
        return Path.GetFullPath(configured);
    }
}
