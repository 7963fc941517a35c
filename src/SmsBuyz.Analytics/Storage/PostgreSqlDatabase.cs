using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// PostgreSQL (<c>Storage:Provider = PostgreSql</c>): one pooled <see cref="NpgsqlDataSource"/> for the process,
/// disposed with the host. Several workers may share the database; <see cref="WriteLock"/> serializes what must be.
/// </summary>
public sealed class PostgreSqlDatabase : Database, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly NpgsqlConnectionStringBuilder _builder;

    public PostgreSqlDatabase(IOptions<StorageOptions> options)
    {
        var o = options.Value;
        var builder = PostgreSqlConnectionString.Parse(o.ConnectionString);
        // Storage:BusyTimeoutSeconds is how long a statement waits for a lock, as SQLite's busy timeout is; 0 means "do
        // not wait" there, while lock_timeout = 0 would mean "wait forever".
        var lockTimeout = o.BusyTimeoutSeconds > 0 ? o.BusyTimeoutSeconds.ToString(CultureInfo.InvariantCulture) + "s" : "1ms";
        builder.Options = $"{builder.Options} -c lock_timeout={lockTimeout}".Trim();
        Describe = PostgreSqlConnectionString.Describe(builder);
        _builder = builder;
        _source = NpgsqlDataSource.Create(builder);
    }

    /// <summary>
    /// A connection of its own, outside the pool, for session advisory locks that must live exactly as long as this
    /// process does (<see cref="PgPresence"/>, the buyer lease). Its keepalives make the server drop the session, and so
    /// its locks, about 11 s after the peer stops answering (a machine that lost its network or power); a killed
    /// process's socket is closed by the OS, and the server releases its locks at once. The application name says which
    /// process holds what (<c>pg_stat_activity</c>, <c>pg_locks</c>): <c>smsbuyz-ROLE pid N on HOST</c>.
    /// </summary>
    public async Task<NpgsqlConnection> OpenSessionAsync(string role, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(_builder.ConnectionString)
        {
            Pooling = false,
            ApplicationName = SessionName(role),
        };
        builder.Options = $"{builder.Options} -c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3".Trim();
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The application name of this process's sessions of <paramref name="role"/> (at most 63 bytes: PostgreSQL truncates).</summary>
    public static string SessionName(string role)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"smsbuyz-{role} pid {Environment.ProcessId} on {Environment.MachineName}");
        return name.Length <= 63 ? name : name[..63];
    }

    public override StorageProvider Provider => StorageProvider.PostgreSql;

    public override bool SharedByWorkers => true;

    public override bool PartitionedByMonth => true;

    public override bool ArrayParameters => true;

    public override SessionLease Lease(string role, WriteLock key) => new(this, role, key);

    public override Task PrepareLargeWriteAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public override Task CheckpointAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Nothing to set: the caller's command timeout ends a statement that waits for a lock.</summary>
    public override void LimitLockWait(DbConnection connection, int seconds)
    {
    }

    public override Task<long> SizeOnDiskAsync(CancellationToken ct) => DatabaseSizeAsync(ct);

    public override Task<long> StoredBytesAsync(CancellationToken ct) => DatabaseSizeAsync(ct);

    private async Task<long> DatabaseSizeAsync(CancellationToken ct)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT pg_database_size(current_database())", cancellationToken: ct));
    }

    public override string Describe { get; }

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, WriteLock? writeLock, CancellationToken ct)
    {
        var tx = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        try
        {
            if (writeLock is { } key)
                await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({PgLocks.App}, {(int)key})", ct);
            return tx;
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }

    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct)
    {
        var tx = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        try
        {
            await ExecuteAsync(connection, tx, "SET TRANSACTION READ ONLY", ct);
            return tx;
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    public void Dispose() => _source.Dispose();

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
