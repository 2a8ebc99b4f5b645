using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AssessmentScorer.Fuzzing;
using Xunit.Abstractions;

namespace AssessmentScorer.Tests.Reliability;

/// <summary>
/// No expression or rule file can reach the file system, the network, reflection or unbounded CPU: the function list
/// is closed, the expression code references none of those APIs, hostile inputs are refused within an allocation
/// bound, and rule files load only from the configured directory.
/// </summary>
/// <remarks>
/// Hostile inputs are bounded by the bytes the load allocates on its thread, which depends only on the input and the
/// code, never on the machine's load; the time each took is printed for the reader and not asserted.
/// </remarks>
public class SafetyTests(ITestOutputHelper output)
{

    private static string Draft(string expression) =>
        $"scheme: cn.t.safety\nversion: 0.1.0\ntitle: {{ zh: 草案, en: Draft }}\nindicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {JsonSerializer.Serialize(expression)}\n    target: {{ at_least: 1 }}\n    points: 10\n";

    private (RuleSetLoadResult Load, long Allocated) Measured(string yaml, string name = "")
    {
        var t0 = Stopwatch.GetTimestamp();
        var (load, allocated) = Allocation.Measure(() => RuleSetLoader.Load(yaml, "t.yaml"));
        output.WriteLine($"{name}: {yaml.Length:N0} characters, {allocated:N0} bytes allocated, {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:F0} ms (not asserted)");
        return (load, allocated);
    }

    public static IEnumerable<object[]> HostileFunctions() => Generator.HostileFunctions.Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(HostileFunctions))]
    public void Expression_FunctionOutsideTheClosedList_Refused(string name)
    {
        var (load, _) = Measured(Draft($"{name}(physicians)"), name);

        load.Success.Should().BeFalse();
        var codes = load.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Code).ToArray();
        if (name.All(char.IsAsciiLetterOrDigit)) codes.Should().Equal("AS3005");
        else codes.Should().ContainSingle().Which.Should().BeOneOf("AS3005", "AS3001");
    }

    [Fact]
    public void Expression_1000RandomFunctionNames_OnlyTheTablesFunctionsAreKnown()
    {
        var known = AssessmentScorer.Expressions.ExpressionFunctions.Names.ToHashSet(StringComparer.Ordinal);   // the table of functions
        var r = new Random(11);
        for (var i = 0; i < 1000; i++)
        {
            var name = new string(Enumerable.Range(0, 1 + r.Next(8)).Select(_ => (char)('a' + r.Next(26))).ToArray());
            if (known.Contains(name) || name is "and" or "or" or "not" or "in" or "true" or "false") continue;
            var load = RuleSetLoader.Load(Draft($"{name}(1)"));
            load.Diagnostics.Should().Contain(d => d.Code == "AS3005", name);
        }
        foreach (var (f, call) in new[] { ("if", "if(true, 1, 2)"), ("min", "min(1, 2)"), ("max", "max(1, 2)"), ("abs", "abs(-1)"), ("round", "round(1.5)"),
                     ("coalesce", "coalesce(physicians, 1)"), ("present", "if(present(physicians), 1, 0)"), ("prev", "prev(physicians)"), ("growth", "growth(physicians)") })
            RuleSetLoader.Load(Draft(call)).Diagnostics.Should().NotContain(d => d.Code == "AS3005", f);
    }

    [Fact]
    public void ExpressionCode_ReferencesNoFileNetworkReflectionOrProcessApi()
    {
        // By construction: the parser builds a closed AST and the compiler turns each node kind into a delegate.
        var forbidden = new[] { "System.IO", "System.Net", "System.Reflection", "System.Diagnostics.Process", "Activator", "Type.GetType", "Assembly.", "DllImport",
            "unsafe", "Environment.", "Thread.Sleep", "Task.Delay", "goto ", "Expression.Lambda", "DynamicMethod", "Emit" };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "src/AssessmentScorer/Expressions"), "*.cs"))
        {
            var text = File.ReadAllText(file);
            foreach (var f in forbidden) text.Should().NotContain(f, $"{Path.GetFileName(file)} must not use {f}");
        }
        var refs = typeof(CompiledRuleSet).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        refs.Should().NotContain(n => n.StartsWith("System.Net", StringComparison.Ordinal) || n == "System.Diagnostics.Process" || n.Contains("Reflection.Emit", StringComparison.Ordinal));
    }

    public static IEnumerable<object[]> HostileExpressions()
    {
        foreach (var n in new[] { 1_000, 100_000 })
        {
            yield return new object[] { $"long sum {n}", string.Concat(Enumerable.Repeat("1 + ", n)) + "1" };
            yield return new object[] { $"parentheses {n}", new string('(', n) + "1" + new string(')', n) };
            yield return new object[] { $"not {n}", string.Concat(Enumerable.Repeat("not ", n)) + "true" };
            yield return new object[] { $"minus {n}", new string('-', n) + "1" };
            yield return new object[] { $"nested min {n}", string.Concat(Enumerable.Repeat("min(1, ", n)) + "1" + new string(')', n) };
            yield return new object[] { $"nested if {n}", string.Concat(Enumerable.Repeat("if(true, ", n)) + "1" + string.Concat(Enumerable.Repeat(", 0)", n)) };
            yield return new object[] { $"list {n}", "1 in [" + string.Join(", ", Enumerable.Repeat("1", n)) + "]" };
            yield return new object[] { $"brackets {n}", new string('[', n) + new string(']', n) };
            yield return new object[] { $"digits {n}", new string('9', n) };
            yield return new object[] { $"text {n}", "'" + new string('x', n) + "'" };
        }
    }

    [Theory]
    [MemberData(nameof(HostileExpressions))]
    public void Expression_ExtremelyLongOrDeep_RefusedWithinAllocationBound(string name, string expression)
    {
        var (load, allocated) = Measured(Draft(expression), name);

        load.Success.Should().BeFalse(name);
        if (expression.Length > RuleSetLimits.Default.MaxExpressionLength)
            load.Diagnostics.Should().Contain(d => d.Code == "AS3001" || d.Code == "AS1002", name);
        // Linear in the input: a few bytes for each character it holds, beyond a fixed start-up share.
        allocated.Should().BeLessThan(4L * 1024 * 1024 + 32L * expression.Length, name);
    }

    public static IEnumerable<object[]> HostileYaml()
    {
        var laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++) laughs.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))).Append("]\n");
        yield return new object[] { "alias bomb", laughs.ToString(), "AS1004" };
        yield return new object[] { "deep flow", "a: " + new string('[', 200_000) + new string(']', 200_000), "AS1003" };
        yield return new object[] { "deep maps", string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "1" + new string('}', 100_000), "AS1003" };
        yield return new object[] { "deep block", string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i) + "a:\n")), "AS1003" };
        yield return new object[] { "3 MB", "a: '" + new string('x', 3 * 1024 * 1024) + "'\n", "AS1002" };
        yield return new object[] { "250,000 items", "a: [" + string.Join(",", Enumerable.Repeat("1", 250_000)) + "]\n", "AS1004" };
        yield return new object[] { "self alias", "a: &a\n  b: *a\n", "AS1001" };
    }

    [Theory]
    [MemberData(nameof(HostileYaml))]
    public void RuleFile_Hostile_RefusedWithinAllocationBound(string name, string yaml, string code)
    {
        var (load, allocated) = Measured(yaml, name);

        load.Success.Should().BeFalse(name);
        load.Diagnostics.Should().Contain(d => d.Code == code, name);
        allocated.Should().BeLessThan(256L * 1024 * 1024, name);
    }

    [Theory]
    [InlineData("../../etc/passwd@1.0.0")]
    [InlineData("../outside@1.0.0")]
    [InlineData("/etc/passwd@1.0.0")]
    [InlineData("../outside/1.0.0.yaml")]
    [InlineData("outside@1.0.0")]
    [InlineData("file:///etc/passwd")]
    public void LoadDirectory_ExtendsPointingOutside_NotFoundAndNothingOutsideLoaded(string reference)
    {
        using var root = new TempDir();
        var valid = (string scheme) => $"scheme: {scheme}\nversion: 1.0.0\ntitle: {{ zh: 外, en: Outside }}\nindicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: physicians\n    target: {{ at_least: 1 }}\n    points: 10\n";
        root.Write("outside/1.0.0.yaml", valid("outside"));
        root.Write("rulesets/child/1.0.0.yaml", $"scheme: child\nversion: 1.0.0\nextends: {JsonSerializer.Serialize(reference)}\ntitle: {{ zh: 子, en: Child }}\nindicators: []\n");

        var load = RuleSetRegistry.LoadDirectory(Path.Combine(root.Path, "rulesets"));

        load.Registry.All.Should().BeEmpty("nothing outside the configured directory is read, and the child has no parent");
        load.Diagnostics.Should().Contain(d => d.Code == "AS4002" || d.Code == "AS4005");
        load.Diagnostics.Should().OnlyContain(d => d.Location.File.StartsWith(Path.Combine(root.Path, "rulesets"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("cn/../x")]
    [InlineData("cn.demo/x")]
    [InlineData("..")]
    [InlineData("cn..x")]
    [InlineData("C:\\\\x")]
    public void Load_SchemeIdWithSlashOrDots_AS2004(string scheme)
    {
        var load = RuleSetLoader.Load($"scheme: \"{scheme}\"\nversion: 1.0.0\ntitle: {{ zh: 甲, en: A }}\nindicators: []\n");

        load.Success.Should().BeFalse();
        load.Diagnostics.Should().Contain(d => d.Code == "AS2004");
    }
}
