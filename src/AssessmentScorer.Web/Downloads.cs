using System.Text;
using Microsoft.JSInterop;

namespace AssessmentScorer.Web;

/// <summary>Files the pages hand to the reader: made on the server by the shared writers, saved by the browser.</summary>
public static class Downloads
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task SaveAsync(IJSRuntime js, string name, string type, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var reference = new DotNetStreamReference(stream);
        await js.InvokeVoidAsync("scorer.save", name, type, reference);
    }

    public static Task SaveTextAsync(IJSRuntime js, string name, string type, string text, bool bom = false) =>
        SaveAsync(js, name, type, (bom ? Encoding.UTF8.GetPreamble() : Array.Empty<byte>()).Concat(Encoding.UTF8.GetBytes(text)).ToArray());

    /// <summary>A file name made of a rule set's scheme and version and a suffix (no path characters).</summary>
    public static string NameFor(CompiledRuleSet rs, string suffix) => $"{rs.Scheme}-{rs.Version}-{suffix}".Replace('/', '-').Replace('\\', '-');
}
