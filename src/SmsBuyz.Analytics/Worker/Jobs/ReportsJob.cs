using Hangfire;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// The Hangfire entry point of the reports job (<see cref="ReportsRunner"/>, into <c>Worker:ReportsDirectory</c>): once at
/// a time, never retried, after the market sweeps of its minute (<see cref="ReportAfterSweeps"/>). Its name is stored
/// with the recurring job in Hangfire's storage: renaming it would strand the jobs a running worker has queued.
/// </summary>
public sealed class ReportsJob(ReportsRunner runner, JobGate gate, ReportAfterSweeps sweepsFirst, JobRunLog log,
    IOptions<ScheduleOptions> schedules, IOptions<WorkerOptions> worker)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await gate.RunExclusiveAsync(JobIds.Reports, async token =>
            {
                await sweepsFirst.WaitAsync(token);
                await log.RunAsync(JobIds.Reports, t => runner.RunAsync(worker.Value.ReportsDirectory, schedules.Value.TimeZone, t), token);
            }, ct);
        }
        finally
        {
            GiveBackReportMemory();
        }
    }

    /// <summary>
    /// A report allocates some 100 MB (its history read, 60 charts drawn) that is dead once it is written, but the
    /// GC, seeing much of it promoted, leaves it in gen2 for minutes: the hour-long soak (docs/performance.md) showed the
    /// heap after its collections at 140–170 MB most of the hour against 30 MB after a full one. One full, compacting
    /// collection after the job (tens of milliseconds, its live set being small) returns that memory to the system
    /// instead of keeping the worker's resident size at its high-water mark between reports.
    /// </summary>
    private static void GiveBackReportMemory() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
