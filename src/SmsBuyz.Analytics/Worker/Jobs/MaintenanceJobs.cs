using Hangfire;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>A piece of periodic upkeep (retention, rollups, vacuum) run by the maintenance job.</summary>
public interface IMaintenanceTask
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>
/// The Hangfire entry point of the maintenance job: runs every registered <see cref="IMaintenanceTask"/> in turn (none is
/// fine). Its name is stored with the recurring job in Hangfire's storage, so it stays as it is.
/// </summary>
public sealed class MaintenanceJobs(IEnumerable<IMaintenanceTask> tasks, JobGate gate, JobRunLog log)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) => gate.RunExclusiveAsync(JobIds.Maintenance,
        token => log.RunAsync(JobIds.Maintenance, async t =>
        {
            foreach (var task in tasks)
                await task.RunAsync(t);
        }, token), ct);
}

/// <summary>History retention (rollups, then pruning) as a maintenance task.</summary>
public sealed class RetentionMaintenanceTask(Market.Retention.MaintenanceRunner runner) : IMaintenanceTask
{
    public Task RunAsync(CancellationToken ct) => runner.RunAsync(ct);
}
