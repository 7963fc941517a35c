using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.History;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>The <c>Retention</c> options (validated at start), maintenance and the history reader.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RetentionOptions, RetentionOptionsValidator>(configuration, RetentionOptions.Section);
        services.AddSingleton<MaintenanceRunner>();
        services.AddSingleton<SeriesHistory>();
        return services;
    }
}
