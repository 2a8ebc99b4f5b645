using System.Globalization;
using System.Text;

namespace AssessmentScorer.Tests.Input;

/// <summary>
/// The CSV reader splits rows as it reads them (no table of every cell first). Against the reader it replaced — every
/// cell of the text split first (<see cref="SplitWhole"/>, the former splitter, kept here), then the rows read as cells —
/// the same submissions, rows, problems (in the same order) and rejections come out for hand-made tables and thousands
/// of deterministic mutations of them: cut anywhere, quotes and commas and line breaks inserted or deleted, rows
/// doubled, quoted cells left open.
/// </summary>
public class CsvStreamingTests
{
    private static readonly string[] Tables =
    {
        "id,name,tier,category,beds,year,previous_year,physicians,outpatient_visits,previous.physicians,task.t1.done,task.t1.completed_on,task.t1.evidence\n" +
        "H1,\"第一医院, 东院\",三级,综合,1200,2025,2024,300,\"1,234,567\",290,是,2025-03-01,\"a.pdf;b.pdf\"\n" +
        "H2,\"The \"\"Second\"\"\",tertiary,tcm,-5,2025,,12%,800000,,no,,\n" +
        "\n" +
        "H3,\"multi\nline\",secondary,general,abc,1899,2024,x,,3,maybe,2025-13-01,\r\n" +
        ",no id,tertiary,general,10,2025\n" +
        "H5,short\n" +
        "H6,,tertiary,general,10,2025,2024,1,2,3,true,2025/6/30,doc;；other\n",
        "机构编码,年份,卫生技术人员数,unknown column,id\r\nA1,2025,10,x,A1b\r\nA2,2025,\" 20 \",y,\r\n",
        "\uFEFFid,year,\"physicians\"\n\"H1\",2025,\"10\"x\nH2,2025,\"\"\n\"H3,2025,5\n",
        "",
        "id\n",
        "year,beds\n2025,3\n",
    };

    public static IEnumerable<string> Corpus()
    {
        var rng = new Random(18);
        const string Insertions = "\",\n\r\"\"x,\r\n ";
        foreach (var t in Tables)
        {
            yield return t;
            yield return t.Replace("\n", "\r\n", StringComparison.Ordinal);
            for (var k = 0; k < 300 && t.Length > 0; k++)
            {
                var i = rng.Next(t.Length + 1);
                switch (k % 6)
                {
                    case 0: yield return t[..i]; break;
                    case 1: if (i < t.Length) yield return t[..i] + t[(i + 1)..]; break;
                    case 2: yield return t[..i] + Insertions[rng.Next(Insertions.Length)] + t[i..]; break;
                    case 3:
                        var j = rng.Next(t.Length + 1);
                        var (a, b) = (Math.Min(i, j), Math.Max(i, j));
                        yield return t[..b] + t[a..b] + t[b..];
                        break;
                    case 4: yield return t[..i] + "\"" + t[i..].Replace("\"", "", StringComparison.Ordinal); break;
                    default: yield return t[..i] + ",\"\"," + t[i..]; break;
                }
            }
        }
    }

    [Fact]
    public void EveryTableAndMutation_ReadAsTheFormerReaderReadIt()
    {
        var count = 0;
        foreach (var text in Corpus())
        {
            count++;
            Describe(SubmissionCsv.Read(text)).Should().Be(Describe(FormerRead(text)), "for the text {0}", Quote(text));
        }
        count.Should().BeGreaterThan(1500);
    }

    [Fact]
    public void AQuotedCellNeverClosed_IsTheFirstProblemAndTheLastRejection()
    {
        var t = SubmissionCsv.Read("id,year,bogus\nH1,2025,1\nH2,\"2025\nH3,2025,1\n");
        t.Problems.Select(p => p.Code).Should().Equal("AS5012", "AS5004");
        t.Problems[0].Should().Be(new RowProblem(3, "", "", "AS5012", "a quoted cell opened at row 3, column 2 is never closed; the rows from there on cannot be read"));
        t.Rejected.Select(r => r.Row).Should().Equal(3);
        t.Submissions.Select(s => s.Subject.Id).Should().Equal("H1");
    }

    [Fact]
    public void AnEscapedKeyGivenTwice_IsTheSameKey()
    {
        var r = Submission.ParseJson("""{"subject":{"id":"H1"},"year":2025,"values":{"beds":1,"b\u0065ds":2,"x_own":1,"x_\u006fwn":2}}""");
        r.Problems.Select(p => (p.Field, p.Code)).Should().Equal(("values.beds", "AS5006"), ("values.x_own", "AS5006"));
        r.Submission!.Values["beds"].Number.Should().Be(2);
        r.Submission.Values["x_own"].Number.Should().Be(2);
    }

    private static string Quote(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>The reader as it was: the whole text split into rows of cells, then those rows read.</summary>
    private static SubmissionTable FormerRead(string text)
    {
        var (rows, broken) = SplitWhole(text);
        var table = SubmissionCsv.ReadRows(rows.Select(r => (IReadOnlyList<string>)r.Cells).ToList(), rows.Select(r => r.Line).ToList());
        if (broken is not { } b) return table;
        var unclosed = new RowProblem(b.Row, "", "", "AS5012", string.Create(CultureInfo.InvariantCulture, $"a quoted cell opened at row {b.Row}, column {b.Column} is never closed; the rows from there on cannot be read"));
        return table with
        {
            Problems = table.Problems.Prepend(unclosed).ToList(),
            RowsRejected = table.RowsRejected + 1,
            Rejected = table.Rejected.Append(new RejectedSubmission(b.Row, new[] { unclosed })).ToList(),
        };
    }

    /// <summary>The former splitter (RFC 4180 with CRLF or LF), every row at once.</summary>
    private static (List<(int Line, List<string> Cells)> Rows, (int Row, int Column)? Broken) SplitWhole(string text)
    {
        var rows = new List<(int, List<string>)>();
        var i = 0;
        if (text.Length > 0 && text[0] == '\uFEFF') i = 1;
        var line = 1;
        while (i < text.Length)
        {
            var rowLine = line;
            var cells = new List<string>();
            var cell = new StringBuilder();
            var col = 1;
            while (true)
            {
                if (i < text.Length && text[i] == '"' && cell.Length == 0)
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
                    if (!closed) return (rows, (openLine, openCol));
                }
                while (i < text.Length && text[i] != ',' && text[i] != '\n' && text[i] != '\r') cell.Append(text[i++]);
                cells.Add(cell.ToString());
                cell.Clear();
                if (i < text.Length && text[i] == ',') { i++; col++; continue; }
                if (i < text.Length && text[i] == '\r') i++;
                if (i < text.Length && text[i] == '\n') { i++; line++; }
                break;
            }
            rows.Add((rowLine, cells));
        }
        return (rows, null);
    }

    /// <summary>Everything a table says, as text: each submission in full, the rows, the problems and the rejections in order.</summary>
    private static string Describe(SubmissionTable t)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"read {t.RowsRead}, rejected {t.RowsRejected}\n");
        for (var i = 0; i < t.Submissions.Count; i++)
        {
            var s = t.Submissions[i];
            sb.Append(CultureInfo.InvariantCulture, $"row {t.Rows[i]}: {s.Subject} {s.Year}\n");
            foreach (var (k, v) in s.Values) sb.Append(CultureInfo.InvariantCulture, $"  {k}={Value(v)}\n");
            if (s.Previous is { } p)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  previous {p.Year}\n");
                foreach (var (k, v) in p.Values) sb.Append(CultureInfo.InvariantCulture, $"    {k}={Value(v)}\n");
            }
            foreach (var (k, task) in s.Tasks ?? new Dictionary<string, TaskReport>())
                sb.Append(CultureInfo.InvariantCulture, $"  task {k} {task.Done} {task.CompletedOn} [{string.Join("|", task.Evidence)}]\n");
            foreach (var q in s.InputProblems) sb.Append(CultureInfo.InvariantCulture, $"  problem {q}\n");
        }
        foreach (var p in t.Problems) sb.Append(CultureInfo.InvariantCulture, $"{p}\n");
        foreach (var r in t.Rejected) sb.Append(CultureInfo.InvariantCulture, $"rejected {r.Row}: {string.Join("; ", r.Problems)}\n");
        return sb.ToString();
    }

    private static string Value(FieldValue v) => v.Number is { } d ? "n:" + d.ToString(CultureInfo.InvariantCulture) : v.Flag is { } f ? "b:" + f : "t:" + v.Text;
}

/// <summary>JSON numbers read as <see cref="System.Text.Json.Utf8JsonReader.TryGetDecimal"/> reads them: the same digits, sign and scale.</summary>
public class JsonNumberTests
{
    public static IEnumerable<string> Numbers()
    {
        string[] fixedOnes = { "0", "-0", "0.0", "-0.0", "5.00", "0.0708", "100", "1.10", "123456789012345678", "-123456789012345678", "1234567890123456789",
            "0.000000000000000001", "0.1000000000000000000000000001", "79228162514264337593543950335", "1e3", "1E-2", "-1.5e+2", "12.5e0", "4294967296", "18446744073709551615" };
        foreach (var n in fixedOnes) yield return n;
        var rng = new Random(18);
        for (var k = 0; k < 3000; k++)
        {
            var whole = Digits(rng, rng.Next(1, 20)).TrimStart('0');
            if (whole.Length == 0) whole = "0";
            var n = (rng.Next(4) == 0 ? "-" : "") + whole;
            if (rng.Next(3) > 0) n += "." + Digits(rng, rng.Next(1, 20));
            yield return n;
        }
    }

    private static string Digits(Random rng, int count) => new(Enumerable.Range(0, count).Select(_ => (char)('0' + rng.Next(10))).ToArray());

    [Fact]
    public void EveryNumber_HasTheBitsTheJsonReaderGives()
    {
        foreach (var n in Numbers())
        {
            var reader = new System.Text.Json.Utf8JsonReader(Encoding.UTF8.GetBytes(n));
            reader.Read();
            var expected = reader.TryGetDecimal(out var d) ? decimal.GetBits(d) : null;
            var read = Submission.ParseJson("""{"subject":{"id":"H1"},"year":2025,"values":{"x_number":""" + n + "}}");
            if (expected is null)
            {
                read.Problems.Should().ContainSingle(p => p.Code == "AS5003", "{0} is out of range", n);
                continue;
            }
            read.Problems.Should().BeEmpty("{0} is a number", n);
            decimal.GetBits(read.Submission!.Values["x_number"].Number!.Value).Should().Equal(expected, "for {0}", n);
        }
    }
}

/// <summary>
/// Numbers in CSV and workbook cells: the plain ones are read without the general parser, with the bits the general
/// way (separators and % handled, then <see cref="decimal.TryParse(string, NumberStyles, IFormatProvider, out decimal)"/>,
/// as every cell was read before) gives; the others (separators, %, spaces, signs alone, more digits) go the general way.
/// </summary>
public class CellNumberTests
{
    private static IEnumerable<string> Cells()
    {
        string[] fixedOnes = { "0", "-0", "+0", "-0.00", "0.0", "5.", ".5", "-.5", "+.5", ".", "-", "+", "", "5.00", "007", "00.10", "+12", "--1", "1.2.3",
            "1,234", "1，234.5", "40%", "40 %", "12.5％", "1e3", " 7", "7 ", "1 000", "٣", "123456789012345678", "1234567890123456789", "-999999999999999999",
            "0.000000000000000001", "0.0000000000000000001", "79228162514264337593543950335", "79228162514264337593543950336", "abc", "3x" };
        foreach (var n in fixedOnes) yield return n;
        var rng = new Random(18);
        const string Alphabet = "0123456789.-+,%";
        for (var k = 0; k < 4000; k++)
        {
            var length = rng.Next(1, 22);
            var chars = new char[length];
            for (var i = 0; i < length; i++) chars[i] = rng.Next(4) == 0 ? Alphabet[rng.Next(Alphabet.Length)] : (char)('0' + rng.Next(10));
            yield return new string(chars);
        }
    }

    [Fact]
    public void EveryCell_ReadsAsTheGeneralParserReadsIt()
    {
        var count = 0;
        foreach (var cell in Cells())
        {
            count++;
            var expected = InputValues.GeneralNumber(cell);
            var read = InputValues.Number(cell.AsSpan());
            (read is null).Should().Be(expected is null, "for \"{0}\"", cell);
            if (expected is { } e) decimal.GetBits(read!.Value).Should().Equal(decimal.GetBits(e), "for \"{0}\"", cell);
        }
        count.Should().BeGreaterThan(4000);
    }

    [Fact]
    public void ACsvCell_KeepsItsScaleAndSeparatorsAndPercent()
    {
        var t = SubmissionCsv.Read("id,year,physicians,outpatient_visits,previous.physicians\nH1,2025,5.00,\"1,234\",40%\n");
        var sub = t.Submissions.Should().ContainSingle().Subject;
        decimal.GetBits(sub.Values["physicians"].Number!.Value).Should().Equal(decimal.GetBits(5.00m));
        sub.Values["outpatient_visits"].Number.Should().Be(1234m);
        sub.Previous!.Values["physicians"].Number.Should().Be(0.4m);
    }
}
