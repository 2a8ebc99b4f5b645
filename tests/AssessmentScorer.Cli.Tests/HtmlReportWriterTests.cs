using System.Text;
using System.Text.Json;
using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// The HTML report written as it is made (<see cref="ResultReports.WriteHtml"/>) is byte for byte the report as one
/// string, and the data embedded in its script element survives any text a subject brings — "&lt;/script&gt;" in a name
/// cannot end the element early, also where the JSON is cut into pieces (a cohort large enough for on-demand detail).
/// </summary>
public sealed class HtmlReportWriterTests
{
    private const string Hostile = "医院</script><b>x</b></";

    [Theory]
    [InlineData(32)]     // every subject's section written out
    [InlineData(1300)]   // subjects as compact data, drawn on demand; the JSON spans many pieces
    public void StreamedReport_IsTheRenderedReport_AndItsDataReadsBackWhateverTheNames(int count)
    {
        var rs = RepeatedCohort.RuleSet();
        var cohort = RepeatedCohort.Score(rs, count, i => $"{Hostile}{i}");

        var rendered = ResultReports.Html(rs, cohort.Results, cohort.Aggregates);
        using var ms = new MemoryStream();
        ResultReports.WriteHtml(ms, rs, cohort.Results, cohort.Aggregates);
        Encoding.UTF8.GetString(ms.ToArray()).Should().Be(rendered);

        const string open = "<script type=\"application/json\" id=\"report-data\">";
        var start = rendered.IndexOf(open, StringComparison.Ordinal) + open.Length;
        var end = rendered.IndexOf("</script>", start, StringComparison.Ordinal);
        using var data = JsonDocument.Parse(rendered[start..end]);
        var subjects = data.RootElement.GetProperty("s");
        subjects.GetArrayLength().Should().Be(count);
        for (var i = 0; i < count; i++)
        {
            subjects[i][0].GetString().Should().Be($"S{i:D5}");
            subjects[i][1].GetString().Should().Be($"{Hostile}{i}");
        }
        data.RootElement.GetProperty("written").GetBoolean().Should().Be(count <= HtmlReport.StaticSubjectLimit);
        if (count > HtmlReport.StaticSubjectLimit)
            data.RootElement.GetProperty("d").GetArrayLength().Should().Be(count, "each subject's indicators for the detail drawn on demand");
    }

    [Fact]
    public void EmbeddedIndicators_AreEachSubjectsOwn_InInputOrder()
    {
        // 1,300 subjects: the indicators are read off in runs of subjects on every core and written in order.
        var rs = RepeatedCohort.RuleSet();
        var cohort = RepeatedCohort.Score(rs, 1300);
        var html = ResultReports.Html(rs, cohort.Results, cohort.Aggregates);
        const string open = "<script type=\"application/json\" id=\"report-data\">";
        var start = html.IndexOf(open, StringComparison.Ordinal) + open.Length;
        using var data = JsonDocument.Parse(html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)]);
        var table = data.RootElement.GetProperty("t").EnumerateArray().Select(t => t.GetString()).ToList();
        table.Should().OnlyHaveUniqueItems();
        var d = data.RootElement.GetProperty("d");
        for (var s = 0; s < cohort.Results.Count; s++)
        {
            var indicators = cohort.Results[s].Indicators;
            d[s].GetArrayLength().Should().Be(indicators.Count);
            for (var j = 0; j < indicators.Count; j++)
            {
                var i = indicators[j];
                var row = d[s][j];
                table[row[0].GetInt32()].Should().Be(Tables.Shown(i.DisplayValue));
                table[row[1].GetInt32()].Should().Be(i.Target ?? "—");
                (row[2].ValueKind == JsonValueKind.Null ? (bool?)null : row[2].GetInt32() == 1).Should().Be(i.Met);
                row[3].GetDecimal().Should().Be(Math.Round(i.Points, 2, MidpointRounding.AwayFromZero));
                row[4].GetDecimal().Should().Be(Math.Round(i.MaxPoints, 2, MidpointRounding.AwayFromZero));
                table[row[5].GetInt32()].Should().Be(Tables.StatusLabel(i.Status));
                table[row[6].GetInt32()].Should().Be(i.Explanation.Zh);
                table[row[7].GetInt32()].Should().Be(i.Explanation.En);
            }
        }
    }
}
