using Hangfire;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Export;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Jobs;

/// <summary>What the reports job produces: the full report (Reports/FullReportJob), with these CSV exports beside it.</summary>
public interface IReportJob
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>prices.csv (the latest state of every series), orders.csv and payments.csv, each replaced atomically.</summary>
public sealed class CsvReportJob(CsvExporter exporter, IOptions<WorkerOptions> options) : IReportJob
{
    public Task RunAsync(CancellationToken ct) => WriteAsync(options.Value.ReportsDirectory, ct);

    public async Task WriteAsync(string folder, CancellationToken ct)
    {
        await CsvFile.WriteAsync(Path.Combine(folder, "prices.csv"), CsvExporter.PriceHeader,
            exporter.PricesAsync(new PriceFilter([], [], null, null), latest: true, ct), TextWriter.Null, ct);
        await CsvFile.WriteAsync(Path.Combine(folder, "orders.csv"), CsvExporter.OrderHeader, exporter.OrdersAsync(ct), TextWriter.Null, ct);
        await CsvFile.WriteAsync(Path.Combine(folder, "payments.csv"), CsvExporter.PaymentHeader, exporter.PaymentsAsync(ct), TextWriter.Null, ct);
    }
}

/// <summary>The Hangfire entry point of <see cref="IReportJob"/>.</summary>
public sealed class ReportsJob(IReportJob report, JobGate gate, JobRunLog log)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) =>
        gate.RunExclusiveAsync(JobIds.Reports, token => log.RunAsync(JobIds.Reports, report.RunAsync, token), ct);
}
