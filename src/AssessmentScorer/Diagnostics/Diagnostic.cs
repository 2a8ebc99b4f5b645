using System.Globalization;

namespace AssessmentScorer;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum Severity
{
    /// <summary>Worth knowing; the rule set still loads.</summary>
    Warning,
    /// <summary>The rule set (or input) cannot be used as written.</summary>
    Error,
}

/// <summary>A place in a text file: file name, 1-based line and column.</summary>
/// <param name="File">The file as the user named it (relative where possible).</param>
/// <param name="Line">1-based line; 0 when the problem concerns the whole file.</param>
/// <param name="Column">1-based column; 0 when the problem concerns the whole line or file.</param>
public sealed record Location(string File, int Line, int Column)
{
    /// <summary>Renders the location as <c>file(line,col)</c>.</summary>
    public override string ToString() =>
        Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{File}({Line},{Column})") : File;
}

/// <summary>One problem found while loading, binding or checking a rule set or an input.</summary>
/// <param name="Code">A stable code: <c>AS1xxx</c> YAML syntax and limits, <c>AS2xxx</c> structure,
/// <c>AS3xxx</c> semantics and expressions, <c>AS4xxx</c> versions, <c>AS5xxx</c> submissions and tests.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">A sentence saying what is wrong and, where it helps, what to write instead.</param>
/// <param name="Location">Where it is.</param>
public sealed record Diagnostic(string Code, Severity Severity, string Message, Location Location)
{
    /// <summary>Renders the diagnostic as <c>file(line,col): error CODE: message</c>.</summary>
    public override string ToString() =>
        $"{Location}: {(Severity == Severity.Error ? "error" : "warning")} {Code}: {Message}";
}
