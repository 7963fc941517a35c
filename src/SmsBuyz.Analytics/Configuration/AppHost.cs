using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Export;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Operations;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Retention;
using SmsBuyz.Analytics.Snapshots;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>Builds the generic host every command runs in: configuration, logging and the services.</summary>
public static class AppHost
{
    public const string DefaultConfigFile = "appsettings.json";

    /// <param name="configFile">From <c>--config</c>; null reads ./appsettings.json when it exists.</param>
    /// <param name="overrides">Settings that win over the file and the environment (tests, demo).</param>
    /// <param name="watchConfig">
    /// Reload the file when it changes, so edited Rules, AutoBuy and Notifications take effect without a restart
    /// (IOptionsMonitor). Only the long-running worker wants it: each watch holds an inotify instance (128 per user).
    /// </param>
    public static HostApplicationBuilder CreateBuilder(string? configFile, IDictionary<string, string?>? overrides = null,
        bool watchConfig = false)
    {
        if (configFile is not null && !File.Exists(configFile))
            throw new ConfigurationException($"--config: the file '{configFile}' does not exist");

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration
            .AddJsonFile(Path.GetFullPath(configFile ?? DefaultConfigFile), optional: configFile is null, reloadOnChange: watchConfig)
            // For every command, not only in Development: the API key belongs in the user's secret store, not a file here.
            .AddUserSecrets(typeof(AppHost).Assembly, optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());

        OperationsHosting.ConfigureHost(builder); // logging defaults, systemd

        AddServices(builder.Services, builder.Configuration);
        return builder;
    }

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSettings<SmsBuyzOptions, SmsBuyzOptionsValidator>(configuration, SmsBuyzOptions.Section);
        services.AddSettings<StorageOptions, StorageOptionsValidator>(configuration, StorageOptions.Section);
        services.AddSettings<MonitorOptions, MonitorOptionsValidator>(configuration, MonitorOptions.Section);
        services.PostConfigure<MonitorOptions>(m =>
        {
            if (m.Countries.Count == 0) m.Countries.AddRange(MonitorOptions.DefaultCountries);
            if (m.Operators.Count == 0) m.Operators.AddRange(MonitorOptions.DefaultOperators);
            if (m.Products.Count == 0) m.Products.AddRange(MonitorOptions.DefaultProducts);
        });

        services.AddSmsBuyzApi();
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<MarketStore>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<DeliveryReader>();
        services.AddSingleton<SweepStore>();
        services.AddSingleton<SnapshotRunner>();
        services.AddSingleton<CsvExporter>();
        services.AddRetention(configuration);
        services.AddReports(configuration);
        services.AddWorker(configuration);
        services.AddAutoBuy(configuration);
        services.AddOperations();
    }
}

/// <summary>A setting or argument is wrong: the command exits with code 2 and this message.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
