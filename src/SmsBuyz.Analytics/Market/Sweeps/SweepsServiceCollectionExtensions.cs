using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Market.Sweeps;

public static class SweepsServiceCollectionExtensions
{
    /// <summary>What a sweep covers (<c>Monitor</c>), how it runs, is stored and is logged.</summary>
    public static IServiceCollection AddSweeps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<MonitorOptions, MonitorOptionsValidator>(configuration, MonitorOptions.Section);
        services.PostConfigure<MonitorOptions>(m =>
        {
            if (m.Countries.Count == 0) m.Countries.AddRange(MonitorOptions.DefaultCountries);
            if (m.Operators.Count == 0) m.Operators.AddRange(MonitorOptions.DefaultOperators);
            if (m.Products.Count == 0) m.Products.AddRange(MonitorOptions.DefaultProducts);
        });
        services.AddSingleton<SweepStore>();
        services.AddSingleton<SweepPipeline>();
        services.AddSingleton<MarketFetch>();
        services.AddSingleton<SweepRunner>();
        services.AddSingleton<InterruptedSweeps>();
        services.AddSingleton<SweepLog>();
        services.AddSingleton<ISweepListener>(sp => sp.GetRequiredService<SweepLog>());
        return services;
    }
}
