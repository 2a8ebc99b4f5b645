using System.Text.Json;
using System.Text.RegularExpressions;

namespace AssessmentScorer.Fuzzing;

/// <summary>A broken promise of the library: not an exception it threw, but an outcome it must never give.</summary>
public sealed class InvariantException(string message) : Exception(message);

/// <summary>How one input ended.</summary>
public enum Outcome { Result, Diagnostics }

/// <summary>
/// Runs one input through the public API the way a host would and checks what must always hold:
/// the input ends in a result or in diagnostics (each with a stable code and a message), never in an
/// exception; a loaded rule set scores a submission and writes its JSON, twice identically.
/// </summary>
public sealed partial class Target
{
    private readonly FuzzContext _ctx;
    private readonly Generator _gen;
    private readonly RuleSetLimits _limits;

    public Target(FuzzContext ctx, RuleSetLimits? limits = null)
    {
        _ctx = ctx;
        _gen = new Generator(ctx);
        _limits = limits ?? RuleSetLimits.Default;
    }

    [GeneratedRegex(@"^AS\d{4}$")]
    private static partial Regex CodePattern();

    public Outcome Run(FuzzInput input, int seed)
    {
        switch (input.Kind)
        {
            case "tests-mutated":
                {
                    var rs = Resolve(input.Target);
                    var run = RuleSetTesting.Run(rs, input.Text, "fuzz.tests.yaml");
                    Check(run.Diagnostics);
                    foreach (var c in run.Cases) if (c.Name is null) throw new InvariantException("a test case without a name");
                    return run.Diagnostics.Any(d => d.Severity == Severity.Error) ? Outcome.Diagnostics : Outcome.Result;
                }
            case "submission":
                return RunSubmission(input, seed);
            case "csv":
                {
                    var rs = Resolve(input.Target);
                    var table = RuleSetCsv(input.Text, rs);
                    return table;
                }
            default:
                {
                    var load = _ctx.Installed.LoadDraft(input.Text, "fuzz.yaml", _limits);
                    Check(load.Diagnostics);
                    if (load.RuleSet is null)
                    {
                        if (!load.Diagnostics.Any(d => d.Severity == Severity.Error))
                            throw new InvariantException("no rule set and no error diagnostic");
                        return Outcome.Diagnostics;
                    }
                    if (load.Diagnostics.Any(d => d.Severity == Severity.Error)) throw new InvariantException("a rule set was returned with errors");
                    // Score a few random submissions; the same submission must give the same bytes twice.
                    var r = Generator.RandomFor(seed, input.Text.Length);
                    for (var i = 0; i < 2; i++)
                    {
                        var parsed = Submission.ParseJson(_gen.SubmissionJson(r, load.RuleSet));
                        if (parsed.Submission is null) continue;
                        var a = load.RuleSet.Score(parsed.Submission).ToJson();
                        var b = load.RuleSet.Score(parsed.Submission).ToJson();
                        if (a != b) throw new InvariantException("scoring the same submission twice gave different JSON");
                    }
                    return Outcome.Result;
                }
        }
    }

    private Outcome RuleSetCsv(string text, CompiledRuleSet rs)
    {
        var table = SubmissionCsv.Read(text, rs);
        if (table.RowsRead < 0 || table.Submissions.Count > table.RowsRead) throw new InvariantException("CSV counts do not add up");
        foreach (var p in table.Problems)
            if (!CodePattern().IsMatch(p.Code) || string.IsNullOrEmpty(p.Message)) throw new InvariantException($"bad CSV problem {p.Code}: {p.Message}");
        if (table.Submissions.Count > 0) _ = rs.ScoreCohort(table.Submissions).ToJson();
        return table.Submissions.Count > 0 ? Outcome.Result : Outcome.Diagnostics;
    }

    private Outcome RunSubmission(FuzzInput input, int seed)
    {
        var rs = Resolve(input.Target);
        var subs = new List<Submission>();
        var trimmed = input.Text.TrimStart();
        if (trimmed.StartsWith('['))
        {
            JsonDocument? doc = null;
            try { doc = JsonDocument.Parse(input.Text, new JsonDocumentOptions { MaxDepth = 32 }); }
            catch (JsonException) { }
            // A string cut inside a surrogate pair is not Unicode; JsonDocument throws ArgumentException (the API never
            // holds such a string: it decodes bodies as strict UTF-8). Submission.ParseJson must report it.
            catch (ArgumentException) { }
            if (doc is null)
            {
                var p = Submission.ParseJson(input.Text);
                CheckProblems(p);
                return Outcome.Diagnostics;
            }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Array) return Outcome.Diagnostics;
                var i = 0;
                foreach (var e in doc.RootElement.EnumerateArray())
                {
                    var p = Submission.FromJson(e, $"[{i++}]");
                    CheckProblems(p);
                    if (p.Submission is not null) subs.Add(p.Submission);
                }
            }
            if (subs.Count == 0) return Outcome.Diagnostics;
            var a = rs.ScoreCohort(subs).ToJson();
            var b = rs.ScoreCohort(subs).ToJson();
            if (a != b) throw new InvariantException("scoring the same cohort twice gave different JSON");
            return Outcome.Result;
        }
        var parsed = Submission.ParseJson(input.Text);
        CheckProblems(parsed);
        if (parsed.Submission is null) return Outcome.Diagnostics;
        var result = rs.Score(parsed.Submission);
        var json = result.ToJson();
        if (json != rs.Score(parsed.Submission).ToJson()) throw new InvariantException("scoring the same submission twice gave different JSON");
        using (JsonDocument.Parse(json)) { }
        // Every problem of the input is carried into the result, so nothing read is silently dropped.
        foreach (var p in parsed.Problems)
            if (!result.Problems.Contains(p)) throw new InvariantException($"input problem {p.Code} at {p.Field} is missing from the result");
        return Outcome.Result;
    }

    private static void CheckProblems(SubmissionParseResult p)
    {
        if (p.Submission is null && p.Problems.Count == 0) throw new InvariantException("no submission and no problem");
        foreach (var x in p.Problems)
        {
            if (!CodePattern().IsMatch(x.Code) || string.IsNullOrEmpty(x.Message)) throw new InvariantException($"bad problem {x.Code}: {x.Message}");
            if (x.Field is null) throw new InvariantException($"problem {x.Code} names no field");
        }
    }

    private CompiledRuleSet Resolve(string? reference) =>
        _ctx.Installed.Resolve(reference ?? "cn.demo.hospital-basics@1.0.0") ?? _ctx.Installed.All[0];

    private static void Check(IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            if (!CodePattern().IsMatch(d.Code)) throw new InvariantException($"diagnostic code '{d.Code}' is not ASnnnn");
            if (string.IsNullOrWhiteSpace(d.Message)) throw new InvariantException($"{d.Code} has no message");
            if (d.Location.Line < 0 || d.Location.Column < 0) throw new InvariantException($"{d.Code} has a negative position");
            if (d.Message.Contains("   at ", StringComparison.Ordinal) || d.Message.Contains("Exception", StringComparison.Ordinal))
                throw new InvariantException($"{d.Code} message looks like an exception: {d.Message}");
        }
    }
}
