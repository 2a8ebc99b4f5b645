using System.Globalization;

namespace AssessmentScorer.RuleSets;

/// <summary>Typed, position-aware reads from YAML nodes; each bad node records a diagnostic and the walk goes on.</summary>
internal sealed class NodeWalker
{
    public NodeWalker(string file, DiagnosticBag diags) { File = file; Diags = diags; }
    public string File { get; }
    public DiagnosticBag Diags { get; }

    public Location L(YNode n) => new(File, n.Line, n.Column);

    public YMap? AsMap(YNode? n, string what)
    {
        if (n is null) return null;
        if (n is YMap m) return m;
        Diags.Add(Errors.WrongNode(L(n), what, "a mapping (key: value lines)", n.Kind));
        return null;
    }

    public YSeq? AsSeq(YNode? n, string what)
    {
        if (n is null) return null;
        if (n is YSeq s) return s;
        Diags.Add(Errors.WrongNode(L(n), what, "a list", n.Kind));
        return null;
    }

    public void CheckKeys(YMap m, string where, IReadOnlyCollection<string> allowed)
    {
        foreach (var (k, _) in m.Entries)
            if (!allowed.Contains(k.Value))
                Diags.Add(Errors.UnknownKey(L(k), k.Value, where, allowed));
    }

    public YScalar? Scalar(YNode? n, string what)
    {
        if (n is null) return null;
        if (n is YScalar s) return s;
        Diags.Add(Errors.WrongNode(L(n), what, "a single value", n.Kind));
        return null;
    }

    public string? Str(YMap m, string key, string where, bool required = false)
    {
        var n = m.Get(key);
        if (n is null)
        {
            if (required) Diags.Add(Errors.MissingKey(L(m), key, where));
            return null;
        }
        var s = Scalar(n, $"'{key}' in {where}");
        if (s is null) return null;
        if (s.IsNull)
        {
            if (required) Diags.Add(Errors.MissingKey(L(s), key, where));
            return null;
        }
        return s.Value;
    }

    public string? Id(YMap m, string key, string where)
    {
        var s = Str(m, key, where, required: true);
        if (s is null) return null;
        if (!IsIdentifier(s))
        {
            Diags.Add(Errors.InvalidValue(L(m.Get(key)!), "id", s, "snake_case letters, digits and '_' (starting with a letter)"));
            return null;
        }
        return s;
    }

    public static bool IsIdentifier(string s) =>
        s.Length is > 0 and <= 100 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => c == '_' || char.IsLetterOrDigit(c));

    public decimal? Num(YNode? n, string what)
    {
        var s = Scalar(n, what);
        if (s is null) return null;
        if (TryNumber(s.Value, out var d)) return d;
        Diags.Add(Errors.InvalidValue(L(s), what, s.Value, "a number (percent allowed, like 40%)"));
        return null;
    }

    public static bool TryNumber(string text, out decimal d)
    {
        text = text.Trim();
        var percent = text.EndsWith('%');
        if (percent) text = text[..^1];
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out d))
        {
            if (percent) d /= 100m;
            return true;
        }
        return false;
    }

    public int? Int(YNode? n, string what)
    {
        var d = Num(n, what);
        if (d is null) return null;
        if (d != decimal.Truncate(d.Value) || d < int.MinValue || d > int.MaxValue)
        {
            Diags.Add(Errors.InvalidValue(L(n!), what, ((YScalar)n!).Value, "a whole number"));
            return null;
        }
        return (int)d.Value;
    }

    public DateOnly? Date(YNode? n, string what)
    {
        var s = Scalar(n, what);
        if (s is null || s.IsNull) return null;
        if (DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        Diags.Add(Errors.InvalidValue(L(s), what, s.Value, "a date written yyyy-mm-dd"));
        return null;
    }

    public bool? Bool(YNode? n, string what)
    {
        var s = Scalar(n, what);
        if (s is null) return null;
        if (s.Value is "true" or "True" or "yes") return true;
        if (s.Value is "false" or "False" or "no") return false;
        Diags.Add(Errors.InvalidValue(L(s), what, s.Value, "true or false"));
        return null;
    }

    public IReadOnlyList<string> StrList(YNode? n, string what)
    {
        if (n is null) return Array.Empty<string>();
        if (n is YScalar one && !one.IsNull) return new[] { one.Value };
        var seq = AsSeq(n, what);
        if (seq is null) return Array.Empty<string>();
        var list = new List<string>();
        foreach (var item in seq.Items)
        {
            var s = Scalar(item, $"an item of {what}");
            if (s is not null) list.Add(s.Value);
        }
        return list;
    }

    public Bilingual? Text(YNode? n, string what, bool warnMissingEn = true)
    {
        if (n is null) return null;
        if (n is YScalar s) return new Bilingual(s.Value, s.Value);
        var m = AsMap(n, what);
        if (m is null) return null;
        CheckKeys(m, what, new[] { "zh", "en" });
        var zh = Str(m, "zh", what, required: true);
        var en = Str(m, "en", what);
        if (en is null && warnMissingEn)
            Diags.Add(Errors.Of("AS2008", $"{what} has no English text ('en')", L(m)));
        return zh is null ? null : new Bilingual(zh, en ?? zh);
    }

    public ExprSource? Expr(YNode? n, string what)
    {
        var s = Scalar(n, what);
        if (s is null) return null;
        if (s.IsNull || s.Value.Trim().Length == 0)
        {
            Diags.Add(Errors.InvalidValue(L(s), what, s.Value, "an expression"));
            return null;
        }
        var single = !s.Value.Contains('\n') && (s.IsPlain || s.IsQuoted);
        return new ExprSource(s.Value, L(s), single, s.IsQuoted ? 1 : 0, s.Quote);
    }
}
