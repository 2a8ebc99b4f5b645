using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AssessmentScorer.Tests.Input;

/// <summary>
/// The streaming submission reader against the document reader it replaced (<see cref="DomSubmissionJson"/>): on every
/// example submission of the repository and on thousands of deterministic mutations of them (cut, bytes deleted or
/// doubled, values swapped for other kinds, keys repeated, unpaired surrogates), the same submission is read and the
/// same problems are reported in the same order, alone, in a JSON array and as JSON lines.
/// </summary>
public class StreamingReaderTests
{
    private static readonly string[] Examples = Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.json", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal).Select(File.ReadAllText)
        .Where(t => t.TrimStart().StartsWith('{') && t.Contains("\"subject\"", StringComparison.Ordinal) && !t.Contains("\"indicators\"", StringComparison.Ordinal) && t.Length < 20_000)
        .ToArray();

    private static readonly string[] Replacements =
    {
        "null", "true", "false", "0", "-1", "1e400", "79228162514264337593543950336", "2025.5", "\"text\"", "\"\\ud800\"", "[]", "[1,\"a\"]", "{}",
        "{\"a\":1,\"a\":2}", "\"2025-13-01\"", "\"2025-06-30\"", "\"三级甲等\"", "{\"year\":2024}", "[\"doc\", 3]",
    };

    public static IEnumerable<string> Corpus()
    {
        var rng = new Random(18);
        foreach (var ex in Examples)
        {
            yield return ex;
            var compact = JsonSerializer.Serialize(JsonDocument.Parse(ex).RootElement);
            yield return compact;
            // Every value after a colon replaced by each kind of token, at up to 12 places per example.
            var colons = Enumerable.Range(0, ex.Length).Where(i => ex[i] == ':').ToArray();
            foreach (var at in colons.OrderBy(_ => rng.Next()).Take(12))
            {
                var end = at + 1;
                var depth = 0;
                var inString = false;
                for (; end < ex.Length; end++)
                {
                    var c = ex[end];
                    if (inString) { if (c == '\\') end++; else if (c == '"') inString = false; continue; }
                    if (c == '"') inString = true;
                    else if (c is '{' or '[') depth++;
                    else if (c is '}' or ']') { if (depth == 0) break; depth--; }
                    else if (c == ',' && depth == 0) break;
                }
                foreach (var v in Replacements) yield return ex[..(at + 1)] + " " + v + ex[end..];
            }
            // A key repeated: the first key of a nested object written twice.
            var brace = ex.IndexOf('{', 1);
            var close = ex.IndexOf(',', brace);
            if (brace > 0 && close > brace) yield return ex[..(brace + 1)] + ex[(brace + 1)..close] + "," + ex[(brace + 1)..];
            // Cut, bytes deleted, bytes doubled.
            for (var k = 0; k < 25; k++)
            {
                var i = rng.Next(ex.Length);
                yield return ex[..i];
                yield return ex.Remove(i, 1);
                yield return ex.Insert(i, ex[i].ToString());
            }
        }
        yield return "";
        yield return "   ";
        yield return "[]";
        yield return "\"a\"";
        yield return "{\"subject\":{\"id\":\"h\"},\"year\":2025} x";
        yield return "{\"subject\":{\"id\":\"h\"},\"year\":2025,\"values\":{\"\\ud800x\":1,\"a\\u0062\":\"\\u4e09\"}}";
        yield return "{\"subject\":{\"id\":\"h\"},\"year\":2025}" + new string(' ', 3) + "\n";
        yield return new string('[', 40) + new string(']', 40);
        yield return "{\"subject\":{\"id\":\"h\"},\"year\":2025,\"values\":{\"a\":" + new string('[', 33) + new string(']', 33) + "}}";
        yield return "{\"subject\":{\"id\":\"h\"},\"year\":2025,\"values\":{\"a\":\"" + '\ud800' + "\"}}";
    }


    private static readonly string[] All = Corpus().ToArray();

    [Fact]
    public void ParseJson_EveryCorpusText_SameSubmissionAndProblemsAsTheDocumentReader()
    {
        Examples.Length.Should().BeGreaterThan(10);
        All.Length.Should().BeGreaterThan(4000);
        var differ = new List<string>();
        foreach (var text in All)
        {
            var expected = Dump(DomSubmissionJson.Parse(text));
            var actual = Dump(Submission.ParseJson(text));
            if (expected != actual) differ.Add($"INPUT {text}\nEXPECTED {expected}\nACTUAL   {actual}");
        }
        differ.Should().BeEmpty(string.Join("\n\n", differ.Take(3)));
    }

    [Fact]
    public void ReadJsonArray_CorpusInBatches_SameAsTheDocumentReaderElementByElement()
    {
        var differ = new List<string>();
        for (var start = 0; start < All.Length; start += 7)
        {
            var text = "[\n" + string.Join(",\n", All.Skip(start).Take(7)) + "\n]";
            var expected = Dump(DomBatch(text));
            var actual = Dump(SubmissionBatch.ReadJsonArray(text));
            if (expected != actual) differ.Add($"INPUT {text}\nEXPECTED {expected}\nACTUAL   {actual}");
        }
        differ.Should().BeEmpty(string.Join("\n\n", differ.Take(2)));
    }

    [Fact]
    public void ReadJsonLines_CorpusOnePerLine_SameAsEachLineReadAlone()
    {
        var lines = All.Select(t => t.Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)).ToArray();
        var table = SubmissionBatch.ReadJsonLines(string.Join("\n", lines) + "\n\n  \n");
        var expected = new StringBuilder();
        var read = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            read++;
            foreach (var p in DomSubmissionJson.Parse(lines[i]).Problems) expected.Append(Row(new RowProblem(i + 1, "", p.Field, p.Code, p.Message)));
        }
        table.RowsRead.Should().Be(read);
        string.Concat(table.Problems.Select(Row)).Should().Be(expected.ToString());
    }

    [Fact]
    public void FromJson_ElementOfAParsedDocument_SameAsTheDocumentReader()
    {
        foreach (var text in All.Where(t => { try { JsonDocument.Parse(t, DomSubmissionJson.Options).Dispose(); return true; } catch (Exception) { return false; } }).Take(400))
        {
            using var doc = JsonDocument.Parse(text, DomSubmissionJson.Options);
            Dump(Submission.FromJson(doc.RootElement, "[5]")).Should().Be(Dump(DomSubmissionJson.FromElement(doc.RootElement, "[5]")), text);
        }
    }

    private static SubmissionTable DomBatch(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, DomSubmissionJson.Options); }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            var parsed = DomSubmissionJson.Parse(json).Problems;
            return new SubmissionTable(Array.Empty<Submission>(), Array.Empty<int>(), parsed.Select(p => new RowProblem(0, "", p.Field, p.Code, p.Message)).ToArray(), 0, 0);
        }
        using (doc)
        {
            var subs = new List<Submission>(); var rows = new List<int>(); var problems = new List<RowProblem>(); var rejected = 0; var i = 0;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                var r = DomSubmissionJson.FromElement(e, $"[{i}]");
                problems.AddRange(r.Problems.Select(p => new RowProblem(i + 1, "", p.Field, p.Code, p.Message)));
                if (r.Submission is null) rejected++; else { subs.Add(r.Submission); rows.Add(i + 1); }
                i++;
            }
            return new SubmissionTable(subs, rows, problems, i, rejected);
        }
    }

    private static string Row(RowProblem p) => $"{p.Row}|{p.Field}|{p.Code}|{p.Message}\n";

    private static string Dump(SubmissionTable t) =>
        $"read {t.RowsRead} rejected {t.RowsRejected} rows {string.Join(",", t.Rows)}\n" + string.Concat(t.Problems.Select(Row)) + string.Concat(t.Submissions.Select(Dump));

    private static string Dump(SubmissionParseResult r) =>
        string.Concat(r.Problems.Select(p => $"{p.Field}|{p.Code}|{p.Message}\n")) + (r.Submission is { } s ? Dump(s) : "no submission\n");

    private static string Dump(Submission s)
    {
        var sb = new StringBuilder();
        sb.Append(s.Subject).Append(" year ").Append(s.Year.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Values(sb, s.Values);
        if (s.Previous is { } p) { sb.Append("previous ").Append(p.Year.ToString(CultureInfo.InvariantCulture)).Append('\n'); Values(sb, p.Values); }
        if (s.Tasks is { } tasks)
            foreach (var (k, t) in tasks.OrderBy(x => x.Key, StringComparer.Ordinal))
                sb.Append("task ").Append(k).Append(' ').Append(t.Done).Append(' ').Append(t.CompletedOn?.ToString("O", CultureInfo.InvariantCulture)).Append(' ').AppendJoin(';', t.Evidence).Append('\n');
        sb.Append("input problems ").Append(s.InputProblems.Count).Append('\n');
        return sb.ToString();
    }

    private static void Values(StringBuilder sb, IReadOnlyDictionary<string, FieldValue> values)
    {
        foreach (var (k, v) in values.OrderBy(x => x.Key, StringComparer.Ordinal))
            sb.Append(k).Append('=').Append(v.Number is { } n ? "n:" + n.ToString(CultureInfo.InvariantCulture) : v.Flag is { } f ? "b:" + f : "t:" + v.Text).Append('\n');
    }
}
