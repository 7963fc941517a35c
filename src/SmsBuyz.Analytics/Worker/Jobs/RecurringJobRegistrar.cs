using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// The one place configuration becomes recurring jobs. Runs at every start, so a changed cron takes effect and
/// an emptied one removes the job a previous start had stored; stable ids keep restarts from duplicating jobs.
/// </summary>
public sealed partial class RecurringJobRegistrar(
    IRecurringJobManager jobs, IOptions<ScheduleOptions> schedules, ProviderSet providers,
    ILogger<RecurringJobRegistrar> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var registered = Register();
        if (schedules.Value.SweepOnStart)
        {
            foreach (var id in registered.Intersect([JobIds.Products, JobIds.Prices, JobIds.Account]))
                jobs.Trigger(id);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds, updates or removes every job; returns the ids now scheduled.</summary>
    public IReadOnlyList<string> Register()
    {
        var s = schedules.Value;
        var registered = new List<string>();
        var disabled = new List<string>();
        var options = new RecurringJobOptions { TimeZone = s.ResolveTimeZone() };
        Apply<SweepJobs>(JobIds.Products, s.Products, j => j.ProductsAsync(CancellationToken.None), options, registered, disabled);
        Apply<SweepJobs>(JobIds.Prices, s.Prices, j => j.PricesAsync(CancellationToken.None), options, registered, disabled);
        if (providers.HasApiKey)
            Apply<SweepJobs>(JobIds.Account, s.Account, j => j.AccountAsync(CancellationToken.None), options, registered, disabled);
        else
        {
            jobs.RemoveIfExists(JobIds.Account);
            LogGuestOnly();
        }
        Apply<ReportsJob>(JobIds.Reports, s.Reports, j => j.RunAsync(CancellationToken.None), options, registered, disabled);
        Apply<MaintenanceJobs>(JobIds.Maintenance, s.Maintenance, j => j.RunAsync(CancellationToken.None), options, registered, disabled);
        // One line for the whole schedule: the start of a worker's log is read as often as any part of it.
        LogScheduled(options.TimeZone.Id, string.Join(", ", registered.Select(id => $"{id} {Cron(s, id)}")),
            disabled.Count == 0 ? "" : $"; disabled (empty cron): {string.Join(", ", disabled)}");
        return registered;
    }

    private void Apply<TJob>(string id, string cron, Expression<Func<TJob, Task>> call, RecurringJobOptions options,
        List<string> registered, List<string> disabled)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            jobs.RemoveIfExists(id);
            disabled.Add(id);
            return;
        }
        jobs.AddOrUpdate(id, call, cron.Trim(), options);
        registered.Add(id);
    }

    private static string Cron(ScheduleOptions s, string id) => s.Jobs.Single(j => j.Id == id).Cron.Trim();

    [LoggerMessage(LogLevel.Information, "Jobs scheduled ({TimeZone}): {Jobs}{Disabled}")]
    private partial void LogScheduled(string timeZone, string jobs, string disabled);

    [LoggerMessage(LogLevel.Warning, "No SmsBuyz:ApiKey set: the worker monitors guest endpoints only (no account job)")]
    private partial void LogGuestOnly();
}
