namespace AssessmentScorer.Testing;

/// <summary>This project's part of the shared <see cref="Repo"/> (tests/Shared/Repo.cs): the demonstration rule set.</summary>
internal static partial class Repo
{
    private static readonly Lazy<CompiledRuleSet> DemoSet = new(() =>
    {
        var load = RuleSetRegistry.LoadDirectory(RuleSets);
        return load.Registry.Resolve("cn.demo.hospital-basics@1.0.0")
            ?? throw new InvalidOperationException("cn.demo.hospital-basics@1.0.0 did not load: " + string.Join("; ", load.Diagnostics));
    });

    /// <summary>cn.demo.hospital-basics@1.0.0 as loaded from rulesets/.</summary>
    public static CompiledRuleSet Demo => DemoSet.Value;
}

/// <summary>Runs code under a culture (current and UI) and puts the thread's cultures back afterwards.</summary>
internal static class Cultures
{
    public static T With<T>(System.Globalization.CultureInfo culture, Func<T> body)
    {
        var (current, ui) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
            System.Globalization.CultureInfo.CurrentUICulture = culture;
            return body();
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = current;
            System.Globalization.CultureInfo.CurrentUICulture = ui;
        }
    }
}

/// <summary>A temporary directory of files, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "as-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public TempDir Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return this;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// Bytes a piece of code allocates on the calling thread: a bound on work that depends only on the input and the code,
/// never on the machine's load, so tests bound hostile inputs by it instead of by time.
/// </summary>
internal static class Allocation
{
    public static (T Value, long Bytes) Measure<T>(Func<T> body)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var value = body();
        return (value, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
