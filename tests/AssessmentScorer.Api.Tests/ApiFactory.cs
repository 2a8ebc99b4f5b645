using AssessmentScorer.Api.Tests.Contract;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AssessmentScorer.Api.Tests;

/// <summary>The API over an in-memory host, loading the repository's rulesets/.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.CheckContract();
        builder.UseSetting("AssessmentScorer:RuleSetsPath", Repo.RuleSets);
        builder.UseSetting("AssessmentScorer:Operations:PermitsPerWindow", "0");   // the corpus is many requests from one client; OperationsTests limits
        builder.UseSetting("AssessmentScorer:Limits:MaxBodyBytes", "200000");
        builder.UseSetting("AssessmentScorer:Limits:MaxBatchSize", "50");
        builder.UseSetting("AssessmentScorer:Limits:MaxDraftBytes", "20000");
    }
}

public static class Repo
{
    public static string Root { get; } = Find();
    public static string RuleSets => Path.Combine(Root, "rulesets");
    public static string Read(string rel) => File.ReadAllText(Path.Combine(Root, rel));

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AssessmentScorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
