using System.Diagnostics;
using AssessmentScorer;

// Loads rulesets/ (argument 1, default ./rulesets) in a fresh process and prints the in-process load time,
// so a process-level timer (hyperfine) and the in-process figure come from the same run.
var sw = Stopwatch.StartNew();
var load = RuleSetRegistry.LoadDirectory(args.Length > 0 ? args[0] : "rulesets");
sw.Stop();
var errors = load.Diagnostics.Count(d => d.Severity == Severity.Error);
var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
Console.WriteLine($"{{\"ruleSets\":{load.Registry.All.Count},\"errors\":{errors},\"loadMs\":{sw.Elapsed.TotalMilliseconds:F1},\"sinceProcessStartMs\":{sinceStart.TotalMilliseconds:F1}}}");
return errors == 0 ? 0 : 1;
