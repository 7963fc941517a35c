using Hangfire;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>The Hangfire entry point of the reports job (<see cref="ReportJob"/>): once at a time, never retried.</summary>
public sealed class ReportsJob(ReportJob report, JobGate gate, JobRunLog log, IOptions<ScheduleOptions> schedules)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) =>
        gate.RunExclusiveAsync(JobIds.Reports, token => log.RunAsync(JobIds.Reports, t => report.RunAsync(schedules.Value.TimeZone, t), token), ct);
}
