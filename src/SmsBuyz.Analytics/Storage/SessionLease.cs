using System.Data;
using Dapper;
using Npgsql;

namespace SmsBuyz.Analytics.Storage;

/// <summary>The session that holds a lease: its server process and when it started (a recycled pid never matches both).</summary>
public sealed record LeaseSession(int Pid, DateTime BackendStart);

/// <summary>
/// One holder among the workers that share a PostgreSQL database (<see cref="Database.Lease"/>): a session advisory
/// lock on a connection of its own (<see cref="PostgreSqlDatabase.OpenSessionAsync"/>), outside the pool, with
/// keepalives, so a killed holder's lease is free at once and a silent machine's in about 11 s. What to do with the
/// lease (when to seek it, how often to check it, what to stop when it is lost) is the caller's.
/// </summary>
public sealed class SessionLease(PostgreSqlDatabase db, string role, WriteLock key) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    /// <summary>
    /// Tries to take the lease: the session that holds it now, or null when another process holds it. A database that
    /// cannot be reached throws; the caller drops the session (<see cref="DropAsync"/>) and tries again on a new one.
    /// </summary>
    public async Task<LeaseSession?> TryTakeAsync(CancellationToken ct)
    {
        _connection ??= await db.OpenSessionAsync(role, ct);
        if (!await _connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                $"SELECT pg_try_advisory_lock({PgLocks.App}, {(int)key})", cancellationToken: ct)))
            return null;
        var (pid, started) = await _connection.QuerySingleAsync<(int, DateTime)>(new CommandDefinition(
            "SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()", cancellationToken: ct));
        return new LeaseSession(pid, started);
    }

    /// <returns>Null while the lease session answers within <paramref name="timeoutSeconds"/>; else why it does not.</returns>
    public async Task<string?> CheckAsync(int timeoutSeconds, CancellationToken ct)
    {
        if (_connection is not { } connection)
            return "no lease session";
        try
        {
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", commandTimeout: timeoutSeconds, cancellationToken: ct));
            return connection.FullState.HasFlag(ConnectionState.Broken) ? "the lease session broke" : null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            return ex.Message;
        }
    }

    /// <summary>Closes the session, which releases the lease if the server still holds it.</summary>
    public async ValueTask DropAsync()
    {
        if (_connection is null)
            return;
        await _connection.DisposeAsync();
        _connection = null;
    }

    /// <summary>
    /// Which process holds the lease, as its session names itself (<c>smsbuyz-ROLE pid N on HOST</c>), and since
    /// when; null when none does. Any process may ask, on a pooled connection.
    /// </summary>
    public async Task<(string Name, DateTime Since)?> HolderAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<(string Name, DateTime Since)?>(new CommandDefinition("""
            SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = @app::int4::oid AND l.objid = @key::int4::oid AND l.objsubid = 2 AND l.granted
            """, new { app = PgLocks.App, key = (int)key }, cancellationToken: ct));
    }

    public ValueTask DisposeAsync() => DropAsync();
}
