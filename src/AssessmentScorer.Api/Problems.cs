using System.Text;

namespace AssessmentScorer.Api;

/// <summary>One entry of a problem's <c>errors</c>: the engine's code and the place (a field path, or a file line and column, or an upload's row).</summary>
public sealed record ProblemError(string Code, string Message, string? Field = null, string? File = null, int? Line = null, int? Column = null, int? Row = null);

/// <summary>RFC 9457 problem details carrying the engine's diagnostic codes. One factory per kind of failure.</summary>
internal static class Problems
{
    public static IResult Of(int status, string code, string title, string detail, IEnumerable<ProblemError>? errors = null,
        IDictionary<string, object?>? extensions = null)
    {
        var ext = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        if (errors is not null) ext["errors"] = errors.ToArray();
        if (extensions is not null) foreach (var (k, v) in extensions) ext[k] = v;
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: $"urn:assessment-scorer:problem:{code}", extensions: ext);
    }

    public static IResult RuleSetNotFound(string reference) =>
        Of(404, "AS4002", "Rule set not found", $"No rule set matches '{reference}'. GET /rulesets lists what is loaded.");

    public static IResult TooLarge(string what, long limit) =>
        Of(413, "AS5015", "Request too large", $"The {what} is larger than the limit of {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes.");

    public static IResult UnsupportedMediaType(string? got, params string[] allowed) =>
        Of(415, "AS5016", "Unsupported media type", $"Content-Type '{got ?? "(none)"}' is not accepted here; send {string.Join(" or ", allowed)}.");

    public static IResult NotUtf8() => Of(400, "AS5014", "Body is not UTF-8", "The request body is not valid UTF-8 text.");

    public static ProblemError From(Problem p) => new(p.Code, p.Message, Field: p.Field);

    public static ProblemError From(Diagnostic d) => new(d.Code, d.Message, File: d.Location.File, Line: d.Location.Line, Column: d.Location.Column);
}

/// <summary>Reads request bodies under a byte limit the server enforces itself (whatever the host), as strict UTF-8.</summary>
internal static class Body
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<(string? Text, IResult? Error)> ReadAsync(HttpRequest request, long limit, string what, CancellationToken ct)
    {
        var (raw, error) = await ReadBytesAsync(request, limit, what, ct);
        if (error is not null) return (null, error);
        try
        {
            var bytes = raw.AsSpan();
            if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) bytes = bytes[3..];
            return (Strict.GetString(bytes), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, Problems.NotUtf8());
        }
    }

    /// <summary>The body as bytes, read in chunks up to the limit (no text is made of it).</summary>
    public static async Task<(byte[]? Bytes, IResult? Error)> ReadBytesAsync(HttpRequest request, long limit, string what, CancellationToken ct)
    {
        if (request.ContentLength > limit) return (null, Problems.TooLarge(what, limit));
        var buffer = new byte[request.ContentLength is { } n0 and > 0 ? n0 : 64 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= limit + 1) return (null, Problems.TooLarge(what, limit));
                    Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 64 * 1024), Math.Min(limit + 1, Array.MaxLength)));
                }
                var n = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (n == 0) break;
                length += n;
                if (length > limit) return (null, Problems.TooLarge(what, limit));
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge(what, limit));
        }
        if (length != buffer.Length) Array.Resize(ref buffer, length);
        return (buffer, null);
    }

    /// <summary>The bytes without a UTF-8 byte-order mark.</summary>
    public static ReadOnlySpan<byte> WithoutBom(byte[] bytes) => bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }) ? bytes.AsSpan(3) : bytes;

    /// <summary>True when the Accept header names the media type.</summary>
    public static bool Accepts(HttpRequest request, string media) =>
        request.Headers.Accept.Any(v => v is not null && v.Split(',').Any(p => p.Split(';')[0].Trim().Equals(media, StringComparison.OrdinalIgnoreCase)));

    public static string? MediaType(HttpRequest request)
    {
        var ct = request.ContentType;
        if (string.IsNullOrWhiteSpace(ct)) return null;
        var semi = ct.IndexOf(';');
        return (semi >= 0 ? ct[..semi] : ct).Trim().ToLowerInvariant();
    }

    public static bool IsJson(string? media) => media is "application/json" || (media?.EndsWith("+json", StringComparison.Ordinal) ?? false);
}
