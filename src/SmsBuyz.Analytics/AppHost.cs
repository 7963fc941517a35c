using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
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
using SmsBuyz.Analytics.Page;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics;

/// <summary>Builds the generic host every command runs in: configuration, logging and the services.</summary>
public static class AppHost
{
    public const string DefaultConfigFile = "appsettings.json";

    /// <summary>
    /// The variable naming the environment, as the .NET generic host reads it. ASPNETCORE_ENVIRONMENT is not read: this
    /// is a worker, not a web app, and a value set machine-wide for a web app on the same server must not pull in
    /// another file here.
    /// </summary>
    public const string EnvironmentVariable = "DOTNET_ENVIRONMENT";

    /// <summary>From <see cref="EnvironmentVariable"/>; Production when it is unset, as in .NET.</summary>
    public static string EnvironmentName =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } name ? name.Trim() : Environments.Production;

    /// <param name="configFile">From <c>--config</c>: a file layered over ./appsettings.json and ./appsettings.{Environment}.json.</param>
    /// <param name="overrides">Settings that win over the files and the environment (tests, demo).</param>
    /// <param name="watchConfig">
    /// Reload the files when they change, so edited Rules, AutoBuy and Notifications take effect without a restart
    /// (IOptionsMonitor). Only the long-running worker wants it: each watched folder holds an inotify instance (128 per user).
    /// </param>
    public static HostApplicationBuilder CreateBuilder(string? configFile, IDictionary<string, string?>? overrides = null,
        bool watchConfig = false)
    {
        if (configFile is not null && !File.Exists(configFile))
            throw new ConfigurationException($"--config: the file '{configFile}' does not exist");

        var environment = EnvironmentName;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = environment,
        });
        // Lowest first: the shipped defaults, the environment's file, --config, user secrets, the environment, overrides.
        // One file provider for the working directory's two files, so that watching them costs one inotify instance.
        var workingDirectory = new PhysicalFileProvider(Directory.GetCurrentDirectory());
        var layers = new ConfigurationBuilder()
            .AddJsonFile(workingDirectory, DefaultConfigFile, optional: true, reloadOnChange: watchConfig)
            .AddJsonFile(workingDirectory, $"appsettings.{environment}.json", optional: true, reloadOnChange: watchConfig);
        if (configFile is not null)
            layers.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: watchConfig);
        layers
            // For every command, not only in Development: the API key belongs in the user's secret store, not a file here.
            .AddUserSecrets(typeof(AppHost).Assembly, optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        builder.Configuration.Sources.Add(new LayeredConfigurationSource(layers, [workingDirectory]));

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
        services.AddPage(configuration);
    }
}
