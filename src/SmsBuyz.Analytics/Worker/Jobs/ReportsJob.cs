using Hangfire;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// The Hangfire entry point of the reports job (<see cref="ReportsRunner"/>, into <c>Worker:ReportsDirectory</c>): once at
/// a time, never retried. Its name is stored with the recurring job in Hangfire's storage: renaming it would strand
/// the jobs a running worker has queued.
/// </summary>
public sealed class ReportsJob(ReportsRunner runner, JobGate gate, JobRunLog log, IOptions<ScheduleOptions> schedules,
    IOptions<WorkerOptions> worker)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) => gate.RunExclusiveAsync(JobIds.Reports,
        token => log.RunAsync(JobIds.Reports, t => runner.RunAsync(worker.Value.ReportsDirectory, schedules.Value.TimeZone, t), token), ct);
}
