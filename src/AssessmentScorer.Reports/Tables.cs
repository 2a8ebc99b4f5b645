using System.Globalization;
using System.Text;

namespace AssessmentScorer.Reports;

/// <summary>The tables every report is built from, so CSV, Excel and HTML say the same thing.</summary>
public static class Tables
{
    public static string Num(decimal d) => Normal(d).ToString(CultureInfo.InvariantCulture);

    /// <summary>Yes or no as people read it: 是, 否, or — when undecided.</summary>
    public static string Yes(bool? b) => b switch { true => "是", false => "否", _ => "—" };

    /// <summary>The status as the JSON results write it (the camelCase name: scored, missing, notApplicable, …).</summary>
    public static string Status(IndicatorStatus s) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(s.ToString());

    /// <summary>The status for a reader, in Chinese (已计分, 缺少数据, 不适用, …).</summary>
    public static string StatusLabel(IndicatorStatus s) => s switch
    {
        IndicatorStatus.Scored => "已计分",
        IndicatorStatus.Missing => "缺少数据",
        IndicatorStatus.NotApplicable => "不适用",
        IndicatorStatus.Undefined => "无法计算",
        IndicatorStatus.Vetoed => "否决",
        _ => Status(s),
    };

    /// <summary>
    /// A measured value as a cell: a number keeps the places its display shows (43.00% → 0.43 formatted 0.00%, 9.999% →
    /// 0.09999 formatted 0.000%), so a workbook sorts and sums it and still reads as the report does; yes/no and levels as text.
    /// </summary>
    public static XCell Value(object? value, string? shown) => value switch
    {
        decimal d => XCell.Num(d, FormatOf(shown)),
        bool b => b ? "是" : "否",
        string t => Shown(t),
        _ => shown ?? "",
    };

    /// <summary>A shown value as a person reads it: a checklist task's outcome in Chinese (on_time → 按时完成), anything else as it is.</summary>
    public static string Shown(string? shown) => shown switch
    {
        null => "—",
        "on_time" => "按时完成",
        "late" => "逾期完成",
        "not_done" => "未完成",
        "done" => "已完成",
        "no_evidence" => "缺少佐证材料",
        "standard_not_met" => "未达任务标准",
        "before_window" => "早于考核期完成",
        "undefined" => "无法计算",
        _ => shown,
    };

    /// <summary>A dimension's Chinese name, looked up in the subject's result (its id when the result does not name it).</summary>
    public static string DimensionName(AssessmentResult r, string? id)
    {
        if (id is null) return "";
        foreach (var d in r.Dimensions)
            if (d.Id == id) return d.Name ?? id;
        return id;
    }

    /// <summary>The Excel number format that shows a number as <paramref name="shown"/> does.</summary>
    public static string? FormatOf(string? shown)
    {
        if (string.IsNullOrEmpty(shown)) return null;
        var percent = shown.EndsWith('%');
        var core = percent ? shown.AsSpan(0, shown.Length - 1) : shown.AsSpan();
        var dot = core.IndexOf('.');
        var places = dot < 0 ? 0 : core.Length - dot - 1;
        // The formats of up to 8 places are made once (every value of a cohort asks for one of a handful).
        if (places < Formats.GetLength(1)) return Formats[percent ? 1 : 0, places];
        var format = "0." + new string('0', places);
        return percent ? format + "%" : format;
    }

    private static readonly string[,] Formats = MakeFormats();

    private static string[,] MakeFormats()
    {
        var f = new string[2, 9];
        for (var p = 0; p < 9; p++)
        {
            f[0, p] = p == 0 ? "0" : "0." + new string('0', p);
            f[1, p] = f[0, p] + "%";
        }
        return f;
    }

    public static readonly string[] SummaryHeader =
    {
        "机构编码 id", "机构名称 name", "级别 tier", "类别 category", "总分 total", "满分 max", "覆盖率 coverage", "等级 grade", "通过 passed",
        "排名 rank", "分层 stratum", "否决 vetoes", "上一等级 next grade", "还差分数 points short", "不评等级原因 no grade because", "数据问题 problems",
    };

    /// <summary>Coverage as people read it: "3/99 (3.03%)" — the points that apply this year of the subject's full points.</summary>
    public static string Coverage(AssessmentResult r) => r.Coverage is not { } c ? ""
        : $"{Num(c.Points)}/{Num(c.FullPoints)}{(c.Share is { } s ? $" ({Num(Math.Round(s * 100, 2, MidpointRounding.AwayFromZero))}%)" : "")}";

    /// <summary>Why no grade was given (coverage short of the minimum), in Chinese and English; empty when a grade could be given.</summary>
    public static string Withheld(AssessmentResult r) => r.Coverage?.GradeWithheld is { } e ? $"{e.Zh} / {e.En}" : "";

    public static IReadOnlyList<XCell> SummaryRow(AssessmentResult r) => FillSummaryRow(new XCell[SummaryHeader.Length], r);

    /// <summary>The summary cells of <paramref name="r"/> in the first <see cref="SummaryHeader"/>.Length cells of <paramref name="row"/>.</summary>
    public static XCell[] FillSummaryRow(XCell[] row, AssessmentResult r)
    {
        row[0] = r.Subject.Id; row[1] = r.Subject.Name; row[2] = SubjectCodes.Label(r.Subject.Tier); row[3] = SubjectCodes.Label(r.Subject.Category);
        row[4] = XCell.Num(r.Total); row[5] = XCell.Num(r.MaxTotal); row[6] = Coverage(r); row[7] = r.Grade ?? ""; row[8] = Yes(r.Passed);
        row[9] = r.Cohort is { } c ? XCell.Num(c.Rank) : ""; row[10] = SubjectCodes.Label(r.Cohort?.Stratum); row[11] = Vetoes(r.Vetoes);
        row[12] = r.NextGrade?.Grade ?? ""; row[13] = XCell.Num(r.NextGrade?.PointsNeeded); row[14] = Withheld(r); row[15] = XCell.Num(r.Problems.Count);
        return row;
    }

    /// <summary>The vetoes that fired or could not be decided, by name ("" when none did: most results).</summary>
    private static string Vetoes(IReadOnlyList<VetoResult> vetoes)
    {
        var any = false;
        foreach (var v in vetoes) any |= v.Triggered != false;
        return !any ? "" : string.Join("; ", vetoes.Where(v => v.Triggered != false).Select(v => v.Triggered == true ? v.Name : v.Name + "（无法判断 undecided）"));
    }

    public static readonly string[] IndicatorHeader =
    {
        "机构编码 id", "机构名称 name", "指标 indicator", "指标名称", "Indicator", "维度 dimension", "值 value", "目标 target", "达标 met",
        "得分 points", "满分 max", "状态 status", "缺少数据 missing",
    };

    /// <summary>One row per indicator. With <paramref name="reuse"/> (13 cells), every row is that array filled anew: read each row before asking for the next.</summary>
    public static IEnumerable<IReadOnlyList<XCell>> IndicatorRows(AssessmentResult r, XCell[]? reuse = null)
    {
        if (r.Indicators is Results.IndicatorList list)
        {
            // The scorer's results: each indicator's cells read from its outcome (what its record would carry) without making the record.
            for (var k = 0; k < list.Count; k++)
            {
                var d = list.Def(k);
                var c = list.RowOf(k);
                yield return Fill(reuse ?? new XCell[IndicatorHeader.Length], r, d.Id, d.Name.Zh, d.Name.En, d.Dimension, c.Value, c.DisplayValue, c.Target,
                    c.Met, c.Points, c.MaxPoints, c.Status, c.MissingData);
            }
        }
        else
            foreach (var i in r.Indicators)
                yield return Fill(reuse ?? new XCell[IndicatorHeader.Length], r, i.Id, i.Name, i.NameEn, i.Dimension, i.Value, i.DisplayValue, i.Target,
                    i.Met, i.Points, i.MaxPoints, i.Status, i.MissingData);

        static XCell[] Fill(XCell[] row, AssessmentResult r, string id, string name, string nameEn, string? dimension, object? value, string? shown,
            string? target, bool? met, decimal points, decimal maxPoints, IndicatorStatus status, IReadOnlyList<string> missing)
        {
            row[0] = r.Subject.Id; row[1] = r.Subject.Name; row[2] = id; row[3] = name; row[4] = nameEn; row[5] = DimensionName(r, dimension);
            row[6] = Value(value, shown); row[7] = target ?? ""; row[8] = Yes(met); row[9] = XCell.Num(points); row[10] = XCell.Num(maxPoints);
            row[11] = StatusLabel(status); row[12] = missing.Count == 0 ? "" : string.Join("; ", missing);
            return row;
        }
    }

    public static readonly string[] ExplanationHeader = { "机构编码 id", "指标 indicator", "说明", "Explanation", "依据 source" };

    /// <summary>Each indicator's and veto's explanation; sources by their document's title when the rule set is given.</summary>
    public static IEnumerable<IReadOnlyList<XCell>> ExplanationRows(AssessmentResult r, CompiledRuleSet? rs = null) =>
        ExplanationRows(r, rs is null ? s => s : rs.SourceTitle);

    /// <summary>
    /// Each indicator's and veto's explanation, sources named by <paramref name="source"/> (e.g. a <see cref="SourceTitles"/> cache).
    /// With <paramref name="reuse"/> (5 cells), every row is that array filled anew: read each row before asking for the next.
    /// </summary>
    public static IEnumerable<IReadOnlyList<XCell>> ExplanationRows(AssessmentResult r, Func<string?, string?> source, XCell[]? reuse = null)
    {
        if (r.Indicators is Results.IndicatorList list)
        {
            // The scorer's results: each indicator's id, source and explanation read without making its record.
            for (var k = 0; k < list.Count; k++)
            {
                var d = list.Def(k);
                yield return Fill(reuse ?? new XCell[ExplanationHeader.Length], r.Subject.Id, d.Id, list.ExplanationOf(k), source(d.Source));
            }
        }
        else
            foreach (var i in r.Indicators)
                yield return Fill(reuse ?? new XCell[ExplanationHeader.Length], r.Subject.Id, i.Id, i.Explanation, source(i.Source));
        foreach (var v in r.Vetoes)
            yield return Fill(reuse ?? new XCell[ExplanationHeader.Length], r.Subject.Id, "veto:" + v.Id, v.Explanation, source(v.Source));
    }

    /// <summary>An explanation row: subject, indicator (or veto), the two sentences, the source.</summary>
    private static XCell[] Fill(XCell[] row, string id, string what, Explanation e, string? source)
    {
        row[0] = id; row[1] = what; row[2] = e.Zh; row[3] = e.En; row[4] = source ?? "";
        return row;
    }

    /// <summary>
    /// The rows of <see cref="ExplanationRows(AssessmentResult, Func{string?, string?}, XCell[])"/> written into
    /// <paramref name="sink"/>: an indicator's sentences of the scorer's results go as characters, formatted into a
    /// buffer of the thread's (no string made for each), the rest as the rows give them.
    /// </summary>
    internal static void WriteExplanationRows(AssessmentResult r, Func<string?, string?> source, XCell[] row, IRowSink sink)
    {
        if (r.Indicators is not Results.IndicatorList list)
        {
            foreach (var cells in ExplanationRows(r, source, row)) sink.Row((XCell[])cells);
            return;
        }
        var chars = t_explanation ??= new Results.ExplanationChars();
        for (var k = 0; k < list.Count; k++)
        {
            var d = list.Def(k);
            list.ExplanationInto(k, chars);
            row[0] = r.Subject.Id; row[1] = d.Id; row[2] = default; row[3] = default; row[4] = source(d.Source) ?? "";
            sink.Row(row, 2, chars.Zh, chars.En);
        }
        foreach (var v in r.Vetoes) sink.Row(Fill(row, r.Subject.Id, "veto:" + v.Id, v.Explanation, source(v.Source)));
    }

    [ThreadStatic] private static Results.ExplanationChars? t_explanation;

    /// <summary>
    /// Sources named by their document's title, each clause looked up once (a cohort cites the same few hundred clauses
    /// over and over); may be asked from several threads at once.
    /// </summary>
    public sealed class SourceTitles(CompiledRuleSet? rs)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _titles = new(StringComparer.Ordinal);

        public string? Title(string? source)
        {
            if (rs is null || source is null) return source;
            if (!_titles.TryGetValue(source, out var title)) _titles[source] = title = rs.SourceTitle(source);
            return title;
        }
    }

    public static readonly string[] AggregateHeader = { "指标 aggregate", "名称", "Name", "范围内 in scope", "计入 counted", "值 value", "目标 target", "达标 met", "说明", "缺数据对象 missing" };

    public static IReadOnlyList<XCell> AggregateRow(AggregateResult a) => new XCell[]
    {
        a.Id, a.Name, a.NameEn, XCell.Num(a.InScope), XCell.Num(a.Counted), Value(a.Value, a.DisplayValue), a.Target ?? "", Yes(a.Met), a.Explanation.Zh,
        string.Join("; ", a.MissingSubjects),
    };

    public static readonly string[] ProblemHeader = { "机构编码 subject", "文件 file", "行 row", "列 column", "字段 field", "代码 code", "问题 message" };

    /// <summary>RFC 4180 CSV with a UTF-8 BOM so Excel opens Chinese text correctly.</summary>
    public static string Csv(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<XCell>> rows)
    {
        var w = new StringWriter();
        WriteCsv(w, header, rows);
        return w.ToString();
    }

    /// <summary>The same CSV as <see cref="Csv"/>, written row by row as the rows come.</summary>
    public static void WriteCsv(TextWriter w, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<XCell>> rows)
    {
        WriteCsvHeader(w, header);
        foreach (var r in rows) WriteRow(w, r);
    }

    /// <summary>The byte-order mark and the header row.</summary>
    internal static void WriteCsvHeader(TextWriter w, IReadOnlyList<string> header)
    {
        w.Write('\uFEFF');
        WriteRow(w, header.Select(h => (XCell)h).ToList());
    }

    internal static void WriteRow(TextWriter w, IReadOnlyList<XCell> row)
    {
        Span<char> digits = stackalloc char[64];
        for (var i = 0; i < row.Count; i++)
        {
            if (i > 0) w.Write(',');
            var c = row[i];
            if (c.Number is { } d)
            {
                var n = Normal(d);
                if (n.TryFormat(digits, out var len, default, CultureInfo.InvariantCulture)) w.Write(digits[..len]);
                else w.Write(n.ToString(CultureInfo.InvariantCulture));
            }
            else if (c.Flag is { } b) w.Write(b ? "true" : "false");
            else WriteQuoted(w, c.Text ?? "");
        }
        w.Write("\r\n");
    }

    // Trailing zeros removed (5.00 → 5, 0.4300 → 0.43).
    private static decimal Normal(decimal d) => TryWhole(d, out var whole) ? whole : d / 1.000000000000000000000000000000000m;

    /// <summary>
    /// A whole number (most points and counts) as a decimal division would leave it (5.00 → 5) without the division: it is
    /// its own truncation, which has scale 0. False for zero (its sign is the division's to decide) and for fractions.
    /// </summary>
    internal static bool TryWhole(decimal d, out decimal whole)
    {
        whole = d;
        if (d == 0 || d.Scale != 0 && decimal.Truncate(d) != d) return false;
        if (d.Scale != 0) whole = decimal.Truncate(d);
        return true;
    }

    private static void WriteQuoted(TextWriter w, string s)
    {
        if (s.AsSpan().IndexOfAny(",\"\n\r") < 0) { w.Write(s); return; }
        w.Write('"');
        w.Write(s.Replace("\"", "\"\"", StringComparison.Ordinal));
        w.Write('"');
    }
}
