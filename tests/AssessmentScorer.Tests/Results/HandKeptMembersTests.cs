using System.Reflection;
using System.Runtime.CompilerServices;

namespace AssessmentScorer.Tests.Results;

/// <summary>
/// Some result records write their equality and their copy constructor (<c>with</c>) by hand, so that results stay
/// lazy and cheap (docs/performance.md), and the JSON writer names every property by hand. Adding a property to
/// such a record without adding it to each of those members fails here: every public property must make two records
/// unequal, be copied by <c>with</c> and change the JSON.
/// </summary>
public class HandKeptMembersTests
{
    private static readonly Assembly Library = typeof(CompiledRuleSet).Assembly;

    /// <summary>Public records whose <c>Equals(T)</c> or copy constructor is written by hand rather than by the compiler.</summary>
    private static IEnumerable<Type> HandKeptRecords() => Library.GetExportedTypes()
        .Where(t => t.GetMethod("<Clone>$") is not null)
        .Where(t => !CompilerMade(t.GetMethod("Equals", [t])!)
            || t.GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, [t]) is { } copy && !CompilerMade(copy))
        .OrderBy(t => t.Name, StringComparer.Ordinal);

    private static bool CompilerMade(MemberInfo m) => m.IsDefined(typeof(CompilerGeneratedAttribute));

    public static TheoryData<string> HandKept() => new(HandKeptRecords().Select(t => t.Name));

    private static Type Record(string name) => Library.GetExportedTypes().Single(t => t.Name == name);

    // Properties a record keeps (those with a setter or init). A get-only property worked out from the others (such as
    // AssessmentResult.DataComplete, read from Problems) has nothing of its own to copy or compare.
    private static PropertyInfo[] Properties(Type t) => t.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.CanWrite).ToArray();

    [Fact]
    public void HandKeptRecords_AreFound()
    {
        // The guard below is only as good as this discovery: the records known to keep members by hand must be in it.
        HandKeptRecords().Select(t => t.Name).Should().Contain(["AssessmentResult", "IndicatorResult", "Reason"]);
    }

    [Theory]
    [MemberData(nameof(HandKept))]
    public void Equals_EveryPublicProperty_MakesTwoRecordsUnequal(string name)
    {
        var type = Record(name);
        Sample(type, 0).Should().Be(Sample(type, 0), "two records made from the same values are equal");

        foreach (var p in Properties(type))
        {
            var changed = Sample(type, 0);
            p.SetValue(changed, Value(p.PropertyType, 1, depth: 0));
            Sample(type, 0).Equals(changed).Should().BeFalse($"{name}.{p.Name} differs, so {name}.Equals must tell the records apart");
        }
    }

    [Theory]
    [MemberData(nameof(HandKept))]
    public void With_EveryPublicProperty_IsCopied(string name)
    {
        var type = Record(name);
        var original = Sample(type, 0);
        foreach (var p in Properties(type)) p.SetValue(original, Value(p.PropertyType, 1, depth: 0));

        var copy = type.GetMethod("<Clone>$")!.Invoke(original, null)!;

        foreach (var p in Properties(type))
            p.GetValue(copy).Should().Be(p.GetValue(original), $"`with` must copy {name}.{p.Name} (the copy constructor is written by hand)");
    }

    [Fact]
    public void Json_EveryIndicatorResultProperty_IsWritten() =>
        EveryPropertyIsWritten<IndicatorResult>((result, indicator) => result with { Indicators = [indicator] });

    [Fact]
    public void Json_EveryReasonProperty_IsWritten() =>
        EveryPropertyIsWritten<Reason>((result, reason) => result with { Reasons = [reason] });

    /// <summary>A record inside a result: changing any one of its properties changes the result's JSON.</summary>
    private static void EveryPropertyIsWritten<T>(Func<AssessmentResult, T, AssessmentResult> place) where T : class
    {
        var before = place(Result(), (T)Sample(typeof(T), 0)).ToJson();
        foreach (var p in Properties(typeof(T)))
        {
            var changed = (T)Sample(typeof(T), 0);
            p.SetValue(changed, Value(p.PropertyType, 1, depth: 0));
            place(Result(), changed).ToJson().Should().NotBe(before, $"{typeof(T).Name}.{p.Name} differs, so the JSON writer must write it");
        }
    }

    [Fact]
    public void Json_EveryAssessmentResultProperty_IsWritten()
    {
        foreach (var p in Properties(typeof(AssessmentResult)))
        {
            var changed = Result();
            p.SetValue(changed, Value(p.PropertyType, 1, depth: 0));
            changed.ToJson().Should().NotBe(Result().ToJson(), $"AssessmentResult.{p.Name} differs, so the JSON writer must write it");
        }
    }

    private static readonly Dictionary<(Type, int, int), object> Lists = new();

    private static AssessmentResult Result() => (AssessmentResult)Sample(typeof(AssessmentResult), 0);

    /// <summary>A record made with its widest public constructor from sample values; variant 0 and 1 differ in every value.</summary>
    private static object Sample(Type type, int variant, int depth = 0)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var nullability = new NullabilityInfoContext();
        var args = ctor.GetParameters().Select(p =>
            // Below the top record, optional parts stay empty: it keeps samples small and ends recursion (RuleOrigin.Base).
            depth > 0 && !p.ParameterType.IsValueType && nullability.Create(p).WriteState == NullabilityState.Nullable ? null
            : Value(p.ParameterType, variant, depth + 1)).ToArray();
        return ctor.Invoke(args);
    }

    /// <summary>A sample value of a property's type; variant 0 and 1 always differ (and so does their JSON).</summary>
    private static object Value(Type t, int variant, int depth)
    {
        if (Nullable.GetUnderlyingType(t) is { } underlying) return Value(underlying, variant, depth);
        if (t == typeof(string)) return $"text {variant}";
        if (t == typeof(int)) return 3 + variant;
        if (t == typeof(decimal)) return 1.5m + variant;
        if (t == typeof(bool)) return variant == 0;
        if (t == typeof(object)) return variant == 0 ? 1.25m : "a level";
        if (t.IsEnum) return Enum.GetValues(t).GetValue(1 + variant)!;
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            // One list per sample: some records compare lists by reference, as the scorer shares them between results.
            lock (Lists)
            {
                if (Lists.TryGetValue((t, variant, depth), out var kept)) return kept;
                var item = t.GetGenericArguments()[0];
                var list = Array.CreateInstance(item, 1);
                list.SetValue(Value(item, variant, depth), 0);
                return Lists[(t, variant, depth)] = list;
            }
        }
        if (t.GetMethod("<Clone>$") is not null) return Sample(t, variant, depth);
        throw new NotSupportedException($"no sample value for {t}: add one here for the new property's type");
    }
}
