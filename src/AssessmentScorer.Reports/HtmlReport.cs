using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AssessmentScorer.Reports;

/// <summary>
/// One self-contained HTML file that works offline and prints on A4: a cover with the cohort summary, the cohort page
/// (grade distribution, aggregates, the weakest indicators), a table of every subject that sorts and filters, and each
/// subject's detail (total, grade, a chart of dimension scores, the indicator table, reasons and the gap to the next
/// grade). A small cohort has every subject's section written out (each on its own printed page); a large one keeps
/// its subjects as compact data in the file and draws a subject's detail when it is chosen. Nothing is fetched.
/// Codes are shown by their Chinese labels, yes/no as 是/否, sources by their document's title; never an expression.
/// </summary>
public static class HtmlReport
{
    /// <summary>Up to this many subjects, every subject's section is written out (and printed); above it, drawn on demand.</summary>
    public const int StaticSubjectLimit = 300;

    /// <summary>Up to this many subjects, a subject drawn on demand carries each indicator's explanation too.</summary>
    public const int ExplainedSubjectLimit = 2000;

    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
    private static string N(decimal d) => Tables.Num(Math.Round(d, 2, MidpointRounding.AwayFromZero));
    private static string F(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Render(CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates,
        SensitivityResult? sensitivity = null)
    {
        using var ms = new MemoryStream();
        Write(ms, rs, results, aggregates, sensitivity);
        return Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length);
    }

    /// <summary>The same report as <see cref="Render"/>, written into <paramref name="output"/> as UTF-8 as it is made (never one string of the whole report).</summary>
    public static void Write(Stream output, CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results, IReadOnlyList<AggregateResult> aggregates,
        SensitivityResult? sensitivity = null)
    {
        using var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var sb = new StringBuilder(1 << 16);
        void Out()
        {
            text.Write(sb);
            sb.Clear();
        }
        var title = rs.Title;
        sb.Append("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append($"<title>{H(title)} · 评估报告 Assessment report</title>\n<style>{Css}</style>\n</head>\n<body>\n");
        Cover(sb, rs, results);
        Cohort(sb, results, aggregates, rs.Grading);
        if (sensitivity is not null) SensitivitySection.Write(sb, sensitivity);
        SubjectTable(sb, results);
        sb.Append("<section id=\"detail\" hidden></section>\n");
        var written = results.Count <= StaticSubjectLimit;
        if (written)
            for (var i = 0; i < results.Count; i++)
            {
                Subject(sb, rs, results[i], Anchor(i));
                if (sb.Length > 1 << 16) Out();
            }
        sb.Append("<footer>所有得分均附依据条款；图表为内嵌 SVG，可离线查看。 Every point cites its source clause; charts are inline SVG and work offline.</footer>\n");
        sb.Append("<script type=\"application/json\" id=\"report-data\">");
        Out();
        text.Flush();
        Data(output, rs, results, written);
        sb.Append("</script>\n<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        Out();
    }

    private static string Anchor(int i) => $"subject-{i + 1}";

    /// <summary>Tier and category as a person reads them: "三级 综合".</summary>
    private static string Kind(Subject s) => string.Join(" ", new[] { SubjectCodes.Label(s.Tier), SubjectCodes.Label(s.Category) }.Where(x => x.Length > 0));

    private static string Passed(bool? p) => p switch { true => "通过", false => "未通过", _ => "待定" };

    private static void Cover(StringBuilder sb, CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results)
    {
        var years = results.Select(r => r.Year).Distinct().Order().ToList();
        sb.Append("<header class=\"cover\">\n");
        sb.Append($"<p class=\"kicker\">评估报告 Assessment report</p>\n<h1>{H(rs.Title)}</h1>\n<p class=\"title-en\">{H(rs.TitleEn)}</p>\n");
        sb.Append("<table class=\"cover-facts\"><tbody>");
        sb.Append($"<tr><th>考核方案 Scheme</th><td>{H(rs.Title)}（第 {H(rs.Version.ToString())} 版）</td></tr>");
        sb.Append($"<tr><th>评估年度 Year</th><td>{H(string.Join("、", years))}</td></tr>");
        sb.Append($"<tr><th>对象数 Subjects</th><td>{results.Count}</td></tr>");
        var passed = results.Count(r => r.Passed == true);
        var failed = results.Count(r => r.Passed == false);
        sb.Append($"<tr><th>通过 Passed</th><td>{passed}（未通过 {failed}，待定 {results.Count - passed - failed}）</td></tr>");
        var mean = results.Count == 0 ? 0 : results.Average(r => r.MaxTotal == 0 ? 0 : r.Total / r.MaxTotal * 100);
        sb.Append($"<tr><th>平均得分率 Mean score</th><td>{N(mean)}%</td></tr>");
        var grades = results.Where(r => r.Grade is not null).GroupBy(r => r.Grade!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        sb.Append($"<tr><th>等级 Grades</th><td>{H(string.Join("，", grades.DefaultIfEmpty("—")))}</td></tr>");
        var docs = rs.Sources.Where(d => d.Title is not null).Select(d => d.Title!).Distinct().ToList();
        if (docs.Count > 0) sb.Append($"<tr><th>依据文件 Sources</th><td>{H(string.Join("；", docs))}</td></tr>");
        sb.Append($"<tr><th>规则版本 Rule set</th><td><small>{H(rs.Scheme)}@{H(rs.Version.ToString())} · sha256 {H(rs.Digest[..Math.Min(12, rs.Digest.Length)])}</small></td></tr>");
        sb.Append("</tbody></table>\n");
        sb.Append("<div class=\"sign\"><div>评估人 Assessor：</div><div>审核人 Reviewer：</div><div>日期 Date：</div></div>\n</header>\n");
    }

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

    /// <summary>The table of every subject; its rows are drawn from the embedded data by the script (sorted, filtered).</summary>
    private static void SubjectTable(StringBuilder sb, IReadOnlyList<AssessmentResult> results)
    {
        sb.Append("<section id=\"subjects\">\n<h2>全部对象 All subjects</h2>\n");
        sb.Append("<div class=\"controls\"><label>筛选 Filter <input id=\"filter\" type=\"search\" placeholder=\"名称、编码、等级… name, id, grade\"></label> ");
        sb.Append("<label>等级 Grade <select id=\"grade-filter\"><option value=\"\">全部 all</option></select></label> <span id=\"shown\"></span></div>\n");
        sb.Append("<table id=\"subject-table\" class=\"subjects\"><thead><tr>");
        foreach (var (key, label) in new[] { ("name", "机构 Subject"), ("kind", "级别类别 Tier, category"), ("total", "总分 Total"), ("share", "得分率 Score"), ("grade", "等级 Grade"), ("passed", "通过 Passed"), ("rank", "排名 Rank"), ("coverage", "覆盖率 Coverage") })
            sb.Append($"<th data-key=\"{key}\" tabindex=\"0\" aria-sort=\"none\">{label}</th>");
        sb.Append("</tr></thead><tbody></tbody></table>\n");
        sb.Append($"<p class=\"more\" hidden>只显示前 <span id=\"limit\"></span> 个；请用筛选或排序查找其余对象。 Only the first rows are shown; filter or sort to find the others.</p>\n");
        sb.Append("</section>\n");
    }

    private static void Subject(StringBuilder sb, CompiledRuleSet rs, AssessmentResult r, string anchor)
    {
        sb.Append($"<section class=\"subject\" id=\"{anchor}\" data-subject=\"{H(r.Subject.Id)}\">\n");
        sb.Append($"<h2>{H(r.Subject.Name ?? r.Subject.Id)} <small>{H(r.Subject.Id)} · {H(Kind(r.Subject))} · {r.Year} 年度</small></h2>\n");
        sb.Append("<div class=\"stats\">");
        sb.Append($"<div><b class=\"total\">{N(r.Total)}</b> / {N(r.MaxTotal)} 总分 total</div>");
        sb.Append($"<div><b class=\"coverage\">{H(Tables.Coverage(r))}</b> 覆盖率 coverage</div>");
        sb.Append($"<div><b class=\"grade\">{H(r.Grade ?? "—")}</b> 等级 grade</div>");
        sb.Append($"<div><b>{Passed(r.Passed)}</b> {(r.Passed switch { true => "passed", false => "not passed", _ => "undecided" })}</div>");
        if (r.Cohort is { } c) sb.Append($"<div><b class=\"rank\">{c.Rank}/{c.Of}</b> 排名 rank（{H(SubjectCodes.Label(c.Stratum))}）</div>");
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
            sb.Append(DimensionChart(dims.Select(d => (d.Name, d.NameEn, d.Points, d.MaxPoints)).ToList()));
        }

        sb.Append("<h3>指标 Indicators</h3>\n<table class=\"indicators\"><thead><tr><th>指标 Indicator</th><th>值 Value</th><th>目标 Target</th><th>达标 Met</th><th>得分 Points</th><th>说明 Explanation</th></tr></thead><tbody>\n");
        foreach (var i in r.Indicators)
            sb.Append($"<tr class=\"{Met(i.Met)} {Tables.Status(i.Status)}\"><td>{H(i.Name)}<br><small>{H(i.NameEn)} · {H(rs.SourceTitle(i.Source))}</small></td><td>{H(Tables.Shown(i.DisplayValue))}</td><td>{H(i.Target ?? "—")}</td><td>{Mark(i.Met)}</td><td>{N(i.Points)}/{N(i.MaxPoints)}</td><td>{H(i.Explanation.Zh)}<br><small>{H(i.Explanation.En)}</small></td></tr>\n");
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

    /// <summary>
    /// The compact data the script draws the table and on-demand details from: indicator definitions once, each
    /// subject as one row, each indicator outcome as a short array, and every repeated text (targets, explanations,
    /// values) once in a string table. When the subjects' sections are written out, only the summary rows are embedded.
    /// </summary>
    private static void Data(Stream output, CompiledRuleSet rs, IReadOnlyList<AssessmentResult> results, bool written)
    {
        var titles = new Tables.SourceTitles(rs);
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new List<string>();
        int S(string? s)
        {
            s ??= "";
            if (!strings.TryGetValue(s, out var i)) { i = table.Count; strings[s] = i; table.Add(s); }
            return i;
        }
        // The JSON goes into the file a piece at a time (each piece checked for "</", see ScriptSafe).
        var buffer = new ArrayBufferWriter<byte>(1 << 17);
        var safe = new ScriptSafe(output);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            void Piece()
            {
                if (w.BytesPending + buffer.WrittenCount < 1 << 16) return;
                w.Flush();
                safe.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
            w.WriteStartObject();
            w.WriteBoolean("written", written);
            // Indicator definitions, in rule-set order: name, English name, dimension (zh, en), source title.
            var dimNames = results.Count == 0 ? new Dictionary<string, (string, string)>()
                : results[0].Dimensions.ToDictionary(d => d.Id, d => (d.Name, d.NameEn), StringComparer.Ordinal);
            var topDim = results.Count == 0 ? new Dictionary<string, string>()
                : results[0].Dimensions.ToDictionary(d => d.Id, d => TopOf(results[0].Dimensions, d.Id), StringComparer.Ordinal);
            w.WriteStartArray("ind");
            if (!written && results.Count > 0)
                foreach (var i in results[0].Indicators)
                {
                    w.WriteStartArray();
                    w.WriteStringValue(i.Id); w.WriteStringValue(i.Name); w.WriteStringValue(i.NameEn);
                    var top = i.Dimension is { } d && topDim.TryGetValue(d, out var t) ? t : null;
                    w.WriteStringValue(top is not null && dimNames.TryGetValue(top, out var dn) ? dn.Item1 : "");
                    w.WriteStringValue(top is not null && dimNames.TryGetValue(top, out var dn2) ? dn2.Item2 : "");
                    w.WriteStringValue(titles.Title(i.Source) ?? "");
                    w.WriteEndArray();
                }
            w.WriteEndArray();
            // Subjects: id, name, tier and category label, year, total, max, grade, passed (1/0/null), rank, of,
            // stratum label, coverage, next grade, points short, note (no grade because / vetoes).
            w.WriteStartArray("s");
            foreach (var r in results)
            {
                w.WriteStartArray();
                w.WriteStringValue(r.Subject.Id); w.WriteStringValue(r.Subject.Name ?? r.Subject.Id); w.WriteStringValue(Kind(r.Subject));
                w.WriteNumberValue(r.Year); w.WriteNumberValue(Round(r.Total)); w.WriteNumberValue(Round(r.MaxTotal));
                if (r.Grade is null) w.WriteNullValue(); else w.WriteStringValue(r.Grade);
                if (r.Passed is { } p) w.WriteNumberValue(p ? 1 : 0); else w.WriteNullValue();
                if (r.Cohort is { } c) { w.WriteNumberValue(c.Rank); w.WriteNumberValue(c.Of); w.WriteStringValue(SubjectCodes.Label(c.Stratum)); }
                else { w.WriteNullValue(); w.WriteNullValue(); w.WriteStringValue(""); }
                w.WriteStringValue(Tables.Coverage(r));
                if (r.NextGrade is { } g) { w.WriteStringValue(g.Grade); w.WriteNumberValue(Round(g.PointsNeeded)); } else { w.WriteNullValue(); w.WriteNullValue(); }
                var notes = r.Vetoes.Where(v => v.Triggered != false).Select(v => "⚠ " + v.Explanation.Zh + " · " + v.Explanation.En).ToList();
                if (r.Coverage?.GradeWithheld is { } wh) notes.Insert(0, wh.Zh + " · " + wh.En);
                w.WriteStringValue(string.Join("\n", notes));
                w.WriteEndArray();
                Piece();
            }
            w.WriteEndArray();
            // Each subject's indicators: [value, target, met (1/0/null), points, max, status, explanation zh, explanation en]
            // with texts as indexes into the string table.
            var explain = results.Count <= ExplainedSubjectLimit;
            w.WriteBoolean("explained", explain);
            w.WriteStartArray("d");
            if (!written)
                foreach (var r in results)
                {
                    w.WriteStartArray();
                    foreach (var i in r.Indicators)
                    {
                        w.WriteStartArray();
                        w.WriteNumberValue(S(Tables.Shown(i.DisplayValue))); w.WriteNumberValue(S(i.Target ?? "—"));
                        if (i.Met is { } m) w.WriteNumberValue(m ? 1 : 0); else w.WriteNullValue();
                        w.WriteNumberValue(Round(i.Points)); w.WriteNumberValue(Round(i.MaxPoints));
                        w.WriteNumberValue(S(Tables.StatusLabel(i.Status)));
                        // The sentences themselves only for a cohort small enough to carry them (they are mostly unique
                        // to a subject); a large cohort's full explanations are in its JSON results and workbook.
                        if (explain) { w.WriteNumberValue(S(i.Explanation.Zh)); w.WriteNumberValue(S(i.Explanation.En)); }
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    Piece();
                }
            w.WriteEndArray();
            w.WriteStartArray("t");
            foreach (var t in table)
            {
                w.WriteStringValue(t);
                Piece();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        safe.Write(buffer.WrittenSpan);
    }

    /// <summary>
    /// JSON bytes into a script element: inside one only "&lt;/" could end it early, so each is written "&lt;\/" (the same
    /// string to JSON; "&lt;" occurs only inside strings), also where a piece ends on "&lt;" and the next begins with "/".
    /// </summary>
    private sealed class ScriptSafe(Stream output)
    {
        private bool _afterLt;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty) return;
            if (_afterLt && bytes[0] == (byte)'/') output.Write("\\"u8);
            var start = 0;
            for (var at = bytes.IndexOf("</"u8); at >= 0; at = bytes[start..].IndexOf("</"u8))
            {
                output.Write(bytes[start..(start + at + 1)]);
                output.Write("\\"u8);
                start += at + 1;
            }
            output.Write(bytes[start..]);
            _afterLt = bytes[^1] == (byte)'<';
        }
    }

    private static decimal Round(decimal d)
    {
        var r = Math.Round(d, 2, MidpointRounding.AwayFromZero);
        return Tables.TryWhole(r, out var whole) ? whole : r / 1.00m;
    }

    private static string TopOf(IReadOnlyList<DimensionResult> dims, string id)
    {
        var byId = dims.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var cur = id;
        for (var guard = 0; guard < 16 && byId.TryGetValue(cur, out var d) && d.Parent is { } p; guard++) cur = p;
        return cur;
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
    private static string DimensionChart(IReadOnlyList<(string Name, string NameEn, decimal Points, decimal MaxPoints)> dims)
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
        .cover h1{margin:0 0 4px}.kicker{color:#5b6673;margin:0}.title-en{color:#5b6673;margin:0 0 12px}code{font-size:90%}
        .cover-facts{width:auto;font-size:14px}.cover-facts th{width:11em;background:none}
        .sign{display:flex;gap:48px;margin:28px 0 8px}.sign div{flex:1;border-bottom:1px solid #888;padding-bottom:18px}
        section{border-top:2px solid #dfe3e8;margin-top:24px;padding-top:8px}
        .stats{display:flex;flex-wrap:wrap;gap:18px;margin:8px 0}.stats div{background:#f4f6f8;border-radius:6px;padding:6px 12px}.stats b{font-size:20px}
        .gap{background:#fff4e5!important}.veto{background:#fde8e8;padding:6px 10px;border-radius:6px}.withheld{background:#eef2f7;padding:6px 10px;border-radius:6px}
        table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 12px}th,td{border-bottom:1px solid #e3e6ea;padding:4px 6px;text-align:left;vertical-align:top}
        th{background:#f4f6f8}tr.met td:nth-child(4){color:#2e9d5b;font-weight:bold}tr.not-met td:nth-child(4){color:#c0392b;font-weight:bold}
        tr.missing,tr.undefined{background:#fffbea}tr.notApplicable{color:#8a949e}small{color:#5b6673}
        .controls{display:flex;gap:16px;align-items:center;flex-wrap:wrap;font-size:14px}.controls input{width:18em}
        table.subjects th[data-key]{cursor:pointer;user-select:none}table.subjects th[aria-sort=ascending]::after{content:" ▲"}table.subjects th[aria-sort=descending]::after{content:" ▼"}
        table.subjects tbody tr{cursor:pointer}table.subjects tbody tr:hover{background:#eef4fc}table.subjects td.num{text-align:right}
        .chart{display:block;margin:6px 0;max-width:100%;height:auto}footer{margin:32px 0 8px;color:#5b6673;font-size:12px}
        @page{size:A4;margin:16mm 14mm}
        @media print{body{max-width:none;padding:0;font-size:11pt}.controls,.more,#detail{display:none}.cover{break-after:page}
          section.subject{break-before:page}section{border-top:none}tr,.stats,.chart{break-inside:avoid}thead{display:table-header-group}
          a{color:inherit;text-decoration:none}}
        """;

    /// <summary>Draws the subject table from the embedded data (sort by any column, filter by text and grade) and a subject's detail on demand.</summary>
    private const string Script = """
        (function(){
        "use strict";
        var D=JSON.parse(document.getElementById("report-data").textContent),S=D.s,T=D.t,LIMIT=500;
        var tbody=document.querySelector("#subject-table tbody"),filter=document.getElementById("filter"),gradeSel=document.getElementById("grade-filter");
        var sortKey=null,sortDir=1,view=S.map(function(_,i){return i;});
        function esc(s){return String(s==null?"":s).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c];});}
        function num(x){return x==null?"—":(Math.round(x*100)/100).toString();}
        function share(s){return s[5]>0?s[4]/s[5]:0;}
        function passed(p){return p===1?"通过":p===0?"未通过":"待定";}
        var keys={name:function(s){return s[1];},kind:function(s){return s[2];},total:function(s){return s[4];},share:share,grade:function(s){return s[6]==null?"":s[6];},
          passed:function(s){return s[7]==null?-1:s[7];},rank:function(s){return s[8]==null?1e9:s[8];},coverage:function(s){return s[11];}};
        var grades=[];S.forEach(function(s){var g=s[6]==null?"—":s[6];if(grades.indexOf(g)<0)grades.push(g);});
        grades.forEach(function(g){var o=document.createElement("option");o.value=g;o.textContent=g;gradeSel.appendChild(o);});
        function apply(){
          var q=filter.value.trim().toLowerCase(),g=gradeSel.value;
          view=[];for(var i=0;i<S.length;i++){var s=S[i];
            if(g&&(s[6]==null?"—":s[6])!==g)continue;
            if(q&&(s[0]+" "+s[1]+" "+s[2]+" "+(s[6]||"")+" "+s[10]).toLowerCase().indexOf(q)<0)continue;view.push(i);}
          if(sortKey){var f=keys[sortKey];view.sort(function(a,b){var x=f(S[a]),y=f(S[b]);
            var c=(typeof x==="number"&&typeof y==="number")?x-y:String(x).localeCompare(String(y),"zh-CN");return c*sortDir||a-b;});}
          draw();}
        function draw(){
          var n=Math.min(view.length,LIMIT),h=[];
          for(var k=0;k<n;k++){var i=view[k],s=S[i];
            h.push('<tr data-i="'+i+'" data-id="'+esc(s[0])+'"><td>'+esc(s[1])+'<br><small>'+esc(s[0])+'</small></td><td>'+esc(s[2])+'</td><td class="num total">'+num(s[4])+' / '+num(s[5])+
              '</td><td class="num">'+(Math.round(share(s)*10000)/100).toFixed(2)+'%</td><td class="grade">'+esc(s[6]==null?"—":s[6])+'</td><td>'+passed(s[7])+'</td><td class="rank">'+(s[8]==null?"—":s[8]+"/"+s[9]+(s[10]?"（"+esc(s[10])+"）":""))+
              '</td><td>'+esc(s[11])+'</td></tr>');}
          tbody.innerHTML=h.join("");
          document.getElementById("shown").textContent="显示 "+n+" / 共 "+view.length+" 个（全部 "+S.length+"） shown";
          var more=document.querySelector(".more");more.hidden=view.length<=LIMIT;document.getElementById("limit").textContent=LIMIT;}
        document.querySelectorAll("#subject-table th[data-key]").forEach(function(th){
          function go(){var k=th.getAttribute("data-key");if(sortKey===k)sortDir=-sortDir;else{sortKey=k;sortDir=(k==="name"||k==="kind"||k==="rank")?1:-1;}
            document.querySelectorAll("#subject-table th[data-key]").forEach(function(o){o.setAttribute("aria-sort","none");});
            th.setAttribute("aria-sort",sortDir>0?"ascending":"descending");apply();}
          th.addEventListener("click",go);th.addEventListener("keydown",function(e){if(e.key==="Enter")go();});});
        filter.addEventListener("input",apply);gradeSel.addEventListener("change",apply);
        tbody.addEventListener("click",function(e){var tr=e.target.closest("tr");if(tr)open(+tr.getAttribute("data-i"));});
        function open(i){
          if(D.written){var sec=document.getElementById("subject-"+(i+1));if(sec)sec.scrollIntoView();return;}
          var s=S[i],rows=D.d[i],sec=document.getElementById("detail"),h=[];
          h.push('<h2>'+esc(s[1])+' <small>'+esc(s[0])+' · '+esc(s[2])+' · '+s[3]+' 年度</small></h2><div class="stats">');
          h.push('<div><b class="total">'+num(s[4])+'</b> / '+num(s[5])+' 总分 total</div><div><b class="coverage">'+esc(s[11])+'</b> 覆盖率 coverage</div>');
          h.push('<div><b class="grade">'+esc(s[6]==null?"—":s[6])+'</b> 等级 grade</div><div><b>'+passed(s[7])+'</b></div>');
          if(s[8]!=null)h.push('<div><b class="rank">'+s[8]+'/'+s[9]+'</b> 排名 rank（'+esc(s[10])+'）</div>');
          if(s[12]!=null)h.push('<div class="gap">距 <b>'+esc(s[12])+'</b> 还差 <b>'+num(s[13])+'</b> 分 · '+num(s[13])+' points short of '+esc(s[12])+'</div>');
          h.push('</div>');
          if(s[14])s[14].split("\n").forEach(function(n){h.push('<p class="veto">'+esc(n)+'</p>');});
          var dims=[],dm={};
          rows.forEach(function(r,k){var d=D.ind[k];if(!d[3]||r[4]<=0)return;if(!(d[3] in dm)){dm[d[3]]=dims.length;dims.push([d[3],d[4],0,0]);}var x=dims[dm[d[3]]];x[2]+=r[3];x[3]+=r[4];});
          if(dims.length){h.push('<h3>维度得分 Dimension scores</h3><table class="dimensions"><tbody>');
            dims.forEach(function(x){var p=x[3]>0?x[2]/x[3]:0;h.push('<tr><td>'+esc(x[0])+' <small>'+esc(x[1])+'</small></td><td style="width:50%"><div style="background:#e3e6ea;height:14px"><div class="points" style="height:14px;width:'+(p*100).toFixed(1)+'%;background:'+(p>=0.999?"#2e9d5b":p>=0.6?"#3b7dd8":"#d8703b")+'"></div></div></td><td>'+num(x[2])+'/'+num(x[3])+'</td></tr>');});
            h.push('</tbody></table>');}
          h.push('<h3>指标 Indicators</h3><table class="indicators"><thead><tr><th>指标 Indicator</th><th>值 Value</th><th>目标 Target</th><th>达标 Met</th><th>得分 Points</th><th>状态 Status</th></tr></thead><tbody>');
          var lost=[];
          rows.forEach(function(r,k){var d=D.ind[k],met=r[2]===1?"met":r[2]===0?"not-met":"unscored";
            h.push('<tr class="'+met+'" data-indicator="'+esc(d[0])+'"><td>'+esc(d[1])+'<br><small>'+esc(d[2])+(d[5]?' · '+esc(d[5]):'')+'</small></td><td class="value">'+esc(T[r[0]])+'</td><td>'+esc(T[r[1]])+
              '</td><td>'+(r[2]===1?"✓":r[2]===0?"✗":"·")+'</td><td class="points">'+num(r[3])+'/'+num(r[4])+'</td><td>'+esc(T[r[5]])+(r.length>7?'<br>'+esc(T[r[6]])+'<br><small>'+esc(T[r[7]])+'</small>':'')+'</td></tr>');
            if(r[4]-r[3]>0)lost.push([r[4]-r[3],k]);});
          h.push('</tbody></table>');
          lost.sort(function(a,b){return b[0]-a[0]||a[1]-b[1];});
          if(lost.length){h.push('<h3>失分最多 Where points were lost</h3><ol class="reasons">');
            lost.slice(0,5).forEach(function(x){var r=rows[x[1]],d=D.ind[x[1]];h.push('<li>−'+num(x[0])+' '+(r.length>7?esc(T[r[6]])+'<br><small>'+esc(T[r[7]])+'</small>':esc(d[1])+'：'+esc(T[r[0]])+'，'+esc(T[r[1]])+' <small>'+esc(d[2])+'</small>')+'</li>');});h.push('</ol>');}
          if(!D.explained)h.push('<p class="note"><small>每项指标的完整说明见 JSON 结果和结果工作簿。 Each indicator\'s full explanation is in the JSON results and the results workbook.</small></p>');
          sec.innerHTML=h.join("");sec.setAttribute("data-subject",s[0]);sec.hidden=false;sec.scrollIntoView();}
        apply();
        })();
        """;
}
