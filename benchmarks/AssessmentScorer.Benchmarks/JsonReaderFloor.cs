using System.Text.Json;

namespace AssessmentScorer.Benchmarks;

/// <summary>
/// The floor any JSON parser of a submissions array has on this machine: the same bytes walked by a bare
/// <see cref="Utf8JsonReader"/> with the library's reader options, every token read, every number parsed as a decimal
/// (<see cref="Utf8JsonReader.TryGetDecimal"/>), every string value made a string (property names are compared, not
/// made strings, as any reader of a fixed shape does). Nothing is kept.
/// </summary>
internal static class JsonReaderFloor
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 32, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Walks the array once; the submissions (elements of the top-level array) and a checksum of what was read.</summary>
    public static (int Submissions, long Check) Walk(ReadOnlySpan<byte> utf8)
    {
        var r = new Utf8JsonReader(utf8, Options);
        int submissions = 0;
        long check = 0;
        while (r.Read())
        {
            switch (r.TokenType)
            {
                case JsonTokenType.StartObject:
                    if (r.CurrentDepth == 1) submissions++;
                    break;
                case JsonTokenType.Number:
                    if (r.TryGetDecimal(out var d)) check += d.Scale;
                    break;
                case JsonTokenType.String:
                    check += r.GetString()!.Length;
                    break;
                case JsonTokenType.PropertyName:
                    check += r.ValueSpan.Length;
                    break;
            }
        }
        return (submissions, check);
    }
}
