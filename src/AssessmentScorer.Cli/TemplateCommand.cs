using AssessmentScorer.Cli.Io;
using AssessmentScorer.Cli.Reports;

namespace AssessmentScorer.Cli;

/// <summary>Writes an empty input file with exactly the fields a rule set reads: Chinese and id headers, units, valid ranges.</summary>
internal static class TemplateCommand
{
    public static int Run(string rulesetsDir, string reference, string format, string? outPath, TextWriter stdout, TextWriter stderr)
    {
        var rs = RuleSetSources.Resolve(rulesetsDir, reference, stderr);
        if (rs is null) return Cli.Usage;
        if (format == "xlsx" && outPath is null)
        {
            stderr.WriteLine("error: --format xlsx writes a workbook; give --out <file.xlsx>");
            return Cli.Usage;
        }
        var columns = Columns(rs);
        if (format == "csv")
        {
            var text = Tables.Csv(columns.Select(c => c.Header).ToList(), Array.Empty<IReadOnlyList<XCell>>());
            if (outPath is null) stdout.Write(text); else File.WriteAllText(outPath, text);
        }
        else
        {
            var sheet = new XSheet("填报 Data", columns.Select(c => c.Header).ToList(), Array.Empty<IReadOnlyList<XCell>>());
            for (var i = 0; i < columns.Count; i++)
                if (columns[i].Validation is { } v) sheet.Validations.Add(v with { Column = i });
            var guide = new XSheet("字段说明 Fields", new[] { "列 column", "表头 header", "字段 id", "中文", "English", "类型 type", "单位 unit", "取值 valid values" },
                columns.Select((c, i) => (IReadOnlyList<XCell>)new XCell[] { Xlsx.ColumnName(i), c.Header, c.Id, c.Zh, c.En, c.Type, c.Unit, c.Range }).ToList());
            using var fs = File.Create(outPath!);
            Xlsx.Write(fs, new[] { sheet, guide });
        }
        if (outPath is not null) stderr.WriteLine($"wrote {outPath}: {columns.Count} columns for {rs}");
        return Cli.Ok;
    }

    internal sealed record TemplateColumn(string Header, string Id, string Zh, string En, string Type, string Unit, string Range, XValidation? Validation);

    internal static List<TemplateColumn> Columns(CompiledRuleSet rs)
    {
        var subject = SubmissionSchema.SubjectColumns.Where(c => c.Id != "previous_year").Select(Subject);
        var cols = new List<TemplateColumn>(subject);
        var current = rs.Fields.Where(f => rs.FieldsRead.Contains(f.Id)).ToList();
        foreach (var f in current) cols.Add(Field(f, f.Id, ""));
        var previous = rs.Fields.Where(f => f.Previous).ToList();
        if (previous.Count > 0)
        {
            cols.Add(Subject(SubmissionSchema.SubjectColumns.Single(c => c.Id == "previous_year")));
            foreach (var f in previous) cols.Add(Field(f, $"previous.{f.Id}", "上年 "));
        }
        foreach (var t in rs.Tasks)
        {
            var name = rs.Indicators.First(i => i.Id == t).Name;
            cols.Add(new($"{name} 完成 [task.{t}.done]", $"task.{t}.done", name + " 是否完成", "done", "boolean", "", "true/false (是/否)", List(new[] { "true", "false" })));
            cols.Add(new($"{name} 完成日期 [task.{t}.completed_on]", $"task.{t}.completed_on", name + " 完成日期", "completed on", "date", "", "yyyy-mm-dd", null));
            cols.Add(new($"{name} 佐证材料 [task.{t}.evidence]", $"task.{t}.evidence", name + " 佐证材料", "evidence", "text", "", "document names separated by ;", null));
        }
        return cols;
    }

    /// <summary>A subject or period column as the library describes it: allowed values as a list, whole numbers with their bounds.</summary>
    private static TemplateColumn Subject(SubjectColumn c)
    {
        var range = c.Values.Count > 0 ? string.Join(", ", c.Values)
            : c.Note.Length > 0 ? c.Note
            : c.Min is { } lo && c.Max is { } hi ? $"{lo}–{hi}"
            : c.Min is { } min ? $"≥ {min}"
            : c.Required ? "required" : "";
        var v = c.Values.Count > 0 ? List(c.Values)
            : c.Type == "integer" ? new XValidation(0, "whole", c.Min, c.Max, null, $"{c.Zh} / {c.En}: {range}") : null;
        return new TemplateColumn(c.Header, c.Id, c.Zh, c.En, c.Type, c.Unit, range, v);
    }

    private static XValidation List(IReadOnlyList<string> values) => new(0, "list", null, null, values, "可选 / one of: " + string.Join(", ", values));

    private static TemplateColumn Field(DataField f, string id, string prefix)
    {
        string range;
        XValidation? v = null;
        switch (f.Type)
        {
            case "level" or "text" when f.Values is { Count: > 0 } values:
                range = string.Join(", ", values);
                v = string.Join(",", values).Length < 250 ? List(values) : null;
                break;
            case "boolean":
                range = "true/false (是/否)";
                v = List(new[] { "true", "false" });
                break;
            case "integer" or "number":
                range = f.Min is not null && f.Max is not null ? $"{Tables.Num(f.Min.Value)}–{Tables.Num(f.Max.Value)}"
                    : f.Min is not null ? $"≥ {Tables.Num(f.Min.Value)}" : f.Max is not null ? $"≤ {Tables.Num(f.Max.Value)}" : "any number";
                if (f.Unit == "rate") range += " (0.4 = 40%)";
                v = new XValidation(0, f.Type == "integer" ? "whole" : "decimal", f.Min, f.Max, null, $"{f.Name}：{range}{(f.Unit is { Length: > 0 } u ? " " + u : "")}");
                break;
            default:
                range = "";
                break;
        }
        return new TemplateColumn($"{prefix}{f.Name} [{id}]", id, prefix + f.Name, f.NameEn, f.Type, f.Unit ?? "", range, v);
    }
}
