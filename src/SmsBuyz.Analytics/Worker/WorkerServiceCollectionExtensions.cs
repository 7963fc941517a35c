using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Worker.Jobs;
using SmsBuyz.Analytics.Worker.Operations;

namespace SmsBuyz.Analytics.Worker;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>Lets jobs finish cleaning up (close the sweep row) after the stop signal before the host gives up.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The worker: Hangfire storage and server, the registrar, the jobs and the dashboard. They are hosted services,
    /// so they run only when a command starts the host (<c>run</c>, <c>demo</c>); other commands never touch them.
    /// </summary>
    public static IServiceCollection AddWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<ScheduleOptions, ScheduleOptionsValidator>(configuration, ScheduleOptions.Section);
        var hangfire = configuration.GetSection(HangfireOptions.Section);
        services.AddSingleton<IValidateOptions<HangfireOptions>>(new HangfireOptionsValidator(configuration));
        services.AddSettings<HangfireOptions>(hangfire, hangfire, typeof(HangfireOptions));
        services.AddSettings<DashboardOptions, DashboardOptionsValidator>(configuration, DashboardOptions.Section);
        services.AddSettings<WorkerOptions, WorkerOptionsValidator>(configuration, WorkerOptions.Section);
        // Hangfire's own chatter (server announced, workers started) is not what a worker's log is for.
        services.AddLogging(b => b.AddFilter("Hangfire", LogLevel.Warning));

        services.AddSingleton<HangfireStorage>();
        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLog(provider.GetRequiredService<ILoggerFactory>()))
            .UseStorage(provider.GetRequiredService<HangfireStorage>().Storage));

        services.AddSingleton<JobGate>();
        services.AddSingleton<ReportAfterSweeps>();
        services.AddSingleton<JobRunLog>();
        services.AddSingleton<AccountPause>();
        services.AddScoped<SweepJobs>();
        services.AddScoped<ReportsJob>();
        services.AddScoped<MaintenanceJobs>();
        services.AddScoped<IMaintenanceTask, RetentionMaintenanceTask>();

        // Registered before the server, so the jobs exist (and stale ones are gone) before anything is fetched.
        services.AddSingleton<RecurringJobRegistrar>();
        services.AddHostedService(provider => provider.GetRequiredService<RecurringJobRegistrar>());
        services.AddSingleton<SkipStaleOccurrence>();
        services.AddHangfireServer((provider, o) =>
        {
            o.FilterProvider = new SkipStaleOccurrence.Provider(provider.GetRequiredService<Hangfire.Common.IJobFilterProvider>(), provider.GetRequiredService<SkipStaleOccurrence>());
            // Five jobs, each at most once at a time; the spare workers pick up an overlapping run so it is skipped at once.
            o.WorkerCount = 8;
            // Also the recurring scheduler's tick: the default 15 s would start jobs up to 15 s late.
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.ShutdownTimeout = ShutdownTimeout;
        });
        services.AddOperations();
        services.AddSingleton<IDashboardPart, OpsEndpoints>();
        services.AddSingleton<DashboardGuard>();
        services.AddSingleton<DashboardServer>();
        services.AddHostedService(provider => provider.GetRequiredService<DashboardServer>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout + TimeSpan.FromSeconds(5));
        return services;
    }
}
