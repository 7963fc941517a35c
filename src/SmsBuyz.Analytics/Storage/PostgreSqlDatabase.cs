using System.Data;
using System.Data.Common;
using System.Globalization;
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

    public PostgreSqlDatabase(IOptions<StorageOptions> options)
    {
        var o = options.Value;
        var builder = PostgreSqlConnectionString.Parse(o.ConnectionString);
        // Storage:BusyTimeoutSeconds is how long a statement waits for a lock, as SQLite's busy timeout is; 0 means "do
        // not wait" there, while lock_timeout = 0 would mean "wait forever".
        var lockTimeout = o.BusyTimeoutSeconds > 0 ? o.BusyTimeoutSeconds.ToString(CultureInfo.InvariantCulture) + "s" : "1ms";
        builder.Options = $"{builder.Options} -c lock_timeout={lockTimeout}".Trim();
        Describe = PostgreSqlConnectionString.Describe(builder);
        _source = NpgsqlDataSource.Create(builder);
    }

    public override StorageProvider Provider => StorageProvider.PostgreSql;

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
