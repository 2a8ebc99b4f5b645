using System.Reflection;
using System.Text;

namespace AssessmentScorer.Tests;

/// <summary>Fails when the library's public surface changes unnoticed; update PublicApi.approved.txt on purpose.</summary>
public class PublicApiTests
{
    [Fact]
    public void PublicApi_Listing_MatchesApprovedFile()
    {
        var actual = Listing(typeof(CompiledRuleSet).Assembly);
        var dir = FindTestsDir();
        var approvedPath = Path.Combine(dir, "PublicApi.approved.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n") : "";
        if (approved != actual) File.WriteAllText(Path.Combine(dir, "PublicApi.received.txt"), actual);
        actual.Should().Be(approved, "the public API changed: review PublicApi.received.txt and copy it over PublicApi.approved.txt if intended");
    }

    [Fact]
    public void PublicTypes_All_AreSealedOrStaticOrValueTypes()
    {
        var open = typeof(CompiledRuleSet).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed)).Select(t => t.FullName).ToList();
        open.Should().BeEmpty();
    }

    private static string FindTestsDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AssessmentScorer.Tests.csproj"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("test project folder not found");
    }

    internal static string Listing(Assembly asm)
    {
        var sb = new StringBuilder();
        foreach (var t in asm.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var kind = t.IsEnum ? "enum" : t.IsValueType ? "struct" : t.IsInterface ? "interface" : t.IsAbstract && t.IsSealed ? "static class" : "sealed class";
            sb.Append(kind).Append(' ').Append(t.FullName).Append('\n');
            if (t.IsEnum)
            {
                foreach (var n in Enum.GetNames(t)) sb.Append("  ").Append(n).Append('\n');
                continue;
            }
            var members = t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true } || m.Name.StartsWith("op_", StringComparison.Ordinal))
                .Where(m => m.Name is not ("<Clone>$" or "Deconstruct" or "PrintMembers" or "EqualityContract" or "GetHashCode" or "Equals" or "ToString"))
                .Select(Describe).Distinct().OrderBy(s => s, StringComparer.Ordinal);
            foreach (var m in members) sb.Append("  ").Append(m).Append('\n');
        }
        return sb.ToString();
    }

    private static string Describe(MemberInfo m) => m switch
    {
        ConstructorInfo c => $"ctor({string.Join(", ", c.GetParameters().Select(p => Name(p.ParameterType)))})",
        MethodInfo mi => $"{(mi.IsStatic ? "static " : "")}{Name(mi.ReturnType)} {mi.Name}({string.Join(", ", mi.GetParameters().Select(p => Name(p.ParameterType)))})",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod?.IsPublic == true ? "get; " : "")}{(p.SetMethod?.IsPublic == true ? (p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(x => x.Name == "IsExternalInit") ? "init; " : "set; ") : "")}}}",
        FieldInfo f => $"field {Name(f.FieldType)} {f.Name}",
        _ => m.Name,
    };

    private static string Name(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } u) return Name(u) + "?";
        if (!t.IsGenericType) return t.Name;
        var n = t.Name[..t.Name.IndexOf('`')];
        return $"{n}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>";
    }
}
