using Dapper;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>The bucket query reads each time from the tier that holds it, as SeriesHistory does.</summary>
public sealed class BucketTierTests
{
    private const long Day = 86_400_000;

    [Fact]
    public async Task Buckets_DailyHourlyAndRawTiers_EachReadWhereItHoldsAndStaleRawRowsIgnored()
    {
        await using var services = await ReportFixture.CreateAsync(Path.GetTempPath(), withHistory: false);
        var end = ReportFixture.Now.ToUnixTimeMilliseconds();
        await using (var connection = await services.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO product VALUES (1, 'telegram', 'telegram'); INSERT INTO country VALUES (1, 'ru'); INSERT INTO operator VALUES (1, 'any', 'any');
                INSERT INTO series (id, product_id, country_id, operator_id) VALUES (1, 1, 1, 1);
                INSERT INTO retention_cutoff VALUES ('raw', @end - 2 * @day, 0, @end - 2 * @day), ('hourly', @end - 4 * @day, 0, @end - 4 * @day);
                INSERT INTO price_daily VALUES (1, @end - 6 * @day, 900, 1100, 1000, 1000, 5, 5, 5, 5, 3);
                INSERT INTO price_hourly VALUES (1, @end - 3 * @day, 2000, 2000, 2000, 2000, 0, 0, 0, 0, 1);
                -- Below the raw tier's kept_from: already rolled up into the hourly row, being pruned; must not count twice.
                INSERT INTO price_change VALUES (1, @end - 3 * @day + 1800000, 99999, 1, 1), (1, @end - @day, 3000, 7, 2);
                """, new { end, day = Day });

        var origin = end - (6 * Day);
        var rows = await services.Get<ReportQueries>().BucketsAsync([1], origin, Day, end, CancellationToken.None);
        var buckets = StepBuckets.Fill(rows, origin, Day, 6, end, carried: null);
        var stats = PriceStats.Of(buckets, 6, 6)!;

        Assert.Equal([1000, 1000, 1000, 2000, 2000, 3000], buckets.Select(b => b.Close));
        Assert.Equal((900, 3000), (stats.Min, stats.Max));
        Assert.Equal(1667, stats.Mean); // (3 days at 1000 + 2 at 2000 + 1 at 3000) / 6
        Assert.Equal(1.0 / 3, stats.OutOfStockShare, 6);
    }
}
