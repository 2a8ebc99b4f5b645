using System.Buffers;

namespace AssessmentScorer.Results;

/// <summary>
/// One sentence put together from its parts in a buffer (the caller's stack space, a pooled array when longer), so the
/// parts need no strings of their own and the sentence is the only string made.
/// </summary>
internal ref struct SentenceText(Span<char> initial)
{
    private Span<char> _chars = initial;
    private int _length;
    private char[]? _rented;

    public void Add(scoped ReadOnlySpan<char> part)
    {
        if (_length + part.Length > _chars.Length) Grow(part.Length);
        part.CopyTo(_chars[_length..]);
        _length += part.Length;
    }

    private void Grow(int more)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + more));
        _chars[.._length].CopyTo(bigger);
        if (_rented is { } old) ArrayPool<char>.Shared.Return(old);
        _chars = _rented = bigger;
    }

    /// <summary>The sentence; the builder lets go of its buffer and is empty after.</summary>
    public string Done()
    {
        var text = new string(_chars[.._length]);
        if (_rented is { } r) ArrayPool<char>.Shared.Return(r);
        _rented = null;
        _length = 0;
        return text;
    }
}
