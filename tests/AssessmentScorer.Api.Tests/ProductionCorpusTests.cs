using AssessmentScorer.Api.Tests.Contract;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AssessmentScorer.Api.Tests;

/// <summary>The host as deployed (Production: no developer exception page, binding failures not thrown).</summary>
public sealed class ProductionApiFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.CheckContract();
        builder.UseSetting("AssessmentScorer:RuleSetsPath", Repo.RuleSets);
        builder.UseSetting("AssessmentScorer:Operations:PermitsPerWindow", "0");   // the corpus is many requests from one client; OperationsTests limits
        builder.UseSetting("AssessmentScorer:Limits:MaxBodyBytes", "200000");
        builder.UseSetting("AssessmentScorer:Limits:MaxBatchBodyBytes", "200000");
        builder.UseSetting("AssessmentScorer:Limits:MaxBatchSize", "50");
        builder.UseSetting("AssessmentScorer:Limits:MaxDraftBytes", "20000");
    }
}

public class ProductionCorpusTests(ProductionApiFactory factory) : IClassFixture<ProductionApiFactory>
{
    [Fact]
    public async Task Corpus_InProduction_Every4xxProblemWithCode_No5xx_NoLeak()
    {
        var http = factory.CreateClient();
        var failures = new List<string>();
        foreach (var bad in BadRequestCorpusTests.Corpus())
        {
            using var r = await http.SendAsync(bad.Build());
            if (await BadRequestCorpusTests.Judge(bad, r) is { } why) failures.Add($"{bad}: {why}");
        }
        var good = await http.PostAsync("/rulesets/cn.demo.hospital-basics/1.0.0/score",
            new StringContent(Repo.Read("examples/demo/tertiary-hospital.json"), Encoding.UTF8, "application/json"));

        failures.Should().BeEmpty();
        good.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
