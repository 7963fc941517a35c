using SmsBuyz.Analytics.Export;
using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// What the worker's reports job runs (<c>Worker/Jobs/ReportsJob</c>, and <c>demo</c> once at its end): the full report
/// of the last <c>Reports:DefaultDays</c> days, replacing the one in the folder it is given (one current report, not a
/// dated folder per run), with prices.csv (the latest state of every series), orders.csv and payments.csv beside it.
/// The report is swapped in whole, the exports with it.
/// </summary>
public sealed class ReportsRunner(ReportBuilder builder, CsvExporter exporter)
{
    /// <param name="directory">The folder replaced whole: <c>Worker:ReportsDirectory</c>.</param>
    /// <param name="timeZone">The zone the best hours are told in: the worker's schedules' zone.</param>
    public Task RunAsync(string directory, string timeZone, CancellationToken ct) =>
        builder.BuildAsync(builder.DefaultScope(null, null, [], []) with { TimeZone = timeZone }, directory,
            new Progress<string>(), ct, WriteExportsAsync);

    /// <summary>
    /// prices.csv from the series the report has just read (its scope is every series), not read again: on a whole
    /// market a second read was another 78,000 series in memory while the GC still held the report's.
    /// </summary>
    private async Task WriteExportsAsync(string folder, IReadOnlyList<SeriesInfo> latest, CancellationToken ct)
    {
        await CsvFile.WriteAsync(Path.Combine(folder, "prices.csv"), CsvExporter.PriceHeader,
            CsvExporter.LatestPrices(latest).ToAsyncEnumerable(), TextWriter.Null, ct);
        await CsvFile.WriteAsync(Path.Combine(folder, "orders.csv"), CsvExporter.OrderHeader, exporter.OrdersAsync(null, ct), TextWriter.Null, ct);
        await CsvFile.WriteAsync(Path.Combine(folder, "payments.csv"), CsvExporter.PaymentHeader, exporter.PaymentsAsync(null, ct), TextWriter.Null, ct);
    }
}
