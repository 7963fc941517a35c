using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Jobs;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// The worker's reports job: the full report of the last <c>Reports:DefaultDays</c> days, replacing the one in
/// <c>Worker:ReportsDirectory</c> (one current report, not a dated folder per run), with the raw CSV exports beside it.
/// </summary>
public sealed class FullReportJob(ReportBuilder builder, CsvReportJob exports, IOptions<WorkerOptions> options) : IReportJob
{
    public Task RunAsync(CancellationToken ct) =>
        builder.BuildAsync(builder.DefaultScope(null, null, [], []), options.Value.ReportsDirectory, new Progress<string>(), ct,
            exports.WriteAsync);
}
