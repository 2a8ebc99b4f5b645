using System.Globalization;
using AssessmentScorer.Results;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer;

/// <summary>
/// How a submitted cell or JSON value becomes a value, in one place for every reader: subject codes given as their
/// Chinese labels (三级 → tertiary), yes/no in Chinese or English, numbers with a trailing % or thousands separators,
/// and the data dictionary's ranges checked as the submission is read.
/// </summary>
internal static class InputValues
{
    /// <summary>Each subject code with its Chinese label and English word, and the other ways people write it.</summary>
    internal static readonly IReadOnlyList<(string Attribute, string Code, string Zh, string En, string[] Aliases)> Codes = new[]
    {
        ("kind", "hospital", "医院", "hospital", new[] { "公立医院" }),
        ("kind", "alliance", "医共体", "medical alliance", new[] { "医联体", "县域医共体", "县域医疗共同体", "紧密型县域医共体" }),
        ("kind", "region", "区域", "region", new[] { "地区", "辖区", "政府" }),
        ("tier", "tertiary", "三级", "tertiary", new[] { "三级医院", "3级", "三甲", "三级甲等", "三级乙等", "三级丙等" }),
        ("tier", "secondary", "二级", "secondary", new[] { "二级医院", "2级", "二甲", "二级甲等", "二级乙等", "二级丙等" }),
        ("tier", "primary", "一级", "primary", new[] { "一级医院", "1级", "一级甲等", "一级乙等", "一级丙等" }),
        ("category", "general", "综合", "general", new[] { "综合医院", "综合性医院" }),
        ("category", "tcm", "中医", "TCM", new[] { "中医医院", "中医院", "中医类", "中医类医院", "中西医结合医院", "民族医医院" }),
        ("category", "specialty", "专科", "specialty", new[] { "专科医院" }),
        ("category", "maternal_child", "妇幼", "maternal and child health", new[] { "妇幼保健院", "妇幼保健机构", "妇幼保健" }),
        ("ownership", "public", "公立", "public", new[] { "公办", "政府办" }),
        ("ownership", "private", "民营", "private", new[] { "非公立", "社会办", "私立" }),
    };

    /// <summary>The Chinese label of a subject code (tertiary → 三级); null for a text that is no code.</summary>
    public static string? Label(string? code)
    {
        if (code is null) return null;
        foreach (var c in Codes) if (c.Code == code) return c.Zh;
        return null;
    }

    /// <summary>
    /// A subject attribute as its code: the code itself (any case), its Chinese label or a usual alias (三级, 三级医院,
    /// 中医院); anything else is returned as given, for the scorer to report as a value that does not exist.
    /// </summary>
    public static string? SubjectCode(string attribute, string? text)
    {
        if (text is null) return null;
        var t = text.Trim();
        foreach (var c in Codes)
            if (c.Attribute == attribute && (string.Equals(c.Code, t, StringComparison.OrdinalIgnoreCase) || c.Zh == t || c.Aliases.Contains(t)))
                return c.Code;
        return text;
    }

    /// <summary>
    /// Each attribute's codes, labels and aliases as UTF-8, with the code <see cref="SubjectCode"/> gives each text as
    /// written (the same answer, taken from it): a reader matches a value's bytes here before making a string of it.
    /// </summary>
    private static readonly Dictionary<string, (byte[] Utf8, string Code)[]> CodeBytes = Codes
        .GroupBy(c => c.Attribute)
        .ToDictionary(g => g.Key, g => g.SelectMany(c => c.Aliases.Prepend(c.Zh).Prepend(c.En).Prepend(c.Code))
            .Distinct(StringComparer.Ordinal)
            .Select(t => (System.Text.Encoding.UTF8.GetBytes(t), SubjectCode(g.Key, t)!))
            .ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// The code of an attribute's text given as UTF-8 when it is written exactly as a code, label or alias (what
    /// <see cref="SubjectCode"/> gives for it); null for anything else (other case, spaces, other texts), which is read
    /// as text and given to <see cref="SubjectCode"/>.
    /// </summary>
    internal static string? KnownCode(string attribute, ReadOnlySpan<byte> utf8)
    {
        if (!CodeBytes.TryGetValue(attribute, out var codes)) return null;
        foreach (var (bytes, code) in codes)
            if (utf8.SequenceEqual(bytes)) return code;
        return null;
    }

    /// <summary>The values of a subject attribute as a person reads them: "三级 tertiary, 二级 secondary, 一级 primary".</summary>
    public static string Allowed(string attribute) => string.Join("、", Codes.Where(c => c.Attribute == attribute).Select(c => $"{c.Zh} {c.Code}"));

    /// <summary>Yes or no: true/false, yes/no, 是/否, 有/无, 完成/未完成, √/×, 1/0; null for anything else.</summary>
    public static bool? Flag(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "是" or "1" or "有" or "完成" or "已完成" or "√" or "✓" or "达标" => true,
        "false" or "no" or "n" or "否" or "0" or "无" or "未完成" or "×" or "✗" or "未达标" => false,
        _ => null,
    };

    /// <summary>A number as written in a cell: thousands separators dropped, a trailing % (or ％) divides by 100 (40% → 0.4).</summary>
    public static decimal? Number(string text) => Number(text.AsSpan());

    /// <summary>
    /// <see cref="Number(string)"/> read from a piece of text: a plain number (an optional sign, up to 18 digits, an
    /// optional decimal point) is read here, digits and scale exactly as <see cref="decimal.TryParse(string, NumberStyles, IFormatProvider, out decimal)"/>
    /// reads them (5.00 stays 5.00); anything else (separators, %, spaces, more digits) goes the general way.
    /// </summary>
    public static decimal? Number(ReadOnlySpan<char> text)
    {
        // A negative zero's sign is the general parser's to decide.
        if (PlainNumber(text, out var plain) && !(plain == 0 && decimal.IsNegative(plain))) return plain;
        return GeneralNumber(text.ToString());
    }

    /// <summary>
    /// A plain number, as UTF-16 or UTF-8 text: an optional sign, 1 to 18 digits and at most one decimal point, nothing
    /// else; its decimal with the digits, sign and scale as written (5.00 stays 5.00, -0 stays -0). False for anything
    /// else (separators, %, spaces, an exponent, more digits), which each reader hands to its general parser.
    /// </summary>
    internal static bool PlainNumber<T>(ReadOnlySpan<T> s, out decimal value) where T : unmanaged
    {
        // Each unit read as its code by a test on T that the compiler settles (no generic arithmetic, which a
        // ReadyToRun image cannot hold: a cold process would run this loop unoptimised).
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (Code(s[0]) == '-' || Code(s[0]) == '+')) { negative = Code(s[0]) == '-'; i = 1; }
        ulong mantissa = 0;
        int digits = 0, scale = -1;
        for (; i < s.Length; i++)
        {
            var c = Code(s[i]);
            var digit = c - '0';
            if (digit <= 9)
            {
                if (++digits > 18) return false;
                mantissa = mantissa * 10 + digit;
                if (scale >= 0) scale++;
            }
            else if (c == '.' && scale < 0) scale = 0;
            else return false;
        }
        if (digits == 0) return false;
        value = new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    /// <summary>A UTF-8 byte's or a UTF-16 unit's code.</summary>
    private static uint Code<T>(T unit) where T : unmanaged =>
        typeof(T) == typeof(byte) ? System.Runtime.CompilerServices.Unsafe.As<T, byte>(ref unit)
        : typeof(T) == typeof(char) ? System.Runtime.CompilerServices.Unsafe.As<T, char>(ref unit)
        : throw new NotSupportedException("UTF-8 bytes or UTF-16 units only");

    /// <summary>The general way of <see cref="Number(ReadOnlySpan{char})"/>: separators and % handled, then the decimal parser.</summary>
    internal static decimal? GeneralNumber(string text)
    {
        var t = text.Trim().Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        var percent = t.EndsWith('%') || t.EndsWith('％');
        if (percent) t = t[..^1].TrimEnd();
        if (!decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) return null;
        return percent ? d / 100m : d;
    }

    private static readonly Lazy<Dictionary<string, RawField>> Dictionary =
        new(() => DataDictionary.Fields.ToDictionary(f => f.Id, StringComparer.Ordinal));

    /// <summary>
    /// A number outside its data-dictionary range (physicians −1), as the problem the submission's reader reports at
    /// the field's path under <paramref name="parent"/> (made only then); null when it is in range or the field is not
    /// in the dictionary (a rule set's own fields are checked when it scores).
    /// </summary>
    public static Problem? OutOfRange(string field, decimal value, string parent)
    {
        if (!Dictionary.Value.TryGetValue(field, out var f)) return null;
        if ((f.Min is null || value >= f.Min) && (f.Max is null || value <= f.Max)) return null;
        var name = f.Name?.Zh ?? field;
        var range = f.Max is null ? $"不小于 {Fmt.Plain(f.Min!.Value)}" : f.Min is null ? $"不大于 {Fmt.Plain(f.Max.Value)}" : $"在 {Fmt.Plain(f.Min.Value)} 到 {Fmt.Plain(f.Max.Value)} 之间";
        var rangeEn = f.Max is null ? $"at least {Fmt.Plain(f.Min!.Value)}" : f.Min is null ? $"at most {Fmt.Plain(f.Max.Value)}" : $"from {Fmt.Plain(f.Min.Value)} to {Fmt.Plain(f.Max.Value)}";
        return new Problem(SubmissionJson.Join(parent, field), "AS5003", $"{name}（{field}）应{range}，而不是 {Fmt.Plain(value)}，按缺失处理 / {field} must be {rangeEn}, not {Fmt.Plain(value)}; treated as missing");
    }
}

/// <summary>The subject codes of submissions and results (tier, category, kind, ownership) as people read them.</summary>
public static class SubjectCodes
{
    /// <summary>The Chinese label of a code (<c>tertiary</c> → 三级, <c>tcm</c> → 中医, <c>all</c> → 全部); any other text as it is.</summary>
    /// <param name="code">A code, a stratum key such as <c>tertiary/general</c>, or any text.</param>
    /// <returns>The label, with each part of a stratum key labelled; empty for null.</returns>
    public static string Label(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "";
        if (code == "all") return "全部";
        return code.Contains('/') ? string.Join(" · ", code.Split('/').Select(Label)) : InputValues.Label(code) ?? code;
    }
}
