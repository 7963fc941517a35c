using Hangfire;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>A piece of periodic upkeep (retention, rollups, vacuum) run by the maintenance job.</summary>
public interface IMaintenanceJob
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>The Hangfire entry point: runs every registered <see cref="IMaintenanceJob"/> in turn (none is fine).</summary>
public sealed class MaintenanceJobs(IEnumerable<IMaintenanceJob> tasks, JobGate gate, JobRunLog log)
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
public sealed class RetentionMaintenanceJob(Market.Retention.MaintenanceRunner runner) : IMaintenanceJob
{
    public Task RunAsync(CancellationToken ct) => runner.RunAsync(ct);
}
