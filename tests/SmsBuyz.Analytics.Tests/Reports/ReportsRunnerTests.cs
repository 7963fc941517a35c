using SmsBuyz.Analytics.Export;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Tests.Worker;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>The reports job's folder: the report, and beside it the exports of what is stored.</summary>
public sealed class ReportsRunnerTests
{
    [Fact]
    public async Task RunAsync_PricesCsvFromTheReportsSeries_IsExportPricesLatest()
    {
        using var folder = new TempFolder();
        await using var services = await ReportFixture.CreateAsync(folder.Path);
        var reports = Path.Combine(folder.Path, "latest");
        var exported = Path.Combine(folder.Path, "export.csv");

        await services.Get<ReportsRunner>().RunAsync(reports, "UTC", CancellationToken.None);
        var rows = await CsvFile.WriteAsync(exported, CsvExporter.PriceHeader,
            services.Get<CsvExporter>().PricesAsync(new PriceFilter([], [], null, null), latest: true, CancellationToken.None),
            TextWriter.Null, CancellationToken.None);

        Assert.True(rows > 1, $"{rows} rows");
        Assert.Equal(await File.ReadAllTextAsync(exported), await File.ReadAllTextAsync(Path.Combine(reports, "prices.csv")));
    }
}
