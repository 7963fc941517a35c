using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Market;

public static class MarketServiceCollectionExtensions
{
    /// <summary>
    /// The market's store: the change points every sweep writes, under the history's retention settings
    /// (<c>Retention</c>). Sweeps, History and Retention, which use it, register themselves (AppHost calls them).
    /// </summary>
    public static IServiceCollection AddMarket(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RetentionOptions, RetentionOptionsValidator>(configuration, RetentionOptions.Section);
        services.AddSingleton<MarketStore>();
        return services;
    }
}
