using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AssessmentScorer.Fuzzing;

/// <summary>
/// Makes inputs: mutated bundled rule files, grammar-generated rule files, random expressions in a small
/// rule file, hostile inputs (deep nesting, alias bombs, huge numbers, unicode, path traversal), mutated
/// tests documents, and random JSON and CSV submissions. Input <c>i</c> of seed <c>s</c> is always the same.
/// </summary>
public sealed class Generator
{
    private readonly FuzzContext _ctx;
    public Generator(FuzzContext ctx) => _ctx = ctx;

    /// <summary>The weights of the kinds (out of 1000): cheap kinds run most, whole bundled files less often.</summary>
    private static readonly (string Kind, int Weight)[] Kinds =
    {
        ("expression", 330), ("yaml-generated", 200), ("hostile", 120), ("submission", 200), ("csv", 60),
        ("yaml-mutated", 60), ("tests-mutated", 30),
    };

    /// <summary>The random source of input <paramref name="index"/>: SplitMix64 of seed and index, the same in every process
    /// (HashCode.Combine is randomized per process, so it cannot be used to reproduce an input).</summary>
    public static Random RandomFor(int seed, long index)
    {
        var z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)index * 0xD1B54A32D192ED03UL + 0x5EED);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return new Random((int)(z & 0x7FFFFFFF));
    }

    public FuzzInput Make(int seed, long index)
    {
        var r = RandomFor(seed, index);
        var roll = r.Next(1000);
        foreach (var (kind, weight) in Kinds)
        {
            if (roll < weight) return Make(kind, r);
            roll -= weight;
        }
        return Make("expression", r);
    }

    public FuzzInput Make(string kind, Random r) => kind switch
    {
        "expression" => new(kind, ExpressionRuleSet(r)),
        "yaml-generated" => new(kind, GeneratedRuleSet(r)),
        "hostile" => new(kind, Hostile(r)),
        "yaml-mutated" => new(kind, Mutate(Pick(r, _ctx.RuleFiles), r, keepVersion: r.Next(5) == 0)),
        "tests-mutated" => TestsMutated(r),
        "submission" => Submission(r),
        "csv" => Csv(r),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind"),
    };

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    // ---------------------------------------------------------------- values and expressions

    internal static readonly string[] Weird =
    {
        "1e400", "-1e400", "1e-400", "99999999999999999999999999999999", "79228162514264337593543950336", "-79228162514264337593543950335",
        "0.0000000000000000000000000001", "-0", ".inf", "-.inf", ".nan", "NaN", "Infinity", "-Infinity", "", "~", "null", "0x1F", "0o17", "1_000",
        "١٢٣", "１２３", "🏥", "\u202Etxt.exe", "\u200B", "\uFEFF", "'", "\"", "[", "{", "]", "}", "*x", "&a", "!!binary", "!tag", "%", "40%%", "%40",
        "1.2.3", "2025-13-45", "9999-99-99", "0000-00-00", "2025-02-30", "true", "yes", "no", "on", "off", "Y", "N", "- -", ": :", "? x", "|", ">", "#",
        "../../etc/passwd@1.0.0", "/etc/passwd", "file:///etc/passwd", "http://127.0.0.1:1/", "\\\\server\\share", "C:\\Windows\\win.ini",
        "cn.demo.hospital-basics@latest", "cn.demo.hospital-basics@^1", "@", "@@", "a@b@c", ">=1.0 <2.0", "^", "~", "x.y.z", "1.0.0-rc.1+build",
        "2147483648", "-2147483649", "9223372036854775808", "1.7976931348623157E+309", "4.9E-325", "四级甲等", "五级", "合格", "不合格", "优秀",
    };

    // From the library's table of functions: a function added there is fuzzed too.
    private static readonly string[] Functions = AssessmentScorer.Expressions.ExpressionFunctions.Names.ToArray();

    internal static readonly string[] HostileFunctions =
    {
        "File", "open", "read", "readFile", "exec", "system", "eval", "load", "import", "require", "http", "get", "fetch", "env", "getenv",
        "typeof", "GetType", "Type", "Assembly", "Activator", "Process", "Start", "socket", "connect", "include", "sleep", "loop", "while",
        "sum", "avg", "count", "len", "sqrt", "pow", "log", "exp", "IF", "Min", "MAX", "ｍｉｎ", "mín", "min\u200B",
    };

    private static readonly string[] Ops = { "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or", "in" };

    public string Expression(Random r, int depth)
    {
        if (depth <= 0 || r.Next(4) == 0) return Atom(r);
        switch (r.Next(12))
        {
            case 0: case 1: case 2: case 3:
                return $"{Expression(r, depth - 1)} {Pick(r, Ops)} {Expression(r, depth - 1)}";
            case 4: return $"({Expression(r, depth - 1)})";
            case 5: return r.Next(2) == 0 ? $"-{Expression(r, depth - 1)}" : $"not {Expression(r, depth - 1)}";
            case 6: case 7:
                {
                    var name = r.Next(6) == 0 ? Pick(r, HostileFunctions) : Pick(r, Functions);
                    var n = r.Next(5);
                    return $"{name}({string.Join(", ", Enumerable.Range(0, n).Select(_ => Expression(r, depth - 1)))})";
                }
            case 8: return $"[{string.Join(", ", Enumerable.Range(0, r.Next(4)).Select(_ => Expression(r, depth - 1)))}]";
            case 9: return $"{Expression(r, depth - 1)} in [{Atom(r)}, {Atom(r)}]";
            case 10: return Garble(r, Expression(r, depth - 1));
            default: return $"if({Expression(r, depth - 1)}, {Expression(r, depth - 1)}, {Expression(r, depth - 1)})";
        }
    }

    /// <summary>A well-typed number expression (so it compiles and the evaluator meets overflow, division by zero, missing values).</summary>
    public string Number(Random r, int depth)
    {
        if (depth <= 0 || r.Next(3) == 0)
            return r.Next(5) switch
            {
                0 => Pick(r, new[] { "0", "1", "0.5", "40%", "79228162514264337593543950335", "0.0000000000000000000000000001", "99999999999999999999999999" }),
                1 => r.Next(100).ToString(CultureInfo.InvariantCulture),
                _ => Pick(r, NumberFields),
            };
        return r.Next(9) switch
        {
            0 or 1 => $"{Number(r, depth - 1)} {Pick(r, new[] { "+", "-", "*", "/" })} {Number(r, depth - 1)}",
            2 => $"({Number(r, depth - 1)}) / ({Number(r, depth - 1)} - {Number(r, depth - 1)})",
            3 => $"{Pick(r, new[] { "min", "max", "coalesce" })}({string.Join(", ", Enumerable.Range(0, 1 + r.Next(3)).Select(_ => Number(r, depth - 1)))})",
            4 => $"abs({Number(r, depth - 1)})",
            5 => $"round({Number(r, depth - 1)}{(r.Next(2) == 0 ? ", " + r.Next(-3, 30).ToString(CultureInfo.InvariantCulture) : "")})",
            6 => $"if({Bool(r, depth - 1)}, {Number(r, depth - 1)}, {Number(r, depth - 1)})",
            7 => $"-{Number(r, depth - 1)}",
            _ => $"prev({Pick(r, NumberFields)})",
        };
    }

    public string Bool(Random r, int depth) => r.Next(5) switch
    {
        0 => $"{Number(r, depth - 1)} {Pick(r, new[] { "<", "<=", ">", ">=", "==", "!=" })} {Number(r, depth - 1)}",
        1 when depth > 0 => $"{Bool(r, depth - 1)} {Pick(r, new[] { "and", "or" })} {Bool(r, depth - 1)}",
        2 => $"tier {Pick(r, new[] { "==", "!=" })} '{Pick(r, new[] { "tertiary", "secondary" })}'",
        3 => $"present({Pick(r, NumberFields)})",
        _ => $"not ({Number(r, depth - 1)} > {Number(r, depth - 1)})",
    };

    private static readonly string[] NumberFields =
    {
        "personnel_expenditure", "business_expenditure", "registered_nurses", "physicians", "day_surgeries", "elective_surgeries", "emr_level",
        "in_county_admissions", "insured_admissions", "major_safety_incidents",
    };

    private string Atom(Random r) => r.Next(14) switch
    {
        0 or 1 or 2 or 3 => Pick(r, _ctx.Fields),
        4 => r.Next(1000).ToString(CultureInfo.InvariantCulture),
        5 => (r.NextDouble() * 200 - 50).ToString("0.####", CultureInfo.InvariantCulture) + (r.Next(3) == 0 ? "%" : ""),
        6 => r.Next(3) switch { 0 => "99999999999999999999999999999", 1 => "79228162514264337593543950335", _ => "0.00000000000000000000000000001" },
        7 => r.Next(2) == 0 ? "true" : "false",
        8 => $"'{Pick(r, new[] { "tertiary", "secondary", "general", "tcm", "四级甲等", "合格", "", "''", "x" })}'",
        9 => Pick(r, new[] { "tier", "category", "kind", "ownership", "year", "value", "grade", "total", "beds", "region" }),
        10 => $"prev({Pick(r, _ctx.Fields)})",
        11 => Ident(r),
        12 => Pick(r, Weird),
        _ => Pick(r, _ctx.Fields),
    };

    private static string Ident(Random r)
    {
        const string chars = "abcdefghijklmnopqrstuvwxyz_0123456789";
        var sb = new StringBuilder();
        sb.Append((char)('a' + r.Next(26)));
        for (var i = r.Next(12); i > 0; i--) sb.Append(chars[r.Next(chars.Length)]);
        if (r.Next(10) == 0) sb.Append(Pick(r, new[] { "中", "é", "ß", "İ", "ı", "\u0301", "٣" }));
        return sb.ToString();
    }

    private static string Garble(Random r, string s)
    {
        if (s.Length == 0) return Pick(r, Weird);
        var sb = new StringBuilder(s);
        for (var n = 1 + r.Next(3); n > 0; n--)
        {
            var at = r.Next(sb.Length + 1);
            switch (r.Next(4))
            {
                case 0: if (at < sb.Length) sb.Remove(at, 1); break;
                case 1: sb.Insert(at, Pick(r, new[] { "(", ")", ",", "'", "\"", "[", "]", "=", "!", "%", ".", "e", "_", " ", "\t", "#", "@", "$" })); break;
                case 2: sb.Insert(at, Pick(r, Weird)); break;
                default: if (at < sb.Length) sb[at] = (char)r.Next(32, 0x3000); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A YAML double-quoted scalar holding exactly <paramref name="s"/> (or, sometimes, the raw text).</summary>
    internal static string Q(string s) => JsonSerializer.Serialize(s, QuoteOptions);

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private string ExpressionRuleSet(Random r)
    {
        // Mostly well-typed (so the rule set compiles and scoring meets the values), sometimes anything at all.
        string N() => r.Next(4) == 0 ? Any() : Number(r, 1 + r.Next(5));
        string B() => r.Next(4) == 0 ? Any() : Bool(r, 1 + r.Next(4));
        string Any() => r.Next(8) == 0 ? Pick(r, Weird) : Expression(r, 1 + r.Next(5));
        string Raw(string e) => r.Next(6) == 0 ? e : Q(e);
        var sb = new StringBuilder();
        sb.Append("scheme: fuzz.expr\nversion: 1.0.0\ntitle: { zh: 测试, en: Fuzz }\n");
        if (r.Next(4) == 0) sb.Append("fields:\n  - { id: own_field, type: number }\n");
        sb.Append("indicators:\n");
        sb.Append($"  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {Raw(N())}\n    target: {{ at_least: {Pick(r, new[] { "1", "40%", "0", "79228162514264337593543950335", Q(Pick(r, Weird)) })} }}\n");
        if (r.Next(2) == 0) sb.Append($"    score: {{ method: linear, from: {Pick(r, new[] { "0", "30%", "-79228162514264337593543950335", "0.0000000000000000000000000001" })} }}\n");
        sb.Append("    points: 10\n");
        sb.Append($"  - id: b\n    name: {{ zh: 乙, en: B }}\n    value: {Raw(N())}\n");
        if (r.Next(2) == 0) sb.Append($"    applies_when: {Raw(B())}\n");
        sb.Append($"    target:\n      - when: {Raw(B())}\n        at_least: 2\n      - at_most: 5\n");
        sb.Append($"    points: {Pick(r, new[] { "5", "0", "0.5", "1000000000000" })}\n");
        sb.Append($"grading: {{ method: cutoffs, grades: [ {{ grade: 合格, min: 10 }}, {{ grade: 不合格 }} ], pass: {Raw(r.Next(2) == 0 ? "grade >= '合格'" : B())} }}\n");
        if (r.Next(2) == 0) sb.Append($"vetoes:\n  - id: v\n    name: {{ zh: 否决, en: Veto }}\n    when: {Raw(B())}\n    effect: fail\n");
        return sb.ToString();
    }

    // ---------------------------------------------------------------- generated YAML

    private static readonly string[] Keys =
    {
        "scheme", "version", "status", "title", "effective", "applies_to", "extends", "sources", "fields", "scales", "dimensions", "indicators",
        "aggregates", "grading", "vetoes", "id", "name", "zh", "en", "dimension", "value", "applies_when", "target", "score", "points", "weight",
        "source", "unit", "task", "tags", "note", "when", "at_least", "at_most", "greater_than", "less_than", "equals", "about", "tolerance", "between",
        "method", "from", "to", "bands", "levels", "direction", "late_points", "deadline", "evidence", "grades", "grade", "min", "pass", "effect",
        "cap_grade", "over", "stratify_by", "top", "by_year", "type", "kind", "tiers", "ownership", "categories", "parent", "percentile", "rounding",
        "numerator", "denominator", "sum_of", "ratio_of", "count_of", "share_of", "remove", "min_change", "min_evidence", "basis", "total_points",
        "evidence_match", "check", "min_coverage",
    };

    // The scoring methods' names from the library's table, then other values rule files hold.
    private static readonly string[] Scalars = AssessmentScorer.Scoring.Methods.ScoringMethods.Names.Concat(new[]
    {
        "cutoffs", "fail", "increase", "decrease",
        "published", "draft", "hospital", "tertiary", "secondary", "public", "number", "integer", "percent", "text", "boolean", "level",
        "1.0.0", "0.1.0", "2025-12-31", "2022-01-01", "40%", "10", "0", "-5", "1.3", "personnel_expenditure / business_expenditure",
        "tier == 'tertiary'", "grade >= '合格'", "major_safety_incidents > 0", "emr_level", "cn.demo.hospital-basics@1.0.0",
        "names", "count", "12-31", "50%", "1月+安全分析会", "章程|组建方案",
    }).ToArray();

    private string GeneratedRuleSet(Random r)
    {
        var sb = new StringBuilder();
        if (r.Next(3) != 0)
        {
            sb.Append($"scheme: {(r.Next(5) == 0 ? Pick(r, Weird) : "fuzz.gen." + Ident(r))}\n");
            sb.Append($"version: {(r.Next(6) == 0 ? Pick(r, Weird) : $"{r.Next(3)}.{r.Next(10)}.{r.Next(10)}")}\n");
            if (r.Next(2) == 0) sb.Append("title: { zh: 生成, en: Generated }\n");
            if (r.Next(4) == 0) sb.Append($"extends: {(r.Next(3) == 0 ? Q(Pick(r, Weird)) : Pick(r, _ctx.References))}\n");
        }
        var keys = 1 + r.Next(6);
        for (var i = 0; i < keys; i++)
        {
            var key = Pick(r, Keys);
            sb.Append(key).Append(':');
            Node(sb, r, key, 1, r.Next(5));
        }
        return sb.ToString();
    }

    private void Node(StringBuilder sb, Random r, string key, int indent, int depth)
    {
        var pad = new string(' ', indent * 2);
        if (depth <= 0 || r.Next(3) == 0)
        {
            sb.Append(' ').Append(key is "value" or "when" or "applies_when" or "pass" ? Q(Expression(r, 2)) : ScalarText(r)).Append('\n');
            return;
        }
        switch (r.Next(4))
        {
            case 0:
                sb.Append('\n');
                for (var i = r.Next(4); i >= 0; i--)
                {
                    sb.Append(pad).Append("- ");
                    if (r.Next(2) == 0) { sb.Append(ScalarText(r)).Append('\n'); continue; }
                    var k = Pick(r, Keys);
                    sb.Append(k).Append(':');
                    Node(sb, r, k, indent + 1, depth - 1);
                }
                break;
            case 1:
                sb.Append(" { ");
                for (var i = r.Next(4); i >= 0; i--) sb.Append(Pick(r, Keys)).Append(": ").Append(ScalarText(r)).Append(i > 0 ? ", " : " ");
                sb.Append("}\n");
                break;
            case 2:
                sb.Append(" [ ").Append(string.Join(", ", Enumerable.Range(0, r.Next(5)).Select(_ => ScalarText(r)))).Append(" ]\n");
                break;
            default:
                sb.Append('\n');
                for (var i = r.Next(5); i >= 0; i--)
                {
                    var k = Pick(r, Keys);
                    sb.Append(pad).Append(k).Append(':');
                    Node(sb, r, k, indent + 1, depth - 1);
                }
                break;
        }
    }

    private string ScalarText(Random r) => r.Next(6) switch
    {
        0 => Q(Pick(r, Weird)),
        1 => r.Next(1000).ToString(CultureInfo.InvariantCulture),
        2 => Q(Expression(r, 2)),
        _ => Pick(r, Scalars),
    };

    // ---------------------------------------------------------------- mutation

    public string Mutate(string text, Random r, bool keepVersion)
    {
        var lines = text.Split('\n').ToList();
        for (var n = 1 + r.Next(4); n > 0 && lines.Count > 0; n--)
        {
            var i = r.Next(lines.Count);
            switch (r.Next(12))
            {
                case 0: lines.RemoveAt(i); break;
                case 1: lines.Insert(i, lines[r.Next(lines.Count)]); break;
                case 2: { var j = r.Next(lines.Count); (lines[i], lines[j]) = (lines[j], lines[i]); break; }
                case 3: lines[i] = ReplaceValue(lines[i], Pick(r, Weird), r); break;
                case 4: lines[i] = ReplaceValue(lines[i], Q(Expression(r, 3)), r); break;
                case 5: lines[i] = r.Next(2) == 0 ? "  " + lines[i] : lines[i].TrimStart(' ').PadLeft(lines[i].TrimStart(' ').Length + Math.Max(0, lines[i].Length - lines[i].TrimStart(' ').Length - 2)); break;
                case 6: lines.Insert(i, Pick(r, Pick(r, _ctx.RuleFiles).Split('\n'))); break;
                case 7: lines[i] = Garble(r, lines[i]); break;
                case 8: return string.Join('\n', lines)[..r.Next(string.Join('\n', lines).Length + 1)];
                case 9:
                    lines.Insert(i, Pick(r, new[] { "x: &a [1, 2, 3]", "y: *a", "<<: *a", "z: !!python/object:os.system ls", "--- ", "...", "%YAML 1.1", "? [a]\n: b", "\t- x" }));
                    break;
                case 10: lines[i] = lines[i].Replace(": ", ": &" + Ident(r) + " ", StringComparison.Ordinal); break;
                default: lines[i] = ReplaceValue(lines[i], r.Next(2) == 0 ? "\"" + new string('9', 30 + r.Next(400)) + "\"" : new string('x', r.Next(5000)), r); break;
            }
        }
        var result = string.Join('\n', lines);
        if (!keepVersion)
            result = System.Text.RegularExpressions.Regex.Replace(result, @"(?m)^version: .*$", $"version: {r.Next(5, 50)}.{r.Next(10)}.{r.Next(10)}");
        if (r.Next(20) == 0) result = result.Replace("\n", "\r\n", StringComparison.Ordinal);
        return result;
    }

    private static string ReplaceValue(string line, string value, Random r)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0) return line + (r.Next(2) == 0 ? " " + value : value);
        return line[..(colon + 2)] + value;
    }

    private FuzzInput TestsMutated(Random r)
    {
        var (reference, text) = Pick(r, _ctx.TestFiles);
        return new FuzzInput("tests-mutated", Mutate(text, r, keepVersion: true), reference);
    }

    // ---------------------------------------------------------------- hostile

    public string Hostile(Random r)
    {
        var head = "scheme: fuzz.hostile\nversion: 1.0.0\ntitle: { zh: 敌意, en: Hostile }\n";
        var n = r.Next(4) == 0 ? 1 + r.Next(100_000) : 1 + r.Next(300);
        switch (r.Next(24))
        {
            case 0: return head + "x: " + new string('[', n) + new string(']', n) + "\n";
            case 1: return head + "x: " + string.Concat(Enumerable.Repeat("{a: ", n)) + "1" + new string('}', n) + "\n";
            case 2:
                {
                    var sb = new StringBuilder(head).Append("x:\n");
                    for (var i = 1; i <= Math.Min(n, 5000); i++) sb.Append(' ', i).Append(i % 3 == 0 ? "- a:\n" : "a:\n");
                    return sb.ToString();
                }
            case 3:
                {
                    var sb = new StringBuilder(head);
                    var width = 2 + r.Next(15); var levels = 2 + r.Next(12);
                    sb.Append("a0: &a0 [").Append(string.Join(", ", Enumerable.Repeat("\"lol\"", width))).Append("]\n");
                    for (var i = 1; i <= levels; i++) sb.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", width))).Append("]\n");
                    sb.Append($"indicators: *a{levels}\n");
                    return sb.ToString();
                }
            case 4: return head + $"indicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {Q(string.Concat(Enumerable.Repeat("1 + ", n)) + "1")}\n    points: 10\n";
            case 5: return head + $"indicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {Q(new string('(', n) + "1" + new string(')', n))}\n    points: 10\n";
            case 6: return head + $"indicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {Q(string.Concat(Enumerable.Repeat("not ", n)) + "true")}\n    points: 10\n";
            case 7: return head + $"indicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {Q(new string('-', n) + "1")}\n    points: 10\n";
            case 8: return head + $"indicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {Q(string.Concat(Enumerable.Repeat("min(1, ", n)) + "1" + new string(')', n))}\n    points: 10\n";
            case 9: return head + $"indicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {Q(string.Concat(Enumerable.Repeat("if(true, ", n)) + "1" + string.Concat(Enumerable.Repeat(", 0)", n)))}\n    points: 10\n";
            case 10: return head + $"indicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {Q("[" + string.Join(", ", Enumerable.Repeat("1", n)) + "]")}\n    points: 10\n";
            case 11:
                return head + $"indicators:\n  - id: a\n    name: {{ zh: 甲, en: A }}\n    value: {Pick(r, Weird)}\n    target: {{ at_least: {Pick(r, Weird)} }}\n    points: {Pick(r, Weird)}\n    weight: {Pick(r, Weird)}\n";
            case 12: return $"scheme: fuzz.hostile\nversion: 1.0.0\nextends: {Pick(r, new[] { "../../etc/passwd@1.0.0", "/etc/passwd@1.0.0", "..@1.0.0", "../demo/hospital-basics/1.0.0.yaml", "file:///etc/passwd", "cn.demo.hospital-basics@../../x", "C:\\Windows\\win.ini@1.0.0", "\\\\host\\share@1.0.0" })}\n";
            case 13: return $"scheme: {Q(Pick(r, new[] { "../../etc/passwd", "a/b", "a\\b", "..", ".", "/", "cn/../../x", "%2e%2e%2f", "\0", "con", "nul", "a:b" }))}\nversion: 1.0.0\ntitle: {{ zh: 甲, en: A }}\nindicators: []\n";
            case 14: return new string('a', r.Next(2) == 0 ? 2 * 1024 * 1024 + 1 : 100_000) + ": 1\n";
            case 15: return head + string.Concat(Enumerable.Range(0, Math.Min(n, 3000)).Select(i => $"k{i}: {i}\n"));
            case 16: return "\uFEFF" + head.Replace("\n", r.Next(2) == 0 ? "\r" : "\r\n", StringComparison.Ordinal) + "indicators: []\n";
            case 17: return head + "indicators:\n  - id: \"\u202Eevil\u200B\"\n    name: { zh: \"\uD800\", en: \"\\uD800\" }\n    value: \"emr_level\u0000\"\n    points: 1\n";
            case 18: return head + string.Concat(Enumerable.Repeat("---\na: 1\n", 1 + r.Next(5)));
            case 19: return head + "x: !!binary aGVsbG8=\ny: !<tag:yaml.org,2002:python/object/apply:os.system> [ls]\nz: !custom 1\n";
            case 20: return head + "x: &a\n  y: *a\n";
            case 21: return head + "? - complex\n  - key\n: value\n";
            case 22: return head + "x: \"" + string.Concat(Enumerable.Repeat("\\u00e9\\U0001F3E5\\x41\\0\\a\\e", n)) + "\"\n";
            default:
                {
                    var bytes = new byte[r.Next(2000)];
                    r.NextBytes(bytes);
                    return Encoding.UTF8.GetString(bytes);
                }
        }
    }

    // ---------------------------------------------------------------- submissions

    private static readonly string[] Tiers = { "tertiary", "secondary", "primary", "quaternary", "", "TERTIARY", "三级", "tertiary ", "\u0000" };
    private static readonly string[] Categories = { "general", "tcm", "specialty", "maternal_child", "dental", "", "GENERAL" };
    private static readonly string[] SubjectKinds = { "hospital", "alliance", "region", "clinic", "" };

    private string JsonValue(Random r, string field)
    {
        return r.Next(16) switch
        {
            0 => "\"" + Pick(r, new[] { "text", "NaN", "Infinity", "-Infinity", "1e400", "", "12", "四级甲等", "五级", "true", "\\ud800", "\\u0000", "１２" }) + "\"",
            1 => Pick(r, new[] { "-1", "-0.5", "-99999999" }),
            2 => Pick(r, new[] { "1e400", "-1e400", "1e-400", "99999999999999999999999999999999", "79228162514264337593543950335", "7.9228162514264337593543950335E+28", "0.00000000000000000000000000001" }),
            3 => Pick(r, new[] { "true", "false", "null", "[]", "{}", "[1,2]", "{\"a\":1}" }),
            4 => "\"" + new string('x', r.Next(3000)) + "\"",
            _ => r.Next(3) switch
            {
                0 => r.Next(0, 100_000).ToString(CultureInfo.InvariantCulture),
                1 => (r.NextDouble() * 100).ToString("0.####", CultureInfo.InvariantCulture),
                _ => (r.NextDouble()).ToString("0.######", CultureInfo.InvariantCulture),
            },
        };
    }

    public string SubmissionJson(Random r, CompiledRuleSet rs)
    {
        var sb = new StringBuilder("{");
        var parts = new List<string>();
        if (r.Next(20) != 0)
        {
            var subject = new List<string>();
            if (r.Next(20) != 0) subject.Add($"\"id\":{(r.Next(15) == 0 ? Pick(r, new[] { "1", "null", "\"\"", "\"  \"", "[]", "\"\\ud800x\"" }) : Q("H-" + r.Next(100)))}");
            if (r.Next(2) == 0) subject.Add($"\"name\":{Q(Pick(r, new[] { "示范医院", "\u202Eevil", "", "🏥 Hospital" }))}");
            if (r.Next(4) != 0) subject.Add($"\"tier\":{Q(r.Next(5) == 0 ? Pick(r, Tiers) : "tertiary")}");
            if (r.Next(3) == 0) subject.Add($"\"category\":{Q(Pick(r, Categories))}");
            if (r.Next(4) == 0) subject.Add($"\"kind\":{Q(Pick(r, SubjectKinds))}");
            if (r.Next(6) == 0) subject.Add($"\"ownership\":{Q(Pick(r, new[] { "public", "private", "PUBLIC", "" }))}");
            if (r.Next(6) == 0) subject.Add($"\"beds\":{Pick(r, new[] { "820", "-1", "1.5", "1e400", "\"many\"", "null", "2147483648" })}");
            if (r.Next(10) == 0) subject.Add($"\"{Pick(r, new[] { "unknown", "id", "tier", "extra field" })}\":1");
            parts.Add("\"subject\":{" + string.Join(',', subject) + "}");
        }
        if (r.Next(20) != 0)
            parts.Add($"\"year\":{(r.Next(8) == 0 ? Pick(r, new[] { "1899", "2201", "2024.5", "\"2025\"", "-2025", "1e400", "null" }) : (2019 + r.Next(8)).ToString(CultureInfo.InvariantCulture))}");
        var fields = rs.FieldsRead.Count > 0 ? rs.FieldsRead : _ctx.Fields;
        var values = new List<string>();
        foreach (var f in fields)
            if (r.Next(6) != 0) values.Add($"{Q(f)}:{(r.Next(3) == 0 ? JsonValue(r, f) : r.Next(0, 1000).ToString(CultureInfo.InvariantCulture))}");
        if (r.Next(6) == 0) values.Add($"{Q(Pick(r, fields))}:{JsonValue(r, "")}");
        if (r.Next(6) == 0) values.Add($"{Q(Ident(r))}:1");
        parts.Add("\"values\":{" + string.Join(',', values.OrderBy(_ => r.Next())) + "}");
        if (r.Next(3) == 0)
        {
            var prev = fields.Where(_ => r.Next(2) == 0).Select(f => $"{Q(f)}:{r.Next(0, 1000).ToString(CultureInfo.InvariantCulture)}");
            parts.Add($"\"previous\":{{\"year\":{Pick(r, new[] { "2024", "2023", "2030", "\"x\"" })},\"values\":{{{string.Join(',', prev)}}}}}");
        }
        if (r.Next(3) == 0)
        {
            var tasks = rs.Indicators.Where(_ => r.Next(3) == 0).Select(i =>
                $"{Q(i.Id)}:{{\"done\":{Pick(r, new[] { "true", "false", "\"yes\"", "null" })},\"completed_on\":{Pick(r, new[] { "\"2025-06-30\"", "\"2025-13-01\"", "\"30/06/2025\"", "null", "1" })},\"evidence\":{Pick(r, new[] { "[\"报告\"]", "[]", "[1]", "\"x\"" })}}}");
            parts.Add("\"tasks\":{" + string.Join(',', tasks) + "}");
        }
        if (r.Next(10) == 0) parts.Add($"{Q(Pick(r, new[] { "unknown", "subject", "year", "values", "$schema" }))}:{{}}");
        sb.Append(string.Join(',', parts.OrderBy(_ => r.Next(4)))).Append('}');
        var text = sb.ToString();
        return r.Next(8) switch
        {
            0 => Garble(r, text),
            1 => text[..r.Next(text.Length + 1)],
            _ => text,
        };
    }

    private FuzzInput Submission(Random r)
    {
        var rs = Pick(r, _ctx.Installed.All);
        var text = r.Next(4) == 0
            ? "[" + string.Join(',', Enumerable.Range(0, 1 + r.Next(6)).Select(_ => SubmissionJson(r, rs))) + "]"
            : SubmissionJson(r, rs);
        return new FuzzInput("submission", text, $"{rs.Scheme}@{rs.Version}");
    }

    private FuzzInput Csv(Random r)
    {
        var rs = Pick(r, _ctx.Installed.All);
        var fields = rs.FieldsRead.Where(_ => r.Next(3) != 0).ToList();
        var header = new List<string> { "id", "tier", "year" };
        header.AddRange(fields);
        if (r.Next(5) == 0) header.Add(Pick(r, new[] { "unknown", "id", "\"quoted\"", "previous.x", "task.a.done", "机构编码", "" }));
        var sb = new StringBuilder(string.Join(',', header)).Append(r.Next(3) == 0 ? "\r\n" : "\n");
        for (var row = r.Next(6); row > 0; row--)
        {
            var cells = new List<string> { "H" + r.Next(100), r.Next(5) == 0 ? Pick(r, Tiers) : "tertiary", r.Next(8) == 0 ? Pick(r, Weird) : "2025" };
            foreach (var _ in fields) cells.Add(r.Next(5) == 0 ? Pick(r, Weird) : r.Next(1000).ToString(CultureInfo.InvariantCulture));
            if (r.Next(6) == 0) cells.Add("extra");
            if (r.Next(6) == 0 && cells.Count > 0) cells.RemoveAt(r.Next(cells.Count));
            sb.Append(string.Join(',', cells.Select(c => c.Contains(',', StringComparison.Ordinal) || r.Next(10) == 0 ? "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : c)));
            sb.Append('\n');
        }
        var text = sb.ToString();
        text = r.Next(5) switch
        {
            0 => Garble(r, text),
            1 => text.Insert(r.Next(text.Length + 1), "\""),
            2 => text[..r.Next(text.Length + 1)],
            _ => text,
        };
        return new FuzzInput("csv", text, $"{rs.Scheme}@{rs.Version}");
    }
}
