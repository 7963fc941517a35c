using Dapper;
using Npgsql;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Storage.PostgreSql;

/// <summary>
/// <c>price_change</c> by month on PostgreSQL: partitions made ahead (<c>price_change_ensure_partitions</c>), rows of a
/// month without one caught by the default partition and moved out later, and retention by whole months
/// (<c>price_change_drop_months</c>) leaving what the SQLite <see cref="Pruner"/> leaves.
/// </summary>
public sealed class PriceChangePartitionTests
{
    private static readonly long Jan = Ms(2026, 1), Feb = Ms(2026, 2), Mar = Ms(2026, 3), Apr = Ms(2026, 4), May = Ms(2026, 5);
    private const long Day = 86_400_000;

    [PostgresFact]
    public async Task EnsurePartitions_ThreeMonths_CreatesEachOnceAndRowsLandInTheirUtcMonth()
    {
        await using var database = await MigratedAsync();
        await using var connection = await database.OpenAsync();

        var created = await EnsureAsync(connection, Jan + (14 * Day), Mar + (14 * Day));
        var again = await EnsureAsync(connection, Jan, Mar);
        await InsertAsync(connection, (1, Feb - 1), (1, Feb), (2, Mar + 1), (3, Apr));

        Assert.Equal((3, 0), (created, again));
        Assert.Equal(["price_change_p202601", "price_change_p202602", "price_change_p202603", "price_change_default"],
            await connection.QueryAsync<string>("SELECT tableoid::regclass::text FROM price_change ORDER BY observed_at"));
    }

    [PostgresFact]
    public async Task EnsurePartitions_RowsWaitingInTheDefaultPartition_MovesThemIntoTheNewMonth()
    {
        await using var database = await MigratedAsync();
        await using var connection = await database.OpenAsync();
        await InsertAsync(connection, (1, Apr + 5), (2, Apr + (20 * Day)), (1, May + 1));

        var created = await EnsureAsync(connection, Apr, Apr);

        Assert.Equal(1, created);
        Assert.Equal(["price_change_p202604", "price_change_p202604", "price_change_default"],
            await connection.QueryAsync<string>("SELECT tableoid::regclass::text FROM price_change ORDER BY observed_at"));
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM price_change"));
    }

    [PostgresFact]
    public async Task EnsurePartitions_ThreeWorkersAtOnce_CreateEachMonthOnce()
    {
        await using var database = await MigratedAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            await using var connection = await database.OpenAsync();
            return await EnsureAsync(connection, Jan, Apr);
        }));

        Assert.Equal(4, created.Sum());
    }

    [PostgresFact]
    public async Task DropMonths_CutoffsAtMonthStarts_LeaveTheRowsTheSqlitePrunerLeaves()
    {
        var points = History();
        await using var sqlite = await SqliteWithAsync(points);
        await using var sqliteConnection = await sqlite.OpenSqliteAsync();
        await using var database = await MigratedAsync();
        await using var connection = await database.OpenAsync();
        await EnsureAsync(connection, Jan, Apr);
        await InsertAsync(connection, [.. points]);

        foreach (var cutoff in new[] { Mar, Apr })
        {
            var pruned = await Pruner.PruneAsync(sqlite.Get<Database>(), sqliteConnection, PrunedTier.Raw, cutoff, 7, null, CancellationToken.None);
            var dropped = await connection.ExecuteScalarAsync<long>("SELECT price_change_drop_months(@cutoff)", new { cutoff });

            Assert.Equal(pruned, dropped);
            Assert.Equal(await RowsAsync(sqliteConnection), await RowsAsync(connection));
        }
        Assert.Equal(["price_change_p202604"], await PartitionsAsync(connection));
    }

    [PostgresFact]
    public async Task DropMonths_CutoffInsideAMonth_KeepsThatMonthWholeAndTheValueInForceAtTheCutoff()
    {
        var points = History();
        await using var sqlite = await SqliteWithAsync(points);
        await using var sqliteConnection = await sqlite.OpenSqliteAsync();
        await using var database = await MigratedAsync();
        await using var connection = await database.OpenAsync();
        await EnsureAsync(connection, Jan, Apr);
        await InsertAsync(connection, [.. points]);
        var cutoff = Mar + (10 * Day);

        await Pruner.PruneAsync(sqlite.Get<Database>(), sqliteConnection, PrunedTier.Raw, cutoff, 7, null, CancellationToken.None);
        await connection.ExecuteAsync("SELECT price_change_drop_months(@cutoff)", new { cutoff });

        var kept = await RowsAsync(connection);
        var pruned = await RowsAsync(sqliteConnection);
        Assert.Superset(pruned.ToHashSet(), kept.ToHashSet());
        Assert.All(kept.Except(pruned), row => Assert.InRange(row.At, Mar, cutoff - 1)); // only March, which ends after the cutoff
        Assert.Equal(InForce(pruned, cutoff), InForce(kept, cutoff));
        Assert.Equal(["price_change_p202603", "price_change_p202604"], await PartitionsAsync(connection));
    }

    /// <summary>Change points of 30 series from January to April: some quiet since January, some right on a month's
    /// first millisecond, some with nothing before March.</summary>
    private static List<(long Series, long At)> History()
    {
        var random = new Random(13);
        var points = new HashSet<(long, long)>();
        for (var series = 1; series <= 30; series++)
        {
            var (from, to) = (series % 5) switch { 0 => (Jan, Feb), 1 => (Mar, May), _ => (Jan, May) };
            for (var i = random.Next(1, 9); i > 0; i--)
                points.Add((series, from + random.NextInt64(to - from)));
            if (series % 7 == 0)
                points.Add((series, Mar));
        }
        return [.. points.Order()];
    }

    private static async Task<TestServices> SqliteWithAsync(List<(long Series, long At)> points)
    {
        var services = await new TestServices().MigrateAsync();
        var api = await services.ProviderAsync();
        await using var connection = await services.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO country (id, code) VALUES (1, 'ru'); INSERT INTO operator (id, name, key) VALUES (1, 'any', 'any')");
        foreach (var series in points.Select(p => p.Series).Distinct())
            await connection.ExecuteAsync("""
                INSERT INTO product (id, name, key) VALUES (@series, 'p' || @series, 'p' || @series);
                INSERT INTO series (id, product_id, country_id, operator_id, provider_id) VALUES (@series, @series, 1, 1, @api);
                """, new { series, api });
        await connection.ExecuteAsync("INSERT INTO price_change VALUES (@Series, @At, @At % 1000, 1, 1)", points.Select(p => new { p.Series, p.At }));
        return services;
    }

    private static async Task<PostgresDatabase> MigratedAsync()
    {
        var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await PostgreSqlScripts.ApplyAsync(database);
        return database;
    }

    private static Task<int> EnsureAsync(NpgsqlConnection connection, long from, long to) =>
        connection.ExecuteScalarAsync<int>("SELECT price_change_ensure_partitions(@from, @to)", new { from, to });

    private static Task<int> InsertAsync(NpgsqlConnection connection, params (long Series, long At)[] points) =>
        connection.ExecuteAsync("INSERT INTO price_change VALUES (@Series, @At, @At % 1000, 1, 1)", points.Select(p => new { p.Series, p.At }));

    private static async Task<List<(long Series, long At, long Price)>> RowsAsync(System.Data.Common.DbConnection connection) =>
        [.. await connection.QueryAsync<(long, long, long)>("SELECT series_id, observed_at, price FROM price_change ORDER BY series_id, observed_at")];

    private static async Task<List<string>> PartitionsAsync(NpgsqlConnection connection) =>
        [.. await connection.QueryAsync<string>("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'price_change'::regclass AND c.relname <> 'price_change_default' ORDER BY c.relname
            """)];

    /// <summary>Per series, the last row at or before the time: what a reader of the history at that time starts from.</summary>
    private static List<(long Series, long At, long Price)> InForce(List<(long Series, long At, long Price)> rows, long at) =>
        [.. rows.Where(r => r.At <= at).GroupBy(r => r.Series).Select(g => g.MaxBy(r => r.At)).OrderBy(r => r.Series)];

    private static long Ms(int year, int month) => new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
}
