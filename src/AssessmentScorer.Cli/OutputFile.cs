namespace AssessmentScorer.Cli;

/// <summary>
/// A command's <c>--out</c> file. Checked before any work: not a folder, and not one of the files the command reads (the
/// output would replace it). Written whole or not at all: into a temporary file beside it, moved into place once
/// complete, so that a failed write neither leaves part of an output nor destroys the file that was there. A path that
/// is not a plain file (a link, a device such as <c>/dev/stdout</c>) is written directly.
/// </summary>
internal static class OutputFile
{
    /// <summary>Whether <paramref name="path"/> (none given: no) cannot be the output of a command reading <paramref name="inputs"/>; the error printed.</summary>
    public static bool Refused(string? path, IEnumerable<string> inputs, TextWriter stderr)
    {
        if (path is null || Check(path, inputs) is not { } bad) return false;
        stderr.WriteLine(bad);
        return true;
    }

    /// <summary>The error to print when <paramref name="path"/> cannot be the output of a command reading <paramref name="inputs"/>; null when it can.</summary>
    private static string? Check(string path, IEnumerable<string> inputs)
    {
        if (Directory.Exists(path)) return $"error: --out {path} 是一个文件夹 is a folder: name the file to write";
        var output = Resolved(path);
        foreach (var input in inputs)
            if (File.Exists(input) && string.Equals(Resolved(input), output, PathComparison))
                return $"error: --out {path} 是输入文件 is the input file {input}: writing the output would replace it; name another file";
        return null;
    }

    /// <summary>
    /// A command that prints its report (compare, diff, sensitivity): to standard output, or with <paramref name="path"/>
    /// into that file, checked before any work. The file gets exactly what standard output would have; nothing is written
    /// when the command fails on its usage or has nothing to print (no submission read).
    /// </summary>
    public static int Printed(string? path, IEnumerable<string> inputs, TextWriter stdout, TextWriter stderr, Func<TextWriter, int> run)
    {
        if (path is null) return run(stdout);
        if (Refused(path, inputs, stderr)) return Cli.Usage;
        var report = new StringWriter();
        var code = run(report);
        if (code == Cli.Usage || report.GetStringBuilder().Length == 0) return code;
        if (!TryWrite(path, report.ToString(), stderr)) return Cli.Usage;
        stderr.WriteLine($"wrote {path}");
        return code;
    }

    /// <summary>Writes the output (its folder made); false, with the error printed, when it cannot be written.</summary>
    public static bool TryWrite(string path, Action<Stream> write, TextWriter stderr)
    {
        string? temp = null;
        try
        {
            var full = Path.GetFullPath(path);
            // A full path to a file has a folder (only the root has none, and a folder is refused before any work).
            var dir = Path.GetDirectoryName(full) ?? throw new IOException($"{full} is not a file");
            Directory.CreateDirectory(dir);
            if (!Plain(full))
            {
                using var direct = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                write(direct);
                return true;
            }
            temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
            using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16)) write(fs);
            File.Move(temp, path, overwrite: true);
            temp = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: 无法写入 cannot write {path}: {e.Message}");
            return false;
        }
        finally
        {
            if (temp is not null) try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Text written as UTF-8 without a byte-order mark (as <see cref="File.WriteAllText(string, string?)"/> writes it).</summary>
    public static bool TryWrite(string path, string text, TextWriter stderr) =>
        TryWrite(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false)); w.Write(text); }, stderr);

    public static bool TryWrite(string path, byte[] bytes, TextWriter stderr) => TryWrite(path, s => s.Write(bytes), stderr);

    private static readonly StringComparison PathComparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>The full path, through any links to the file they end at.</summary>
    private static string Resolved(string path)
    {
        var full = Path.GetFullPath(path);
        try { return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full; }
        catch (IOException) { return full; }
    }

    /// <summary>Absent or a plain file (<paramref name="full"/>, a full path): not a link and not a device, which a move would replace rather than write to.</summary>
    private static bool Plain(string full) =>
        !full.StartsWith("/dev/", StringComparison.Ordinal) && !full.StartsWith("/proc/", StringComparison.Ordinal)
        && (!File.Exists(full) || new FileInfo(full).LinkTarget is null);
}
