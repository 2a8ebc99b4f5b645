using System.Text;
using AssessmentScorer.NRules;

namespace AssessmentScorer.Reports;

/// <summary>The actions rules drew from results (结果运用) as a table, CSV and a workbook; JSON is the report's own writer.</summary>
public static class ActionReports
{
    public static readonly string[] Header =
    {
        "机构编码 subject", "年度 year", "动作 action", "规则 rule", "指标 indicator", "截止日期 deadline", "系数 coefficient", "其他 details",
        "说明 explanation", "Explanation", "原因 causes",
    };

    /// <summary>The kind as people read it: Chinese first, then the kind's name (整改 rectification).</summary>
    public static string KindLabel(string kind) => kind switch
    {
        "rectification" => "整改",
        "funding-coefficient" => "经费核拨系数",
        "reward-pay-coefficient" => "绩效工资系数",
        "interview" => "约谈",
        "commendation" => "评优评先",
        _ => "",
    } is { Length: > 0 } zh ? $"{zh} {kind}" : kind;

    /// <summary>One row per action: the named details in their own columns, any others together.</summary>
    public static IReadOnlyList<XCell> Row(ResultAction a)
    {
        string? indicator = null, deadline = null;
        decimal? coefficient = null;
        var other = new List<string>();
        foreach (var (key, value) in a.Details())
        {
            switch (key)
            {
                case "indicator": indicator = value; break;
                case "deadline": deadline = value; break;
                case "coefficient" when decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var c): coefficient = c; break;
                default: other.Add($"{key}={value}"); break;
            }
        }
        var e = a.Explanation;
        return new XCell[]
        {
            a.SubjectId, XCell.Num(a.Year), KindLabel(a.Kind), a.Rule ?? "", indicator ?? "", deadline ?? "", XCell.Num(coefficient), string.Join("; ", other),
            e.Zh, e.En, string.Join("; ", a.Causes.Select(CauseText)),
        };
    }

    /// <summary>A cause as one line: <c>QC-H14 2024 met performance_grade_b = false</c>.</summary>
    public static string CauseText(Cause c) => $"{c.SubjectId} {c.Year} {c.Field}{(c.ItemId is null ? "" : " " + c.ItemId)} = {c.Value}";

    /// <summary>RFC 4180 CSV, one row per action.</summary>
    public static string Csv(ActionReport report) => Tables.Csv(Header, report.Actions.Select(Row));

    /// <summary>A workbook with the actions sheet (结果运用 Actions).</summary>
    public static void Workbook(Stream output, ActionReport report)
    {
        var sheet = new XSheet("结果运用 Actions", Header, report.Actions.Select(Row));
        sheet.Widths.AddRange(new double[] { 14, 8, 22, 34, 28, 12, 10, 20, 60, 60, 50 });
        sheet.Wrap.UnionWith(new[] { 8, 9, 10 });
        Xlsx.Write(output, new[] { sheet });
    }

    /// <summary>The actions as text for a terminal: subject, action and details, then the explanation in Chinese and English.</summary>
    public static string Table(ActionReport report)
    {
        var sb = new StringBuilder();
        foreach (var a in report.Actions)
        {
            var details = string.Join(" ", a.Details().Where(d => d.Value.Length > 0).Select(d => $"{d.Key}={d.Value}"));
            sb.Append(a.SubjectId).Append(' ').Append(a.Year).Append("  ").Append(KindLabel(a.Kind));
            if (details.Length > 0) sb.Append("  ").Append(details);
            sb.Append("  [").Append(a.Rule).Append(']').Append('\n');
            var e = a.Explanation;
            sb.Append("    ").Append(e.Zh).Append('\n').Append("    ").Append(e.En).Append('\n');
        }
        var subjects = report.Actions.Select(a => a.SubjectId).Distinct().Count();
        sb.Append($"{report.Actions.Count} 项动作，涉及 {subjects} 个对象（共 {report.Subjects} 个） / {report.Actions.Count} action(s) for {subjects} of {report.Subjects} subject(s)\n");
        return sb.ToString();
    }
}
