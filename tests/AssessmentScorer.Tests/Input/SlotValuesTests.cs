using System.Globalization;
using System.Text;

namespace AssessmentScorer.Tests.Input;

/// <summary>
/// Values held by field position (<see cref="SlotValues"/>) against the dictionary a reader would have built: the same
/// keys, values, counts, lookups and enumeration order after any sequence of sets and removals (a JSON null), read from
/// any thread while the shared key table grows; and the readers' values enumerate as the former dictionaries did.
/// </summary>
public class SlotValuesTests
{
    private static readonly string[] Pool = Enumerable.Range(0, 40).Select(i => $"field_{i}").ToArray();

    internal static FieldValue RandomValue(Random rng) => rng.Next(5) switch
    {
        0 => FieldValue.Of(rng.Next(-1000, 1000) / 10m),
        1 => FieldValue.Of($"t{rng.Next(100)}"),
        2 => FieldValue.Of(true),
        3 => FieldValue.Of(false),
        _ => FieldValue.Of(decimal.MaxValue - rng.Next(10)),
    };

    /// <summary>The same dictionary contract, read every way, as a string.</summary>
    private static string Contract(IReadOnlyDictionary<string, FieldValue> d, IEnumerable<string> probes)
    {
        var sb = new StringBuilder();
        sb.Append("count ").Append(d.Count).Append('\n');
        foreach (var (k, v) in d) sb.Append(k).Append('=').Append(Show(v)).Append('\n');
        sb.Append("keys ").AppendJoin(',', d.Keys).Append('\n');
        sb.Append("values ").AppendJoin(',', d.Values.Select(Show)).Append('\n');
        foreach (var p in probes)
        {
            sb.Append(p).Append(": ").Append(d.ContainsKey(p)).Append(' ');
            sb.Append(d.TryGetValue(p, out var v) ? Show(v) : "none").Append(' ');
            try { sb.Append(Show(d[p])); }
            catch (KeyNotFoundException) { sb.Append("not found"); }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Show(FieldValue v) =>
        v.Number is { } n ? "n:" + n.ToString(CultureInfo.InvariantCulture) : v.Flag is { } f ? "b:" + f : v.Text is { } t ? "t:" + t : "empty";

    [Fact]
    public void Builder_RandomSetsAndRemovals_ReadsAsTheDictionaryFilledTheSameWay()
    {
        var rng = new Random(18);
        var table = new ValueKeys();
        var builder = new SlotValuesBuilder(table);
        var unordered = 0;
        for (var round = 0; round < 2000; round++)
        {
            builder.Start(table);
            var expected = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
            // Keys mostly in one order (a cohort's), sometimes shuffled, given twice or removed.
            var keys = Pool.Take(rng.Next(1, Pool.Length)).ToArray();
            if (rng.Next(3) == 0) keys = keys.OrderBy(_ => rng.Next()).ToArray();
            foreach (var key in keys)
            {
                var at = table.Add(key);
                var op = rng.Next(10);
                if (op == 0) { builder.Remove(at); expected.Remove(key); }
                else if (op == 1 && expected.Count > 0)
                {
                    // A key given again (its place kept) or removed, then a new one (the freed place taken).
                    var again = expected.Keys.ElementAt(rng.Next(expected.Count));
                    if (rng.Next(2) == 0) { var v = RandomValue(rng); builder.Set(table.Add(again), v); expected[again] = v; }
                    else { builder.Remove(table.Add(again)); expected.Remove(again); }
                }
                var value = RandomValue(rng);
                builder.Set(at, value);
                expected[key] = value;
            }
            var built = builder.Build();
            if (built.Order is not null) unordered++;
            Contract(built, Pool.Append("no_such_field")).Should().Be(Contract(expected, Pool.Append("no_such_field")), $"round {round}");
        }
        unordered.Should().BeGreaterThan(100, "the order of places other than the keys' own is exercised");
    }

    [Fact]
    public void Values_EnumeratedWhileTheSharedTableGrows_KeepTheirKeysAndOrder()
    {
        var table = new ValueKeys();
        var builder = new SlotValuesBuilder(table);
        builder.Start(table);
        builder.Set(table.Add("b"), 2m);
        builder.Set(table.Add("a"), "二级");
        builder.Set(table.Add("c"), true);
        var early = builder.Build();
        var before = Contract(early, new[] { "a", "b", "c", "d", "k500" });

        using var e = early.GetEnumerator();
        e.MoveNext().Should().BeTrue();
        // Many keys added in the middle of an enumeration: the table's arrays are replaced several times.
        for (var k = 0; k < 1000; k++) table.Add($"k{k}");
        table.Count.Should().Be(1003);
        e.Current.Key.Should().Be("b");
        e.MoveNext().Should().BeTrue();
        e.Current.Key.Should().Be("a");
        e.MoveNext().Should().BeTrue();
        e.Current.Value.Flag.Should().BeTrue();
        e.MoveNext().Should().BeFalse();

        Contract(early, new[] { "a", "b", "c", "d", "k500" }).Should().Be(before);
        early.ContainsKey("k500").Should().BeFalse();
        early.Count.Should().Be(3);

        // A later submission uses the new keys; the early one still reads only its own.
        builder.Start(table);
        builder.Set(table.Add("k999"), 9m);
        var late = builder.Build();
        late["k999"].Number.Should().Be(9m);
        late.ContainsKey("b").Should().BeFalse();
        early.TryGetValue("k999", out _).Should().BeFalse();
    }

    [Fact]
    public void Values_ReadOnOneThreadWhileAnotherAddsKeysAndBuilds_AlwaysReadTheirOwn()
    {
        var table = new ValueKeys();
        var built = new System.Collections.Concurrent.ConcurrentQueue<(SlotValues Values, string Expected)>();
        var done = false;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var reader = new Thread(() =>
        {
            while (!Volatile.Read(ref done) || !built.IsEmpty)
                if (built.TryDequeue(out var item))
                {
                    var actual = string.Join(";", item.Values.Select(kv => $"{kv.Key}={Show(kv.Value)}"));
                    if (actual != item.Expected) failures.Add($"{item.Expected} read as {actual}");
                    foreach (var kv in item.Values)
                        if (!item.Values.TryGetValue(kv.Key, out var v) || Show(v) != Show(kv.Value)) failures.Add($"lookup of {kv.Key}");
                }
        });
        reader.Start();
        var builder = new SlotValuesBuilder(table);
        for (var s = 0; s < 3000; s++)
        {
            builder.Start(table);
            // Each submission adds a few keys of its own beside shared ones, so the table grows all the time.
            var pairs = new List<string>();
            foreach (var key in new[] { "shared_a", $"own_{s}_1", "shared_b", $"own_{s}_2" })
            {
                var v = FieldValue.Of(s);
                builder.Set(table.Add(key), v);
                pairs.Add($"{key}={Show(v)}");
            }
            built.Enqueue((builder.Build(), string.Join(";", pairs)));
        }
        Volatile.Write(ref done, true);
        reader.Join();

        failures.Should().BeEmpty();
        table.Count.Should().Be(2 + 2 * 3000);
    }

    [Fact]
    public void ParseJson_EveryCorpusText_ValuesEnumerateInTheDocumentReadersOrder()
    {
        // The document reader fills a Dictionary: repeated keys keep their first place, a null removes a key and the
        // next new key takes its place. The positions must enumerate exactly so (problems are reported in this order).
        var differ = new List<string>();
        var positional = 0;
        foreach (var text in StreamingReaderTests.Corpus().Append(
                     "{\"subject\":{\"id\":\"h\"},\"year\":2025,\"values\":{\"a\":1,\"b\":2,\"a\":null,\"c\":3,\"b\":null,\"a\":4,\"d\":5}," +
                     "\"previous\":{\"year\":2024,\"values\":{\"x\":1,\"y\":\"t\",\"x\":null,\"z\":true}}}"))
        {
            var expected = DomSubmissionJson.Parse(text).Submission;
            var actual = Submission.ParseJson(text).Submission;
            if (expected is null || actual is null) continue;
            if (actual.Values is SlotValues) positional++;
            var e = Ordered(expected);
            var a = Ordered(actual);
            if (e != a) differ.Add($"INPUT {text}\nEXPECTED {e}\nACTUAL   {a}");
        }
        positional.Should().BeGreaterThan(100);
        // The removed key's place taken by the next new key: z enumerates before y, as in the dictionary.
        Ordered(Submission.ParseJson("{\"subject\":{\"id\":\"h\"},\"year\":2025,\"values\":{\"x\":1,\"y\":\"t\",\"x\":null,\"z\":true}}").Submission!)
            .Should().Be("z=b:True;y=t:t | ");
        differ.Should().BeEmpty(string.Join("\n\n", differ.Take(3)));
    }

    [Fact]
    public void ParseJson_AfterASubmissionWithEndlessNewKeys_TheNextStartsANewKeyTable()
    {
        var many = string.Join(",", Enumerable.Range(0, ValueKeys.MaxKeys + 10).Select(i => $"\"k{i}\":{i}"));
        var first = Submission.ParseJson("{\"subject\":{\"id\":\"a\"},\"year\":2025,\"values\":{" + many + "}}").Submission!;
        var next = Submission.ParseJson("{\"subject\":{\"id\":\"b\"},\"year\":2025,\"values\":{\"physicians\":7,\"k5\":1}}").Submission!;

        first.Values.Count.Should().Be(ValueKeys.MaxKeys + 10);
        first.Values["k4100"].Number.Should().Be(4100);
        var (a, b) = ((SlotValues)first.Values, (SlotValues)next.Values);
        b.Table.Should().NotBeSameAs(a.Table);
        b.Table.Count.Should().BeLessThan(ValueKeys.MaxKeys);
        Ordered(next).Should().Be("physicians=n:7;k5=n:1 | ");
        first.Values.ContainsKey("physicians").Should().BeFalse();
    }

    private static string Ordered(Submission s) =>
        string.Join(";", s.Values.Select(kv => $"{kv.Key}={Show(kv.Value)}")) + " | " +
        string.Join(";", s.Previous?.Values.Select(kv => $"{kv.Key}={Show(kv.Value)}") ?? Array.Empty<string>());

    [Fact]
    public void ReadCsv_ColumnsGivenTwiceAndEmptyCells_ValuesInTheOrderTheDictionaryHad()
    {
        // physicians twice: where a row's first physicians cell is empty, the field takes its place at the second one
        // (after registered_nurses), as the row's dictionary did; the last non-empty cell is the value.
        const string csv = "id,year,physicians,registered_nurses,physicians,previous.physicians,上年.registered_nurses,business_expenditure\n" +
                           "h1,2025,10,20,30,1,2,300\n" +
                           "h2,2025,,20,30,,2,\n" +
                           "h3,2025,10,,,1,,x\n";
        var table = SubmissionCsv.Read(csv);
        table.Submissions.Should().HaveCount(3);
        table.Submissions.Should().AllSatisfy(s => s.Values.Should().BeOfType<SlotValues>());
        Ordered(table.Submissions[0]).Should().Be("physicians=n:30;registered_nurses=n:20;business_expenditure=n:300 | physicians=n:1;registered_nurses=n:2");
        Ordered(table.Submissions[1]).Should().Be("registered_nurses=n:20;physicians=n:30 | registered_nurses=n:2");
        Ordered(table.Submissions[2]).Should().Be("physicians=n:10;business_expenditure=t:x | physicians=n:1");
        table.Problems.Should().ContainSingle(p => p.Code == "AS5006").Which.Column.Should().Be("physicians");
    }
}
