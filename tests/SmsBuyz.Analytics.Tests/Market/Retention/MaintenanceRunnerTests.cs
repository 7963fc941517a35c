using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using static SmsBuyz.Analytics.Tests.Market.Retention.HistoryData;

namespace SmsBuyz.Analytics.Tests.Market.Retention;

[StartEarly(30)]
public sealed class MaintenanceRunnerTests
{
    private static readonly long Now = UnixMs.From(RollupTests.Now);

    private static async Task<TestServices> ServicesAsync(StorageProvider provider, int series = 6)
    {
        var services = await new TestServices(provider, new Dictionary<string, string?>
        {
            ["Retention:RawDays"] = "3",
            ["Retention:HourlyDays"] = "10",
        }, new FakeTimeProvider(RollupTests.Now)).MigrateAsync();
        await WriteAsync(services, series, Now - (30 * Day), Now);
        return services;
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task RunAsync_SecondRun_DoesNothingNew(StorageProvider provider)
    {
        await using var services = await ServicesAsync(provider);
        var runner = services.Get<MaintenanceRunner>();
        var first = await runner.RunAsync(CancellationToken.None);
        var after = await DumpAsync(services);

        var second = await runner.RunAsync(CancellationToken.None);

        Assert.True(first.HourlyRows > 0 && first.DailyRows > 0 && first.RawDeleted > 0 && first.HourlyDeleted > 0);
        Assert.Equal((0, 0, 0L, 0L), (second.HourlyRows, second.DailyRows, second.RawDeleted, second.HourlyDeleted));
        Assert.Equal(after, await DumpAsync(services));
        Assert.Contains(services.Logs.GetSnapshot(), l => l.Message.StartsWith("Maintenance: ", StringComparison.Ordinal));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task RunAsync_InterruptedBetweenBatchesThenResumed_SameResultAsOneRun(StorageProvider provider)
    {
        await using var once = await ServicesAsync(provider);
        await once.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);
        await using var interrupted = await ServicesAsync(provider);
        var runner = interrupted.Get<MaintenanceRunner>();
        runner.SeriesPerBatch = 2;

        // Every run is cancelled right after its first batch, until one finds nothing left to do.
        var interruptions = 0;
        while (true)
        {
            using var cts = new CancellationTokenSource();
            runner.BatchCommitted = cts.Cancel;
            try
            {
                await runner.RunAsync(cts.Token);
                break;
            }
            catch (OperationCanceledException)
            {
                interruptions++;
            }
        }

        Assert.True(interruptions > 100, $"only {interruptions} interruptions");
        Assert.Equal(await DumpAsync(once), await DumpAsync(interrupted));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task RunAsync_TwoRunsAtOnce_SameResultAsOneRun(StorageProvider provider)
    {
        await using var once = await ServicesAsync(provider);
        await once.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);
        await using var twice = await ServicesAsync(provider);
        var runner = twice.Get<MaintenanceRunner>();
        runner.SeriesPerBatch = 1;

        await Task.WhenAll(Task.Run(() => runner.RunAsync(CancellationToken.None)), Task.Run(() => runner.RunAsync(CancellationToken.None)));

        Assert.Equal(await DumpAsync(once), await DumpAsync(twice));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task RunAsync_RollupInterrupted_DeletesNoRawPoint(StorageProvider provider)
    {
        await using var services = await ServicesAsync(provider);
        var runner = services.Get<MaintenanceRunner>();
        var before = await CountAsync(services, "price_change");
        using var cts = new CancellationTokenSource();
        runner.BatchCommitted = cts.Cancel;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(cts.Token));

        Assert.Equal(before, await CountAsync(services, "price_change"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task RunAsync_OldRawPoints_DeletedOnlyWhereBothRollupsHoldThem(StorageProvider provider)
    {
        await using var services = await ServicesAsync(provider);

        await services.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);

        await using var connection = await services.OpenAsync();
        var rawFrom = await connection.ExecuteScalarAsync<long>("SELECT kept_from FROM retention_cutoff WHERE tier = 'raw'");
        Assert.InRange(rawFrom, Now - (4 * Day), Now - (3 * Day));
        // Every series keeps the value in force at the cutoff.
        Assert.Equal(6, await connection.ExecuteScalarAsync<long>(
            "SELECT count(DISTINCT series_id) FROM price_change WHERE observed_at <= @rawFrom", new { rawFrom }));
        if (provider == StorageProvider.Sqlite)
            // Before the cutoff only that value is left, one row per series.
            Assert.Equal(6, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM price_change WHERE observed_at < @rawFrom", new { rawFrom }));
        else
        {
            // January has ended before the cutoff and is dropped whole (its last rows are replaced by February's);
            // February, which the cutoff falls inside, is kept whole until it has expired.
            var february = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM price_change WHERE observed_at < @february", new { february }));
            Assert.True(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM price_change WHERE observed_at < @rawFrom", new { rawFrom }) > 6);
            Assert.Equal(["price_change_p202602", "price_change_p202603"], await PartitionsAsync(connection, "202601", "202603"));
        }
        var progress = (await connection.QueryAsync<long>("SELECT done_until FROM rollup_progress")).ToList();
        Assert.Equal(2, progress.Count);
        Assert.All(progress, done => Assert.True(done >= rawFrom));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task RunAsync_SeriesQuietForMonths_LatestChangePointSurvives(StorageProvider provider)
    {
        await using var services = await ServicesAsync(provider, series: 1);
        await using (var connection = await services.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO product (id, name, key) VALUES (2, 'quiet', 'quiet'); INSERT INTO series (id, product_id, country_id, operator_id) VALUES (2, 2, 1, 1);
                INSERT INTO price_change VALUES (2, @at, 4118, 7, 1);
                """, new { at = Now - (90 * Day) });

        await services.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);

        await using var check = await services.OpenAsync();
        Assert.Equal((Now - (90 * Day), 4118L), await check.QuerySingleAsync<(long, long)>("SELECT observed_at, price FROM price_change WHERE series_id = 2"));
    }

    [PostgresFact]
    public async Task RunAsync_PostgreSqlMonthsLater_MakesThePartitionsOfThisMonthAndTheNextTwo()
    {
        await using var services = await ServicesAsync(StorageProvider.PostgreSql, series: 1);
        services.Time.Advance(TimeSpan.FromDays(92)); // 2026-06-01

        await services.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);

        await using var connection = await services.OpenAsync();
        Assert.Equal(["price_change_p202606", "price_change_p202607", "price_change_p202608"], await PartitionsAsync(connection, "202606", "202612"));
    }

    [PostgresFact]
    public async Task RunAsync_PriceChangeBusyLongerThanTheLockTimeout_ReadersMoveOnAndTheNextRunDropsTheMonths()
    {
        await using var services = await ServicesAsync(StorageProvider.PostgreSql);
        var runner = services.Get<MaintenanceRunner>();
        runner.DetachLockTimeout = TimeSpan.FromMilliseconds(200);
        MaintenanceResult busy;
        await using (var reader = await services.OpenAsync())
        {
            // A long read of the history holds price_change, which detaching a month needs to itself.
            await using var tx = await reader.BeginTransactionAsync();
            await reader.ExecuteScalarAsync<long>("SELECT count(*) FROM price_change", transaction: tx);

            busy = await runner.RunAsync(CancellationToken.None);
        }
        await using var connection = await services.OpenAsync();
        var afterBusy = (await PartitionsAsync(connection, "202601", "202603"), await CutoffAsync(connection));

        var next = await runner.RunAsync(CancellationToken.None);

        Assert.Equal(0, busy.RawDeleted);
        Assert.True(busy.HourlyDeleted > 0, "the hourly tier is pruned all the same");
        Assert.Contains(services.Logs.GetSnapshot(), l => l.Message.StartsWith("Maintenance: old months of price_change not dropped", StringComparison.Ordinal));
        var (partitions, (keptFrom, prunedUntil)) = afterBusy;
        Assert.Equal(["price_change_p202601", "price_change_p202602", "price_change_p202603"], partitions);
        Assert.True(keptFrom > prunedUntil, "readers start at the new cutoff before its months are dropped");
        Assert.True(next.RawDeleted > 0);
        Assert.Equal(["price_change_p202602", "price_change_p202603"], await PartitionsAsync(connection, "202601", "202603"));
        Assert.Equal((keptFrom, keptFrom), await CutoffAsync(connection));
    }

    private static async Task<List<string>> PartitionsAsync(DbConnection connection, string from, string to) =>
        [.. await connection.QueryAsync<string>("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'price_change'::regclass AND c.relname BETWEEN 'price_change_p' || @from AND 'price_change_p' || @to ORDER BY 1
            """, new { from, to })];

    private static Task<(long KeptFrom, long PrunedUntil)> CutoffAsync(DbConnection connection) =>
        connection.QuerySingleAsync<(long, long)>("SELECT kept_from, pruned_until FROM retention_cutoff WHERE tier = 'raw'");

    private static async Task<long> CountAsync(TestServices services, string table)
    {
        await using var connection = await services.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }
}
