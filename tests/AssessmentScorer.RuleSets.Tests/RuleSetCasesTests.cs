namespace AssessmentScorer.RuleSets.Tests;

/// <summary>Every case of every rulesets/**/*.tests.yaml, one xunit case each.</summary>
public class RuleSetCasesTests
{
    public static IEnumerable<object[]> Cases() =>
        Repo.Tests.Cases.Select(c => new object[] { $"{c.RuleSet} · {c.Name} ({Path.GetFileName(c.File)}:{c.Line})" });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_AsWritten_MeetsItsExpectations(string name)
    {
        var c = Repo.Tests.Cases.Single(x => $"{x.RuleSet} · {x.Name} ({Path.GetFileName(x.File)}:{x.Line})" == name);
        c.Failures.Should().BeEmpty();
    }

    [Fact]
    public void TestsFiles_All_LoadWithoutErrors()
    {
        Repo.Tests.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).Should().BeEmpty();
        Repo.Tests.Cases.Should().NotBeEmpty();
    }

    [Fact]
    public void Coverage_EveryRuleSet_HasEveryIndicatorExercised()
    {
        foreach (var cov in Repo.Tests.Coverage)
            cov.Uncovered.Should().BeEmpty($"{cov.RuleSet} must have every indicator scored by some case");
    }
}
