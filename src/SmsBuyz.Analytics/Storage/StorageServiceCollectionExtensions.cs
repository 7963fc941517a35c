using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The <c>Storage</c> settings, the connections to the database file and its migrations.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<StorageOptions, StorageOptionsValidator>(configuration, StorageOptions.Section);
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<Migrator>();
        return services;
    }
}
