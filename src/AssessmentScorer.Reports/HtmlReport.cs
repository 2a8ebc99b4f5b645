using System.Globalization;
using System.Net;
using System.Text;

namespace AssessmentScorer.Reports;

/// <summary>
/// One self-contained HTML file that works offline: a cohort page (grade distribution, aggregates, the weakest
/// indicators) and a section per subject (total, grade, a chart of dimension scores against their maximum, the
/// indicator table, reasons and the gap to the next grade). Charts are inline SVG; nothing is fetched.
/// </summary>
public static class HtmlReport
{
    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
    private static string N(decimal d) => Tables.Num(Math.Round(d, 2, MidpointRounding.AwayFromZero));
    private static string F(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Render(RuleSetRef rs, string title, IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates, GradingInfo? grading,
        SensitivityResult? sensitivity = null)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append($"<title>{H(title)} · 评估报告 Assessment report</title>\n<style>{Css}</style>\n</head>\n<body>\n");
        sb.Append($"<header><h1>{H(title)}</h1><p class=\"meta\">评估报告 Assessment report · <code>{H(rs.Scheme)}@{H(rs.Version)}</code> · sha256 <code>{H(rs.Digest[..Math.Min(12, rs.Digest.Length)])}</code> · {results.Count} 个对象 subjects</p></header>\n");
        sb.Append("<nav><ol>");
        for (var i = 0; i < results.Count; i++)
            sb.Append($"<li><a href=\"#{Anchor(i)}\">{H(results[i].Subject.Name ?? results[i].Subject.Id)}</a> <span class=\"grade\">{H(results[i].Grade ?? "—")}</span> <span class=\"coverage\">{H(Tables.Coverage(results[i]))}</span></li>");
        sb.Append("</ol></nav>\n");
        Cohort(sb, results, aggregates, grading);
        if (sensitivity is not null) SensitivitySection.Write(sb, sensitivity);
        for (var i = 0; i < results.Count; i++) Subject(sb, results[i], Anchor(i));
        sb.Append("<footer>所有得分均附依据条款；图表为内嵌 SVG，可离线查看。 Every point cites its source clause; charts are inline SVG and work offline.</footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string Anchor(int i) => $"subject-{i + 1}";

    private static void Cohort(StringBuilder sb, IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates, GradingInfo? grading)
    {
        sb.Append("<section id=\"cohort\">\n<h2>队列概况 Cohort</h2>\n");
        var passed = results.Count(r => r.Passed == true);
        var mean = CohortSummary.MeanRate(results);
        sb.Append($"<div class=\"stats\"><div><b>{results.Count}</b> 对象 subjects</div><div><b>{passed}</b> 通过 passed</div><div><b>{N(mean)}%</b> 平均得分率 mean score</div></div>\n");

        // Grade distribution: every grade of the scale in order, then anything else seen (— for none).
        var grades = CohortSummary.GradeCounts(results, grading);
        var order = grades.Select(g => g.Grade).ToList();
        var counts = grades.Select(g => g.Count).ToList();
        sb.Append("<h3>等级分布 Grade distribution</h3>\n");
        sb.Append(BarChart("grade-chart", order, counts.Select(c => (double)c).ToList(), counts.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToList(), "等级分布 grade distribution"));

        if (aggregates.Count > 0)
        {
            sb.Append("<h3>队列指标 Cohort aggregates</h3>\n<table class=\"aggregates\"><thead><tr><th>指标 Aggregate</th><th>值 Value</th><th>目标 Target</th><th>达标 Met</th><th>计入 Counted</th><th>说明 Explanation</th></tr></thead><tbody>\n");
            foreach (var a in aggregates)
                sb.Append($"<tr class=\"{Met(a.Met)}\"><td>{H(a.Name)}<br><small>{H(a.NameEn)}</small></td><td>{H(a.DisplayValue ?? "—")}</td><td>{H(a.Target ?? "—")}</td><td>{Mark(a.Met)}</td><td>{a.Counted}/{a.InScope}</td><td>{H(a.Explanation.Zh)}<br><small>{H(a.Explanation.En)}</small></td></tr>\n");
            sb.Append("</tbody></table>\n");
        }

        var weakest = CohortSummary.Weakest(results);
        sb.Append("<h3>最薄弱的指标 Weakest indicators</h3>\n");
        if (weakest.Count == 0) sb.Append("<p>没有失分的指标。 No indicator lost points.</p>\n");
        else
        {
            sb.Append("<table class=\"weakest\"><thead><tr><th>指标 Indicator</th><th>未达标 Not met</th><th>缺数据 Missing</th><th>共失分 Points lost</th><th>平均失分 Mean lost</th></tr></thead><tbody>\n");
            foreach (var w in weakest)
                sb.Append($"<tr><td>{H(w.First.Name)}<br><small>{H(w.First.NameEn)}</small></td><td>{w.NotMet}/{w.Of}</td><td>{w.Missing}</td><td>{N(w.Lost)}</td><td>{N(w.Lost / w.Of)}</td></tr>\n");
            sb.Append("</tbody></table>\n");
        }
        sb.Append("</section>\n");
    }

    private static void Subject(StringBuilder sb, AssessmentResult r, string anchor)
    {
        sb.Append($"<section class=\"subject\" id=\"{anchor}\" data-subject=\"{H(r.Subject.Id)}\">\n");
        sb.Append($"<h2>{H(r.Subject.Name ?? r.Subject.Id)} <small>{H(r.Subject.Id)} · {H(r.Subject.Tier)} {H(r.Subject.Category)} · {r.Year}</small></h2>\n");
        sb.Append("<div class=\"stats\">");
        sb.Append($"<div><b class=\"total\">{N(r.Total)}</b> / {N(r.MaxTotal)} 总分 total</div>");
        sb.Append($"<div><b class=\"coverage\">{H(Tables.Coverage(r))}</b> 覆盖率 coverage</div>");
        sb.Append($"<div><b class=\"grade\">{H(r.Grade ?? "—")}</b> 等级 grade</div>");
        sb.Append($"<div><b>{(r.Passed switch { true => "通过", false => "未通过", _ => "待定" })}</b> {(r.Passed switch { true => "passed", false => "not passed", _ => "undecided" })}</div>");
        if (r.Cohort is { } c) sb.Append($"<div><b>{c.Rank}/{c.Of}</b> 排名 rank ({H(c.Stratum)})</div>");
        if (r.NextGrade is { } g) sb.Append($"<div class=\"gap\">距 <b>{H(g.Grade)}</b> 还差 <b>{N(g.PointsNeeded)}</b> 分 · {N(g.PointsNeeded)} points short of {H(g.Grade)}</div>");
        sb.Append("</div>\n");
        if (r.Coverage?.GradeWithheld is { } wh) sb.Append($"<p class=\"withheld\">{H(wh.Zh)} · {H(wh.En)}</p>\n");
        foreach (var v in r.Vetoes.Where(v => v.Triggered != false))
            sb.Append($"<p class=\"veto\">⚠ {H(v.Explanation.Zh)} · {H(v.Explanation.En)}</p>\n");

        var dims = r.Dimensions.Where(d => d.MaxPoints > 0 && d.Parent is null).ToList();
        if (dims.Count == 0) dims = r.Dimensions.Where(d => d.MaxPoints > 0).ToList();
        if (dims.Count > 0)
        {
            sb.Append("<h3>维度得分 Dimension scores</h3>\n");
            sb.Append(DimensionChart(dims));
        }

        sb.Append("<h3>指标 Indicators</h3>\n<table class=\"indicators\"><thead><tr><th>指标 Indicator</th><th>值 Value</th><th>目标 Target</th><th>达标 Met</th><th>得分 Points</th><th>说明 Explanation</th></tr></thead><tbody>\n");
        foreach (var i in r.Indicators)
            sb.Append($"<tr class=\"{Met(i.Met)} {Tables.Status(i.Status)}\"><td>{H(i.Name)}<br><small>{H(i.NameEn)} · {H(i.Source)}</small></td><td>{H(i.DisplayValue ?? "—")}</td><td>{H(i.Target ?? "—")}</td><td>{Mark(i.Met)}</td><td>{N(i.Points)}/{N(i.MaxPoints)}</td><td>{H(i.Explanation.Zh)}<br><small>{H(i.Explanation.En)}</small></td></tr>\n");
        sb.Append("</tbody></table>\n");

        if (r.Reasons.Count > 0)
        {
            sb.Append("<h3>失分最多 Where points were lost</h3>\n<ol class=\"reasons\">");
            foreach (var x in r.Reasons) sb.Append($"<li>−{N(x.PointsLost)} {H(x.Explanation.Zh)}<br><small>{H(x.Explanation.En)}</small></li>");
            sb.Append("</ol>\n");
        }
        if (r.Problems.Count > 0)
        {
            sb.Append("<h3>数据问题 Data problems</h3>\n<ul class=\"problems\">");
            foreach (var p in r.Problems) sb.Append($"<li><code>{H(p.Field)}</code> {H(p.Code)}: {H(p.Message)}</li>");
            sb.Append("</ul>\n");
        }
        sb.Append("</section>\n");
    }

    private static string Met(bool? met) => met switch { true => "met", false => "not-met", _ => "unscored" };
    private static string Mark(bool? met) => met switch { true => "✓", false => "✗", _ => "·" };

    /// <summary>Vertical bars with labels under them and values above.</summary>
    private static string BarChart(string id, IReadOnlyList<string> labels, IReadOnlyList<double> values, IReadOnlyList<string> valueText, string title)
    {
        const int barW = 48, gap = 16, h = 160, top = 20, bottom = 40;
        var width = Math.Max(200, labels.Count * (barW + gap) + gap);
        var max = Math.Max(1, values.DefaultIfEmpty(0).Max());
        var sb = new StringBuilder($"<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-label=\"{H(title)}\" width=\"{width}\" height=\"{h + top + bottom}\" viewBox=\"0 0 {width} {h + top + bottom}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{H(title)}</title>");
        sb.Append($"<line x1=\"0\" y1=\"{top + h}\" x2=\"{width}\" y2=\"{top + h}\" stroke=\"#888\"/>");
        for (var i = 0; i < labels.Count; i++)
        {
            var x = gap + i * (barW + gap);
            var bh = values[i] / max * h;
            sb.Append($"<rect class=\"bar\" x=\"{x}\" y=\"{F(top + h - bh)}\" width=\"{barW}\" height=\"{F(Math.Max(bh, 0.5))}\" fill=\"#3b7dd8\"><title>{H(labels[i])}: {H(valueText[i])}</title></rect>");
            sb.Append($"<text x=\"{x + barW / 2}\" y=\"{F(top + h - bh - 4)}\" text-anchor=\"middle\" font-size=\"12\">{H(valueText[i])}</text>");
            sb.Append($"<text x=\"{x + barW / 2}\" y=\"{top + h + 18}\" text-anchor=\"middle\" font-size=\"13\">{H(labels[i])}</text>");
        }
        return sb.Append("</svg>\n").ToString();
    }

    /// <summary>Horizontal bars: the dimension's maximum in grey, its points in colour over it.</summary>
    private static string DimensionChart(IReadOnlyList<DimensionResult> dims)
    {
        const int barW = 360, rowH = 26, pad = 8;
        // Wide enough for the longest label (CJK characters take about twice the width of Latin ones at 13px).
        var labelW = (int)Math.Clamp(dims.Max(d => (d.Name + " " + d.NameEn).Sum(c => c > 0x2E80 ? 13.5 : 7.5)) + 12, 120, 460);
        var height = dims.Count * rowH + 2 * pad;
        var width = labelW + barW + 90;
        var sb = new StringBuilder($"<svg class=\"chart dimension-chart\" role=\"img\" aria-label=\"维度得分 dimension scores\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title>维度得分 Dimension scores</title>");
        for (var i = 0; i < dims.Count; i++)
        {
            var d = dims[i];
            var y = pad + i * rowH;
            var share = d.MaxPoints == 0 ? 0 : (double)(d.Points / d.MaxPoints);
            sb.Append($"<text x=\"{labelW - 6}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"13\">{H(d.Name)} {H(d.NameEn)}</text>");
            sb.Append($"<rect class=\"max\" x=\"{labelW}\" y=\"{y + 4}\" width=\"{barW}\" height=\"18\" fill=\"#e3e6ea\"/>");
            sb.Append($"<rect class=\"points\" x=\"{labelW}\" y=\"{y + 4}\" width=\"{F(Math.Max(share * barW, 0.5))}\" height=\"18\" fill=\"{(share >= 0.999 ? "#2e9d5b" : share >= 0.6 ? "#3b7dd8" : "#d8703b")}\"><title>{H(d.Name)}: {N(d.Points)}/{N(d.MaxPoints)}</title></rect>");
            sb.Append($"<text x=\"{labelW + barW + 6}\" y=\"{y + 17}\" font-size=\"13\">{N(d.Points)}/{N(d.MaxPoints)}</text>");
        }
        return sb.Append("</svg>\n").ToString();
    }

    private const string Css = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1d2733;line-height:1.45}
        header h1{margin:0 0 4px}.meta{color:#5b6673}code{font-size:90%}
        nav ol{columns:3;font-size:14px}nav .grade,nav .coverage{color:#5b6673}
        section{border-top:2px solid #dfe3e8;margin-top:24px;padding-top:8px}
        .stats{display:flex;flex-wrap:wrap;gap:18px;margin:8px 0}.stats div{background:#f4f6f8;border-radius:6px;padding:6px 12px}.stats b{font-size:20px}
        .gap{background:#fff4e5!important}.veto{background:#fde8e8;padding:6px 10px;border-radius:6px}.withheld{background:#eef2f7;padding:6px 10px;border-radius:6px}
        table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 12px}th,td{border-bottom:1px solid #e3e6ea;padding:4px 6px;text-align:left;vertical-align:top}
        th{background:#f4f6f8}tr.met td:nth-child(4){color:#2e9d5b;font-weight:bold}tr.not-met td:nth-child(4){color:#c0392b;font-weight:bold}
        tr.missing,tr.undefined{background:#fffbea}tr.notApplicable{color:#8a949e}small{color:#5b6673}
        .chart{display:block;margin:6px 0;max-width:100%;height:auto}footer{margin:32px 0 8px;color:#5b6673;font-size:12px}
        @media print{nav{display:none}section{break-before:page}}
        """;
}
