using System.Text;
using AssessmentScorer.Reports;

namespace AssessmentScorer.Benchmarks;

/// <summary>
/// The end-to-end cohort files (benchmarks/run.sh e2e): the same generated submissions as CSV (ids as headers), a JSON
/// array, JSON lines, and the rule set's input template workbook filled in (its Chinese <c>名称 [id]</c> headers, the
/// file an assessment team sends round). Every format holds the same values, so every path scores the same cohort.
/// </summary>
internal static class E2eData
{
    public static void Write(CompiledRuleSet rs, IReadOnlyList<Submission> subs, string stem)
    {
        File.WriteAllText(stem + ".csv", Csv.Write(subs), new UTF8Encoding(false));
        using (var json = new StreamWriter(stem + ".json", false, new UTF8Encoding(false)))
        using (var lines = new StreamWriter(stem + ".jsonl", false, new UTF8Encoding(false)))
        {
            json.Write('[');
            for (var i = 0; i < subs.Count; i++)
            {
                var text = Csv.ToJson(subs[i]);
                json.Write(i == 0 ? "\n" : ",\n");
                json.Write(text);
                lines.Write(System.Text.Json.Nodes.JsonNode.Parse(text)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                lines.Write('\n');
            }
            json.Write("\n]\n");
        }
        var columns = TemplateWorkbook.Columns(rs);
        var rows = subs.Select(s => (IReadOnlyList<XCell>)columns.Select(c => TemplateWorkbook.Cell(s, c.Id)).ToArray());
        using var xlsx = File.Create(stem + ".xlsx");
        Xlsx.Write(xlsx, new[] { new XSheet("填报 Data", columns.Select(c => c.Header).ToList(), rows) });
    }
}
