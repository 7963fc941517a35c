using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Export;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics;

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

        HostDefaults.Apply(builder);

        AddServices(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>Every slice's services, each registered by the slice itself; hosted services run only in a started host.</summary>
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddStorage(configuration);
        services.AddSmsBuyzApi(configuration);
        services.AddMarket(configuration);
        services.AddSweeps(configuration);
        services.AddHistory();
        services.AddRetention();
        services.AddAccount();
        services.AddExport();
        services.AddAutoBuy(configuration);
        services.AddReports(configuration);
        services.AddWorker(configuration);
    }
}
