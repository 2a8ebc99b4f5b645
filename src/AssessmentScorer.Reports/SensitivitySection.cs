using System.Globalization;
using System.Net;
using System.Text;

namespace AssessmentScorer.Reports;

/// <summary>The HTML report's grade-stability section (<c>score --format html --sensitivity</c>; docs/sensitivity.md).</summary>
public static class SensitivitySection
{
    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
    /// <summary>A share as a percentage, one decimal.</summary>
    public static string P(decimal share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    /// <summary>A value with six significant digits.</summary>
    public static string G(decimal v) => ((double)v).ToString("G6", CultureInfo.InvariantCulture);
    /// <summary>The smallest change that moves the grade, as a person reads it.</summary>
    public static string? Flip(GradeFlip? f) =>
        f is null ? null : $"{f.Field} {G(f.From)} → {G(f.To)} ({(f.RelativeChange >= 0 ? "+" : "")}{P(f.RelativeChange)}): {f.Grade}";

    public static void Write(StringBuilder sb, SensitivityResult r)
    {
        sb.Append("<section id=\"sensitivity\">\n<h2>等级稳定性 Grade stability</h2>\n");
        sb.Append($"<p class=\"meta\">每个数值字段加入 {P(r.Options.Noise)} 的相对测量误差，抽样 {r.Options.Draws} 次（种子 {r.Options.Seed}）。 "
            + $"Relative noise of {P(r.Options.Noise)} per numeric field, {r.Options.Draws} draws, seed {r.Options.Seed} (docs/sensitivity.md).</p>\n");
        sb.Append("<table><thead><tr><th>对象 subject</th><th>等级 grade</th><th>保持概率 P(grade)</th><th>其他等级 other grades</th><th>最小变动 smallest change that moves the grade</th></tr></thead><tbody>\n");
        foreach (var s in r.Subjects.OrderBy(s => s.Stability).ThenBy(s => s.SubjectId, StringComparer.Ordinal))
        {
            var others = string.Join(", ", s.Grades.Where(g => g.Grade != s.Grade).Select(g => $"{g.Grade} {P(g.Probability)}"));
            var flip = Flip(s.SmallestFlip) ?? "±50% 内无单项变动可改变等级 none within ±50%";
            sb.Append($"<tr><td>{H(s.Name ?? s.SubjectId)}</td><td>{H(s.Grade)}</td><td>{P(s.Stability)}</td><td>{H(others)}</td><td>{H(flip)}</td></tr>\n");
        }
        sb.Append("</tbody></table>\n<h3>摇摆指标 Indicators deciding grades at the margin</h3>\n");
        if (r.Swings.Count == 0) sb.Append("<p>无 none</p>\n");
        else
        {
            sb.Append("<table><thead><tr><th>指标 indicator</th><th>对象数 subjects</th></tr></thead><tbody>\n");
            foreach (var w in r.Swings) sb.Append($"<tr><td>{H(w.Name)} <code>{H(w.Id)}</code></td><td>{w.Subjects}</td></tr>\n");
            sb.Append("</tbody></table>\n");
        }
        if (r.Cutoffs.Count > 0)
        {
            sb.Append($"<h3>分数线附近 Cut-offs (subjects within ±{G(r.Options.Margin)})</h3>\n<table><thead><tr><th>等级 grade</th><th>分数线 cut-off</th><th>附近对象 near</th><th>占比 share</th></tr></thead><tbody>\n");
            foreach (var c in r.Cutoffs) sb.Append($"<tr><td>{H(c.Grade)}</td><td>{G(c.Cutoff)}</td><td>{c.Near}</td><td>{P(c.Share)}</td></tr>\n");
            sb.Append("</tbody></table>\n");
        }
        sb.Append("</section>\n");
    }
}
