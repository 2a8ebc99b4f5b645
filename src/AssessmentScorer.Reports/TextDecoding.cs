using System.Text;

namespace AssessmentScorer.Reports;

/// <summary>Decodes text files as Chinese spreadsheets save them: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.</summary>
public static class TextDecoding
{
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static (string Text, string Encoding) Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) return (StrictOrLenient(bytes, 3), "UTF-8 (BOM)");
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) return (Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), "UTF-16LE");
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return (Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), "UTF-16BE");
        try { return (StrictUtf8.GetString(bytes), "UTF-8"); }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: Chinese Excel saves CSV as GB18030 (a superset of GBK and GB2312).
            return (Encoding.GetEncoding("GB18030").GetString(bytes), "GB18030");
        }
    }

    private static string StrictOrLenient(byte[] bytes, int offset)
    {
        try { return StrictUtf8.GetString(bytes, offset, bytes.Length - offset); }
        catch (DecoderFallbackException) { return Encoding.UTF8.GetString(bytes, offset, bytes.Length - offset); }
    }
}
