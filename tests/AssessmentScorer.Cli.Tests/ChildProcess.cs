using System.Diagnostics;

namespace AssessmentScorer.Cli.Tests;

/// <summary>Runs a program (dotnet, an installed tool) as a user would, and returns its exit code and all it printed.</summary>
internal static class ChildProcess
{
    /// <param name="environment">Changes to the child's environment (the rest is inherited; telemetry and the logo are off).</param>
    public static (int Exit, string Out) Run(string file, string workingDirectory, Action<IDictionary<string, string?>>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        environment?.Invoke(psi.Environment);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        // A hang guard only: packing and building take about a minute on a quiet machine.
        if (!p.WaitForExit(TimeSpan.FromMinutes(10))) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish"); }
        return (p.ExitCode, o.Result + e.Result);
    }
}
