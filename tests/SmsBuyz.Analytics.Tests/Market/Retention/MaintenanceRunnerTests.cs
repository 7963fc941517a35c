using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using static SmsBuyz.Analytics.Tests.Market.Retention.HistoryData;

namespace SmsBuyz.Analytics.Tests.Market.Retention;

public sealed class MaintenanceRunnerTests
{
    private static readonly long Now = UnixMs.From(RollupTests.Now);

    private static async Task<TestServices> ServicesAsync(int series = 6)
    {
        var services = await new TestServices(new Dictionary<string, string?>
        {
            ["Retention:RawDays"] = "3",
            ["Retention:HourlyDays"] = "10",
        }, new FakeTimeProvider(RollupTests.Now)).MigrateAsync();
        await WriteAsync(services, series, Now - (30 * Day), Now);
        return services;
    }

    [Fact]
    public async Task RunAsync_SecondRun_DoesNothingNew()
    {
        await using var services = await ServicesAsync();
        var runner = services.Get<MaintenanceRunner>();
        var first = await runner.RunAsync(CancellationToken.None);
        var after = await DumpAsync(services);

        var second = await runner.RunAsync(CancellationToken.None);

        Assert.True(first.HourlyRows > 0 && first.DailyRows > 0 && first.RawDeleted > 0 && first.HourlyDeleted > 0);
        Assert.Equal((0, 0, 0L, 0L), (second.HourlyRows, second.DailyRows, second.RawDeleted, second.HourlyDeleted));
        Assert.Equal(after, await DumpAsync(services));
        Assert.Contains(services.Logs.GetSnapshot(), l => l.Message.StartsWith("Maintenance: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_InterruptedBetweenBatchesThenResumed_SameResultAsOneRun()
    {
        await using var once = await ServicesAsync();
        await once.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);
        await using var interrupted = await ServicesAsync();
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

    [Fact]
    public async Task RunAsync_TwoRunsAtOnce_SameResultAsOneRun()
    {
        await using var once = await ServicesAsync();
        await once.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);
        await using var twice = await ServicesAsync();
        var runner = twice.Get<MaintenanceRunner>();
        runner.SeriesPerBatch = 1;

        await Task.WhenAll(Task.Run(() => runner.RunAsync(CancellationToken.None)), Task.Run(() => runner.RunAsync(CancellationToken.None)));

        Assert.Equal(await DumpAsync(once), await DumpAsync(twice));
    }

    [Fact]
    public async Task RunAsync_RollupInterrupted_DeletesNoRawPoint()
    {
        await using var services = await ServicesAsync();
        var runner = services.Get<MaintenanceRunner>();
        var before = await CountAsync(services, "price_change");
        using var cts = new CancellationTokenSource();
        runner.BatchCommitted = cts.Cancel;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(cts.Token));

        Assert.Equal(before, await CountAsync(services, "price_change"));
    }

    [Fact]
    public async Task RunAsync_OldRawPoints_DeletedOnlyWhereBothRollupsHoldThem()
    {
        await using var services = await ServicesAsync();

        await services.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);

        await using var connection = await services.OpenAsync();
        var rawFrom = await connection.ExecuteScalarAsync<long>("SELECT kept_from FROM retention_cutoff WHERE tier = 'raw'");
        Assert.InRange(rawFrom, Now - (4 * Day), Now - (3 * Day));
        // Before the cutoff only the value in force at it is left, one per series.
        Assert.Equal(6, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM price_change WHERE observed_at < @rawFrom", new { rawFrom }));
        var progress = (await connection.QueryAsync<long>("SELECT done_until FROM rollup_progress")).ToList();
        Assert.Equal(2, progress.Count);
        Assert.All(progress, done => Assert.True(done >= rawFrom));
    }

    [Fact]
    public async Task RunAsync_SeriesQuietForMonths_LatestChangePointSurvives()
    {
        await using var services = await ServicesAsync(series: 1);
        await using (var connection = await services.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO product (id, name, key) VALUES (2, 'quiet', 'quiet'); INSERT INTO series (id, product_id, country_id, operator_id) VALUES (2, 2, 1, 1);
                INSERT INTO price_change VALUES (2, @at, 4118, 7, 1);
                """, new { at = Now - (90 * Day) });

        await services.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);

        await using var check = await services.OpenAsync();
        Assert.Equal((Now - (90 * Day), 4118L), await check.QuerySingleAsync<(long, long)>("SELECT observed_at, price FROM price_change WHERE series_id = 2"));
    }

    private static async Task<long> CountAsync(TestServices services, string table)
    {
        await using var connection = await services.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }
}
