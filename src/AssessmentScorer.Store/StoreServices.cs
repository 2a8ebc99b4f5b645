using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AssessmentScorer.Store;

/// <summary>Registers the store and the round service (the host supplies an <see cref="IRuleSetSource"/>).</summary>
public static class StoreServices
{
    public static IServiceCollection AddRoundStore(this IServiceCollection services, StoreOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(new StoreDb(options));
        services.AddSingleton<KeyService>();
        services.AddSingleton<RoundScoring>();
        services.AddSingleton<RoundService>();
        return services;
    }
}
