using System.Data;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// This process's <see cref="Presence"/> on PostgreSQL: one dedicated connection (<see cref="PostgreSqlDatabase.OpenSessionAsync"/>)
/// whose session advisory locks say "this process is alive and doing X" to every other worker — a job's run
/// (<c>JobGate</c>), a sweep (<c>SweepStore</c>), the kind of scheduler this worker is (<c>HangfireStorage</c>). The
/// server drops them with the session: at once when the process is killed (the OS closes its socket), within about 11 s
/// when its machine goes silent (keepalives). Callers keep their SQL; this runs it on the one connection, one caller at
/// a time (an Npgsql connection is not thread-safe). Session locks are reentrant within a session, so a caller that
/// must exclude its own process too keeps an in-process gate in front. The buyer lease has a connection of its own.
/// Never opened on SQLite. The claims themselves are in PgPresence.Claims.cs.
/// </summary>
public sealed partial class PgPresence(Database db, ILogger<PgPresence> logger) : Presence, IAsyncDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly List<(string What, string Sql)> _standing = [];
    private NpgsqlConnection? _connection;
    private bool _hadSession;

    /// <summary>
    /// Runs <paramref name="work"/> on the presence connection, opening it (again, after a failure) first. An idle
    /// session that the server ended (a restart, a failover) is only found broken by the next statement; that work runs
    /// once more on a new session, since the old one's locks went with it and all work here is a lock taken or given up
    /// on this session (a sweep's start: its row and its lock in one transaction, which a break rolls back). A second
    /// break in a row is thrown.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var connection = await ConnectAsync(ct);
                try
                {
                    return await work(connection);
                }
                catch when (connection.FullState.HasFlag(ConnectionState.Broken) || connection.State != ConnectionState.Open)
                {
                    await DropAsync();
                    if (attempt == 2 || ct.IsCancellationRequested)
                        throw;
                }
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Takes a lock for the life of the process with <paramref name="sql"/> (a <c>pg_try_advisory_lock…</c> returning
    /// whether it got it); a session opened again after a failure takes it again. False: another process holds it.
    /// </summary>
    private async Task<bool> HoldStandingAsync(string what, string sql, CancellationToken ct)
    {
        var held = await RunAsync(c => c.ExecuteScalarAsync<bool>(new CommandDefinition(sql, cancellationToken: ct)), ct);
        if (held)
            _standing.Add((what, sql));
        return held;
    }

    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken ct)
    {
        if (_connection is { State: ConnectionState.Open } open)
            return open;
        await DropAsync();
        var postgres = db as PostgreSqlDatabase
            ?? throw new InvalidOperationException("the presence session is for Storage:Provider PostgreSql only");
        var connection = await postgres.OpenSessionAsync("worker", ct);
        if (_hadSession)
            LogReconnected();
        _hadSession = true;
        foreach (var (what, sql) in _standing)
        {
            if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, cancellationToken: ct)))
                LogStandingLost(what);
        }
        _connection = connection;
        return connection;
    }

    private async Task DropAsync()
    {
        if (_connection is null)
            return;
        await _connection.DisposeAsync();
        _connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        _turn.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "The presence session with the database broke and was opened again: what it held (running jobs' and sweeps' locks) was released, so another worker may run them meanwhile")]
    private partial void LogReconnected();

    [LoggerMessage(LogLevel.Error, "The presence session was opened again, but {What} could not be taken again: another worker holds it")]
    private partial void LogStandingLost(string what);
}
