using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AssessmentScorer.Store;

namespace AssessmentScorer.Web;

/// <summary>What the round pages share: readable messages for what the store refuses, labels, formats and corrections.</summary>
public static class Rounds
{
    /// <summary>A refusal of the store as a sentence for people (Chinese first), with its code and the store's own detail.</summary>
    public static string Message(RoundException ex, Text l)
    {
        var lead = ex.Status switch
        {
            401 => l.T("需要登录：", "Sign in needed: "),
            403 => l.T("没有权限：你的密钥不能查看或修改这项内容。", "No permission: your key may not see or change this. "),
            404 => l.T("未找到：", "Not found: "),
            409 => l.T("当前轮次状态不允许这样做：", "The round's state does not allow this: "),
            413 => l.T("文件太大：", "Too large: "),
            _ => l.T("无法完成：", "Could not be done: "),
        };
        return $"{lead}{ex.Message} ({ex.Code})";
    }

    /// <summary>The problems a refusal names (rows and fields), as the problem table lists them.</summary>
    public static IReadOnlyList<InputProblem> Problems(RoundException ex, string file) =>
        (ex.Errors ?? Array.Empty<RoundError>()).Select(e => new InputProblem(file, e.Row ?? 0, ColumnOf(e.Field), e.Field ?? "", e.Code, e.Message)).ToList();

    /// <summary>The problems of an upload's rows: every rejected row's, then the warnings of the rows stored.</summary>
    public static IReadOnlyList<InputProblem> Problems(SubmissionReceipt receipt, string file) =>
        receipt.Rejected.SelectMany(r => r.Problems).Concat(receipt.Accepted.SelectMany(a => a.Problems))
            .Select(p => new InputProblem(file, p.Row, p.Column, p.Field, p.Code, p.Message)).ToList();

    private static string ColumnOf(string? field) => field is null ? "" : field.StartsWith("values.", StringComparison.Ordinal) ? field["values.".Length..] : field;

    public static string State(string state, Text l) => state switch
    {
        RoundStates.Open => l.T("进行中（接受提交）", "open"),
        RoundStates.Closed => l.T("已关闭（复核与申诉）", "closed (review and appeals)"),
        RoundStates.Published => l.T("已发布", "published"),
        _ => state,
    };

    public static string Progress(ScoringProgress p, Text l) => p.State switch
    {
        "scoring" => l.T($"正在计算 {p.Done} / {p.Total}", $"scoring {p.Done} / {p.Total}"),
        "pending" => l.T("等待计算", "waiting to be scored"),
        "failed" => l.T($"计算失败：{p.Message}", $"scoring failed: {p.Message}"),
        _ => l.T($"结果已是最新（{p.Done} 家）", $"results current ({p.Done})"),
    };

    /// <summary>Whether the round's results are being (or about to be) worked out: the page refreshes until they are current.</summary>
    public static bool Busy(ScoringProgress p) => p.State is "scoring" or "pending";

    public static string Role(Caller c, Text l) => c.Role switch
    {
        Roles.Admin => l.T("管理员", "admin"),
        Roles.Assessor => l.T($"评审员（{c.Region}）", $"assessor ({c.Region})"),
        Roles.Hospital => l.T($"医院（{c.SubjectId}）", $"hospital ({c.SubjectId})"),
        _ => c.Role,
    };

    /// <summary>The format an uploaded file is sent to the store as, by its extension; null for one the store does not read.</summary>
    public static InputFormat? FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" => InputFormat.Csv,
        ".xlsx" => InputFormat.Xlsx,
        ".json" => InputFormat.Json,
        ".jsonl" or ".ndjson" => InputFormat.JsonLines,
        _ => null,
    };

    /// <summary>
    /// A subject's stored submission with one value replaced by what the reader typed, as JSON to submit as a new revision.
    /// The value is written as the data dictionary types the field (number, whole number, yes/no, level); text that is not
    /// of that type is written as text, for the store to refuse with its own problem (row, field, code).
    /// </summary>
    public static byte[] Corrected(System.Text.Json.JsonElement submission, DataField field, string typed)
    {
        var node = JsonNode.Parse(submission.GetRawText())!.AsObject();
        if (node["values"] is not JsonObject values) node["values"] = values = new JsonObject();
        values[field.Id] = ValueOf(field, typed.Trim());
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static JsonNode? ValueOf(DataField field, string typed)
    {
        if (field.Type is "number" or "integer" && decimal.TryParse(typed, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
            return JsonValue.Create(d);
        if (field.Type == "boolean")
        {
            if (typed is "true" or "是" or "1") return JsonValue.Create(true);
            if (typed is "false" or "否" or "0") return JsonValue.Create(false);
        }
        return JsonValue.Create(typed);
    }

    /// <summary>A value of a stored submission as text to show, or an empty string.</summary>
    public static string ValueText(System.Text.Json.JsonElement submission, string fieldId) =>
        submission.TryGetProperty("values", out var values) && values.ValueKind == System.Text.Json.JsonValueKind.Object && values.TryGetProperty(fieldId, out var v)
            ? v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText()
            : "";
}
