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
        Release();
        return text;
    }

    /// <summary>The sentence's characters so far (valid until the next <see cref="Add"/> or <see cref="Release"/>).</summary>
    public readonly ReadOnlySpan<char> Chars => _chars[.._length];

    /// <summary>Lets go of the buffer without making the string; the builder is empty after.</summary>
    public void Release()
    {
        if (_rented is { } r) ArrayPool<char>.Shared.Return(r);
        _rented = null;
        _length = 0;
    }

    /// <summary>
    /// The explanation of the two sentences: as strings, or, given <paramref name="into"/>, copied there as characters
    /// (no string made; null returned). Both builders let go of their buffers.
    /// </summary>
    /// <remarks>
    /// Given <paramref name="shared"/> (the indicator's), an explanation with the same characters made before and still
    /// kept there is returned rather than a new one: sentences many subjects share are then not made again.
    /// </remarks>
    public static Explanation? Finish(ref SentenceText zh, ref SentenceText en, ExplanationChars? into, Scoring.SentenceMemos? shared = null) =>
        Finish(ref zh, ref en, into, shared, out _);

    /// <summary><see cref="Finish(ref SentenceText, ref SentenceText, ExplanationChars?, Scoring.SentenceMemos?)"/>; <paramref name="seen"/>: whether the explanation was found in <paramref name="shared"/>.</summary>
    public static Explanation? Finish(ref SentenceText zh, ref SentenceText en, ExplanationChars? into, Scoring.SentenceMemos? shared, out bool seen)
    {
        seen = false;
        if (into is null)
        {
            if (shared is null) return new(zh.Done(), en.Done());
            var e = shared.Intern(zh.Chars, en.Chars, out seen);
            zh.Release();
            en.Release();
            return e;
        }
        into.Set(zh.Chars, en.Chars);
        zh.Release();
        en.Release();
        return null;
    }
}

/// <summary>
/// An explanation's two sentences as characters in one buffer the caller keeps and reuses (the Chinese, then the
/// English), the same characters as the <see cref="Explanation"/>'s strings: for a writer that encodes them straight
/// from the characters, with no string made per sentence.
/// </summary>
internal sealed class ExplanationChars
{
    private char[] _chars = new char[512];
    private int _zh, _length;

    public ReadOnlySpan<char> Zh => _chars.AsSpan(0, _zh);

    public ReadOnlySpan<char> En => _chars.AsSpan(_zh, _length - _zh);

    public void Set(scoped ReadOnlySpan<char> zh, scoped ReadOnlySpan<char> en)
    {
        var length = zh.Length + en.Length;
        if (length > _chars.Length) _chars = new char[Math.Max(length, _chars.Length * 2)];
        zh.CopyTo(_chars);
        en.CopyTo(_chars.AsSpan(zh.Length));
        _zh = zh.Length;
        _length = length;
    }

    public void Set(Explanation e) => Set(e.Zh, e.En);
}
