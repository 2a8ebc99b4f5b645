// Generator/mutator harness for the rule-set loader, the expression compiler and the submission readers.
//   dotnet run -c Release --project tools/AssessmentScorer.Fuzz -- --count 1000000 --seed 1
// Exit code 0: every input ended in a result or diagnostics within its budgets (time: --budget-ms, 0 for none;
// memory: --max-alloc-mb); 1: failures (saved to the corpus);
// 2: bad usage; 3: an input hung (saved to the corpus; the process cannot stop the thread, so it exits).
using System.Globalization;
using AssessmentScorer.Fuzzing;
using AssessmentScorer.Testing;

long count = 100_000, start = 0;
int seed = 1, threads = 1;
var budgetMs = 2000.0; var hangSeconds = 60.0; long maxAllocMb = 512;
string? rulesets = null, replay = null;
var corpus = Path.Combine(Repo.TryRoot ?? ".", "tools", "AssessmentScorer.Fuzz", "corpus");

for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    try
    {
        switch (args[i])
        {
            case "--count": count = long.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--start": start = long.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--budget-ms": budgetMs = double.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--hang-seconds": hangSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--max-alloc-mb": maxAllocMb = long.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--rulesets": rulesets = Next(); break;
            case "--corpus": corpus = Next(); break;
            case "--replay": replay = Next(); break;
            case "--print":
                {
                    // Print one generated input (to look at it, or to save it by hand).
                    var idx = long.Parse(Next(), CultureInfo.InvariantCulture);
                    var c = FuzzContext.Load(rulesets ?? FuzzContext.FindRuleSets());
                    var input = new Generator(c).Make(seed, idx);
                    Console.WriteLine($"# kind: {input.Kind}{(input.Target is null ? "" : ", target: " + input.Target)}");
                    Console.WriteLine(input.Text);
                    return 0;
                }
            case "-h" or "--help":
                Console.WriteLine("options: --count N --seed S [--start I] [--threads T] [--budget-ms MS] [--hang-seconds S] [--max-alloc-mb MB] [--rulesets DIR] [--corpus DIR] [--replay DIR] [--print I]");
                return 0;
            default: throw new ArgumentException($"unknown option {args[i]}");
        }
    }
    catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
    {
        Console.Error.WriteLine(ex.Message);
        return 2;
    }
}

var ctx = FuzzContext.Load(rulesets ?? FuzzContext.FindRuleSets());
if (replay is not null)
{
    var failed = Campaign.Replay(ctx, replay, Budget());
    Console.WriteLine($"replayed {Directory.EnumerateFiles(replay, "*.txt").Count(p => !p.EndsWith(".why.txt", StringComparison.Ordinal))} corpus inputs, failures {failed.Count}");
    foreach (var f in failed) Console.WriteLine("FAIL " + f);
    return failed.Count == 0 ? 0 : 1;
}

Console.WriteLine($"fuzzing: {count:N0} inputs, seed {seed}, start {start}, {threads} thread(s), {(budgetMs > 0 ? $"budget {budgetMs} ms per input" : "no time budget")}, hang after {hangSeconds} s, at most {maxAllocMb} MiB allocated per input");
Console.WriteLine($"corpus: {corpus}");
var campaign = new Campaign(ctx, new FuzzOptions(count, seed, Budget(), TimeSpan.FromSeconds(hangSeconds), maxAllocMb * 1024 * 1024, corpus, threads, start))
{
    Log = Console.WriteLine,
    OnHang = (idx, file) =>
    {
        Console.WriteLine($"HANG at input #{idx}; saved to {file}. Exiting.");
        Environment.Exit(3);
    },
};
var report = campaign.Run();
Console.WriteLine(report);
return report.Failures == 0 ? 0 : 1;

// --budget-ms 0: no time budget (inputs are then bounded by --max-alloc-mb and --hang-seconds only).
TimeSpan? Budget() => budgetMs > 0 ? TimeSpan.FromMilliseconds(budgetMs) : null;
