namespace AssessmentScorer;

/// <summary>What kind of thing a problem code reports; hosts decide how to answer from it (never from the code's digits).</summary>
public enum ProblemCategory
{
    /// <summary>A rule file's YAML syntax or size limits (AS1xxx).</summary>
    Yaml,
    /// <summary>A rule file's structure: keys, node kinds, ids (AS2xxx).</summary>
    Structure,
    /// <summary>A rule set's meaning: expressions, references, methods (AS3xxx).</summary>
    Semantics,
    /// <summary>Versions, ranges and <c>extends</c> (AS4xxx).</summary>
    Versions,
    /// <summary>An input that cannot be read as a submission or a batch (its syntax, a required key, a table's shape).</summary>
    Unreadable,
    /// <summary>A submitted value that is wrong (type, range, level, year): it is read as missing and everything else is scored.</summary>
    InvalidValue,
    /// <summary>Data an indicator or veto needs is missing: the result is given without it.</summary>
    MissingData,
    /// <summary>Worth knowing, and the result stands: an unknown or repeated key, a subject or year outside the rule set's scope.</summary>
    Notice,
    /// <summary>A request to the service that cannot be served as sent (size, media type, route, method), or the service's state.</summary>
    Request,
}

/// <summary>One problem code: the code, how serious it is, its category and what it means.</summary>
/// <param name="Code">The stable code (<c>AS1001</c> …).</param>
/// <param name="Severity">Error (the rule set or input cannot be used as written) or warning (the result stands).</param>
/// <param name="Category">What kind of thing it reports.</param>
/// <param name="Meaning">What it means, in a few words (English; the problems themselves say more).</param>
public sealed record ProblemCode(string Code, Severity Severity, ProblemCategory Category, string Meaning);

/// <summary>
/// Every problem code the library, the command line and the service report, with its severity and category: the one
/// place that says how serious a code is. <c>docs/problem-codes.md</c> is made from it.
/// </summary>
public static class ProblemCodes
{
    private const Severity E = Severity.Error, W = Severity.Warning;

    /// <summary>Every code, in order.</summary>
    public static IReadOnlyList<ProblemCode> All { get; } = Array.AsReadOnly(new ProblemCode[]
    {
        new("AS1001", E, ProblemCategory.Yaml, "YAML syntax"),
        new("AS1002", E, ProblemCategory.Yaml, "rule file larger than the size limit"),
        new("AS1003", E, ProblemCategory.Yaml, "YAML nested deeper than the limit"),
        new("AS1004", E, ProblemCategory.Yaml, "YAML expands to more nodes than the limit (anchors, aliases)"),
        new("AS1005", E, ProblemCategory.Yaml, "more than one YAML document in a rule file"),
        new("AS1006", E, ProblemCategory.Yaml, "a mapping key that is not a plain scalar"),
        new("AS1007", E, ProblemCategory.Yaml, "empty rule file"),
        new("AS1008", E, ProblemCategory.Yaml, "rule file cannot be read"),
        new("AS1009", E, ProblemCategory.Request, "service not ready: no rule set loaded yet"),
        new("AS2001", E, ProblemCategory.Structure, "unknown key"),
        new("AS2002", E, ProblemCategory.Structure, "missing key"),
        new("AS2003", E, ProblemCategory.Structure, "wrong node kind (mapping, list, scalar)"),
        new("AS2004", E, ProblemCategory.Structure, "invalid value"),
        new("AS2005", E, ProblemCategory.Structure, "id declared twice"),
        new("AS2006", E, ProblemCategory.Structure, "key given twice in one mapping"),
        new("AS2007", E, ProblemCategory.Structure, "both points and weight"),
        new("AS2008", W, ProblemCategory.Structure, "no English text"),
        new("AS3001", E, ProblemCategory.Semantics, "expression syntax"),
        new("AS3002", E, ProblemCategory.Semantics, "unknown name in an expression"),
        new("AS3003", E, ProblemCategory.Semantics, "type mismatch"),
        new("AS3004", E, ProblemCategory.Semantics, "dependency cycle"),
        new("AS3005", E, ProblemCategory.Semantics, "unknown function"),
        new("AS3006", E, ProblemCategory.Semantics, "wrong number of arguments"),
        new("AS3007", E, ProblemCategory.Semantics, "unknown level or enumeration value"),
        new("AS3008", E, ProblemCategory.Semantics, "unknown dimension"),
        new("AS3009", E, ProblemCategory.Semantics, "overlapping bands"),
        new("AS3010", E, ProblemCategory.Semantics, "grade that can never be given"),
        new("AS3011", E, ProblemCategory.Semantics, "unknown field"),
        new("AS3012", E, ProblemCategory.Semantics, "scoring method lacks what it needs"),
        new("AS3013", E, ProblemCategory.Semantics, "unknown indicator"),
        new("AS3014", E, ProblemCategory.Semantics, "unknown scale"),
        new("AS3015", W, ProblemCategory.Semantics, "rule set declares no indicators"),
        new("AS3016", E, ProblemCategory.Semantics, "unknown grade"),
        new("AS3017", W, ProblemCategory.Semantics, "target case that can never be chosen"),
        new("AS3018", W, ProblemCategory.Semantics, "a bound outside the value's range in the data dictionary (15 on a share: did you mean 15%?)"),
        new("AS3019", W, ProblemCategory.Semantics, "a condition (applies_when, an aggregate's over) with no description for readers"),
        new("AS4001", E, ProblemCategory.Versions, "invalid semantic version"),
        new("AS4002", E, ProblemCategory.Versions, "no rule set matches the reference"),
        new("AS4003", E, ProblemCategory.Versions, "a published version redefined with different content"),
        new("AS4004", E, ProblemCategory.Versions, "extends cycle"),
        new("AS4005", E, ProblemCategory.Versions, "invalid version range"),
        new("AS4006", W, ProblemCategory.Versions, "file name does not match the version"),
        new("AS4007", E, ProblemCategory.Versions, "parent rule set has errors"),
        new("AS5000", E, ProblemCategory.Unreadable, "input file cannot be read"),
        new("AS5001", E, ProblemCategory.Unreadable, "not valid JSON (or not a submission object)"),
        new("AS5002", E, ProblemCategory.InvalidValue, "wrong type"),
        new("AS5003", E, ProblemCategory.InvalidValue, "out of range"),
        new("AS5004", W, ProblemCategory.Notice, "unknown key: not read"),
        new("AS5005", E, ProblemCategory.Unreadable, "required key or part missing"),
        new("AS5006", W, ProblemCategory.Notice, "key given twice: the last one is used"),
        new("AS5007", E, ProblemCategory.InvalidValue, "previous period not before the assessment year"),
        new("AS5008", E, ProblemCategory.InvalidValue, "enumeration value or level that does not exist"),
        new("AS5009", W, ProblemCategory.Notice, "subject outside the rule set's applies_to (still scored)"),
        new("AS5010", W, ProblemCategory.Notice, "year outside the rule set's effective period (still scored)"),
        new("AS5011", W, ProblemCategory.MissingData, "data an indicator or veto needs is missing"),
        new("AS5012", W, ProblemCategory.Notice, "subject the rule set does not assess (applies_to.exclude)"),
        new("AS5013", E, ProblemCategory.Unreadable, "CSV row with a different number of cells from the header"),
        new("AS5014", E, ProblemCategory.Request, "request body is not UTF-8"),
        new("AS5015", E, ProblemCategory.Request, "request too large"),
        new("AS5016", E, ProblemCategory.Request, "unsupported media type"),
        new("AS5017", E, ProblemCategory.Request, "batch too large"),
        new("AS5018", E, ProblemCategory.Request, "bad request"),
        new("AS5019", E, ProblemCategory.Request, "not found"),
        new("AS5020", E, ProblemCategory.Request, "method not allowed"),
        new("AS5021", E, ProblemCategory.Unreadable, "workbook cannot be read"),
        new("AS5022", E, ProblemCategory.Unreadable, "a batch that is not a JSON array of submissions"),
        new("AS5023", E, ProblemCategory.Request, "too many requests from one client (rate limit), or too many large batches waiting for their turn (batch queue); Retry-After says when to try again"),
        new("AS5024", E, ProblemCategory.Request, "request timed out"),
        new("AS5025", E, ProblemCategory.Request, "no rules assembly is configured for applying results (AssessmentScorer:Rules:Assembly)"),
        new("AS5026", E, ProblemCategory.Request, "the rules assembly cannot be used, or one of its rules failed while applying results"),
        new("AS5027", E, ProblemCategory.Request, "no rules assembly is configured, so a round's actions cannot be drawn (GET /rounds/{id}/actions; AssessmentScorer:Rules:Assembly)"),
        new("AS5600", E, ProblemCategory.Request, "no API key, or one that is unknown or revoked (401)"),
        new("AS5601", E, ProblemCategory.Request, "outside the API key's role or scope (403)"),
        new("AS5602", E, ProblemCategory.Request, "the round's state does not allow this (closed, published, or changed meanwhile) (409)"),
        new("AS5603", E, ProblemCategory.InvalidValue, "a submission of another year than the round's"),
        new("AS5604", E, ProblemCategory.Request, "a request field missing or invalid (round, key, re-scoring, paging)"),
        new("AS5605", E, ProblemCategory.Request, "the round's rule set changed since the round was made: results are not computed with other rules (409)"),
        new("AS5606", E, ProblemCategory.InvalidValue, "a subject given more than once in one upload"),
        new("AS9999", E, ProblemCategory.Request, "internal error"),
    });

    private static readonly Dictionary<string, ProblemCode> ByCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>The entry for <paramref name="code"/>.</summary>
    /// <exception cref="ArgumentException">The code is not in the catalogue.</exception>
    public static ProblemCode Get(string code) =>
        ByCode.TryGetValue(code, out var c) ? c : throw new ArgumentException($"'{code}' is not a problem code of the catalogue", nameof(code));

    /// <summary>Whether the code is a warning (the rule set loads, the result stands).</summary>
    /// <exception cref="ArgumentException">The code is not in the catalogue.</exception>
    public static bool IsWarning(string code) => Get(code).Severity == Severity.Warning;
}
