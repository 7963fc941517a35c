using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market.Retention;

/// <summary>A rule's watch polls write a sweep row each; maintenance keeps them for the hourly window only.</summary>
public sealed class WatchSweepPruningTests
{
    private const long Day = UnixMs.DayMs;
    private static readonly long Now = UnixMs.From(RollupTests.Now);

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task RunAsync_WatchSweepsOlderThanHourlyDays_DeletedWithTheirErrorsInBatches_ScheduledAndOpenOnesKept(StorageProvider provider)
    {
        await using var services = await new TestServices(provider, new Dictionary<string, string?>
        {
            ["Retention:RawDays"] = "3",
            ["Retention:HourlyDays"] = "10",
        }, new FakeTimeProvider(RollupTests.Now)).MigrateAsync();
        var sweeps = new List<Sweep>();
        for (var i = 0; i < 7; i++)
            sweeps.Add(new Sweep(100 + i, "watch", Now - ((11 + i) * Day), Now - ((11 + i) * Day) + 900)); // expired
        sweeps.Add(new Sweep(200, "watch", Now - (12 * Day), null));                    // expired but still open: not ours to judge
        sweeps.Add(new Sweep(201, "watch", Now - (9 * Day), Now - (9 * Day) + 900));    // inside the hourly window
        sweeps.Add(new Sweep(202, "products", Now - (40 * Day), Now - (40 * Day) + 9000)); // scheduled sweeps stay for good
        sweeps.Add(new Sweep(203, "prices", Now - (40 * Day), Now - (40 * Day) + 9000));
        await using (var connection = await services.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO sweep (id, kind, plan, started_at, finished_at) VALUES (@Id, @Kind, 'test', @StartedAt, @FinishedAt)", sweeps);
            await connection.ExecuteAsync("""
                INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES (103, 1, 'guest/prices', 'Network', 'm');
                INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES (202, 1, 'guest/products', 'Network', 'm');
                """);
        }
        var runner = services.Get<MaintenanceRunner>();
        runner.WatchSweepsPerBatch = 3;

        var first = await runner.RunAsync(CancellationToken.None);
        var second = await runner.RunAsync(CancellationToken.None);

        await using var check = await services.OpenAsync();
        Assert.Equal([200L, 201, 202, 203], await check.QueryAsync<long>("SELECT id FROM sweep ORDER BY id"));
        Assert.Equal([202L], await check.QueryAsync<long>("SELECT sweep_id FROM sweep_error"));
        Assert.Equal((7L, 0L), (first.WatchSweepsDeleted, second.WatchSweepsDeleted));
        Assert.Contains(services.Logs.GetSnapshot(), l => l.Message.Contains("7 watch-poll sweep rows deleted", StringComparison.Ordinal));
    }

    private sealed record Sweep(long Id, string Kind, long StartedAt, long? FinishedAt);
}
