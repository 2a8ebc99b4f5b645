using System.Buffers.Binary;
using System.Text;
using AssessmentScorer.RuleSets;

namespace AssessmentScorer;

/// <summary>
/// The property names a submission's JSON is expected to use (its own keys, the subject's, the task parts and every
/// data-dictionary field), each with a slot and the field's range, found from the name's UTF-8 bytes without making a
/// string: the JSON reader's lookup for every key it reads. Built once; names outside it are read the ordinary way.
/// </summary>
internal sealed class InputNames
{
    /// <summary>A known name: the shared string, its slot (for finding a key given twice) and the data dictionary's range, if any.</summary>
    internal sealed class Entry(string name, int slot, decimal? min, decimal? max, bool ranged)
    {
        public readonly string Name = name;
        public readonly byte[] Utf8 = Encoding.UTF8.GetBytes(name);
        public readonly int Slot = slot;
        public readonly decimal? Min = min, Max = max;
        /// <summary>Whether the data dictionary gives the field a range (a number outside it is a problem).</summary>
        public readonly bool Ranged = ranged;
    }

    private static readonly string[] Keys =
    {
        "subject", "year", "values", "previous", "tasks", "$schema", "comment",
        "id", "name", "kind", "tier", "category", "ownership", "region", "beds",
        "done", "completed_on", "evidence",
    };

    private static readonly Lazy<InputNames> Instance = new(() => new InputNames());

    public static InputNames Known => Instance.Value;

    private readonly Entry?[] _table;
    private readonly int _mask;
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);

    /// <summary>How many slots there are (every known name has one, from 0).</summary>
    public int Slots => _byName.Count;

    private InputNames()
    {
        foreach (var k in Keys) Add(k, null, null, false);
        foreach (var f in DataDictionary.Fields)
            _byName[f.Id] = new Entry(f.Id, _byName.TryGetValue(f.Id, out var key) ? key.Slot : _byName.Count, f.Min, f.Max, f.Min is not null || f.Max is not null);
        var size = 1;
        while (size < _byName.Count * 4) size <<= 1;
        _table = new Entry?[size];
        _mask = size - 1;
        foreach (var e in _byName.Values)
        {
            var i = Hash(e.Utf8) & _mask;
            while (_table[i] is not null) i = (i + 1) & _mask;
            _table[i] = e;
        }
    }

    private void Add(string name, decimal? min, decimal? max, bool ranged) => _byName[name] = new Entry(name, _byName.Count, min, max, ranged);

    /// <summary>The known name written as these UTF-8 bytes (unescaped); null when it is not one.</summary>
    public Entry? Find(ReadOnlySpan<byte> utf8)
    {
        var i = Hash(utf8) & _mask;
        while (_table[i] is { } e)
        {
            if (utf8.SequenceEqual(e.Utf8)) return e;
            i = (i + 1) & _mask;
        }
        return null;
    }

    /// <summary>The known name equal to a string read the ordinary way (an escaped key); null when it is not one.</summary>
    public Entry? Find(string name) => _byName.GetValueOrDefault(name);

    // The length and the first and last eight bytes: field ids differ in length or at their ends, and the table only
    // needs to spread them (equal hashes are told apart by comparing the bytes).
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        ulong h;
        if (bytes.Length >= 8)
            h = BinaryPrimitives.ReadUInt64LittleEndian(bytes) * 0x9E3779B97F4A7C15UL ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]) * 0xC2B2AE3D27D4EB4FUL;
        else
        {
            h = 0;
            foreach (var b in bytes) h = (h << 8) | b;
            h *= 0x9E3779B97F4A7C15UL;
        }
        h ^= (ulong)bytes.Length * 0x165667B19E3779F9UL;
        return (int)(h >> 32 ^ h);
    }
}
