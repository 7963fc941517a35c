using System.Data;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// One buyer's term: the lease session that <see cref="IntentStore"/> checks before it reserves or marks an intent
/// Sent (fencing), and a token cancelled when the term ends, which cuts the buyer's current step short.
/// </summary>
public sealed record BuyerTerm(int Pid, DateTime BackendStart, CancellationToken Lost);

/// <summary>
/// Exactly one active buyer among the workers that share a PostgreSQL database: the one whose lease session holds the
/// advisory lock (1397576514, <see cref="WriteLock.Buyer"/>). Only it steps the <see cref="AutoBuyEngine"/> (buy rules,
/// Notify alerts, order tracking). The lease has a connection of its own, outside the pool, with keepalives: a killed
/// worker's lock is released at once, a silent machine's in about 11 s. Followers try to take it every
/// <see cref="FollowerRetry"/>; the holder checks its session every <see cref="HolderCheck"/> and steps down at the
/// first failure (within about 3 s, long before the server would hand the lock to another). A worker that becomes the
/// buyer starts as a restarted process does: never-sent intents failed, orders read, unknown buys reconciled, all
/// before any buy. On SQLite there is nothing to share: the lease is always held and nothing is fenced.
/// </summary>
public sealed partial class BuyerLease(Database db, TimeProvider time, ILogger<BuyerLease> logger) : IAsyncDisposable
{
    public static readonly TimeSpan FollowerRetry = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan HolderCheck = TimeSpan.FromSeconds(1);

    /// <summary>How long the holder's check may take before the holder gives the lease up.</summary>
    private const int CheckTimeoutSeconds = 2;

    private static readonly string Key = $"{PgLocks.App}, {(int)WriteLock.Buyer}";

    private NpgsqlConnection? _connection;
    private CancellationTokenSource? _termEnd;
    private BuyerTerm? _term;
    private bool _toldFollower;

    /// <summary>The current term while this worker is the buyer on PostgreSQL; null otherwise (and always on SQLite).</summary>
    public BuyerTerm? Term => Volatile.Read(ref _term);

    /// <summary>Whether this worker may buy now: always on SQLite, while it holds the lease on PostgreSQL.</summary>
    public bool IsHeld => AlwaysHeld || Term is not null;

    /// <summary>On SQLite there is one worker per database, so the lease is always held and there is no term.</summary>
    public bool AlwaysHeld => db.Provider == StorageProvider.Sqlite;

    /// <summary>Keeps or seeks the lease until <paramref name="ct"/> ends, then gives it up. Returns at once on SQLite.</summary>
    public async Task KeepAsync(CancellationToken ct)
    {
        if (db.Provider != StorageProvider.PostgreSql)
            return;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await RenewAsync(ct);
                await Task.Delay(Term is null ? FollowerRetry : HolderCheck, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await EndTermAsync(reason: null);
        }
    }

    /// <summary>One round: the holder checks that its session lives; a follower tries to take the lease.</summary>
    /// <returns>Whether this worker is the buyer after the round.</returns>
    public async Task<bool> RenewAsync(CancellationToken ct)
    {
        if (db is not PostgreSqlDatabase postgres)
            return true;
        if (Term is not null)
        {
            var failure = await CheckAsync(ct);
            if (failure is null)
                return true;
            await EndTermAsync(failure);
            return false;
        }
        return await TryTakeAsync(postgres, ct);
    }

    private async Task<bool> TryTakeAsync(PostgreSqlDatabase postgres, CancellationToken ct)
    {
        try
        {
            _connection ??= await postgres.OpenSessionAsync("buyer", ct);
            if (!await _connection.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT pg_try_advisory_lock({Key})", cancellationToken: ct)))
            {
                if (!_toldFollower)
                    LogFollower();
                _toldFollower = true;
                return false;
            }
            var (pid, started) = await _connection.QuerySingleAsync<(int, DateTime)>(new CommandDefinition(
                "SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()", cancellationToken: ct));
            _termEnd = new CancellationTokenSource();
            Volatile.Write(ref _term, new BuyerTerm(pid, started, _termEnd.Token));
            _toldFollower = false;
            LogBuyer(pid);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            // The database cannot be reached: no buyer here; the next round opens a new session.
            LogUnreachable(ex.Message);
            await DropConnectionAsync();
            return false;
        }
    }

    /// <returns>Null while the lease session answers; else why it does not.</returns>
    private async Task<string?> CheckAsync(CancellationToken ct)
    {
        if (_connection is not { } connection)
            return "no lease session";
        try
        {
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", commandTimeout: CheckTimeoutSeconds, cancellationToken: ct));
            return connection.FullState.HasFlag(ConnectionState.Broken) ? "the lease session broke" : null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            return ex.Message;
        }
    }

    /// <summary>Steps down: the current step is cancelled and the session closed, which releases the lock if the server still holds it.</summary>
    private async Task EndTermAsync(string? reason)
    {
        var term = Interlocked.Exchange(ref _term, null);
        if (term is not null)
        {
            await _termEnd!.CancelAsync();
            _termEnd.Dispose();
            _termEnd = null;
            if (reason is not null)
                LogLost(reason);
        }
        await DropConnectionAsync();
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is null)
            return;
        await _connection.DisposeAsync();
        _connection = null;
    }

    public async ValueTask DisposeAsync() => await EndTermAsync(reason: null);

    /// <summary>
    /// Which process buys now, as its lease session names itself (<c>smsbuyz-buyer pid N on HOST</c>), and since when;
    /// null when no worker holds the lease. PostgreSQL only: on SQLite the one worker of the file buys.
    /// </summary>
    public async Task<(string Name, DateTime Since)?> HolderAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var holder = await connection.QuerySingleOrDefaultAsync<(string Name, DateTime Since)?>(new CommandDefinition("""
            SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = @app::int4::oid AND l.objid = @buyer::int4::oid AND l.objsubid = 2 AND l.granted
            """, new { app = PgLocks.App, buyer = (int)WriteLock.Buyer }, cancellationToken: ct));
        return holder;
    }

    [LoggerMessage(LogLevel.Information, "Auto-buy: this worker is the buyer now (lease session pid {Pid}); it settles what was left open before any buy")]
    private partial void LogBuyer(int pid);

    [LoggerMessage(LogLevel.Information, "Auto-buy: another worker is the buyer; this one takes over within seconds if that one stops")]
    private partial void LogFollower();

    [LoggerMessage(LogLevel.Warning, "Auto-buy: this worker lost the buyer lease ({Reason}); it stops buying at once and takes over again only when the lease is free")]
    private partial void LogLost(string reason);

    [LoggerMessage(LogLevel.Debug, "Auto-buy: the buyer lease could not be sought ({Message}); trying again")]
    private partial void LogUnreachable(string message);
}
