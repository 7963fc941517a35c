using Dapper;
using Npgsql;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

/// <summary>Sweep rows a killed process left open: closed at the next start, unless their process still lives.</summary>
public sealed class InterruptedSweepsTests
{
    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task EnsureAsync_SweepLeftOpenByAKilledProcess_ClosedAsInterruptedWithItsSavedCounts(StorageProvider storage)
    {
        await using var services = await new TestServices(storage).MigrateAsync();
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
        using (new FileStream(services.Get<SqlitePresence>().LockPath(InterruptedSweeps.Rows), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite))
            await interrupted.EnsureAsync(CancellationToken.None);

        await using var connection = await services.OpenAsync();
        Assert.Null(await connection.ExecuteScalarAsync<long?>("SELECT finished_at FROM sweep WHERE id = @id", new { id }));
    }

    [PostgresFact]
    public async Task EnsureAsync_PostgreSql_TheSweepOfAWorkerWhoseSessionDied_ClosedByAnotherLiveWorker()
    {
        await using var live = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();
        await using var dead = new TestServices(StorageProvider.PostgreSql, live.StorageSettings.ToDictionary(), live.Time);
        var sweeps = dead.Get<SweepStore>();
        var id = await sweeps.StartAsync("products", "p", CancellationToken.None);
        var counts = new SweepCounts();
        counts.AddPoints(40);
        counts.AddChanges(7);
        await sweeps.SaveProgressAsync(id, counts, 4, CancellationToken.None);
        live.Time.Advance(TimeSpan.FromSeconds(30));

        var holder = await PostgresSessions.HolderAsync(live, PgLocks.Sweeps, (int)id);
        Assert.NotNull(holder);
        await PostgresSessions.TerminateAsync(holder.Value); // the dead worker's presence session, as its kill ends it
        await live.Get<InterruptedSweeps>().EnsureAsync(CancellationToken.None);

        await using var connection = await live.OpenAsync();
        var row = await connection.QuerySingleAsync<(long StartedAt, long? FinishedAt, long Requests, long Points, long Changes, long Errors)>(
            "SELECT started_at, finished_at, requests, points, changes, errors FROM sweep WHERE id = @id", new { id });
        Assert.Equal((row.StartedAt, 4L, 40L, 7L, 1L), ((long)row.FinishedAt!, row.Requests, row.Points, row.Changes, row.Errors));
        Assert.Equal(["Interrupted"], await connection.QueryAsync<string>("SELECT kind FROM sweep_error WHERE sweep_id = @id", new { id }));
        Assert.Contains(live.Logs.GetSnapshot(), l => l.Message.StartsWith($"products #{id} was interrupted", StringComparison.Ordinal));
        // The dead worker's own finish, had it come back, leaves the row as it was closed.
        await sweeps.FinishAsync(id, counts, CancellationToken.None);
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT errors FROM sweep WHERE id = @id", new { id }));
    }

    [PostgresFact]
    public async Task EnsureAsync_PostgreSql_LiveSweepsOfThisAndAnotherWorker_LeftAlone()
    {
        await using var first = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();
        await using var second = new TestServices(StorageProvider.PostgreSql, first.StorageSettings.ToDictionary(), first.Time);
        var own = await first.Get<SweepStore>().StartAsync("prices", "p", CancellationToken.None);
        var others = await second.Get<SweepStore>().StartAsync("products", "p", CancellationToken.None);

        await first.Get<InterruptedSweeps>().EnsureAsync(CancellationToken.None); // also what its next sweep's start runs
        await first.Get<SweepStore>().StartAsync("account", "a", CancellationToken.None);

        await using var connection = await first.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sweep WHERE finished_at IS NOT NULL"));
        await second.Get<SweepStore>().FinishAsync(others, new SweepCounts(), CancellationToken.None);
        await first.Get<SweepStore>().FinishAsync(own, new SweepCounts(), CancellationToken.None);
        Assert.Null(await PostgresSessions.HolderAsync(first, PgLocks.Sweeps, (int)own)); // a finished sweep lets go of its lock
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sweep_error"));
    }

    [PostgresFact]
    public async Task FinishAsync_PostgreSql_RowCouldNotBeFinished_LetsGoOfItsLock_SoALiveWorkerClosesIt()
    {
        await using var first = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();
        await using var second = new TestServices(StorageProvider.PostgreSql, first.StorageSettings.ToDictionary(), first.Time);
        var id = await first.Get<SweepStore>().StartAsync("prices", "p", CancellationToken.None);
        await using var connection = await first.OpenAsync();
        await connection.ExecuteAsync("""
            CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'could not extend file'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse BEFORE UPDATE ON sweep FOR EACH ROW EXECUTE FUNCTION refuse();
            """);

        await Assert.ThrowsAsync<PostgresException>(() => first.Get<SweepStore>().FinishAsync(id, new SweepCounts(), CancellationToken.None));

        // Held on, the lock would keep the row "running" until the worker's process ends: no live worker could close it.
        Assert.Null(await PostgresSessions.HolderAsync(first, PgLocks.Sweeps, (int)id));
        await connection.ExecuteAsync("DROP TRIGGER refuse ON sweep");
        await second.Get<InterruptedSweeps>().EnsureAsync(CancellationToken.None);
        Assert.Equal(["Interrupted"], await connection.QueryAsync<string>("SELECT kind FROM sweep_error WHERE sweep_id = @id", new { id }));
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
