using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Tests.Worker;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>
/// A series whose price has not changed for longer than the report's period plus its lookback has no stored row in the
/// range: its price is the one carried in from the latest state, and it counts for the whole period all the same.
/// </summary>
public sealed class CarriedSeriesTests
{
    private const long Day = 86_400_000;

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task BestHours_SeriesUnchangedFor60Days_CoversEveryHourOfTheDetailPeriod(StorageProvider provider)
    {
        using var folder = new TempFolder();
        await using var services = await ReportFixture.CreateAsync(folder.Path, provider: provider);
        var now = ReportFixture.Now.ToUnixTimeMilliseconds();
        await using (var connection = await services.OpenAsync())
        {
            // A first sweep 20 days back: the report's period (from the first sweep) is then 480 hours, read in one-hour
            // buckets for its trends and best hours at once.
            await connection.ExecuteAsync("INSERT INTO sweep (id, kind, plan, started_at, provider_id) VALUES (9, 'products', 'test', @at, @api)",
                new { at = now - (20 * Day), api = await services.ProviderAsync() });
        }
        var before = await CoveredHoursAsync(services, Path.Combine(folder.Path, "before"));

        await using (var connection = await services.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO country VALUES (3, 'gb');
                INSERT INTO series (id, product_id, country_id, operator_id, provider_id) VALUES (4, 1, 3, 1, @api);
                INSERT INTO price_latest VALUES (4, 7000, 9, @at, 1, 9);
                """, new { api = await services.ProviderAsync(), at = now - (60 * Day) });
        var after = await CoveredHoursAsync(services, Path.Combine(folder.Path, "after"));

        // Its only trace is the latest state (its old rows rolled up or pruned long ago); it holds its price through every
        // hour of the period, from the first sweep 20 days back to the end.
        Assert.Equal(before + (20 * 24), after, precision: 1);
    }

    private static async Task<double> CoveredHoursAsync(TestServices services, string folder)
    {
        await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services), folder, new Progress<string>(), CancellationToken.None);
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, BestHoursReport.File));
        var column = Array.IndexOf(BestHoursReport.Header, "covered_hours");
        return lines.Skip(1).Where(l => l.StartsWith("telegram,", StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture));
    }
}
