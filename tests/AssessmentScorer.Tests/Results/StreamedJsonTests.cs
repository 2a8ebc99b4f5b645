using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AssessmentScorer.Results;

namespace AssessmentScorer.Tests.Results;

public class StreamedJsonTests
{
    private static CompiledRuleSet National() =>
        RuleSetRegistry.LoadDirectory(Repo.RuleSets).Registry.Resolve("cn.national.tertiary-performance@1.1.0")!;

    private static List<Submission> Example()
    {
        using var doc = JsonDocument.Parse(Repo.Read("examples/national/tertiary-cohort.json"));
        return doc.RootElement.EnumerateArray().Select(e => Submission.FromJson(e).Submission!).ToList();
    }

    /// <summary>The example cohort repeated under new ids: 160 hospitals, five chunks of the streamed writers, formatted on several threads.</summary>
    private static CohortResult Repeated(CompiledRuleSet rs, int copies = 5) =>
        rs.ScoreCohort(Enumerable.Range(0, copies).SelectMany(k => Example().Select(s => s with { Subject = s.Subject with { Id = $"{s.Subject.Id}-{k}" } })).ToList());

    private static string Streamed(Action<Stream> write)
    {
        using var ms = new MemoryStream();
        write(ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>The document as one <see cref="Utf8JsonWriter"/> with the writers' options writes it after reading it back.</summary>
    private static string Rewritten(string json, bool indented)
    {
        using var doc = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            doc.WriteTo(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void WriteJson_Cohort_IsByteIdenticalToToJson()
    {
        var cohort = National().ScoreCohort(Example());
        foreach (var indented in new[] { true, false })
            Streamed(s => cohort.WriteJson(s, indented)).Should().Be(cohort.ToJson(indented));
    }

    [Fact]
    public void WriteJson_CohortOfSeveralChunks_IsByteIdenticalToToJson_AndToOneWriter()
    {
        var cohort = Repeated(National());
        cohort.Results.Count.Should().BeGreaterThan(4 * ChunkedJson.ChunkSize);
        foreach (var indented in new[] { true, false })
        {
            var streamed = Streamed(s => cohort.WriteJson(s, indented));
            streamed.Should().Be(cohort.ToJson(indented));
            streamed.Should().Be(Rewritten(streamed, indented));
            using var doc = JsonDocument.Parse(streamed);
            var results = doc.RootElement.GetProperty("results");
            results.GetArrayLength().Should().Be(cohort.Results.Count);
            // In input order, each the result's own JSON.
            for (var i = 0; i < cohort.Results.Count; i += 37)
                results[i].GetProperty("subject").GetProperty("id").GetString().Should().Be(cohort.Results[i].Subject.Id);
            JsonSerializer.Serialize(results[cohort.Results.Count - 1]).Should().Be(
                JsonSerializer.Serialize(JsonDocument.Parse(cohort.Results[^1].ToJson(false)).RootElement));
        }
    }

    [Theory]
    [InlineData(ResultDetail.Indicators)]
    [InlineData(ResultDetail.Summary)]
    public void WriteJsonDetail_CohortOfSeveralChunks_IsOneWritersDocument_InOrder(ResultDetail detail)
    {
        var cohort = Repeated(National());
        foreach (var indented in new[] { true, false })
        {
            var streamed = Streamed(s => cohort.WriteJsonDetail(s, detail, indented));
            streamed.Should().Be(Rewritten(streamed, indented));
            using var doc = JsonDocument.Parse(streamed);
            doc.RootElement.GetProperty("detail").GetString().Should().Be(detail == ResultDetail.Summary ? "summary" : "indicators");
            var ids = doc.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("subject").GetProperty("id").GetString()).ToList();
            ids.Should().Equal(cohort.Results.Select(r => r.Subject.Id));
        }
    }

    [Fact]
    public void WriteJsonLines_Full_CohortOfSeveralChunks_IsEachResultsToJson_LineByLine()
    {
        var cohort = Repeated(National());
        var lines = Streamed(s => cohort.WriteJsonLines(s)).Split('\n');
        lines[^1].Should().BeEmpty();
        lines.Length.Should().Be(cohort.Results.Count + 2);
        for (var i = 0; i < cohort.Results.Count; i++) lines[i + 1].Should().Be(cohort.Results[i].ToJson(false));
    }

    [Fact]
    public void WriteJson_TextThatNeedsEscaping_IsEscapedAsTheWriterEscapesIt()
    {
        // Indicator results copied with texts of every kind a writer escapes or keeps (quotes, backslashes, control
        // characters, line separators, HTML, emoji), so the indicators are written from their
        // encoded constants and these texts escaped per result: 40 results, two chunks.
        string[] texts = ["引号\"与\\反斜杠", "行\n回车\r制表\t\u0001", "\u2028\u2029<b>&amp;</b>'", "😀 医院", "", "平常的说明 plain"];
        var scored = National().ScoreCohort(Example());
        var results = Enumerable.Range(0, 40).Select(k =>
        {
            var r = scored.Results[k % scored.Results.Count];
            string T(int n) => texts[(k + n) % texts.Length];
            var inds = r.Indicators.Select((i, n) => i with { Explanation = new Explanation(T(n), T(n + 1)), DisplayValue = T(n + 2), MissingData = [T(n + 3), "values.x"] }).ToList();
            return r with { Indicators = inds, Subject = r.Subject with { Id = $"{r.Subject.Id}-{k}" } };
        }).ToList();
        var cohort = new CohortResult(scored.RuleSet, results, scored.Aggregates);

        var lines = Streamed(s => cohort.WriteJsonLines(s)).Split('\n');
        for (var i = 0; i < results.Count; i++) lines[i + 1].Should().Be(results[i].ToJson(false), "a line is the result's own JSON");
        foreach (var indented in new[] { true, false })
        {
            var streamed = Streamed(s => cohort.WriteJson(s, indented));
            streamed.Should().Be(Rewritten(streamed, indented));
            using var doc = JsonDocument.Parse(streamed);
            var written = doc.RootElement.GetProperty("results");
            for (var i = 0; i < results.Count; i++)
                System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(written[i].GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(results[i].ToJson()))
                    .Should().BeTrue($"result {i} reads back as its own JSON");
        }

        // Text with a surrogate, paired or alone, is escaped by the writer itself, as in the result's own JSON.
        var odd = results[0] with { Indicators = results[0].Indicators.Select((i, n) => i with { Explanation = new Explanation(n % 2 == 0 ? "孤\ud800立" : "😀", "\udc00") }).ToList() };
        var oddLines = Streamed(s => new CohortResult(scored.RuleSet, [odd, odd], scored.Aggregates).WriteJsonLines(s)).Split('\n');
        oddLines[1].Should().Be(odd.ToJson(false));
        oddLines[2].Should().Be(odd.ToJson(false));
    }

    [Fact]
    public void WriteJson_EmptyCohort_IsAsOneWriterWritesIt()
    {
        var cohort = National().ScoreCohort(Array.Empty<Submission>());
        foreach (var indented in new[] { true, false })
        {
            var streamed = Streamed(s => cohort.WriteJson(s, indented));
            streamed.Should().Be(cohort.ToJson(indented));
            streamed.Should().Be(Rewritten(streamed, indented));
            Streamed(s => cohort.WriteJsonLines(s, ResultDetail.Summary)).Split('\n').Should().HaveCount(2);
            foreach (var detail in new[] { ResultDetail.Indicators, ResultDetail.Summary })
            {
                var doc = Streamed(s => cohort.WriteJsonDetail(s, detail, indented));
                doc.Should().Be(Rewritten(doc, indented));
                JsonDocument.Parse(doc).RootElement.GetProperty("results").GetArrayLength().Should().Be(0);
            }
        }
    }

    [Fact]
    public void Normalize_WithoutDivision_IsTheDivisionsDecimal()
    {
        var values = new List<decimal> { 0m, 0.00m, -0.0m, 1m, 10m, 100m, 2.50m, -2.50m, 0.4300m, 12.5m, 100.000m, 0.000001000m, 79228162514264337593543950335m,
            -79228162514264337593543950335m, 7.9228162514264337593543950330m, 0.0000000000000000000000000010m, 1e-28m };
        var rng = new Random(18);
        for (var k = 0; k < 2000; k++)
            values.Add(new decimal(rng.Next(), rng.Next(0, 4) == 0 ? rng.Next() : 0, 0, rng.Next(2) == 0, (byte)rng.Next(0, 29)) * (rng.Next(3) == 0 ? 10m : 1m));
        foreach (var d in values)
            decimal.GetBits(Fmt.Normalize(d)).Should().Equal(decimal.GetBits(d / 1.000000000000000000000000000000000m), $"{d} normalises as the division does");
    }
}
