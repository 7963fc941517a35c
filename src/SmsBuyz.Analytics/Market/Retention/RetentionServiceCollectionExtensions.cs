using Microsoft.Extensions.DependencyInjection;

namespace SmsBuyz.Analytics.Market.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>Maintenance: roll old change points up into the hourly and daily tiers and prune what has expired.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services) => services.AddSingleton<MaintenanceRunner>();
}
