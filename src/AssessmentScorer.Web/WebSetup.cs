using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentScorer.Web;

/// <summary>How a host serves the web interface: the services it needs and the pages at <c>/</c>.</summary>
public static class WebSetup
{
    /// <summary>Largest file a page accepts as an upload (a cohort workbook or CSV).</summary>
    public const long MaxUploadBytes = 64L * 1024 * 1024;

    /// <summary>Adds the interface's services; <paramref name="ruleSets"/> gives the installed rule sets.</summary>
    public static IServiceCollection AddScorerWeb(this IServiceCollection services, Func<IServiceProvider, WebRuleSets> ruleSets)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents(o => o.DetailedErrors = false)
            // A rule file being edited travels to the server on each change: allow the largest draft (about 1 MB).
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 2 * 1024 * 1024);
        services.AddSingleton(ruleSets);
        services.AddScoped<ScoringSession>();
        Account.AddSignIn(services);
        return services;
    }

    /// <summary>Maps the pages (interactive server rendering), their static files and signing in and out (<see cref="Account"/>).</summary>
    public static IEndpointRouteBuilder MapScorerWeb(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAntiforgery();
        app.MapStaticAssets();
        Account.MapSignIn(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
