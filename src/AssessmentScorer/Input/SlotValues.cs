using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace AssessmentScorer;

/// <summary>
/// The keys of values held by position (<see cref="SlotValues"/>), shared by the submissions of a file or batch: a
/// CSV file's value columns, or the keys a JSON reader has met, in the order first seen. Keys are only ever added, so
/// a submission made when the table held <c>n</c> keys keeps reading its first <c>n</c> while the table grows; it may
/// be read from any thread while one reader adds keys.
/// </summary>
internal sealed class ValueKeys
{
    /// <summary>How many keys a reader's table takes before the reader starts a new one (input with endless new keys cannot grow one table for ever).</summary>
    internal const int MaxKeys = 4096;

    private string[] _keys = new string[16];
    private byte[][] _utf8 = new byte[16][];
    private InputNames.Entry?[] _known = new InputNames.Entry?[16];
    private int _count;
    private readonly ConcurrentDictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Lock _adding = new();

    /// <summary>How many keys the table holds.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The key at a position below <see cref="Count"/>.</summary>
    public string this[int index] => Volatile.Read(ref _keys)[index];

    /// <summary>The key's data-dictionary entry (its range), when it is a known name.</summary>
    public InputNames.Entry? Known(int index) => Volatile.Read(ref _known)[index];

    /// <summary>Whether the key at <paramref name="index"/> is written as these (unescaped) UTF-8 bytes.</summary>
    public bool Matches(int index, ReadOnlySpan<byte> utf8) => index < Count && utf8.SequenceEqual(Volatile.Read(ref _utf8)[index]);

    /// <summary>The key's position; -1 when the table does not hold it.</summary>
    public int IndexOf(string key) => _index.TryGetValue(key, out var i) ? i : -1;

    /// <summary>The key's position, adding it at the end when it is new.</summary>
    public int Add(string key)
    {
        if (_index.TryGetValue(key, out var i)) return i;
        lock (_adding)
        {
            if (_index.TryGetValue(key, out i)) return i;
            var n = _count;
            if (n == _keys.Length)
            {
                // Grown copies are published whole: a reader on another thread sees the old arrays or the new ones, both holding its keys.
                var keys = _keys; var utf8 = _utf8; var known = _known;
                Array.Resize(ref keys, n * 2); Array.Resize(ref utf8, n * 2); Array.Resize(ref known, n * 2);
                Volatile.Write(ref _utf8, utf8); Volatile.Write(ref _known, known); Volatile.Write(ref _keys, keys);
            }
            _keys[n] = key;
            _utf8[n] = Encoding.UTF8.GetBytes(key);
            _known[n] = InputNames.Known.Find(key);
            Volatile.Write(ref _count, n + 1);
            _index[key] = n;
            return n;
        }
    }
}

/// <summary>
/// A submission's values held by field position against a key table shared by a file's submissions (<see cref="ValueKeys"/>):
/// per position a kind byte, the number when there is one, the text only when there is one; no key strings or hash
/// entries of its own. It reads as the dictionary a reader would have built: the same keys, values and enumeration order
/// (that of <see cref="Dictionary{TKey, TValue}"/> filled and emptied the same way). The kinds and numbers may be a
/// piece of arrays shared by the submissions of one batch (<see cref="SlotStore"/>).
/// </summary>
internal sealed class SlotValues : IReadOnlyDictionary<string, FieldValue>
{
    internal const byte Absent = 0, Number = 1, Text = 2, False = 3, True = 4, Empty = 5;

    internal readonly ValueKeys Table;
    private readonly byte[] _kinds;
    private readonly decimal[]? _numbers;
    private readonly int _kindsAt, _numbersAt, _length;
    /// <summary>The texts, in position order; a text position's number holds its index here.</summary>
    private readonly string[]? _texts;
    /// <summary>The positions in enumeration order; null when that is position order.</summary>
    internal readonly int[]? Order;

    internal SlotValues(ValueKeys keys, byte[] kinds, int kindsAt, decimal[]? numbers, int numbersAt, int length, string[]? texts, int[]? order, int count)
    {
        Table = keys; _kinds = kinds; _kindsAt = kindsAt; _numbers = numbers; _numbersAt = numbersAt; _length = length;
        _texts = texts; Order = order; Count = count;
    }

    /// <summary>The kind of the value at each position (<see cref="Absent"/> when there is none); as long as the last position used.</summary>
    internal ReadOnlySpan<byte> Kinds => new(_kinds, _kindsAt, _length);

    /// <summary>The number at each position (read only where the kind is <see cref="Number"/>); empty when there is none.</summary>
    internal ReadOnlySpan<decimal> Numbers => _numbers is null ? default : new(_numbers, _numbersAt, _length);

    /// <summary>The value at a position that holds one.</summary>
    internal FieldValue At(int index) => Kinds[index] switch
    {
        Number => FieldValue.Of(_numbers![_numbersAt + index]),
        Text => FieldValue.Of(_texts![(int)_numbers![_numbersAt + index]]),
        False => FieldValue.Of(false),
        True => FieldValue.Of(true),
        _ => default,
    };

    private int Position(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var i = Table.IndexOf(key);
        return i >= 0 && i < _length && _kinds[_kindsAt + i] != Absent ? i : -1;
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public FieldValue this[string key] => Position(key) is var i and >= 0 ? At(i) : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");

    /// <inheritdoc/>
    public bool ContainsKey(string key) => Position(key) >= 0;

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out FieldValue value)
    {
        var i = Position(key);
        value = i >= 0 ? At(i) : default;
        return i >= 0;
    }

    /// <inheritdoc/>
    public IEnumerable<string> Keys => Positions().Select(i => Table[i]);

    /// <inheritdoc/>
    public IEnumerable<FieldValue> Values => Positions().Select(At);

    /// <summary>The positions holding a value, in enumeration order.</summary>
    internal IEnumerable<int> Positions()
    {
        if (Order is { } order) return order;
        return PositionOrder();
    }

    private IEnumerable<int> PositionOrder()
    {
        for (var i = 0; i < _length; i++) if (_kinds[_kindsAt + i] != Absent) yield return i;
    }

    /// <summary>The values in enumeration order.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, FieldValue>> IEnumerable<KeyValuePair<string, FieldValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the values in the order a reader gave them.</summary>
    internal struct Enumerator(SlotValues values) : IEnumerator<KeyValuePair<string, FieldValue>>
    {
        private int _at = -1, _index = -1;

        public readonly KeyValuePair<string, FieldValue> Current => new(values.Table[_index], values.At(_index));

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (values.Order is { } order)
            {
                if (++_at >= order.Length) return false;
                _index = order[_at];
                return true;
            }
            var kinds = values.Kinds;
            while (++_index < kinds.Length)
                if (kinds[_index] != Absent) return true;
            return false;
        }

        public void Reset() { _at = -1; _index = -1; }

        public readonly void Dispose() { }
    }
}

/// <summary>
/// Fills one <see cref="SlotValues"/> after another against a reader's key table, as a <see cref="Dictionary{TKey, TValue}"/>
/// would be filled: a key set again keeps its place, a removed key's place is taken by the next new key (the last
/// freed first). Reused: <see cref="Start"/> empties what the last one touched.
/// </summary>
internal sealed class SlotValuesBuilder
{
    private ValueKeys _table;
    private byte[] _kinds = new byte[64];
    private decimal[] _numbers = new decimal[64];
    private string?[] _texts = new string?[64];
    private int[] _place = new int[64];     // by position: its place in _order
    private int[] _order = new int[64];     // by place: the position, or -1 when freed
    private int[] _free = new int[8];       // freed places, the last freed on top
    private int _places, _freeCount, _count;

    public SlotValuesBuilder(ValueKeys table) => _table = table;

    /// <summary>How many values are filled.</summary>
    public int Count => _count;

    /// <summary>The key table the values are filled against.</summary>
    public ValueKeys Table => _table;

    /// <summary>Empties the builder for the next values, against <paramref name="table"/> (the same table or a new one).</summary>
    public void Start(ValueKeys table)
    {
        for (var p = 0; p < _places; p++)
            if (_order[p] is var i and >= 0)
            {
                if (_kinds[i] == SlotValues.Text) _texts[i] = null;
                _kinds[i] = SlotValues.Absent;
            }
        _places = _freeCount = _count = 0;
        _table = table;
    }

    public void Set(int index, decimal number)
    {
        Place(index, SlotValues.Number);
        _numbers[index] = number;
    }

    public void Set(int index, string text)
    {
        Place(index, SlotValues.Text);
        _texts[index] = text;
    }

    public void Set(int index, bool flag) => Place(index, flag ? SlotValues.True : SlotValues.False);

    public void Set(int index, FieldValue value)
    {
        if (value.Number is { } n) Set(index, n);
        else if (value.Text is { } t) Set(index, t);
        else if (value.Flag is { } b) Set(index, b);
        else Place(index, SlotValues.Empty);
    }

    /// <summary>Gives the position its kind, and a place in the order when it is new (a freed place first).</summary>
    private void Place(int index, byte kind)
    {
        if (index >= _kinds.Length) Grow(index);
        var was = _kinds[index];
        if (was == SlotValues.Absent)
        {
            int place;
            if (_freeCount > 0) place = _free[--_freeCount];
            else
            {
                if (_places == _order.Length) Array.Resize(ref _order, _places * 2);
                place = _places++;
            }
            _order[place] = index;
            _place[index] = place;
            _count++;
        }
        else if (was == SlotValues.Text) _texts[index] = null;
        _kinds[index] = kind;
    }

    /// <summary>Removes the value at a position, if there is one (a JSON null).</summary>
    public void Remove(int index)
    {
        if (index >= _kinds.Length || _kinds[index] == SlotValues.Absent) return;
        if (_kinds[index] == SlotValues.Text) _texts[index] = null;
        _kinds[index] = SlotValues.Absent;
        var place = _place[index];
        _order[place] = -1;
        if (_freeCount == _free.Length) Array.Resize(ref _free, _freeCount * 2);
        _free[_freeCount++] = place;
        _count--;
    }

    private void Grow(int index)
    {
        var size = _kinds.Length;
        while (size <= index) size *= 2;
        Array.Resize(ref _kinds, size);
        Array.Resize(ref _numbers, size);
        Array.Resize(ref _texts, size);
        Array.Resize(ref _place, size);
    }

    /// <summary>
    /// The values filled since <see cref="Start"/>, in arrays of their own or, given a <paramref name="store"/>, in a
    /// piece of the store's (the builder may be started again).
    /// </summary>
    public SlotValues Build(SlotStore? store = null)
    {
        var end = 0;
        var ascending = true;
        var last = -1;
        int numbers = 0, texts = 0;
        for (var p = 0; p < _places; p++)
        {
            var i = _order[p];
            if (i < 0) continue;
            if (i < last) ascending = false;
            last = i;
            if (i >= end) end = i + 1;
            if (_kinds[i] == SlotValues.Number) numbers++;
            else if (_kinds[i] == SlotValues.Text) texts++;
        }
        // Numbers are copied whole (a position without one is never read); a text is kept once, in position order, its
        // position's number holding its index.
        string[]? textArray = null;
        if (texts > 0)
        {
            textArray = new string[texts];
            var k = 0;
            for (var i = 0; i < end; i++)
                if (_kinds[i] == SlotValues.Text)
                {
                    _numbers[i] = k;
                    textArray[k++] = _texts[i]!;
                }
        }
        byte[] kinds;
        decimal[]? numberArray = null;
        int kindsAt = 0, numbersAt = 0;
        if (store is null)
        {
            kinds = _kinds.AsSpan(0, end).ToArray();
            if (numbers + texts > 0) numberArray = _numbers.AsSpan(0, end).ToArray();
        }
        else
        {
            (kinds, kindsAt) = store.Kinds(_kinds.AsSpan(0, end));
            if (numbers + texts > 0) (numberArray, numbersAt) = store.Numbers(_numbers.AsSpan(0, end));
        }
        int[]? order = null;
        if (!ascending)
        {
            order = new int[_count];
            var k = 0;
            for (var p = 0; p < _places; p++) if (_order[p] >= 0) order[k++] = _order[p];
        }
        return new SlotValues(_table, kinds, kindsAt, numberArray, numbersAt, end, textArray, order, _count);
    }
}

/// <summary>
/// Backing arrays for the kinds and numbers of a batch's submissions (<see cref="SlotValues"/>), handed out piece by
/// piece: one array of each per many submissions instead of two per submission. Not for sharing between threads; an
/// array lives as long as any submission holding a piece of it (a batch's submissions live together).
/// </summary>
internal sealed class SlotStore
{
    /// <summary>
    /// Numbers per array at most: 8,192 decimals (128 KB, on the large-object heap, never copied by the collector: a
    /// national cohort's numbers are ~1.3 KB a submission); kinds 16 KB. A piece is at most a quarter of that (a
    /// submission with more keys has arrays of its own), and an array is made at least as long as the piece it is made for.
    /// </summary>
    internal const int NumbersPerArray = 8192, KindsPerArray = 16384;

    private decimal[] _numbers = [];
    private byte[] _kinds = [];
    private int _numbersUsed, _kindsUsed;

    /// <summary>A copy of the kinds in a piece of a shared array: the array and where the piece starts.</summary>
    public (byte[] Array, int At) Kinds(ReadOnlySpan<byte> kinds) => Copy(kinds, ref _kinds, ref _kindsUsed, KindsPerArray);

    /// <summary>A copy of the numbers in a piece of a shared array: the array and where the piece starts.</summary>
    public (decimal[] Array, int At) Numbers(ReadOnlySpan<decimal> numbers) => Copy(numbers, ref _numbers, ref _numbersUsed, NumbersPerArray);

    private static (T[] Array, int At) Copy<T>(ReadOnlySpan<T> values, ref T[] array, ref int used, int perArray)
    {
        if (values.Length > perArray / 4) return (values.ToArray(), 0);   // a hostile submission's thousands of keys: its own
        if (used + values.Length > array.Length)
        {
            // A sixteenth of the full size first, then twice the last (a batch of a few submissions takes little);
            // uninitialized: a piece is handed out only once it is written.
            array = GC.AllocateUninitializedArray<T>(Math.Max(values.Length, Math.Min(perArray, Math.Max(perArray / 16, array.Length * 2))));
            used = 0;
        }
        var at = used;
        values.CopyTo(array.AsSpan(at));
        used += values.Length;
        return (array, at);
    }
}
