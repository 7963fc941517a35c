using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Storage;

/// <summary>What every store relies on from <see cref="Database"/>, on both providers.</summary>
public sealed class DatabaseTests
{
    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task BeginWriteAsync_SameLockHeldElsewhere_WaitsForItsCommit(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var db = services.Get<Database>();
        var account = (await services.AccountAsync()).Id;
        await using var first = await db.OpenAsync(CancellationToken.None);
        await using var second = await db.OpenAsync(CancellationToken.None);
        var held = await db.BeginWriteAsync(first, WriteLock.Reservation, CancellationToken.None);
        await first.ExecuteAsync("INSERT INTO rule_pause (rule, reason, paused_at, until, account_id) VALUES ('r1', 'first', 0, 1, @account)",
            new { account }, held);

        var waiting = Task.Run(async () =>
        {
            await using var tx = await db.BeginWriteAsync(second, WriteLock.Reservation, CancellationToken.None);
            // Read after the lock: under it, the first writer's row is committed and visible.
            var seen = await second.ExecuteScalarAsync<long>("SELECT count(*) FROM rule_pause", transaction: tx);
            await tx.CommitAsync();
            return seen;
        });
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await held.CommitAsync();

        Assert.Equal(1, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task BeginWriteAsync_LockHeldLongerThanTheBusyTimeout_WaitsTheBusyTimeoutThenFailsAsBusy(StorageProvider provider)
    {
        var busyTimeout = TimeSpan.FromSeconds(1);
        await using var services = await new TestServices(provider,
            new Dictionary<string, string?> { ["Storage:BusyTimeoutSeconds"] = busyTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) }).MigrateAsync();
        var db = services.Get<Database>();
        await using var first = await db.OpenAsync(CancellationToken.None);
        await using var second = await db.OpenAsync(CancellationToken.None);
        await using var held = await db.BeginWriteAsync(first, WriteLock.Market, CancellationToken.None);
        await first.ExecuteAsync("UPDATE market_version SET version = version + 1", transaction: held);

        // SQLite fails at BEGIN IMMEDIATE, PostgreSQL at the advisory lock: both after Storage:BusyTimeoutSeconds.
        var clock = Stopwatch.StartNew();
        var failed = await Assert.ThrowsAnyAsync<DbException>(async () =>
        {
            await using var tx = await db.BeginWriteAsync(second, WriteLock.Market, CancellationToken.None);
            await second.ExecuteAsync("UPDATE market_version SET version = version + 1", transaction: tx);
        });
        var waited = clock.Elapsed;

        // The lock's own failure, not another one that happened to come late: SQLITE_BUSY, or lock_not_available.
        if (provider == StorageProvider.Sqlite)
            Assert.Equal(SqliteBusy, Assert.IsType<SqliteException>(failed).SqliteErrorCode);
        else
            Assert.Equal(PostgresErrorCodes.LockNotAvailable, Assert.IsType<PostgresException>(failed).SqlState);
        // Never before the setting (a loaded machine only makes the wait longer). After it, by no more than
        // Microsoft.Data.Sqlite's 150 ms between two tries of a busy statement, or a loopback round trip on PostgreSQL,
        // plus room for a loaded machine: half the setting, well short of a wait twice as long as it.
        Assert.InRange(waited, busyTimeout, busyTimeout + BusyWaitMargin);
    }

    /// <summary>How far past Storage:BusyTimeoutSeconds a busy wait may end: the retry step and a loaded machine.</summary>
    private static readonly TimeSpan BusyWaitMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>SQLITE_BUSY: another connection holds the lock this one waited for.</summary>
    private const int SqliteBusy = 5;

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task BeginSnapshotAsync_ACommitAfterTheFirstRead_IsNotSeenUntilTheEnd(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var db = services.Get<Database>();
        await using var reader = await db.OpenAsync(CancellationToken.None);
        await using var writer = await db.OpenAsync(CancellationToken.None);

        await using var snapshot = await db.BeginSnapshotAsync(reader, CancellationToken.None);
        var before = await reader.ExecuteScalarAsync<long>("SELECT version FROM market_version", transaction: snapshot);
        await writer.ExecuteAsync("UPDATE market_version SET version = version + 1");
        var during = await reader.ExecuteScalarAsync<long>("SELECT version FROM market_version", transaction: snapshot);
        await snapshot.CommitAsync();

        Assert.Equal(before, during);
        Assert.Equal(before + 1, await reader.ExecuteScalarAsync<long>("SELECT version FROM market_version"));
    }

    [PostgresFact]
    public async Task Describe_PostgreSql_HostPortDatabaseAndUserWithoutThePassword()
    {
        var server = await PostgresServer.GetAsync();
        await using var services = new TestServices(StorageProvider.PostgreSql);
        var connectionString = services.Postgres!.ConnectionString + ";Password=s3cret-pw";
        await using var withPassword = new TestServices(StorageProvider.PostgreSql,
            new Dictionary<string, string?> { ["Storage:ConnectionString"] = connectionString });

        Assert.Equal($"127.0.0.1:{server.Port}/{services.Postgres.Name} as postgres", withPassword.Get<Database>().Describe);
    }

    [PostgresFact]
    public async Task SqliteOnlyPath_OnPostgreSql_ThrowsNotSupportedNamingIt()
    {
        await using var services = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();

        var ex = Assert.Throws<NotSupportedException>(() => services.Get<SqlitePresence>().LockPath(InterruptedSweeps.Rows));
        Assert.Contains("the sweeps lock file belongs to SQLite", ex.Message, StringComparison.Ordinal);
    }
}
