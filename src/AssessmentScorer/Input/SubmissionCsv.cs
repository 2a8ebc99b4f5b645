using System.Globalization;
using System.Text;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer;

/// <summary>
/// Reads submissions from CSV (RFC 4180): one row per subject; headers are data-dictionary ids or their Chinese names,
/// subject columns (<c>id</c>, <c>name</c>, <c>kind</c>, <c>tier</c>, <c>category</c>, <c>ownership</c>, <c>region</c>, <c>beds</c>),
/// <c>year</c>, <c>previous_year</c> and <c>previous.&lt;field&gt;</c>, and tasks as <c>task.&lt;id&gt;.done</c>,
/// <c>task.&lt;id&gt;.completed_on</c>, <c>task.&lt;id&gt;.evidence</c> (names separated by <c>;</c>).
/// </summary>
public static class SubmissionCsv
{
    /// <summary>Reads a CSV text. Field types come from the data dictionary and, when given, the rule set's own fields.</summary>
    public static SubmissionTable Read(string text, CompiledRuleSet? ruleSet = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Rows are split as they are read (no table of every cell first): a national cohort's cells are made one row at a time.
        var broken = new Broken();
        return FromRows(Parse(text, broken), new List<RowProblem>(), broken, ruleSet);
    }

    /// <summary>
    /// Reads a table already split into cells (a worksheet, say): the first row is the header, and
    /// <paramref name="rowNumbers"/> gives each row's number in the source (1-based) for messages.
    /// </summary>
    public static SubmissionTable ReadRows(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int> rowNumbers, CompiledRuleSet? ruleSet = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(rowNumbers);
        if (rowNumbers.Count != rows.Count) throw new ArgumentException("one row number per row is needed", nameof(rowNumbers));
        return FromRows(Cells(rows, rowNumbers), new List<RowProblem>(), null, ruleSet);
    }

    /// <summary>Each row of an already split table as the reader's row (one row object, refilled for each row).</summary>
    private static IEnumerable<CsvRow> Cells(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int> rowNumbers)
    {
        var row = new CsvRow();
        for (var i = 0; i < rows.Count; i++)
        {
            row.Start(rowNumbers[i]);
            foreach (var cell in rows[i]) row.Add(cell.AsMemory());
            yield return row;
        }
    }

    // broken: where a quoted cell opened and never closed, known once the rows have been read (the rows from there
    // on cannot be read: that row is rejected, and its problem comes first).
    private static SubmissionTable FromRows(IEnumerable<CsvRow> source, List<RowProblem> problems, Broken? broken, CompiledRuleSet? ruleSet)
    {
        var rejected = new List<RejectedSubmission>();
        using var rows = source.GetEnumerator();
        if (!rows.MoveNext())
        {
            problems.Add(new RowProblem(1, "", "", "AS5005", "the file has no header row"));
            return Table(Array.Empty<Submission>(), Array.Empty<int>(), 0);
        }
        var headerRow = rows.Current;
        var headerLine = headerRow.Line;
        var fields = Fields(ruleSet);
        var header = headerRow.Strings();
        var columns = new Column[header.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < header.Count; c++)
        {
            var h = header[c].Trim();
            columns[c] = Classify(h, fields);
            if (columns[c].Kind == ColumnKind.Unknown && h.Length > 0)
                problems.Add(new RowProblem(headerLine, h, "", "AS5004", $"column '{h}' is not a subject column, a data-dictionary id or Chinese name, previous.<field> or task.<id>.<part>; it is not read"));
            if (columns[c].Kind != ColumnKind.Unknown && !seen.Add(columns[c].Path))
                problems.Add(new RowProblem(headerLine, h, columns[c].Path, "AS5006", $"column '{h}' repeats {columns[c].Path}; the last one is used"));
        }
        if (!columns.Any(c => c.Path == "subject.id")) problems.Add(new RowProblem(headerLine, "", "subject.id", "AS5005", "the header has no id column (id or 机构编码)"));

        // The plan made once per file: each value and previous-year column's position in the file's key table, the
        // values of every row held by those positions (SlotValues).
        var keys = new ValueKeys();
        for (var c = 0; c < columns.Length; c++)
            if (columns[c].Kind is ColumnKind.Value or ColumnKind.Previous) columns[c] = columns[c] with { Position = keys.Add(columns[c].Key) };
        var fill = (Values: new SlotValuesBuilder(keys), Previous: new SlotValuesBuilder(keys));
        var subs = new List<Submission>(); var subRows = new List<int>(); var read = 0;
        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (row.IsBlank()) continue;
            read++;
            var rowProblems = new List<Problem>();
            var sub = ReadRow(row, columns, fill, rowProblems);
            var first = problems.Count;
            foreach (var p in rowProblems)
                problems.Add(new RowProblem(row.Line, ColumnOf(p.Field, columns, header), p.Field, p.Code, p.Message));
            if (row.Count != header.Count)
                problems.Add(new RowProblem(row.Line, "", "", "AS5013", $"the row has {row.Count} cells; the header has {header.Count}"));
            if (sub is null) { rejected.Add(new RejectedSubmission(row.Line, problems.GetRange(first, problems.Count - first))); continue; }
            subs.Add(sub);
            subRows.Add(row.Line);
        }
        return Table(subs, subRows, read);

        SubmissionTable Table(IReadOnlyList<Submission> accepted, IReadOnlyList<int> acceptedRows, int rowsRead)
        {
            if (broken?.At is { } b)
            {
                var unclosed = new RowProblem(b.Row, "", "", "AS5012", string.Create(CultureInfo.InvariantCulture, $"a quoted cell opened at row {b.Row}, column {b.Column} is never closed; the rows from there on cannot be read"));
                problems.Insert(0, unclosed);
                rejected.Add(new RejectedSubmission(unclosed.Row, new[] { unclosed }));
            }
            return new SubmissionTable(accepted, acceptedRows, problems, rowsRead, rejected.Count) { Rejected = rejected };
        }
    }

    private static string ColumnOf(string field, Column[] columns, List<string> header)
    {
        for (var i = 0; i < columns.Length; i++) if (columns[i].Path == field) return header[i];
        return "";
    }

    private enum ColumnKind { Unknown, Subject, Value, Previous, TaskDone, TaskDate, TaskEvidence }

    private sealed record Column(ColumnKind Kind, string Key, string Path, FieldDef? Field)
    {
        /// <summary>A value or previous-year column's position in the file's key table.</summary>
        public int Position { get; init; } = -1;
    }

    private static Dictionary<string, FieldDef> Fields(CompiledRuleSet? ruleSet)
    {
        if (ruleSet is not null) return ruleSet.Model.Fields.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var d = new Dictionary<string, FieldDef>(StringComparer.Ordinal);
        foreach (var f in DataDictionary.Fields)
            d[f.Id] = new FieldDef
            {
                Id = f.Id, Slot = d.Count, Name = f.Name ?? new Bilingual(f.Id, f.Id), Integer = f.Type == "integer", Unit = f.Unit, Min = f.Min, Max = f.Max,
                Type = f.Type switch { "boolean" => Expressions.ExprType.Bool, "number" or "integer" => Expressions.ExprType.Number, _ => Expressions.ExprType.AnyText },
            };
        return d;
    }

    private static Column Classify(string h, Dictionary<string, FieldDef> fields)
    {
        // Template headers read "中文名 [id]": the id in brackets decides.
        if (h.EndsWith(']') && h.LastIndexOf('[') is var open and >= 0) h = h[(open + 1)..^1].Trim();
        foreach (var s in SubmissionSchema.SubjectColumns)
            if (h == s.Id || h == s.Zh) return new Column(ColumnKind.Subject, s.Id, s.Path, null);
        if (Field(h, fields) is { } f) return new Column(ColumnKind.Value, f.Id, $"values.{f.Id}", f);
        foreach (var prefix in new[] { "previous.", "上年." })
            if (h.StartsWith(prefix, StringComparison.Ordinal) && Field(h[prefix.Length..], fields) is { } pf)
                return new Column(ColumnKind.Previous, pf.Id, $"previous.values.{pf.Id}", pf);
        if (h.StartsWith("task.", StringComparison.Ordinal))
        {
            var rest = h["task.".Length..];
            var dot = rest.LastIndexOf('.');
            if (dot > 0)
            {
                var id = rest[..dot];
                var kind = rest[(dot + 1)..] switch { "done" => ColumnKind.TaskDone, "completed_on" => ColumnKind.TaskDate, "evidence" => ColumnKind.TaskEvidence, _ => ColumnKind.Unknown };
                if (kind != ColumnKind.Unknown) return new Column(kind, id, $"tasks.{id}.{rest[(dot + 1)..]}", null);
            }
        }
        return new Column(ColumnKind.Unknown, h, "", null);
    }

    private static FieldDef? Field(string h, Dictionary<string, FieldDef> fields)
    {
        if (fields.TryGetValue(h, out var f)) return f;
        foreach (var x in fields.Values) if (x.Name.Zh == h) return x;
        return null;
    }

    private static Submission? ReadRow(CsvRow row, Column[] columns, (SlotValuesBuilder Values, SlotValuesBuilder Previous) fill, List<Problem> problems)
    {
        string? id = null, name = null, kind = "hospital", tier = null, category = null, ownership = null, region = null;
        int? beds = null, year = null, prevYear = null;
        var (values, prev) = fill;
        values.Start(values.Table);
        prev.Start(prev.Table);
        Dictionary<string, (string? Done, string? On, string? Evidence)>? tasks = null;
        var cells = row.Cells;
        for (var c = 0; c < columns.Length && c < row.Count; c++)
        {
            // A cell is read from the text it stands in: only a cell kept as text becomes a string.
            var cell = cells[c].Span.Trim();
            if (cell.Length == 0) continue;
            var col = columns[c];
            switch (col.Kind)
            {
                case ColumnKind.Subject:
                    switch (col.Key)
                    {
                        case "id": id = cell.ToString(); break;
                        case "name": name = cell.ToString(); break;
                        case "kind": kind = InputValues.SubjectCode("kind", cell.ToString()); break;
                        case "tier": tier = InputValues.SubjectCode("tier", cell.ToString()); break;
                        case "category": category = InputValues.SubjectCode("category", cell.ToString()); break;
                        case "ownership": ownership = InputValues.SubjectCode("ownership", cell.ToString()); break;
                        case "region": region = cell.ToString(); break;
                        case "beds": beds = WholeNumber(cell, "subject.beds", problems, min: 0); break;
                        case "year": year = WholeNumber(cell, "year", problems, min: SubmissionJson.FirstYear, max: SubmissionJson.LastYear); break;
                        case "previous_year": prevYear = WholeNumber(cell, "previous.year", problems, min: SubmissionJson.FirstYear, max: SubmissionJson.LastYear); break;
                    }
                    break;
                case ColumnKind.Value: Value(values, col.Position, cell, col.Field!); break;
                case ColumnKind.Previous: Value(prev, col.Position, cell, col.Field!); break;
                case ColumnKind.TaskDone: tasks ??= new(StringComparer.Ordinal); tasks[col.Key] = tasks.GetValueOrDefault(col.Key) with { Done = cell.ToString() }; break;
                case ColumnKind.TaskDate: tasks ??= new(StringComparer.Ordinal); tasks[col.Key] = tasks.GetValueOrDefault(col.Key) with { On = cell.ToString() }; break;
                case ColumnKind.TaskEvidence: tasks ??= new(StringComparer.Ordinal); tasks[col.Key] = tasks.GetValueOrDefault(col.Key) with { Evidence = cell.ToString() }; break;
            }
        }
        if (id is null) problems.Add(new Problem("subject.id", "AS5005", "the row has no subject id"));
        if (year is null && !problems.Any(p => p.Field == "year")) problems.Add(new Problem("year", "AS5005", "the row has no year"));
        PreviousPeriod? previous = null;
        if (prev.Count > 0)
        {
            if (prevYear is null && year is not null) prevYear = year - 1;
            if (prevYear is not null) previous = new PreviousPeriod(prevYear.Value, prev.Build());
        }
        var taskReports = new Dictionary<string, TaskReport>(tasks?.Count ?? 0, StringComparer.Ordinal);
        foreach (var (tid, (done, on, evidence)) in tasks ?? Empty)
        {
            var isDone = InputValues.Flag(done);
            if (done is not null && isDone is null) problems.Add(new Problem($"tasks.{tid}.done", "AS5002", $"done must be true/false (是/否), not \"{done}\""));
            if (done is null) { problems.Add(new Problem($"tasks.{tid}.done", "AS5005", "the task has a date or evidence but no done cell")); continue; }
            if (isDone is null) continue;
            DateOnly? date = null;
            if (on is not null)
            {
                if (DateOnly.TryParseExact(on, new[] { "yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d" }, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) date = d;
                else problems.Add(new Problem($"tasks.{tid}.completed_on", "AS5002", $"completed_on must be a date written yyyy-mm-dd, not \"{on}\""));
            }
            var ev = evidence?.Split(new[] { ';', '；' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? Array.Empty<string>();
            taskReports[tid] = new TaskReport(isDone.Value, date, ev);
        }
        if (id is null || year is null) return null;
        return new Submission(new Subject(id, name, kind, tier, category, ownership, region, beds), year.Value, values.Build(), previous,
            taskReports.Count > 0 ? taskReports : null) { InputProblems = problems };
    }

    private static readonly Dictionary<string, (string? Done, string? On, string? Evidence)> Empty = new();

    private static int? WholeNumber(ReadOnlySpan<char> cell, string field, List<Problem> problems, int min = int.MinValue, int max = int.MaxValue)
    {
        if (int.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        var range = max == int.MaxValue ? $"{min.ToString(CultureInfo.InvariantCulture)} or more" : $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        problems.Add(new Problem(field, "AS5002", $"{field} must be a whole number {range}, not \"{cell.ToString()}\""));
        return null;
    }

    /// <summary>Numbers become numbers and yes/no becomes a flag (<see cref="InputValues"/>); anything else stays text for the scorer to judge.</summary>
    private static void Value(SlotValuesBuilder values, int position, ReadOnlySpan<char> cell, FieldDef field)
    {
        switch (field.Type.Kind)
        {
            case Expressions.TypeKind.Number:
                if (InputValues.Number(cell) is { } d) values.Set(position, d);
                else values.Set(position, cell.ToString());
                break;
            case Expressions.TypeKind.Bool:
                var text = cell.ToString();
                if (InputValues.Flag(text) is { } b) values.Set(position, b);
                else values.Set(position, text);
                break;
            default:
                values.Set(position, cell.ToString());
                break;
        }
    }

    /// <summary>
    /// One row as it is read: its line and its cells, each a piece of the text it stands in (a quoted cell with doubled
    /// quotes or line breaks is copied once). The reader refills the same row object for each row.
    /// </summary>
    private sealed class CsvRow
    {
        public int Line;
        public ReadOnlyMemory<char>[] Cells = new ReadOnlyMemory<char>[16];
        public int Count;

        public void Start(int line) { Line = line; Count = 0; }

        public void Add(ReadOnlyMemory<char> cell)
        {
            if (Count == Cells.Length) Array.Resize(ref Cells, Cells.Length * 2);
            Cells[Count++] = cell;
        }

        public bool IsBlank()
        {
            for (var i = 0; i < Count; i++) if (!Cells[i].Span.IsWhiteSpace()) return false;
            return true;
        }

        public List<string> Strings()
        {
            var list = new List<string>(Count);
            for (var i = 0; i < Count; i++) list.Add(Cells[i].ToString());
            return list;
        }
    }

    /// <summary>Where a quoted cell opened that never closed, once the rows are read; null when none.</summary>
    private sealed class Broken
    {
        public (int Row, int Column)? At;
    }

    private static readonly System.Buffers.SearchValues<char> CellEnds = System.Buffers.SearchValues.Create(",\r\n");

    /// <summary>
    /// RFC 4180 with CRLF or LF; quoted cells may hold commas, quotes (doubled) and line breaks. Rows are given as they
    /// are split; a quoted cell that never closes ends the rows and is told in <paramref name="broken"/>.
    /// </summary>
    private static IEnumerable<CsvRow> Parse(string text, Broken broken)
    {
        var i = 0;
        if (text.Length > 0 && text[0] == '\uFEFF') i = 1;
        var line = 1;
        var cell = new StringBuilder();
        var row = new CsvRow();
        while (i < text.Length)
        {
            row.Start(line);
            var col = 1;
            while (true)
            {
                if (i < text.Length && text[i] == '"')
                {
                    var openLine = line; var openCol = col;
                    i++;
                    var closed = false;
                    while (i < text.Length)
                    {
                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i += 2; continue; }
                            i++; closed = true; break;
                        }
                        if (text[i] == '\n') line++;
                        cell.Append(text[i++]);
                    }
                    if (!closed)
                    {
                        broken.At = (openLine, openCol);
                        yield break;
                    }
                }
                // The rest of the cell, up to a comma or the end of the line, as it is written.
                var end = text.AsSpan(i).IndexOfAny(CellEnds);
                var length = end < 0 ? text.Length - i : end;
                if (cell.Length == 0) row.Add(text.AsMemory(i, length));
                else
                {
                    cell.Append(text, i, length);
                    row.Add(cell.ToString().AsMemory());
                    cell.Clear();
                }
                i += length;
                if (i < text.Length && text[i] == ',') { i++; col++; continue; }
                if (i < text.Length && text[i] == '\r') i++;
                if (i < text.Length && text[i] == '\n') { i++; line++; }
                break;
            }
            yield return row;
        }
    }
}
