using Hangfire;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>The Hangfire entry point of the reports job (<see cref="ReportJob"/>): once at a time, never retried.</summary>
public sealed class ReportsJob(ReportJob report, JobGate gate, JobRunLog log)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) =>
        gate.RunExclusiveAsync(JobIds.Reports, token => log.RunAsync(JobIds.Reports, report.RunAsync, token), ct);
}
