using Dapper;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage.Migrations;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Storage;

/// <summary>
/// Migration 5 on <c>Fixtures/split-spellings-v4.db</c>: four snapshots taken by the app before offer identities
/// (schema 4) against the sandbox spelling operators <c>Virtual1</c>, configured with <c>russia</c>, <c>us</c>,
/// <c>gb</c> and operators in lower case. It holds both bugs: twin series (<c>virtual1</c>/<c>Virtual1</c>) whose
/// lower-case one each prices sweep zeroed, and Russia stored under its name.
/// </summary>
public sealed class OfferIdentityMigrationTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "split-spellings-v4.db");

    [Fact]
    public async Task Migrate_SplitSpellings_OneSeriesPerOfferWithoutTheFalseZeros()
    {
        await using var services = new TestServices();
        File.Copy(Fixture, services.DatabasePath);
        var before = await ReadAsync(services.DatabasePath);
        Assert.Contains(before.Series, s => s.Operator == "virtual1");
        Assert.Contains(before.Series, s => s.Operator == "Virtual1"); // the fixture still shows the bug
        await AddOrderAndIntentAsync(services.DatabasePath);

        await services.MigrateAsync();

        var after = await ReadAsync(services.DatabasePath);
        var offers = before.Series.GroupBy(s => OfferKey.Of(s.Country, s.Operator, s.Product)).ToList();
        Assert.Equal(offers.Count, after.Series.Count);
        Assert.Equal(offers.Select(g => g.Key).OrderBy(k => k.ToString()), after.Series.Select(s => OfferKey.Of(s.Country, s.Operator, s.Product)).OrderBy(k => k.ToString()));
        Assert.All(after.Series, s => Assert.Equal(OfferNames.CountryKey(s.Country), s.Country));
        Assert.DoesNotContain(after.Series, s => s.Country == "russia");

        foreach (var twins in offers.Where(g => g.Count() == 2))
        {
            // The API-spelled twin (from guest/prices) was never zeroed by the other spelling: the merge follows it.
            var api = twins.Single(s => s.Operator.StartsWith("Virtual", StringComparison.Ordinal));
            var merged = after.Series.Single(s => OfferKey.Of(s.Country, s.Operator, s.Product) == twins.Key);
            Assert.Equal((api.Price, api.Qty), (merged.Price, merged.Qty));
            var apiPoints = before.Points[api.Id];
            foreach (var zero in after.Points[merged.Id].Where(p => p.Qty == 0))
                Assert.Equal(0, apiPoints.LastOrDefault(p => p.At <= zero.At)?.Qty ?? 0);
            Assert.True(after.Points[merged.Id].Zip(after.Points[merged.Id].Skip(1)).All(p => p.First.At < p.Second.At
                && (p.First.Price, p.First.Qty) != (p.Second.Price, p.Second.Qty)), "time order, no point that changes nothing");
        }
        await using var connection = new SqliteConnection($"Data Source={services.DatabasePath}");
        Assert.Equal("ru", await connection.ExecuteScalarAsync<string>("SELECT country FROM orders"));
        Assert.Equal(("ru", "Bought"), await connection.QuerySingleAsync<(string, string)>("SELECT country, state FROM buy_intent"));
    }

    [Fact]
    public async Task Migrate_RollupsOfTwins_MergedPerBucketKeepingTheStockedOne()
    {
        await using var services = new TestServices();
        File.Copy(Fixture, services.DatabasePath);
        var before = await ReadAsync(services.DatabasePath);
        var lower = before.Series.First(s => s.Operator == "virtual1");
        var upper = before.Series.Single(s => s.Operator == "Virtual1" && s.Product == lower.Product && s.Country == lower.Country);
        await using (var connection = new SqliteConnection($"Data Source={services.DatabasePath}"))
        {
            // Bucket 0: both spellings (the lower-case one with false zeros); bucket 1: only the lower-case one.
            await connection.ExecuteAsync("""
                INSERT INTO price_hourly VALUES (@lower, 0, 100, 120, 110, 120, 0, 50, 10, 0, 3), (@upper, 0, 90, 110, 105, 110, 40, 60, 50, 55, 2),
                                                (@lower, 3600000, 130, 130, 130, 130, 70, 70, 70, 70, 1)
                """, new { lower = lower.Id, upper = upper.Id });
        }

        await services.MigrateAsync();

        await using var migrated = new SqliteConnection($"Data Source={services.DatabasePath}");
        var rows = (await migrated.QueryAsync<(long Series, long Bucket, long PriceMin, long PriceMax, long QtyAvg, long Changes)>(
            "SELECT series_id, bucket_start, price_min, price_max, qty_avg, changes FROM price_hourly ORDER BY bucket_start")).ToList();
        var survivor = Math.Min(lower.Id, upper.Id);
        Assert.Equal([(survivor, 0L, 90L, 120L, 50L, 2L), (survivor, 3600000L, 130L, 130L, 70L, 1L)], rows);
    }

    [Fact]
    public async Task MergeStep_RunAgain_ChangesNothing()
    {
        await using var services = new TestServices();
        File.Copy(Fixture, services.DatabasePath);
        await services.MigrateAsync();
        var once = await ReadAsync(services.DatabasePath);

        await using (var connection = new SqliteConnection($"Data Source={services.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var tx = connection.BeginTransaction();
            await OfferIdentityMerge.ApplyAsync(connection, tx);
            await tx.CommitAsync();
        }

        var twice = await ReadAsync(services.DatabasePath);
        Assert.Equal(once.Series, twice.Series);
        Assert.Equal(once.Points.SelectMany(p => p.Value), twice.Points.SelectMany(p => p.Value));
    }

    private static async Task AddOrderAndIntentAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.ExecuteAsync("""
            INSERT INTO orders (id, country, operator, product, price, status, first_seen_at, updated_at) VALUES (7, 'russia', 'virtual41', 'telegram', 1054, 'FINISHED', 0, 0);
            INSERT INTO buy_intent (rule, idem_key, mode, day, country, operator, product, max_price, reserved, state, order_id, created_at)
            VALUES ('r', 'r:Live:2026-01-01:1', 'Live', '2026-01-01', 'russia', 'virtual41', 'telegram', 2000, 1054, 'Bought', 7, 0);
            """);
    }

    private sealed record Series(long Id, string Country, string Operator, string Product, long Price, long Qty);

    private sealed record Point(long At, long Price, long Qty);

    private static async Task<(List<Series> Series, Dictionary<long, List<Point>> Points)> ReadAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        var series = (await connection.QueryAsync<Series>("""
            SELECT s.id AS Id, c.code AS Country, o.name AS Operator, p.name AS Product, l.price AS Price, l.qty AS Qty
            FROM series s JOIN country c ON c.id = s.country_id JOIN operator o ON o.id = s.operator_id
            JOIN product p ON p.id = s.product_id JOIN price_latest l ON l.series_id = s.id ORDER BY s.id
            """)).ToList();
        var points = (await connection.QueryAsync<(long Series, long At, long Price, long Qty)>(
                "SELECT series_id, observed_at, price, qty FROM price_change ORDER BY series_id, observed_at"))
            .GroupBy(p => p.Series).ToDictionary(g => g.Key, g => g.Select(p => new Point(p.At, p.Price, p.Qty)).ToList());
        foreach (var s in series)
            points.TryAdd(s.Id, []);
        return (series, points);
    }
}
