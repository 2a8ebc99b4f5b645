using AssessmentScorer.RuleSets;

namespace AssessmentScorer;

/// <summary>The outcome of loading a directory of rule sets.</summary>
/// <param name="Registry">The rule sets that loaded cleanly.</param>
/// <param name="Diagnostics">Every diagnostic of every file.</param>
public sealed record RegistryLoadResult(RuleSetRegistry Registry, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when no file had errors.</summary>
    public bool Success => Diagnostics.All(d => d.Severity != Severity.Error);
}

/// <summary>
/// The rule sets of a directory, by scheme and version. Resolves <c>scheme@1.2.0</c>, <c>scheme@latest</c>,
/// ranges (<c>^1.2</c>, <c>~1.2.0</c>, <c>&gt;=1.0 &lt;2.0</c>) and the version in force for a year.
/// Immutable once loaded; reloading builds a new registry.
/// </summary>
public sealed partial class RuleSetRegistry
{
    private readonly Dictionary<string, List<CompiledRuleSet>> _byScheme;

    private RuleSetRegistry(IEnumerable<CompiledRuleSet> sets)
    {
        _byScheme = sets.GroupBy(s => s.Scheme, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Version).ToList(), StringComparer.Ordinal);
        All = _byScheme.Values.SelectMany(x => x).OrderBy(s => s.Scheme, StringComparer.Ordinal).ThenBy(s => s.Version).ToArray();
    }

    /// <summary>An empty registry.</summary>
    public static RuleSetRegistry Empty { get; } = new(Array.Empty<CompiledRuleSet>());

    /// <summary>Every rule set, by scheme then version.</summary>
    public IReadOnlyList<CompiledRuleSet> All { get; }

    /// <summary>Scheme ids.</summary>
    public IReadOnlyList<string> Schemes => _byScheme.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Loads every <c>*.yaml</c> rule file below <paramref name="directory"/> (not <c>*.tests.yaml</c>, not <c>dictionary.yaml</c>).
    /// Files with errors are reported and left out; they never replace a good version. Never throws on bad content.
    /// </summary>
    public static RegistryLoadResult LoadDirectory(string directory, RuleSetLimits? limits = null)
    {
        limits ??= RuleSetLimits.Default;
        var diags = new DiagnosticBag();
        if (ReadRuleFiles(directory, limits, diags) is not { } files) return new RegistryLoadResult(Empty, diags.ToList());
        var sets = Build(files, Empty, diags, checkFileNames: true, limits);
        return new RegistryLoadResult(new RuleSetRegistry(sets), diags.ToList());
    }

    /// <summary>
    /// Loads, from the rule files below <paramref name="directory"/>, only those of the named schemes and of the rule
    /// sets they extend (every version of each), as a command that names one rule set needs: the other files are read
    /// but neither parsed nor compiled, so their diagnostics are not reported (<see cref="LoadDirectory"/> checks
    /// every file). A file whose scheme cannot be told from a plain top-level <c>scheme:</c> line is loaded in case it
    /// is one of them. Never throws on bad content.
    /// </summary>
    /// <param name="directory">The rule-set directory.</param>
    /// <param name="schemes">The scheme ids wanted, e.g. <c>cn.national.tertiary-performance</c>.</param>
    /// <param name="limits">Size limits; <see cref="RuleSetLimits.Default"/> when null.</param>
    /// <returns>The rule sets of those schemes and their parents, with the diagnostics of their files.</returns>
    public static RegistryLoadResult LoadSchemes(string directory, IEnumerable<string> schemes, RuleSetLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(schemes);
        limits ??= RuleSetLimits.Default;
        var diags = new DiagnosticBag();
        if (ReadRuleFiles(directory, limits, diags) is not { } files) return new RegistryLoadResult(Empty, diags.ToList());
        var wanted = new HashSet<string>(schemes, StringComparer.Ordinal);
        var heads = files.Select(f => RuleFileHead.Of(f.Text)).ToArray();
        var take = new bool[files.Count];
        for (var grew = true; grew;)
        {
            grew = false;
            for (var i = 0; i < files.Count; i++)
            {
                if (take[i] || heads[i] is { } h && !wanted.Contains(h.Scheme)) continue;
                take[i] = grew = true;
                if (heads[i]?.ExtendsScheme is { } parent) wanted.Add(parent);
            }
        }
        var sets = Build(files.Where((_, i) => take[i]).ToList(), Empty, diags, checkFileNames: true, limits);
        return new RegistryLoadResult(new RuleSetRegistry(sets), diags.ToList());
    }

    /// <summary>Every rule file below the directory (not tests, not the dictionary), in order; null when there is no directory.</summary>
    private static List<(string Display, string Relative, string Text)>? ReadRuleFiles(string directory, RuleSetLimits limits, DiagnosticBag diags)
    {
        var files = new List<(string Display, string Relative, string Text)>();
        if (!Directory.Exists(directory))
        {
            diags.Add(Errors.ReadFailed(new Location(directory, 0, 0), "no such directory"));
            return null;
        }
        foreach (var path in Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".tests.yaml", StringComparison.Ordinal) || name == "dictionary.yaml") continue;
            var display = Path.Combine(directory, Path.GetRelativePath(directory, path)).Replace('\\', '/');
            try
            {
                var info = new FileInfo(path);
                if (info.Length > limits.MaxFileBytes * 2L)
                {
                    diags.Add(Errors.FileTooLarge(new Location(display, 0, 0), limits.MaxFileBytes));
                    continue;
                }
                files.Add((display, Path.GetRelativePath(directory, path).Replace('\\', '/'), File.ReadAllText(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diags.Add(Errors.ReadFailed(new Location(display, 0, 0), ex.Message));
            }
        }
        return files;
    }

    /// <summary>
    /// Loads the official rule sets bundled with the application: the <c>rulesets/</c> folder beside it
    /// (<see cref="AppContext.BaseDirectory"/>), which the NuGet package <c>AssessmentScorer.RuleSets</c> copies there
    /// (the package version names the release of the rule sets). Without that folder the result has no rule sets and an
    /// AS1008 error that says which package to add. Never throws on bad content.
    /// </summary>
    public static RegistryLoadResult LoadBundled(RuleSetLimits? limits = null)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "rulesets");
        if (Directory.Exists(directory)) return LoadDirectory(directory, limits);
        var missing = Errors.ReadFailed(new Location(directory, 0, 0),
            "no rule sets are bundled with this application (未找到随应用提供的规则集): reference the NuGet package AssessmentScorer.RuleSets, which copies them to rulesets/ beside the application");
        return new RegistryLoadResult(Empty, new[] { missing });
    }

    /// <summary>
    /// Loads <paramref name="directory"/> again to take this registry's place. While any file has errors, every version
    /// this registry holds that the new load lacks is kept, so a file broken in an edit never takes away its last good
    /// version; once the directory loads cleanly, a version whose file was removed is gone. The diagnostics are those
    /// of the new load. Never throws on bad content.
    /// </summary>
    public RegistryLoadResult Reload(string directory, RuleSetLimits? limits = null)
    {
        var result = LoadDirectory(directory, limits);
        if (result.Success) return result;
        var kept = All.Where(old => result.Registry.Resolve($"{old.Scheme}@{old.Version}") is null).ToList();
        return kept.Count == 0 ? result : result with { Registry = result.Registry.With(kept) };
    }

    /// <summary>
    /// Checks and compiles a draft rule set against this registry (so it may extend installed rule sets)
    /// without installing it.
    /// </summary>
    public RuleSetLoadResult LoadDraft(string yaml, string file = "draft.yaml", RuleSetLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var diags = new DiagnosticBag();
        var sets = Build(new[] { (file, Path.GetFileName(file), yaml) }, this, diags, checkFileNames: false, limits ?? RuleSetLimits.Default);
        return new RuleSetLoadResult(diags.HasErrors ? null : sets.FirstOrDefault(), diags.ToList());
    }

    /// <summary>A registry with these rule sets added (an existing scheme and version is kept, not replaced).</summary>
    internal RuleSetRegistry With(IEnumerable<CompiledRuleSet> more) => new(All.Concat(more).DistinctBy(s => (s.Scheme, s.Version)));

    /// <summary>A registry holding <paramref name="first"/>'s rule sets and those of <paramref name="more"/> whose scheme and version it lacks.</summary>
    public static RuleSetRegistry Combine(RuleSetRegistry first, IEnumerable<CompiledRuleSet> more)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(more);
        return first.With(more);
    }

    /// <summary>Resolves <c>scheme@version</c>, <c>scheme@latest</c>, <c>scheme@^1.2</c> or a bare <c>scheme</c> (latest published).</summary>
    public CompiledRuleSet? Resolve(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var at = reference.IndexOf('@');
        var scheme = at < 0 ? reference : reference[..at];
        var range = at < 0 ? "latest" : reference[(at + 1)..];
        var r = VersionRange.Parse(range);
        return r is null ? null : Find(scheme, r);
    }

    /// <summary>
    /// Resolves as <see cref="Resolve"/> does and, when nothing matches, says why: a reference that is not
    /// <c>scheme[@version|range]</c> (<c>AS4005</c>), an unknown scheme naming the known ones, or a scheme with no version
    /// in the range naming its versions (<c>AS4002</c>).
    /// </summary>
    /// <param name="reference">The reference, e.g. <c>cn.national.tertiary-performance@^1.0</c>.</param>
    /// <param name="ruleSet">The rule set found, or null.</param>
    /// <param name="diagnostic">Why nothing was found, or null when a rule set was.</param>
    /// <returns>Whether a rule set was found.</returns>
    public bool TryResolve(string reference, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CompiledRuleSet? ruleSet,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Diagnostic? diagnostic)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ruleSet = null; diagnostic = null;
        var where = new Location("(reference)", 0, 0);
        var at = reference.IndexOf('@');
        var scheme = at < 0 ? reference : reference[..at];
        var rangeText = at < 0 ? "latest" : reference[(at + 1)..];
        if (!RuleSetParser.IsSchemeId(scheme))
        {
            diagnostic = Errors.Of("AS4005", $"'{reference}' is not a rule-set reference: expected <scheme>[@<version or range>], a dotted lower-case scheme id like cn.national.tertiary-performance", where);
            return false;
        }
        if (VersionRange.Parse(rangeText) is not { } range)
        {
            diagnostic = Errors.Of("AS4005", $"'{reference}' is not a rule-set reference: '{rangeText}' is not a version or range (1.2.0, ^1.2, ~1.2.0, >=1.0 <2.0, 1.x, latest)", where);
            return false;
        }
        ruleSet = Find(scheme, range);
        if (ruleSet is not null) return true;
        diagnostic = _byScheme.TryGetValue(scheme, out var versions)
            ? Errors.Of("AS4002", $"no {(range.IsExact ? "" : "published ")}version of {scheme} matches '{rangeText}'; its versions: {string.Join(", ", versions.Select(v => $"{v.Version} ({v.Status})"))}", where)
            : Errors.Of("AS4002", $"no rule set has the scheme '{scheme}'; known schemes: {(_byScheme.Count == 0 ? "none (nothing is loaded)" : string.Join(", ", _byScheme.Keys.Order(StringComparer.Ordinal)))}", where);
        return false;
    }

    internal CompiledRuleSet? Find(string scheme, VersionRange range)
    {
        if (!_byScheme.TryGetValue(scheme, out var list)) return null;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var s = list[i];
            // Drafts are reachable only by their exact version.
            if (s.Status != "published" && !range.IsExact) continue;
            if (range.Matches(s.Version)) return s;
        }
        return null;
    }

    /// <summary>The versions of a scheme, lowest first.</summary>
    public IReadOnlyList<CompiledRuleSet> Versions(string scheme) =>
        _byScheme.TryGetValue(scheme, out var list) ? list.ToArray() : Array.Empty<CompiledRuleSet>();

    /// <summary>The highest published version of a scheme whose effective period covers <paramref name="year"/>.</summary>
    public CompiledRuleSet? InForce(string scheme, int year)
    {
        if (!_byScheme.TryGetValue(scheme, out var list)) return null;
        return list.Where(s => s.Status == "published" && s.IsInForce(year)).MaxBy(s => s.Version);
    }

    private static List<CompiledRuleSet> Build(IReadOnlyList<(string File, string Relative, string Text)> files, RuleSetRegistry installed, DiagnosticBag diags, bool checkFileNames, RuleSetLimits limits)
    {
        var raws = new List<(RawRuleSet Raw, string Text)>();
        foreach (var (file, relative, text) in files)
        {
            var raw = RuleSetParser.Parse(text, file, limits, diags);
            if (raw is null) continue;
            raw = raw with { RelativePath = relative };
            if (checkFileNames && Path.GetFileName(file) != $"{raw.Version}.yaml")
                diags.Add(Errors.FileNameMismatch(new Location(file, 0, 0), $"{raw.Version}.yaml"));
            var clash = raws.FirstOrDefault(r => r.Raw.Scheme == raw.Scheme && r.Raw.Version == raw.Version);
            if (clash.Raw is not null)
            {
                if (clash.Raw.Digest != raw.Digest) diags.Add(Errors.ConflictingVersion(raw.At, raw.Scheme, raw.Version.ToString(), clash.Raw.File));
                continue;
            }
            if (installed.Find(raw.Scheme, VersionRange.Parse(raw.Version.ToString())!) is { } existing && existing.Model.Merged.Own.Digest != raw.Digest)
            {
                // Named relative to its directory: a draft's author (an API client) never learns where the server keeps its files.
                diags.Add(Errors.ConflictingVersion(raw.At, raw.Scheme, raw.Version.ToString(), existing.RelativePath));
                continue;
            }
            raws.Add((raw, text));
        }

        var built = new Dictionary<RawRuleSet, (MergedRuleSet? Merged, CompiledRuleSet? Compiled)>();
        var result = new List<CompiledRuleSet>();
        foreach (var (raw, text) in raws) Ensure(raw, text, new List<RawRuleSet>());
        return result;

        (MergedRuleSet?, CompiledRuleSet?) Ensure(RawRuleSet raw, string text, List<RawRuleSet> chain)
        {
            if (built.TryGetValue(raw, out var done)) return done;
            if (chain.Contains(raw))
            {
                diags.Add(Errors.ExtendsCycle(raw.Extends!.Value.At, string.Join(" → ", chain.Append(raw).Select(r => $"{r.Scheme}@{r.Version}"))));
                return (null, null);
            }
            MergedRuleSet? parent = null;
            if (raw.Extends is { } ext)
            {
                var at = ext.Reference.IndexOf('@');
                var scheme = at < 0 ? ext.Reference : ext.Reference[..at];
                var range = VersionRange.Parse(at < 0 ? "latest" : ext.Reference[(at + 1)..]);
                if (range is null)
                {
                    diags.Add(Errors.InvalidRange(ext.At, ext.Reference));
                    return Remember(raw, (null, null));
                }
                // Prefer a rule set loading now; fall back to an installed one.
                var candidate = raws.Where(r => r.Raw.Scheme == scheme && (r.Raw.Status == "published" || range.IsExact) && range.Matches(r.Raw.Version))
                    .OrderByDescending(r => r.Raw.Version).FirstOrDefault();
                if (candidate.Raw is not null)
                {
                    chain.Add(raw);
                    var (pm, pc) = Ensure(candidate.Raw, candidate.Text, chain);
                    chain.Remove(raw);
                    if (pm is null || pc is null)
                    {
                        diags.Add(Errors.ParentFailed(ext.At, ext.Reference));
                        return Remember(raw, (null, null));
                    }
                    parent = pm;
                }
                else if (installed.Find(scheme, range) is { } inst) parent = inst.Model.Merged;
                else
                {
                    diags.Add(Errors.ExtendsNotFound(ext.At, ext.Reference));
                    return Remember(raw, (null, null));
                }
            }
            var local = new DiagnosticBag();
            var merged = Merger.Merge(raw, parent, local);
            var model = local.HasErrors ? null : Binder.Bind(merged, local, limits);
            diags.AddRange(local.ToList());
            if (model is null || local.HasErrors) return Remember(raw, (merged, null));
            var compiled = new CompiledRuleSet(model, text);
            result.Add(compiled);
            return Remember(raw, (merged, compiled));
        }

        (MergedRuleSet?, CompiledRuleSet?) Remember(RawRuleSet raw, (MergedRuleSet?, CompiledRuleSet?) value)
        {
            built[raw] = value;
            return value;
        }
    }
}

/// <summary>Loads a single rule set from text.</summary>
public static class RuleSetLoader
{
    /// <summary>
    /// Parses, checks and compiles one rule file. A rule set that <c>extends</c> another needs
    /// <see cref="RuleSetRegistry.LoadDraft"/> on a registry that holds the parent. Never throws on bad content.
    /// </summary>
    public static RuleSetLoadResult Load(string yaml, string file = "ruleset.yaml", RuleSetLimits? limits = null) =>
        RuleSetRegistry.Empty.LoadDraft(yaml, file, limits);
}
