using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace AssessmentScorer.Results;

/// <summary>
/// Writes many results in input order while the next ones are formatted on other cores. The results are cut into
/// chunks; each chunk is written by its own <see cref="Utf8JsonWriter"/> into a buffer, opened at the same depth as the
/// document's <c>results</c> array, so its bytes are exactly those one writer would have written there (the comma
/// between chunks is the only byte added). Chunks are copied to the stream in order as they are finished, a few at a
/// time in flight, so memory stays bounded however large the cohort.
/// </summary>
internal static class ChunkedJson
{
    /// <summary>Results per chunk: a full national result is ~68 KB of JSON, so a chunk is ~2 MB.</summary>
    public const int ChunkSize = 32;

    /// <summary>
    /// Writes <c>"results": [ … ]</c> and closes the root object: <paramref name="w"/> has written the document up to
    /// the <c>results</c> property, which is the root object's last.
    /// </summary>
    public static void WriteResults(Utf8JsonWriter w, Stream stream, JsonWriterOptions options, int count, Action<Utf8JsonWriter, int> element, int chunkSize = ChunkSize)
    {
        w.WriteStartArray(ResultJson.P.Results);
        if (count == 0)
        {
            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            return;
        }
        w.Flush();
        Pipeline(stream, count, chunkSize, comma: true, (start, end, buffer) =>
        {
            using var c = new Utf8JsonWriter(buffer, options);
            OpenResults(c);
            c.Flush();
            var skip = buffer.WrittenCount;
            for (var i = start; i < end; i++) element(c, i);
            c.Flush();
            return skip;
        });
        // The bytes that close the array and the root object at this depth, as the writer would write them.
        var close = new ArrayBufferWriter<byte>(64);
        using (var c = new Utf8JsonWriter(close, options))
        {
            OpenResults(c);
            c.WriteNullValue();
            c.Flush();
            var mark = close.WrittenCount;
            c.WriteEndArray();
            c.WriteEndObject();
            c.Flush();
            stream.Write(close.WrittenSpan[mark..]);
        }
    }

    private static void OpenResults(Utf8JsonWriter c)
    {
        c.WriteStartObject();
        c.WriteStartArray(ResultJson.P.Results);
    }

    /// <summary>JSON lines: each element written compact on its own line, ending in a line feed.</summary>
    public static void WriteLines(Stream stream, JsonWriterOptions options, int count, Action<Utf8JsonWriter, int> element, int chunkSize = ChunkSize)
    {
        if (count == 0) return;
        Pipeline(stream, count, chunkSize, comma: false, (start, end, buffer) =>
        {
            using var c = new Utf8JsonWriter(buffer, options);
            for (var i = start; i < end; i++)
            {
                element(c, i);
                c.Flush();
                c.Reset(buffer);
                buffer.Write("\n"u8);
            }
            return 0;
        });
    }

    /// <summary>
    /// Formats chunk after chunk with <paramref name="format"/> (which returns how many leading bytes of its buffer to
    /// leave out) and copies them to <paramref name="stream"/> in order (<see cref="Ordered.Pipeline{T}"/>); a copied
    /// chunk's buffer is used again for a later one.
    /// </summary>
    private static void Pipeline(Stream stream, int count, int chunkSize, bool comma, Func<int, int, ArrayBufferWriter<byte>, int> format)
    {
        var buffers = new ConcurrentBag<ArrayBufferWriter<byte>>();
        Ordered.Pipeline((count + chunkSize - 1) / chunkSize, k =>
        {
            var buffer = buffers.TryTake(out var b) ? b : new ArrayBufferWriter<byte>(1 << 20);
            buffer.ResetWrittenCount();
            return (K: k, Buffer: buffer, Skip: format(k * chunkSize, Math.Min(count, (k + 1) * chunkSize), buffer));
        }, chunk =>
        {
            Emit(stream, chunk.K, comma, chunk.Buffer, chunk.Skip);
            buffers.Add(chunk.Buffer);
        });
    }

    private static void Emit(Stream stream, int k, bool comma, ArrayBufferWriter<byte> buffer, int skip)
    {
        if (comma && k > 0) stream.Write(","u8);
        stream.Write(buffer.WrittenSpan[skip..]);
    }
}
