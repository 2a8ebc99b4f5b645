using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AssessmentScorer.Tests.Input;

/// <summary>
/// The JSON batch readers' shortcuts against the general way: values held in arrays shared by a batch's submissions
/// (<see cref="SlotStore"/>) read as values in arrays of their own; subject codes matched by their bytes give what
/// <see cref="InputValues.SubjectCode"/> gives; paths made only for a problem are the paths of the document reader,
/// past the first 1,024 elements of an array too; the plain-number reader gives the general parsers' digits and scale.
/// </summary>
public class BatchReadingTests
{
    private static readonly string[] Pool = Enumerable.Range(0, 60).Select(i => $"field_{i}").ToArray();

    /// <summary>A value of any kind; a third of them numbers of any digits, sign and scale.</summary>
    private static FieldValue RandomValue(Random rng) => rng.Next(3) == 0
        ? FieldValue.Of(new decimal(rng.Next(), rng.Next(), rng.Next(), rng.Next(2) == 0, (byte)rng.Next(29)))
        : SlotValuesTests.RandomValue(rng);

    /// <summary>Every way the values are read, in their enumeration order, as text (numbers with their bits: scale and sign).</summary>
    private static string Show(IReadOnlyDictionary<string, FieldValue> d, IEnumerable<string> probes)
    {
        var sb = new StringBuilder().Append("count ").Append(d.Count).Append('\n');
        foreach (var (k, v) in d) sb.Append(k).Append('=').Append(Show(v)).Append('\n');
        sb.Append("keys ").AppendJoin(',', d.Keys).Append("\nvalues ").AppendJoin(',', d.Values.Select(Show)).Append('\n');
        foreach (var p in probes) sb.Append(p).Append(':').Append(d.ContainsKey(p)).Append(d.TryGetValue(p, out var v) ? Show(v) : "none").Append('\n');
        return sb.ToString();
    }

    private static string Show(FieldValue v) =>
        v.Number is { } n ? "n:" + string.Join('.', decimal.GetBits(n)) : v.Flag is { } f ? "b:" + f : v.Text is { } t ? "t:" + t : "empty";

    [Fact]
    public void ValuesInASharedStore_ReadAsValuesInArraysOfTheirOwn()
    {
        var rng = new Random(18);
        var table = new ValueKeys();
        var builder = new SlotValuesBuilder(table);
        var store = new SlotStore();
        var built = new List<(SlotValues Stored, string Expected)>();
        var arrays = new HashSet<object>(ReferenceEqualityComparer.Instance);
        for (var round = 0; round < 3000; round++)
        {
            builder.Start(table);
            var keys = Pool.Take(rng.Next(1, Pool.Length)).ToArray();
            if (rng.Next(3) == 0) keys = keys.OrderBy(_ => rng.Next()).ToArray();
            // Now and then a submission of thousands of keys, too many for a piece of a shared array.
            if (round % 500 == 7) keys = keys.Concat(Enumerable.Range(0, 2500).Select(i => $"many_{i}")).ToArray();
            // And one longer than the store's first arrays, first and now and then.
            else if (round % 700 == 0) keys = keys.Concat(Enumerable.Range(0, 1000).Select(i => $"many_{i}")).ToArray();
            foreach (var key in keys)
            {
                var at = table.Add(key);
                if (rng.Next(12) == 0) builder.Remove(at);
                else builder.Set(at, RandomValue(rng));
            }
            var own = builder.Build();
            var stored = builder.Build(store);
            var probes = Pool.Take(5).Append("many_3").Append("no_such_field");
            var expected = Show(own, probes);
            Show(stored, probes).Should().Be(expected, $"round {round}");
            stored.Kinds.ToArray().Should().Equal(own.Kinds.ToArray());
            built.Add((stored, expected));
        }
        // Read again after every later submission has taken its piece: each reads only its own.
        foreach (var (stored, expected) in built) Show(stored, Pool.Take(5).Append("many_3").Append("no_such_field")).Should().Be(expected);
    }

    [Fact]
    public void SubjectCodes_MatchedByTheirBytes_AreWhatTheTextGives()
    {
        var texts = InputValues.Codes.SelectMany(c => c.Aliases.Append(c.Code).Append(c.Zh).Append(c.En))
            .SelectMany(t => new[] { t, t.ToUpperInvariant(), " " + t, t + " ", t + "x", t.Length > 1 ? t[..^1] : "", "" })
            .Append("hospital\u0000").Append("三级\t").Distinct().ToArray();
        var matched = 0;
        foreach (var attribute in new[] { "kind", "tier", "category", "ownership" })
            foreach (var text in texts)
            {
                var byBytes = InputValues.KnownCode(attribute, Encoding.UTF8.GetBytes(text));
                if (byBytes is not null)
                {
                    matched++;
                    byBytes.Should().Be(InputValues.SubjectCode(attribute, text), "{0} {1}", attribute, text);
                }
                // Through the reader, each way of writing it: the code the text gives.
                var json = $"{{\"subject\":{{\"id\":\"h\",\"{attribute}\":{JsonSerializer.Serialize(text)}}},\"year\":2025}}";
                var subject = Submission.ParseJson(json).Submission!.Subject;
                var read = attribute switch { "kind" => subject.Kind, "tier" => subject.Tier, "category" => subject.Category, _ => subject.Ownership };
                read.Should().Be(InputValues.SubjectCode(attribute, text), "{0} {1}", attribute, text);
            }
        matched.Should().BeGreaterThan(60, "every code, label and alias of each attribute is matched by its bytes");
        InputValues.KnownCode("kind", "HOSPITAL"u8).Should().BeNull("another case is read as text");
        InputValues.KnownCode("region", "hospital"u8).Should().BeNull();
    }

    [Fact]
    public void ProblemPaths_PastTheFirstThousandElementsAndThreeLevelsDown_AreTheDocumentReadersPaths()
    {
        // Every element has problems at each depth: the submission, its subject, its values, previous.values, tasks.
        var element = ("{'subject':{'id':'h','beds':-1,'x':1,'tier':'三级'},'year':2025,'values':{'physicians':-5,'a b':[1],'ok':1,'ok':2}," +
            "'previous':{'year':2024,'values':{'physicians':-1,'q.r':{},'t':'x'},'z':0},'tasks':{'t 1':{'done':3},'t2':[]},'extra':1}").Replace('\'', '"');
        var text = "[" + string.Join(",", Enumerable.Repeat(element, 1100)) + "]";
        var table = SubmissionBatch.ReadJsonArray(text);
        table.RowsRead.Should().Be(1100);
        table.Submissions.Should().HaveCount(1100);
        using var doc = JsonDocument.Parse(text);
        var i = 0;
        var expected = new List<RowProblem>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            expected.AddRange(DomSubmissionJson.FromElement(e, $"[{i}]").Problems.Select(p => new RowProblem(i + 1, "", p.Field, p.Code, p.Message)));
            i++;
        }
        table.Problems.Should().Equal(expected);
        table.Problems.Should().Contain(p => p.Field == "[1099].previous.values.physicians" && p.Code == "AS5003");
        table.Problems.Should().Contain(p => p.Field == "[1050].previous.values[\"q.r\"]");
        table.Problems.Should().Contain(p => p.Field == "[1024].tasks[\"t 1\"].done");
        table.Problems.Should().Contain(p => p.Field == "[1024].values.ok" && p.Code == "AS5006");
    }

    [Fact]
    public void WholeCorpusInOneArrayAndAsLines_SameSubmissionsInTheirOrderAsEachTextReadAlone()
    {
        // One batch: the shared arrays of its submissions fill and are replaced many times over (elements nested at
        // most 31 deep, so that the array is within the reader's depth).
        var texts = StreamingReaderTests.Corpus().Where(t => t.Length > 0 && !t.Contains('\n') && !t.Contains('\r')).ToArray();
        var compact = StreamingReaderTests.Corpus().Select(t => { try { return JsonSerializer.Serialize(JsonDocument.Parse(t, new JsonDocumentOptions { MaxDepth = 31 }).RootElement); } catch (Exception) { return null; } })
            .OfType<string>().Where(t => t.StartsWith('{')).ToArray();
        compact.Length.Should().BeGreaterThan(1000);
        var array = SubmissionBatch.ReadJsonArray("[" + string.Join(",", compact) + "]");
        array.RowsRead.Should().Be(compact.Length);
        var alone = compact.Select(t => Submission.ParseJson(t)).ToArray();
        var expectedArray = alone.Where(r => r.Submission is not null).Select(r => Dump(r.Submission!)).ToArray();
        array.Submissions.Select(Dump).Should().Equal(expectedArray);

        // JSON lines: the compact texts and the corpus's one-line texts (broken ones too), one batch.
        texts = compact.Concat(texts).ToArray();
        var lines = SubmissionBatch.ReadJsonLines(string.Join("\n", texts));
        var expectedLines = texts.Select(t => Submission.ParseJson(t)).Where(r => r.Submission is not null).Select(r => Dump(r.Submission!)).ToArray();
        lines.Submissions.Select(Dump).Should().Equal(expectedLines);
        lines.Submissions.Count.Should().BeGreaterThan(1000);
    }

    private static string Dump(Submission s)
    {
        var sb = new StringBuilder().Append(s.Subject).Append(' ').Append(s.Year).Append('\n');
        sb.Append(Show(s.Values, Array.Empty<string>()));
        if (s.Previous is { } p) sb.Append("previous ").Append(p.Year).Append('\n').Append(Show(p.Values, Array.Empty<string>()));
        return sb.Append("problems ").Append(s.InputProblems.Count).ToString();
    }

    public static IEnumerable<string> Numbers()
    {
        string[] edges =
        {
            "0", "-0", "+0", "0.0", "-0.0", "-0.000", "00", "007", "00.10", "-007.50", "000000000000000000000001", "5.", ".5", "-.5", "-", "+", ".", "", "1.2.3", "--1",
            "1e3", "1E-2", "-1.5e+2", "12.5e0", "0e0", "1e400", "1e-400", "-1e28", "1e29",
            "999999999999999999", "-999999999999999999", "1000000000000000000", "9999999999999999999", "18446744073709551615", "18446744073709551616",
            "0.000000000000000001", "0.0000000000000000001", "12345678.9012345678", "1234567890123456789012345678", "12345678901234567890123456789",
            "-12345678901234567890123456789", "1.234567890123456789012345678", "0.1234567890123456789012345678", "0.12345678901234567890123456789",
            "79228162514264337593543950335", "79228162514264337593543950336", "-79228162514264337593543950335", "7.9228162514264337593543950335",
            "0.0000000000000000000000000001", "0.00000000000000000000000000001", "100000000000000000000000000000",
            "12.34", "1234", "0.0708", "7641225436.67", "2287065909.90", "5.00", "1 2", " 1", "1 ", "1,000", "٣", "1x",
        };
        foreach (var e in edges) yield return e;
        var rng = new Random(18);
        for (var k = 0; k < 6000; k++)
        {
            var sb = new StringBuilder();
            if (rng.Next(4) == 0) sb.Append(rng.Next(5) == 0 ? '+' : '-');
            if (rng.Next(5) == 0) sb.Append('0', rng.Next(1, 4));   // leading zeros
            for (var d = rng.Next(1, 31); d > 0; d--) sb.Append((char)('0' + rng.Next(10)));
            if (rng.Next(2) == 0)
            {
                sb.Append('.');
                for (var d = rng.Next(0, 30); d > 0; d--) sb.Append((char)('0' + rng.Next(10)));
            }
            if (rng.Next(6) == 0) sb.Append(rng.Next(2) == 0 ? 'e' : 'E').Append(rng.Next(3) switch { 0 => "-", 1 => "+", _ => "" }).Append(rng.Next(0, 40));
            yield return sb.ToString();
        }
    }

    [Fact]
    public void PlainNumbers_HaveTheDigitsSignAndScaleOfTheGeneralParsers()
    {
        int plain = 0, general = 0;
        foreach (var n in Numbers())
        {
            var isPlain = InputValues.PlainNumber(Encoding.UTF8.GetBytes(n).AsSpan(), out var fromBytes);
            InputValues.PlainNumber(n.AsSpan(), out var fromChars).Should().Be(isPlain, "UTF-8 and UTF-16 agree on {0}", n);
            if (!isPlain)
            {
                general++;
                continue;
            }
            plain++;
            decimal.GetBits(fromChars).Should().Equal(decimal.GetBits(fromBytes), "for {0}", n);
            // The general decimal parser: the same digits, sign and scale (a negative zero included).
            decimal.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed).Should().BeTrue("{0} is a number", n);
            decimal.GetBits(fromBytes).Should().Equal(decimal.GetBits(parsed), "decimal.Parse of {0}", n);
            // The JSON reader's general parser, for the texts JSON allows (no leading zeros, no leading '+', no bare point).
            if (JsonNumber(n) is { } json) decimal.GetBits(fromBytes).Should().Equal(decimal.GetBits(json), "TryGetDecimal of {0}", n);
        }
        plain.Should().BeGreaterThan(1500);
        general.Should().BeGreaterThan(1500, "exponents, long and malformed numbers go the general way");
    }

    private static decimal? JsonNumber(string n)
    {
        try
        {
            var r = new Utf8JsonReader(Encoding.UTF8.GetBytes(n));
            if (!r.Read() || r.TokenType != JsonTokenType.Number || r.BytesConsumed != Encoding.UTF8.GetByteCount(n)) return null;
            return r.TryGetDecimal(out var d) ? d : null;
        }
        catch (JsonException) { return null; }
    }

    [Fact]
    public void NumbersInABatch_ReadAsTheJsonReaderReadsThem()
    {
        // Every JSON number of the list as a value of one submission of a batch: the fast path or the general one, the
        // bits of Utf8JsonReader.TryGetDecimal, or the out-of-range problem where it reads none.
        var numbers = Numbers().Where(n => JsonValid(n)).Distinct().ToArray();
        numbers.Length.Should().BeGreaterThan(2000);
        var text = "[" + string.Join(",", numbers.Select((n, i) => $"{{\"subject\":{{\"id\":\"h{i}\"}},\"year\":2025,\"values\":{{\"x_number\":{n}}}}}")) + "]";
        var table = SubmissionBatch.ReadJsonArray(text);
        table.Submissions.Should().HaveCount(numbers.Length);
        for (var i = 0; i < numbers.Length; i++)
        {
            var expected = JsonNumber(numbers[i]);
            var values = table.Submissions[i].Values;
            if (expected is null)
            {
                values.ContainsKey("x_number").Should().BeFalse();
                table.Problems.Should().Contain(p => p.Row == i + 1 && p.Code == "AS5003", "{0} is out of range", numbers[i]);
            }
            else decimal.GetBits(values["x_number"].Number!.Value).Should().Equal(decimal.GetBits(expected.Value), "for {0}", numbers[i]);
        }
    }

    private static bool JsonValid(string n)
    {
        try
        {
            var r = new Utf8JsonReader(Encoding.UTF8.GetBytes(n));
            return r.Read() && r.TokenType == JsonTokenType.Number && r.BytesConsumed == Encoding.UTF8.GetByteCount(n);
        }
        catch (JsonException) { return false; }
    }
}
