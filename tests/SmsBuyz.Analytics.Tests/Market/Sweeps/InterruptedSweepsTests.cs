using Dapper;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

/// <summary>Sweep rows a killed process left open: closed at the next start, unless their process still lives.</summary>
public sealed class InterruptedSweepsTests
{
    [Fact]
    public async Task EnsureAsync_SweepLeftOpenByAKilledProcess_ClosedAsInterruptedWithItsSavedCounts()
    {
        await using var services = await new TestServices().MigrateAsync();
        var id = await OpenSweepAsync(services);

        await services.Get<InterruptedSweeps>().EnsureAsync(CancellationToken.None);

        await using var connection = await services.OpenAsync();
        var row = await connection.QuerySingleAsync<(long? FinishedAt, long Requests, long Points, long Changes, long Errors)>(
            "SELECT finished_at, requests, points, changes, errors FROM sweep WHERE id = @id", new { id });
        Assert.Equal((1_000_500L, 4L, 40L, 7L, 2L), ((long)row.FinishedAt!, row.Requests, row.Points, row.Changes, row.Errors));
        Assert.Equal(["Network", "Interrupted"], await connection.QueryAsync<string>("SELECT kind FROM sweep_error WHERE sweep_id = @id ORDER BY id", new { id }));
    }

    [Fact]
    public async Task EnsureAsync_AnotherProcessHoldsTheSweepLock_LeavesItsOpenSweepAlone()
    {
        await using var services = await new TestServices().MigrateAsync();
        var id = await OpenSweepAsync(services);
        var interrupted = services.Get<InterruptedSweeps>();
        // What a live sweeping process holds (a second open file description conflicts exactly as another process's does).
        using (new FileStream(interrupted.LockPath, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite))
            await interrupted.EnsureAsync(CancellationToken.None);

        await using var connection = await services.OpenAsync();
        Assert.Null(await connection.ExecuteScalarAsync<long?>("SELECT finished_at FROM sweep WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Status_AfterAKilledSweep_ShowsItAsInterrupted()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("status", "--config", cli.ConfigPath)).ExitCode);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={cli.DatabasePath}"))
            await connection.ExecuteAsync("INSERT INTO sweep (kind, plan, started_at, points, changes) VALUES ('products', 'p', 1000000, 40, 7)");

        var status = await cli.RunAsync("status", "--config", cli.ConfigPath);

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("interrupted sweeps in the last 7 days: 1", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("products #1 interrupted, started 1970-01-01 00:16:40Z: 0 requests, 40 points, 7 changes, 1 errors", status.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A sweep as a killed process leaves it: counts saved after its last part, an error recorded, never finished.</summary>
    private static async Task<long> OpenSweepAsync(TestServices services)
    {
        await using var connection = await services.OpenAsync();
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO sweep (kind, plan, started_at, requests, points, changes, errors) VALUES ('products', 'p', 1000000, 4, 40, 7, 1) RETURNING id
            """);
        await connection.ExecuteAsync("INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES (@id, 1000500, 't', 'Network', 'm')", new { id });
        return id;
    }
}
