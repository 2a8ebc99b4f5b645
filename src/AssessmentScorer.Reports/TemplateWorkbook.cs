namespace AssessmentScorer.Reports;

/// <summary>The input template of a rule set: exactly the fields it reads, with Chinese and id headers, units, valid ranges and
/// (in the workbook) dropdowns and a field guide. The CLI's <c>template</c> command and the API write the same file.</summary>
public static class TemplateWorkbook
{
    /// <summary>The template as CSV text: the header row only.</summary>
    public static string Csv(CompiledRuleSet rs) => Tables.Csv(Columns(rs).Select(c => c.Header).ToList(), Array.Empty<IReadOnlyList<XCell>>());

    /// <summary>The template as an xlsx workbook: the data sheet with validations, and the field guide.</summary>
    public static void WriteXlsx(Stream output, CompiledRuleSet rs)
    {
        var columns = Columns(rs);
        var sheet = new XSheet("填报 Data", columns.Select(c => c.Header).ToList(), Array.Empty<IReadOnlyList<XCell>>());
        for (var i = 0; i < columns.Count; i++)
            if (columns[i].Validation is { } v) sheet.Validations.Add(v with { Column = i });
        var guide = new XSheet("字段说明 Fields", new[] { "列 column", "表头 header", "字段 id", "中文", "English", "类型 type", "单位 unit", "取值 valid values" },
            columns.Select((c, i) => (IReadOnlyList<XCell>)new XCell[] { Xlsx.ColumnName(i), c.Header, c.Id, c.Zh, c.En, c.Type, c.Unit, c.Range }).ToList());
        Xlsx.Write(output, new[] { sheet, guide });
    }

    /// <summary>One column of the template.</summary>
    public sealed record TemplateColumn(string Header, string Id, string Zh, string En, string Type, string Unit, string Range, XValidation? Validation);

    /// <summary>The template's columns, in order: subject, the fields the rule set reads, last year's fields, tasks.</summary>
    public static List<TemplateColumn> Columns(CompiledRuleSet rs)
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
            cols.Add(new($"{name} 完成 [task.{t}.done]", $"task.{t}.done", name + " 是否完成", "done", "boolean", "", YesNoRange, List(YesNo)));
            cols.Add(new($"{name} 完成日期 [task.{t}.completed_on]", $"task.{t}.completed_on", name + " 完成日期", "completed on", "date", "", "yyyy-mm-dd", null));
            cols.Add(new($"{name} 佐证材料 [task.{t}.evidence]", $"task.{t}.evidence", name + " 佐证材料", "evidence", "text", "", "document names separated by ;", null));
        }
        return cols;
    }

    /// <summary>A subject or period column as the library describes it: allowed values as a list, whole numbers with their bounds.</summary>
    private static TemplateColumn Subject(SubjectColumn c)
    {
        // Codes offered by their Chinese labels first (三级), the codes themselves still accepted (tertiary).
        var offered = c.Values.Select(SubjectCodes.Label).Where(l => !c.Values.Contains(l)).Concat(c.Values).ToList();
        var range = c.Values.Count > 0 ? string.Join("、", c.Values.Select(x => SubjectCodes.Label(x) == x ? x : $"{SubjectCodes.Label(x)}（{x}）"))
            : c.Note.Length > 0 ? c.Note
            : c.Min is { } lo && c.Max is { } hi ? $"{lo}–{hi}"
            : c.Min is { } min ? $"≥ {min}"
            : c.Required ? "required" : "";
        var v = c.Values.Count > 0 ? List(offered)
            : c.Type == "integer" ? new XValidation(0, "whole", c.Min, c.Max, null, $"{c.Zh} / {c.En}: {range}") : null;
        return new TemplateColumn(c.Header, c.Id, c.Zh, c.En, c.Type, c.Unit, range, v);
    }

    private static XValidation List(IReadOnlyList<string> values) => new(0, "list", null, null, values, "可选 / one of: " + string.Join(", ", values));

    /// <summary>Yes/no as the dropdown offers it: the Chinese words first, the codes still accepted.</summary>
    private static readonly string[] YesNo = { "是", "否", "true", "false" };
    private const string YesNoRange = "是/否（也可填 true/false、1/0、有/无）";

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
                range = YesNoRange;
                v = List(YesNo);
                break;
            case "integer" or "number":
                range = f.Min is not null && f.Max is not null ? $"{Tables.Num(f.Min.Value)}–{Tables.Num(f.Max.Value)}"
                    : f.Min is not null ? $"≥ {Tables.Num(f.Min.Value)}" : f.Max is not null ? $"≤ {Tables.Num(f.Max.Value)}" : "any number";
                if (f.Unit == "rate") range += "，比例：0.4 即 40%，也可填“40%” (a fraction: 0.4 = 40%; \"40%\" is read as 0.4)";
                v = new XValidation(0, f.Type == "integer" ? "whole" : "decimal", f.Min, f.Max, null, $"{f.Name}：{range}{(f.Unit is { Length: > 0 } u ? " " + u : "")}");
                break;
            default:
                range = "";
                break;
        }
        // A fraction says so in its header, where it is filled in, not only in the guide.
        var unitNote = f.Unit == "rate" ? "（比例，0.4 = 40%）" : "";
        return new TemplateColumn($"{prefix}{f.Name}{unitNote} [{id}]", id, prefix + f.Name, f.NameEn, f.Type, f.Unit == "rate" ? "比例 fraction" : f.Unit ?? "", range, v);
    }

    /// <summary>
    /// The cell of a template column for a submission, as a person fills it in (numbers as numbers, yes/no as true/false,
    /// tasks as done / date / evidence separated by ;): a filled template reads back as the same submission.
    /// </summary>
    public static XCell Cell(Submission s, string columnId)
    {
        var x = s.Subject;
        switch (columnId)
        {
            case "id": return x.Id;
            case "name": return x.Name;
            case "kind": return x.Kind;
            case "tier": return x.Tier;
            case "category": return x.Category;
            case "ownership": return x.Ownership;
            case "region": return x.Region;
            case "beds": return XCell.Num(x.Beds);
            case "year": return XCell.Num(s.Year);
            case "previous_year": return XCell.Num(s.Previous?.Year);
        }
        var values = s.Values;
        var id = columnId;
        if (id.StartsWith("previous.", StringComparison.Ordinal))
        {
            if (s.Previous is null) return default;
            values = s.Previous.Values;
            id = id["previous.".Length..];
        }
        else if (id.StartsWith("task.", StringComparison.Ordinal))
        {
            var dot = id.LastIndexOf('.');
            if (s.Tasks is null || dot <= 5 || !s.Tasks.TryGetValue(id[5..dot], out var t)) return default;
            return id[(dot + 1)..] switch
            {
                "done" => t.Done ? "true" : "false",
                "completed_on" => t.CompletedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                _ => string.Join(";", t.Evidence),
            };
        }
        if (!values.TryGetValue(id, out var v)) return default;
        return v.Number is { } d ? XCell.Num(d) : v.Flag is { } b ? (b ? "true" : "false") : v.Text;
    }
}
