namespace AssessmentScorer.Reports;

/// <summary>A problem in an input file, with its place: file, row (or JSON index / line), column and field.</summary>
public sealed record InputProblem(string File, int Row, string Column, string Field, string Code, string Message)
{
    public override string ToString()
    {
        var at = Row > 0 ? $"{File}:{Row}" : File;
        var where = string.Join(", ", new[] { Column.Length > 0 ? $"column '{Column}'" : "", Field.Length > 0 ? Field : "" }.Where(x => x.Length > 0));
        return $"{at}: {(ProblemCodes.IsWarning(Code) ? "warning" : "error")} {Code}: {(where.Length > 0 ? where + ": " : "")}{Message}";
    }
}

/// <summary>One submission read, and where it came from.</summary>
public sealed record InputItem(Submission Submission, string File, int Row);

/// <summary>Everything read from the input files: submissions, problems, and the counts a person checks.</summary>
public sealed class InputBatch
{
    public List<InputItem> Items { get; } = new();
    public List<InputProblem> Problems { get; } = new();
    public int Read { get; set; }
    public int Rejected { get; set; }
}

/// <summary>The formats an input can be read in.</summary>
public enum InputFormat
{
    /// <summary>One submission (a JSON object) or a JSON array of them.</summary>
    Json,
    /// <summary>JSON lines (NDJSON): one submission per line.</summary>
    JsonLines,
    /// <summary>CSV text (UTF-8 with or without BOM, or GB18030) with data-dictionary headers.</summary>
    Csv,
    /// <summary>An Excel workbook (.xlsx; its first sheet), such as the template.</summary>
    Xlsx,
}

/// <summary>Reads cohorts from CSV (UTF-8 or GB18030), Excel .xlsx, JSON (object or array) and JSON lines.</summary>
public static class Inputs
{
    public static readonly string[] Extensions = { ".csv", ".xlsx", ".json", ".jsonl", ".ndjson" };

    public static InputBatch Read(IEnumerable<string> files, CompiledRuleSet ruleSet)
    {
        var batch = new InputBatch();
        foreach (var file in files) ReadOne(file, ruleSet, batch);
        return batch;
    }

    private static void ReadOne(string file, CompiledRuleSet rs, InputBatch batch)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(file); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            batch.Problems.Add(new InputProblem(file, 0, "", "", "AS5000", $"cannot read the file: {ex.Message}"));
            batch.Rejected++;
            return;
        }
        ReadBytes(file, bytes, rs, batch);
    }

    /// <summary>Reads one file's bytes already in memory (an upload), by the extension of <paramref name="file"/>, into <paramref name="batch"/>.</summary>
    public static void ReadBytes(string file, byte[] bytes, CompiledRuleSet rs, InputBatch batch)
    {
        var ext = Path.GetExtension(file).ToLowerInvariant();
        ReadBytes(bytes, ext switch { ".csv" => InputFormat.Csv, ".xlsx" => InputFormat.Xlsx, ".jsonl" or ".ndjson" => InputFormat.JsonLines, _ => InputFormat.Json },
            file, rs, batch);
    }

    /// <summary>
    /// Reads one input held in memory (an upload, say) in the given format, adding its submissions and problems to
    /// <paramref name="batch"/> under the name <paramref name="name"/>. Rows are numbered as in a file of that format.
    /// </summary>
    public static InputBatch ReadBytes(byte[] bytes, InputFormat format, string name, CompiledRuleSet ruleSet, InputBatch? batch = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(ruleSet);
        batch ??= new InputBatch();
        switch (format)
        {
            case InputFormat.Csv:
                AddTable(SubmissionCsv.Read(TextDecoding.Decode(bytes).Text, ruleSet), name, batch);
                break;
            case InputFormat.Xlsx:
                {
                    var (rows, numbers, error) = Xlsx.ReadFirstSheet(bytes);
                    if (error is not null)
                    {
                        batch.Problems.Add(new InputProblem(name, 0, "", "", "AS5021", error));
                        batch.Rejected++;
                        return batch;
                    }
                    AddTable(SubmissionCsv.ReadRows(rows, numbers, ruleSet), name, batch);
                    break;
                }
            case InputFormat.JsonLines:
                AddTable(Utf8(bytes) is { } lines ? SubmissionBatch.ReadJsonLines(lines.Span) : SubmissionBatch.ReadJsonLines(TextDecoding.Decode(bytes).Text), name, batch);
                break;
            default:
                {
                    // UTF-8 is read as it is (no string of the whole file); other encodings are decoded first.
                    var utf8 = Utf8(bytes);
                    var table = utf8 is { } u ? SubmissionBatch.ReadJsonArray(u.Span) : SubmissionBatch.ReadJsonArray(TextDecoding.Decode(bytes).Text);
                    if (table.Problems.Any(p => p.Row == 0))
                    {
                        // Not an array: one submission (or text that is not JSON, reported as such).
                        batch.Read++;
                        Add(Submission.ParseJson(TextDecoding.Decode(bytes).Text), name, 0, batch);
                    }
                    else AddTable(table, name, batch);
                    break;
                }
        }
        return batch;
    }

    /// <summary>The bytes after any UTF-8 byte-order mark, when they are valid UTF-8 (as <see cref="TextDecoding"/> would read them); else null.</summary>
    private static ReadOnlyMemory<byte>? Utf8(byte[] bytes)
    {
        var body = bytes.AsMemory(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0);
        return System.Text.Unicode.Utf8.IsValid(body.Span) ? body : (ReadOnlyMemory<byte>?)null;
    }

    private static void Add(SubmissionParseResult parsed, string file, int row, InputBatch batch)
    {
        foreach (var p in parsed.Problems) batch.Problems.Add(new InputProblem(file, row, "", p.Field, p.Code, p.Message));
        if (parsed.Submission is null) { batch.Rejected++; return; }
        batch.Items.Add(new InputItem(parsed.Submission, file, row));
    }

    private static void AddTable(SubmissionTable table, string file, InputBatch batch)
    {
        batch.Read += table.RowsRead;
        batch.Rejected += table.RowsRejected;
        foreach (var p in table.Problems) batch.Problems.Add(new InputProblem(file, p.Row, p.Column, p.Field, p.Code, p.Message));
        for (var i = 0; i < table.Submissions.Count; i++) batch.Items.Add(new InputItem(table.Submissions[i], file, table.Rows[i]));
    }

    /// <summary>Attaches last year's values (from <paramref name="previous"/>) to the submissions with the same subject id.</summary>
    public static int AttachPrevious(InputBatch current, InputBatch previous, List<InputProblem> problems)
    {
        var byId = new Dictionary<string, Submission>(StringComparer.Ordinal);
        foreach (var item in previous.Items)
            if (!byId.TryAdd(item.Submission.Subject.Id, item.Submission))
                problems.Add(new InputProblem(item.File, item.Row, "", "subject.id", "AS5006", $"subject '{item.Submission.Subject.Id}' appears twice in the previous-year file; the first is used"));
        var matched = 0;
        for (var i = 0; i < current.Items.Count; i++)
        {
            var item = current.Items[i];
            if (!byId.TryGetValue(item.Submission.Subject.Id, out var prev)) continue;
            matched++;
            if (item.Submission.Previous is not null) continue; // values given with the submission win
            var merged = item.Submission with { Previous = new PreviousPeriod(prev.Year, prev.Values) };
            current.Items[i] = item with { Submission = merged };
        }
        return matched;
    }
}
