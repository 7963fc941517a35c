using Microsoft.Extensions.DependencyInjection;

namespace SmsBuyz.Analytics.Market.History;

public static class HistoryServiceCollectionExtensions
{
    /// <summary>The tiered history (raw, hourly, daily) read back as one series.</summary>
    public static IServiceCollection AddHistory(this IServiceCollection services) => services.AddSingleton<MarketReadModel>();
}
