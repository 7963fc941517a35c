using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The <c>Storage</c> settings, and the one place that picks by provider: the <see cref="Database"/>, its
    /// <see cref="Migrator"/> and this process's <see cref="Presence"/>.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.Section);
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSettings<StorageOptions>(section, section, typeof(StorageOptions));
        services.AddSingleton<Database>(provider => IsPostgreSql(provider)
            ? ActivatorUtilities.CreateInstance<PostgreSqlDatabase>(provider)
            : ActivatorUtilities.CreateInstance<SqliteDatabase>(provider));
        services.AddSingleton<PgPresence>();
        services.AddSingleton<SqlitePresence>();
        services.AddSingleton<Presence>(provider => IsPostgreSql(provider)
            ? provider.GetRequiredService<PgPresence>()
            : provider.GetRequiredService<SqlitePresence>());
        services.AddSingleton<Migrator>(provider =>
        {
            // Said once, when a command readies the database at start. copy-to-postgresql, which reads both kinds of key
            // and migrates its own two databases, never asks for this one.
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.Unused(section, provider.GetRequiredService<ILogger<Migrator>>());
            return IsPostgreSql(provider)
                ? ActivatorUtilities.CreateInstance<PostgreSqlMigrator>(provider)
                : ActivatorUtilities.CreateInstance<SqliteMigrator>(provider);
        });
        return services;
    }

    private static bool IsPostgreSql(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.PostgreSql;
}
