using System.Globalization;

namespace AssessmentScorer;

/// <summary>A semantic version <c>major.minor.patch</c> (pre-release tags are not used by rule sets).</summary>
public readonly record struct SemVersion(int Major, int Minor, int Patch) : IComparable<SemVersion>
{
    /// <summary>Parses <c>1.2.3</c>; returns false for anything else.</summary>
    public static bool TryParse(string? text, out SemVersion version)
    {
        version = default;
        if (text is null) return false;
        var parts = text.Split('.');
        if (parts.Length != 3) return false;
        var n = new int[3];
        for (var i = 0; i < 3; i++)
        {
            if (parts[i].Length == 0 || parts[i].Length > 9 || !parts[i].All(char.IsAsciiDigit)) return false;
            if (parts[i].Length > 1 && parts[i][0] == '0') return false;
            n[i] = int.Parse(parts[i], CultureInfo.InvariantCulture);
        }
        version = new SemVersion(n[0], n[1], n[2]);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(SemVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);

    /// <summary>Compares two versions.</summary>
    public static bool operator <(SemVersion a, SemVersion b) => a.CompareTo(b) < 0;
    /// <summary>Compares two versions.</summary>
    public static bool operator >(SemVersion a, SemVersion b) => a.CompareTo(b) > 0;
    /// <summary>Compares two versions.</summary>
    public static bool operator <=(SemVersion a, SemVersion b) => a.CompareTo(b) <= 0;
    /// <summary>Compares two versions.</summary>
    public static bool operator >=(SemVersion a, SemVersion b) => a.CompareTo(b) >= 0;

    /// <summary><c>major.minor.patch</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}

/// <summary>A version requirement: exact, <c>^1.2</c>, <c>~1.2.0</c>, <c>&gt;=1.0 &lt;2.0</c>, <c>1.x</c> or <c>latest</c>.</summary>
internal sealed class VersionRange
{
    private readonly List<(string Op, SemVersion V)> _comparators;
    private VersionRange(List<(string, SemVersion)> c, bool exact) { _comparators = c; IsExact = exact; }
    public bool IsExact { get; }

    public static VersionRange? Parse(string text)
    {
        text = text.Trim();
        if (text is "latest" or "*" or "x") return new VersionRange(new(), false);
        if (SemVersion.TryParse(text, out var exact)) return new VersionRange(new() { ("=", exact) }, true);
        if (text.StartsWith('^') || text.StartsWith('~'))
        {
            if (!TryPartial(text[1..], out var v, out var given)) return null;
            var upper = text[0] == '^'
                ? (v.Major > 0 || given == 1 ? new SemVersion(v.Major + 1, 0, 0) : new SemVersion(0, v.Minor + 1, 0))
                : (given == 1 ? new SemVersion(v.Major + 1, 0, 0) : new SemVersion(v.Major, v.Minor + 1, 0));
            return new VersionRange(new() { (">=", v), ("<", upper) }, false);
        }
        if (text.EndsWith(".x", StringComparison.Ordinal) || text.EndsWith(".*", StringComparison.Ordinal))
        {
            if (!TryPartial(text[..^2], out var v, out var given)) return null;
            var upper = given == 1 ? new SemVersion(v.Major + 1, 0, 0) : new SemVersion(v.Major, v.Minor + 1, 0);
            return new VersionRange(new() { (">=", v), ("<", upper) }, false);
        }
        var list = new List<(string, SemVersion)>();
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var op = part.StartsWith(">=", StringComparison.Ordinal) || part.StartsWith("<=", StringComparison.Ordinal) ? part[..2]
                : part.StartsWith('>') || part.StartsWith('<') || part.StartsWith('=') ? part[..1] : null;
            if (op is null || !TryPartial(part[op.Length..], out var v, out _)) return null;
            list.Add((op, v));
        }
        return list.Count == 0 ? null : new VersionRange(list, false);
    }

    private static bool TryPartial(string s, out SemVersion v, out int given)
    {
        v = default; given = 0;
        var parts = s.Split('.');
        if (parts.Length is < 1 or > 3) return false;
        var n = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 9 || !parts[i].All(char.IsAsciiDigit)) return false;
            n[i] = int.Parse(parts[i], CultureInfo.InvariantCulture);
        }
        given = parts.Length;
        v = new SemVersion(n[0], n[1], n[2]);
        return true;
    }

    public bool Matches(SemVersion v)
    {
        foreach (var (op, bound) in _comparators)
        {
            var c = v.CompareTo(bound);
            var ok = op switch { "=" => c == 0, ">=" => c >= 0, ">" => c > 0, "<=" => c <= 0, "<" => c < 0, _ => false };
            if (!ok) return false;
        }
        return true;
    }
}
