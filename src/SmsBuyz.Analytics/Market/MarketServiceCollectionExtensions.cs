using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Market;

public static class MarketServiceCollectionExtensions
{
    /// <summary>
    /// The market: what a sweep covers (<c>Monitor</c>) and how it runs and is logged, the change points it writes,
    /// the tiered history read back and its retention (<c>Retention</c>).
    /// </summary>
    public static IServiceCollection AddMarket(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<MonitorOptions, MonitorOptionsValidator>(configuration, MonitorOptions.Section);
        services.PostConfigure<MonitorOptions>(m =>
        {
            if (m.Countries.Count == 0) m.Countries.AddRange(MonitorOptions.DefaultCountries);
            if (m.Operators.Count == 0) m.Operators.AddRange(MonitorOptions.DefaultOperators);
            if (m.Products.Count == 0) m.Products.AddRange(MonitorOptions.DefaultProducts);
        });
        services.AddSettings<RetentionOptions, RetentionOptionsValidator>(configuration, RetentionOptions.Section);

        services.AddSingleton<MarketStore>();
        services.AddSingleton<SweepStore>();
        services.AddSingleton<SweepPipeline>();
        services.AddSingleton<MarketFetch>();
        services.AddSingleton<SnapshotRunner>();
        services.AddSingleton<InterruptedSweeps>();
        services.AddSingleton<SweepLog>();
        services.AddSingleton<ISweepListener>(sp => sp.GetRequiredService<SweepLog>());
        services.AddSingleton<MarketReadModel>();
        services.AddSingleton<MaintenanceRunner>();
        return services;
    }
}
