namespace AssessmentScorer.Tests;

/// <summary>
/// The library's public surface stays closed. Its listing (every public member with nullability and defaults) is kept
/// by Microsoft.CodeAnalysis.PublicApiAnalyzers in src/AssessmentScorer/PublicAPI.Shipped.txt and
/// PublicAPI.Unshipped.txt: the build fails when the code and those files disagree (README.md, "Public API").
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void PublicTypes_All_AreSealedOrStaticOrValueTypes()
    {
        var open = typeof(CompiledRuleSet).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed)).Select(t => t.FullName).ToList();
        open.Should().BeEmpty();
    }
}
