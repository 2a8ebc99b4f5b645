namespace AssessmentScorer.RuleSets;

/// <summary>
/// A rule file's scheme and the scheme it extends, told from its text without parsing it, so that a command naming
/// one rule set loads only the files it needs (<see cref="RuleSetRegistry.LoadSchemes"/>). Only plain block YAML is
/// read this way: one top-level <c>scheme: id</c> line and at most one <c>extends: scheme@range</c> line, every other
/// top-level key plain. Anything else (flow or quoted keys, anchors, tags, directives, several documents, a value
/// continued on the next line) gives null: the file is then loaded in full, as if it might be wanted.
/// </summary>
internal sealed record RuleFileHead(string Scheme, string? ExtendsScheme)
{
    public static RuleFileHead? Of(string text)
    {
        string? scheme = null, extends = null;
        var seenKey = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            // Blank lines, comments, indented lines and a sequence's items written at the margin belong to a key above.
            if (line.Length == 0 || line[0] is ' ' or '\t' or '#' || line[0] == '-' && (line.Length == 1 || line[1] is ' ' or '\t')) continue;
            if (line.StartsWith("---", StringComparison.Ordinal))
            {
                if (seenKey || line.Trim() != "---") return null;
                continue;
            }
            if (!IsPlainKeyStart(line[0])) return null;
            seenKey = true;
            if (line.StartsWith("scheme", StringComparison.Ordinal))
            {
                if (scheme is not null || Value(line, "scheme:") is not { } id || !RuleSetParser.IsSchemeId(id) || Continued(lines, i)) return null;
                scheme = id;
            }
            else if (line.StartsWith("extends", StringComparison.Ordinal))
            {
                if (extends is not null || Value(line, "extends:") is not { } reference || Continued(lines, i)) return null;
                var at = reference.IndexOf('@');
                extends = at < 0 ? reference : reference[..at];
            }
        }
        return scheme is null ? null : new RuleFileHead(scheme, extends);
    }

    private static bool IsPlainKeyStart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>The plain value of a <c>key: value</c> line (a trailing comment allowed); null for anything else.</summary>
    private static string? Value(string line, string key)
    {
        if (!line.StartsWith(key, StringComparison.Ordinal) || line.Length == key.Length || line[key.Length] is not (' ' or '\t')) return null;
        var rest = line[key.Length..].Trim();
        var hash = rest.IndexOf(" #", StringComparison.Ordinal);
        if (hash >= 0) rest = rest[..hash].TrimEnd();
        if (rest.Length == 0 || rest.IndexOfAny(new[] { ' ', '\t', '"', '\'', '#', '&', '*', '!', '|', '>', '{', '[', ',' }) >= 0) return null;
        return rest;
    }

    /// <summary>True when the next non-blank, non-comment line is indented (a plain value continued there).</summary>
    private static bool Continued(string[] lines, int i)
    {
        for (var j = i + 1; j < lines.Length; j++)
        {
            var next = lines[j].TrimEnd('\r');
            var trimmed = next.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            return next[0] is ' ' or '\t';
        }
        return false;
    }
}
