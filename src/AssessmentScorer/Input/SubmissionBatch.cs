using System.Text.Json;

namespace AssessmentScorer;

/// <summary>A problem in one row of a batch of submissions.</summary>
/// <param name="Row">
/// Where: the 1-based row of a table (the header is row 1), the 1-based line of JSON lines, or the 1-based element of a
/// JSON array (element <c>[0]</c> is 1); 0 when the problem concerns the whole text (not JSON, not an array).
/// </param>
/// <param name="Column">The column header, or empty when the problem concerns the whole row (always empty for JSON).</param>
/// <param name="Field">The submission path the cell feeds (e.g. <c>values.beds</c>, or <c>[3].values.beds</c> in a JSON array), or empty.</param>
/// <param name="Code">A stable code (AS5xxx).</param>
/// <param name="Message">What is wrong.</param>
public sealed record RowProblem(int Row, string Column, string Field, string Code, string Message);

/// <summary>A row of a batch that could not become a submission, with its problems.</summary>
/// <param name="Row">Its row, numbered as in <see cref="RowProblem.Row"/>.</param>
/// <param name="Problems">The problems of that row, in the order found.</param>
public sealed record RejectedSubmission(int Row, IReadOnlyList<RowProblem> Problems);

/// <summary>Submissions read from a batch (a table, a JSON array, JSON lines), with every problem and the counts a person checks.</summary>
/// <param name="Submissions">The rows that could be read (problems in single cells or values travel with the submission).</param>
/// <param name="Rows">The row of each submission, in the same order, numbered as in <see cref="RowProblem.Row"/>.</param>
/// <param name="Problems">Every problem, by row (those of accepted rows too).</param>
/// <param name="RowsRead">Rows read (blank rows and lines are not counted).</param>
/// <param name="RowsRejected">Rows that could not become a submission (no id, no year, broken quoting, not a submission).</param>
public sealed record SubmissionTable(IReadOnlyList<Submission> Submissions, IReadOnlyList<int> Rows, IReadOnlyList<RowProblem> Problems, int RowsRead, int RowsRejected)
{
    /// <summary>The rows that could not become a submission, in row order, each with its problems (as many as <see cref="RowsRejected"/>).</summary>
    public IReadOnlyList<RejectedSubmission> Rejected { get; init; } = Array.Empty<RejectedSubmission>();
}

/// <summary>
/// Reads batches of submissions in their JSON forms (docs/submission-format.md): a JSON array, or JSON lines (one
/// submission per line). Tables (CSV text or cells) are read by <see cref="SubmissionCsv"/>. A bad row never stops the
/// others: it is rejected with its problems. Never throws on bad input.
/// </summary>
public static class SubmissionBatch
{
    /// <summary>
    /// Reads a JSON array of submissions. Element <c>[i]</c> is row <c>i + 1</c>; its problems name paths under <c>[i]</c>.
    /// When the text is not JSON (<c>AS5001</c>) or not an array (<c>AS5002</c>), nothing is read and the problem is at row 0.
    /// </summary>
    public static SubmissionTable ReadJsonArray(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (SubmissionJson.Rent(json) is not { } rented) return Whole(SubmissionJson.Parse(json).Problems);
        try { return ReadJsonArray(rented.Span, json); }
        finally { rented.Return(); }
    }

    /// <summary>
    /// Reads a JSON array of submissions from UTF-8 bytes (a request body, a file) without making a string of them; the
    /// same rows and problems as <see cref="ReadJsonArray(string)"/>. Bytes that are not UTF-8 are <c>AS5001</c> at row 0.
    /// </summary>
    public static SubmissionTable ReadJsonArray(ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8)) return Whole(new[] { NotUtf8 });
        return ReadJsonArray(utf8, null);
    }

    /// <summary>JSON lines from UTF-8 bytes; the same rows and problems as <see cref="ReadJsonLines(string)"/>.</summary>
    public static SubmissionTable ReadJsonLines(ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8)) return Whole(new[] { NotUtf8 });
        return ReadLines(utf8);
    }

    private static readonly Problem NotUtf8 = new("$", "AS5001", "not valid JSON: the bytes are not UTF-8 text");

    // One pass of the reader over the whole text: each element is read as it comes; a syntax error anywhere means
    // nothing is read (the text is not JSON), as for a single submission.
    private static SubmissionTable ReadJsonArray(ReadOnlySpan<byte> utf8, string? text)
    {
        var r = new Utf8JsonReader(utf8, SubmissionJson.ReaderOptions);
        try
        {
            r.Read();
            if (r.TokenType != JsonTokenType.StartArray)
            {
                var kind = SubmissionJson.Kind(r.TokenType);
                r.Skip();
                while (r.Read()) { }
                return Whole(new[] { new Problem("$", "AS5002", $"a batch is a JSON array of submissions, not {kind}") });
            }
            var reader = new Reader();
            var store = new SlotStore();
            var i = 0;
            while (r.Read() && r.TokenType != JsonTokenType.EndArray)
            {
                reader.Add(i + 1, SubmissionJson.Read(ref r, utf8, new SubmissionJson.Place(i), store));
                i++;
            }
            while (r.Read()) { }
            return reader.Table();
        }
        catch (JsonException ex)
        {
            return Whole(new[] { SubmissionJson.NotJson(ex, text ?? System.Text.Encoding.UTF8.GetString(utf8)) });
        }
    }

    /// <summary>
    /// Reads JSON lines (NDJSON): one submission per line, blank lines skipped. Line <c>n</c> is row <c>n</c>; a line
    /// that is not a usable submission is rejected and the others are read.
    /// </summary>
    public static SubmissionTable ReadJsonLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (SubmissionJson.Rent(text) is not { } rented)
        {
            // Some line is not Unicode text: each line on its own, so the others are still read.
            var each = new Reader();
            var n = 0;
            foreach (var raw in text.Split('\n'))
            {
                n++;
                if (raw.Trim().Length == 0) continue;
                each.Add(n, SubmissionJson.Parse(raw));
            }
            return each.Table();
        }
        try { return ReadLines(rented.Span); }
        finally { rented.Return(); }
    }

    private static SubmissionTable ReadLines(ReadOnlySpan<byte> utf8)
    {
        var reader = new Reader();
        var store = new SlotStore();
        var line = 0;
        while (true)
        {
            line++;
            var nl = utf8.IndexOf((byte)'\n');
            var raw = nl < 0 ? utf8 : utf8[..nl];
            if (!Blank(raw)) reader.Add(line, SubmissionJson.ParseUtf8(raw, "$", store: store));
            if (nl < 0) break;
            utf8 = utf8[(nl + 1)..];
        }
        return reader.Table();
    }

    /// <summary>A line of nothing but white space (any Unicode white space, as <see cref="string.Trim()"/> reads it).</summary>
    private static bool Blank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (b >= 0x80) return System.Text.Encoding.UTF8.GetString(line).Trim().Length == 0;
            else if (!char.IsWhiteSpace((char)b)) return false;
        return true;
    }

    private static SubmissionTable Whole(IReadOnlyList<Problem> problems) =>
        new(Array.Empty<Submission>(), Array.Empty<int>(), problems.Select(p => new RowProblem(0, "", p.Field, p.Code, p.Message)).ToArray(), 0, 0);

    private sealed class Reader
    {
        private readonly List<Submission> _subs = new();
        private readonly List<int> _rows = new();
        private readonly List<RowProblem> _problems = new();
        private readonly List<RejectedSubmission> _rejected = new();
        private int _read;

        public void Add(int row, SubmissionParseResult parsed)
        {
            _read++;
            var first = _problems.Count;
            var problems = parsed.Problems;
            for (var k = 0; k < problems.Count; k++) _problems.Add(new RowProblem(row, "", problems[k].Field, problems[k].Code, problems[k].Message));
            if (parsed.Submission is null) { _rejected.Add(new RejectedSubmission(row, _problems.GetRange(first, _problems.Count - first))); return; }
            _subs.Add(parsed.Submission);
            _rows.Add(row);
        }

        public SubmissionTable Table() => new(_subs, _rows, _problems, _read, _rejected.Count) { Rejected = _rejected };
    }
}
