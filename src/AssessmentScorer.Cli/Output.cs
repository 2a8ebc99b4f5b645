using System.Globalization;
using System.Text;

namespace AssessmentScorer.Cli;

internal static class Output
{
    /// <summary>Prints diagnostics as file(line,col): error CODE: message, with the source line and ^^^ under the place.</summary>
    public static void Diagnostics(IEnumerable<Diagnostic> diagnostics, TextWriter err, Func<string, string[]?> lines)
    {
        foreach (var d in diagnostics)
        {
            err.WriteLine(d.ToString());
            if (d.Location.Line <= 0) continue;
            var text = lines(d.Location.File);
            if (text is null || d.Location.Line > text.Length) continue;
            var line = text[d.Location.Line - 1].TrimEnd('\r');
            if (line.Length > 200) continue;
            err.WriteLine("    " + line);
            var col = Math.Max(1, d.Location.Column);
            var pad = new StringBuilder();
            for (var i = 0; i < col - 1 && i < line.Length; i++) pad.Append(line[i] == '\t' ? '\t' : Width(line[i]) == 2 ? "  " : " ");
            var token = TokenLength(line, col - 1);
            err.WriteLine("    " + pad + new string('^', Math.Max(1, token)));
        }
    }

    private static int TokenLength(string line, int start)
    {
        if (start >= line.Length) return 1;
        var end = start;
        while (end < line.Length && !char.IsWhiteSpace(line[end]) && line[end] is not (',' or '}' or ']' or ':')) end++;
        var w = 0;
        for (var i = start; i < end; i++) w += Width(line[i]);
        return Math.Max(1, Math.Min(w, 40));
    }

    public static int Width(char c) => c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6)) ? 2 : 1;

    public static int Width(string s) => s.Sum(Width);

    public static string Pad(string s, int width) => s + new string(' ', Math.Max(0, width - Width(s)));

    public static string Num(decimal d) => (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    public static void Table(TextWriter w, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(Width(h), rows.Count == 0 ? 0 : rows.Max(r => Width(r[i])))).ToArray();
        w.WriteLine(string.Join("  ", headers.Select((h, i) => Pad(h, widths[i]))).TrimEnd());
        w.WriteLine(string.Join("  ", widths.Select(x => new string('-', x))));
        foreach (var r in rows) w.WriteLine(string.Join("  ", r.Select((c, i) => Pad(c, widths[i]))).TrimEnd());
    }
}
