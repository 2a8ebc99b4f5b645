using AssessmentScorer.Reports;

namespace AssessmentScorer.Cli.Tests;

/// <summary>
/// The results CSV written a chunk of rows at a time on every core (<see cref="ResultReports.WriteCsv"/>) is, in input
/// order, the table a single pass writes: the summary row of each subject, then each indicator's points and met.
/// </summary>
public sealed class CsvWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(1000)]   // more chunks than are made at once
    public void WrittenCsv_IsEachSubjectsRow_InInputOrder(int count)
    {
        var rs = RepeatedCohort.RuleSet();
        var results = RepeatedCohort.Score(rs, count).Results;

        var header = Tables.SummaryHeader.Concat(rs.Indicators.SelectMany(i => new[] { $"{i.Name} [{i.Id}] 得分 points", $"{i.Name} [{i.Id}] 达标 met" })).ToList();
        var oneByOne = Tables.Csv(header, results.Select(r => (IReadOnlyList<XCell>)Tables.SummaryRow(r)
            .Concat(r.Indicators.SelectMany(i => new[] { XCell.Num(i.Points), (XCell)Tables.Yes(i.Met) })).ToList()));
        var written = ResultReports.Csv(rs, results);
        written.Should().Be(oneByOne);
        var lines = written.Split("\r\n");
        lines.Should().HaveCount(count + 2);
        for (var i = 0; i < count; i++) lines[i + 1].Should().StartWith($"S{i:D5},");
        // Results whose indicators are records (copied, or built by an embedding system) are written the same way as
        // the scorer's own, whose points and met are read from its outcomes.
        ResultReports.Csv(rs, results.Select(r => r with { Indicators = r.Indicators.ToList() }).ToList()).Should().Be(written);
    }
}
