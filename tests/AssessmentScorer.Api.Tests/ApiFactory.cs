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
        builder.UseSetting("AssessmentScorer:Limits:MaxBatchBodyBytes", "200000");
        builder.UseSetting("AssessmentScorer:Limits:MaxBatchSize", "50");
        builder.UseSetting("AssessmentScorer:Limits:MaxDraftBytes", "20000");
    }
}
