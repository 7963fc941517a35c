using System.Data.Common;
using Dapper;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>The read model's bucket query reads each time from the tier that holds it, as its history does; its two variants alike.</summary>
[StartEarly(25)]
public sealed class BucketTierTests
{
    private const long Hour = 3_600_000, Day = 24 * Hour;

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Buckets_DailyHourlyAndRawTiers_EachReadWhereItHoldsAndStaleRawRowsIgnored(StorageProvider provider)
    {
        await using var services = await ReportFixture.CreateAsync(Path.GetTempPath(), withHistory: false, provider);
        var end = ReportFixture.Now.ToUnixTimeMilliseconds();
        var api = await services.ProviderAsync();
        await using (var connection = await services.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO product VALUES (1, 'telegram', 'telegram'); INSERT INTO country VALUES (1, 'ru'); INSERT INTO operator VALUES (1, 'any', 'any');
                INSERT INTO series (id, product_id, country_id, operator_id, provider_id) VALUES (1, 1, 1, 1, @api);
                INSERT INTO retention_cutoff VALUES ('raw', @end - 2 * @day, 0, @end - 2 * @day), ('hourly', @end - 4 * @day, 0, @end - 4 * @day);
                INSERT INTO price_daily VALUES (1, @end - 6 * @day, 900, 1100, 1000, 1000, 5, 5, 5, 5, 3);
                INSERT INTO price_hourly VALUES (1, @end - 3 * @day, 2000, 2000, 2000, 2000, 0, 0, 0, 0, 1);
                -- Below the raw tier's kept_from: already rolled up into the hourly row, being pruned; must not count twice.
                INSERT INTO price_change VALUES (1, @end - 3 * @day + 1800000, 99999, 1, 1), (1, @end - @day, 3000, 7, 2);
                """, new { end, day = Day, api });

        var origin = end - (6 * Day);
        var rows = await services.Get<MarketReadModel>().BucketsAsync([1], origin, Day, end, CancellationToken.None);
        var buckets = StepBuckets.Fill(rows, origin, Day, 6, end, carried: null);
        var stats = PriceStats.Of(buckets, 6, 6)!.Value;

        Assert.Equal([1000, 1000, 1000, 2000, 2000, 3000], buckets.Select(b => b.Close));
        Assert.Equal((900, 3000), (stats.Min, stats.Max));
        Assert.Equal(1667, stats.Mean); // (3 days at 1000 + 2 at 2000 + 1 at 3000) / 6
        Assert.Equal(1.0 / 3, stats.OutOfStockShare, 6);
    }

    /// <summary>
    /// The bucket query walks each tier by its primary key and never sorts; this is the plain statement of what it
    /// computes (each row holds until the next row of its series in any tier, a lead() window over the union), which
    /// it must match bucket for bucket on a random history: rows before, inside and after each tier, stale raw rows,
    /// series without some tiers, buckets the tier boundaries cross, an end before the last rows.
    /// </summary>
    [Theory]
    [InlineData(30 * Day, Day, 0L, StorageProvider.Sqlite)]
    [InlineData(90 * Day, Day, 0L, StorageProvider.Sqlite)]
    [InlineData((25 * Day) + (3 * Hour), 7_290_000L, 0L, StorageProvider.Sqlite)]
    [InlineData(12 * Day, Day, (3 * Day) + (5 * Hour), StorageProvider.Sqlite)]
    [PostgresData(30 * Day, Day, 0L, StorageProvider.PostgreSql)]
    [PostgresData(90 * Day, Day, 0L, StorageProvider.PostgreSql)]
    [PostgresData((25 * Day) + (3 * Hour), 7_290_000L, 0L, StorageProvider.PostgreSql)]
    [PostgresData(12 * Day, Day, (3 * Day) + (5 * Hour), StorageProvider.PostgreSql)]
    public async Task Buckets_RandomTieredHistory_EqualTheLeadWindowOverTheUnionOfTiers(long span, long width, long endBeforeNow, StorageProvider provider)
    {
        await using var services = await ReportFixture.CreateAsync(Path.GetTempPath(), withHistory: false, provider);
        var now = ReportFixture.Now.ToUnixTimeMilliseconds();
        long rawFrom = now - (9 * Day) - (5 * Hour), hourlyFrom = now - (20 * Day), end = now - endBeforeNow, origin = end - span;
        var ids = await FillRandomAsync(services, now, rawFrom, hourlyFrom);

        var actual = await services.Get<MarketReadModel>().BucketsAsync(ids, origin, width, end, CancellationToken.None);

        await using var connection = await services.OpenAsync();
        var expected = (await connection.QueryAsync<BucketRow>(provider == StorageProvider.Sqlite ? LeadWindowSql("min", "max") : LeadWindowSql("least", "greatest"), new
        {
            look = origin - MarketReadModel.CarryLookbackMs, origin, width, end, rawFrom, hourlyFrom,
        })).ToList();
        Assert.True(expected.Count > 250, $"only {expected.Count} buckets: the history is too thin to compare");
        Assert.Equal(expected, actual);
    }

    private static async Task<List<long>> FillRandomAsync(TestServices services, long now, long rawFrom, long hourlyFrom)
    {
        var random = new Random(14);
        var api = await services.ProviderAsync();
        await using var connection = await services.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO product VALUES (1, 'telegram', 'telegram'); INSERT INTO country VALUES (1, 'ru'); INSERT INTO operator VALUES (1, 'any', 'any');
            INSERT INTO retention_cutoff VALUES ('raw', @rawFrom, 0, @rawFrom), ('hourly', @hourlyFrom, 0, @hourlyFrom);
            """, new { rawFrom, hourlyFrom }, tx);
        var ids = Enumerable.Range(1, 40).Select(i => (long)i).ToList();
        foreach (var id in ids)
        {
            await connection.ExecuteAsync("INSERT INTO series (id, product_id, country_id, operator_id, provider_id) VALUES (@id, 1, 1, @id, @api)", new { id, api }, tx);
            await connection.ExecuteAsync("INSERT INTO operator VALUES (@id + 1, 'op' || @id, 'op' || @id) ON CONFLICT DO NOTHING", new { id }, tx);
            // Each series keeps a tier with some chance, so some have no daily, hourly or raw rows at all.
            var (daily, hourly, raw) = (random.Next(3) > 0 ? 0.5 : 0, random.Next(3) > 0 ? 0.2 : 0, random.Next(3) > 0 ? 0.05 : 0);
            for (var at = now - (120 * Day); at < hourlyFrom; at += Day)
                if (random.NextDouble() < daily)
                    await Rollup(connection, tx, "price_daily", id, at, random);
            for (var at = hourlyFrom; at < rawFrom - Hour; at += Hour)
                if (random.NextDouble() < hourly)
                    await Rollup(connection, tx, "price_hourly", id, at, random);
            // From two days below the raw cutoff: those rows are already rolled up and must be ignored.
            for (var at = rawFrom - (2 * Day) + random.Next(300_000); at < now; at += 300_000)
                if (random.NextDouble() < raw)
                    await connection.ExecuteAsync("INSERT INTO price_change VALUES (@id, @at, @price, @qty, 1)",
                        new { id, at, price = random.Next(100, 900), qty = random.Next(4) * random.Next(50) }, tx);
        }
        await tx.CommitAsync();
        return ids;
    }

    private static Task<int> Rollup(DbConnection connection, DbTransaction tx, string table, long id, long at, Random random)
    {
        int lo = random.Next(100, 900), hi = lo + random.Next(200), qty = random.Next(4) * random.Next(50);
        return connection.ExecuteAsync($"INSERT INTO {table} VALUES (@id, @at, @lo, @hi, @mid, @last, @qty, @qty, @qty, @qty, 2)",
            new { id, at, lo, hi, mid = (lo + hi) / 2, last = random.Next(lo, hi + 1), qty }, tx);
    }

    /// <summary>The plain statement, with the dialect's scalar min and max (SQLite's min/max, PostgreSQL's least/greatest).</summary>
    private static string LeadWindowSql(string least, string greatest) => $"""
        WITH steps AS (
            SELECT d.series_id AS sid, bucket_start AS at, price_min AS lo, price_max AS hi, price_avg AS mid, price_last AS last, qty_last AS qty
            FROM series r JOIN price_daily d ON d.series_id = r.id
            WHERE bucket_start >= @look AND bucket_start < @end AND bucket_start < @hourlyFrom
            UNION ALL
            SELECT h.series_id, bucket_start, price_min, price_max, price_avg, price_last, qty_last
            FROM series r JOIN price_hourly h ON h.series_id = r.id
            WHERE bucket_start >= {greatest}(@look, @hourlyFrom) AND bucket_start < {least}(@end, @rawFrom)
            UNION ALL
            SELECT c.series_id, observed_at, price, price, price, price, qty
            FROM series r JOIN price_change c ON c.series_id = r.id
            WHERE observed_at >= {greatest}(@look, @rawFrom) AND observed_at < @end
        ), timed AS (
            SELECT *, CASE WHEN at < @origin THEN -1 ELSE (at - @origin) / @width END AS b,
                   lead(at, 1, @end) OVER (PARTITION BY sid ORDER BY at) AS next
            FROM steps
        ), clipped AS (
            SELECT *, {least}(next, @origin + (b + 1) * @width, @end) AS stop, next >= @origin + (b + 1) * @width OR next = @end AS closes
            FROM timed
        )
        SELECT sid AS SeriesId, b AS Bucket, min(at) AS FirstAt, min(lo) AS Lo, max(hi) AS Hi,
               sum(CAST(mid AS DOUBLE PRECISION) * (stop - at)) AS WeightedSum, sum(stop - at) AS Covered,
               sum(CASE WHEN qty = 0 THEN stop - at ELSE 0 END) AS OutOfStock,
               max(CASE WHEN closes THEN last END) AS Close, max(CASE WHEN closes THEN qty END) AS CloseQty
        FROM clipped GROUP BY sid, b ORDER BY sid, b
        """;
}
