namespace AssessmentScorer;

/// <summary>Collects diagnostics for one load.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();
    public void Add(Diagnostic d) => _items.Add(d);
    public void AddRange(IEnumerable<Diagnostic> ds) => _items.AddRange(ds);
    public bool HasErrors => _items.Exists(d => d.Severity == Severity.Error);
    public int Count => _items.Count;
    /// <summary>Rewrites the diagnostics added since <paramref name="start"/> (e.g. to move them to the line that caused them).</summary>
    public void Rewrite(int start, Func<Diagnostic, Diagnostic> rewrite)
    {
        for (var i = start; i < _items.Count; i++) _items[i] = rewrite(_items[i]);
    }
    public IReadOnlyList<Diagnostic> ToList() => _items
        .OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column)
        .ThenBy(d => d.Code, StringComparer.Ordinal).ToArray();
}

/// <summary>
/// Every diagnostic the library reports, one factory per code, so codes stay stable and the
/// wording lives in one place. 1xxx YAML and limits, 2xxx structure, 3xxx semantics and
/// expressions, 4xxx versions, 5xxx submissions and rule-set tests.
/// </summary>
internal static class Errors
{
    /// <summary>A diagnostic with the severity the catalogue gives its code (<see cref="ProblemCodes"/>).</summary>
    internal static Diagnostic Of(string code, string message, Location at) => new(code, ProblemCodes.Get(code).Severity, message, at);
    private static Diagnostic E(string code, string message, Location at) => Of(code, message, at);
    private static Diagnostic W(string code, string message, Location at) => Of(code, message, at);

    // 1xxx: YAML and limits
    public static Diagnostic YamlSyntax(Location at, string detail) => E("AS1001", $"YAML syntax: {detail}", at);
    public static Diagnostic FileTooLarge(Location at, int limit) => E("AS1002", $"the file is larger than {limit / 1024} KiB, the limit for a rule file", at);
    public static Diagnostic TooDeep(Location at, int limit) => E("AS1003", $"the YAML nests deeper than {limit} levels", at);
    public static Diagnostic TooManyNodes(Location at, int limit) => E("AS1004", $"the YAML expands to more than {limit} nodes (check anchors and aliases)", at);
    public static Diagnostic MultipleDocuments(Location at) => E("AS1005", "a rule file holds one YAML document; remove the second '---'", at);
    public static Diagnostic ComplexKey(Location at) => E("AS1006", "a mapping key must be a plain scalar", at);
    public static Diagnostic EmptyFile(Location at) => E("AS1007", "the file is empty", at);
    public static Diagnostic ReadFailed(Location at, string why) => E("AS1008", $"the file cannot be read: {why}", at);

    // 2xxx: structure
    public static Diagnostic UnknownKey(Location at, string key, string where, IEnumerable<string> allowed) =>
        E("AS2001", $"unknown key '{key}' in {where}{Expressions.ExpressionCompiler.Suggest(key, allowed)} (allowed: {string.Join(", ", allowed)})", at);
    public static Diagnostic MissingKey(Location at, string key, string where) => E("AS2002", $"{where} needs '{key}'", at);
    public static Diagnostic WrongNode(Location at, string what, string expected, string actual) => E("AS2003", $"{what} must be {expected}, not {actual}", at);
    public static Diagnostic InvalidValue(Location at, string what, string value, string expected) => E("AS2004", $"'{value}' is not a valid {what}; expected {expected}", at);
    public static Diagnostic DuplicateId(Location at, string kind, string id) => E("AS2005", $"{kind} '{id}' is declared twice", at);
    public static Diagnostic DuplicateKey(Location at, string key) => E("AS2006", $"the key '{key}' appears twice in the same mapping", at);
    public static Diagnostic PointsAndWeight(Location at, string id) => E("AS2007", $"indicator '{id}' gives both points and weight; give one", at);

    // 3xxx: semantics and expressions
    public static Diagnostic Expression(Location at, string code, string message) => E(code, message, at);
    public static Diagnostic UnknownDimension(Location at, string dim, IEnumerable<string> known) =>
        E("AS3008", $"dimension '{dim}' is not declared{Expressions.ExpressionCompiler.Suggest(dim, known)}", at);
    public static Diagnostic OverlappingBands(Location at, string id, string a, string b) => E("AS3009", $"bands of '{id}' overlap: {a} and {b}", at);
    public static Diagnostic UnreachableGrade(Location at, string grade, string why) => E("AS3010", $"grade '{grade}' can never be given: {why}", at);
    public static Diagnostic UnknownField(Location at, string field) => E("AS3011", $"field '{field}' is neither in the data dictionary nor declared under 'fields'", at);
    public static Diagnostic MethodNeeds(Location at, string id, string method, string need) => E("AS3012", $"indicator '{id}': scoring method '{method}' needs {need}", at);
    public static Diagnostic UnknownIndicator(Location at, string id, string where) => E("AS3013", $"'{id}' is not an indicator of {where}", at);
    public static Diagnostic UnknownScale(Location at, string scale) => E("AS3014", $"scale '{scale}' is not declared", at);
    public static Diagnostic NoDescription(Location at, string where, string expression) =>
        W("AS3019", $"{where} has no description for readers; add it under 'descriptions:' as \"{expression}\": {{ zh: …, en: … }} (reports and explanations never show the expression)", at);
    public static Diagnostic NoIndicators(Location at) => W("AS3015", "the rule set declares no indicators", at);
    public static Diagnostic UnknownGrade(Location at, string grade, IEnumerable<string> grades) => E("AS3016", $"'{grade}' is not a grade of this rule set ({string.Join(", ", grades)})", at);
    public static Diagnostic BoundOutOfRange(Location at, string id, string bound, string range, string? meant) =>
        W("AS3018", $"indicator '{id}': the bound {bound} lies outside the value's range ({range}){(meant is null ? "" : $"; did you mean {meant}?")}", at);
    public static Diagnostic UnusedTargetCase(Location at, string id) => W("AS3017", $"indicator '{id}': a target case after one without 'when' can never be chosen", at);

    // 4xxx: versions
    public static Diagnostic InvalidVersion(Location at, string v) => E("AS4001", $"'{v}' is not a semantic version (major.minor.patch)", at);
    public static Diagnostic ExtendsNotFound(Location at, string reference) => E("AS4002", $"no published rule set matches '{reference}'", at);
    public static Diagnostic ConflictingVersion(Location at, string scheme, string version, string other) =>
        E("AS4003", $"{scheme}@{version} is already defined with different content in {other}; a published version never changes, so give this one a new version", at);
    public static Diagnostic ExtendsCycle(Location at, string chain) => E("AS4004", $"rule sets extend each other in a cycle: {chain}", at);
    public static Diagnostic InvalidRange(Location at, string range) => E("AS4005", $"'{range}' is not a version or range (1.2.0, ^1.2, ~1.2.0, >=1.0 <2.0, 1.x, latest)", at);
    public static Diagnostic FileNameMismatch(Location at, string expected) => W("AS4006", $"the file name should be '{expected}' (rule files are named by their version)", at);
    public static Diagnostic ParentFailed(Location at, string reference) => E("AS4007", $"'{reference}' has errors of its own, so this rule set cannot be built on it", at);
}
