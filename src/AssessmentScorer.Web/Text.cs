namespace AssessmentScorer.Web;

/// <summary>
/// The language of the pages: Chinese first, English when the reader chose it (the <c>as-lang</c> cookie, set by the
/// switch in the header). Every text a page shows is written in both and picked here.
/// </summary>
public sealed record Text(bool English)
{
    /// <summary>The cookie that keeps the choice (a year; not a secret, read by the server on the first request).</summary>
    public const string Cookie = "as-lang";

    public static Text Of(string? cookie) => new(string.Equals(cookie, "en", StringComparison.Ordinal));

    /// <summary>The text in the reader's language.</summary>
    public string T(string zh, string en) => English ? en : zh;

    /// <summary>A library explanation in the reader's language.</summary>
    public string T(Explanation e) => English ? e.En : e.Zh;

    public string Code => English ? "en" : "zh";
    public string HtmlLang => English ? "en" : "zh-CN";

    /// <summary>A number as people read it (invariant digits, at most two places).</summary>
    public static string N(decimal d) => Tables.Num(Math.Round(d, 2, MidpointRounding.AwayFromZero));
}
