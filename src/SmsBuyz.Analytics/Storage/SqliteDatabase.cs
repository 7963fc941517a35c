using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.Storage;

/// <summary>The embedded default: one SQLite file (<c>Storage:Database</c>), a connection per unit of work.</summary>
public sealed class SqliteDatabase(IOptions<StorageOptions> options) : Database
{
    private readonly StorageOptions _options = options.Value;

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override bool SharedByWorkers => false;

    public override bool PartitionedByMonth => false;

    public override bool ArrayParameters => false;

    public override SessionLease? Lease(string role, WriteLock key) => null;

    // Both are per connection, and every open sets wal_autocheckpoint again (OpenSqliteAsync): a pooled connection's
    // next user checkpoints as usual.
    public override async Task PrepareLargeWriteAsync(DbConnection connection, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 0", cancellationToken: ct));

    public override async Task CheckpointAsync(CancellationToken ct)
    {
        await using var connection = await OpenSqliteAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(PASSIVE)", cancellationToken: ct));
    }

    public override void LimitLockWait(DbConnection connection, int seconds) => ((SqliteConnection)connection).DefaultTimeout = seconds;

    public override Task<long> SizeOnDiskAsync(CancellationToken ct)
    {
        var wal = DatabasePath + "-wal";
        return Task.FromResult(new FileInfo(DatabasePath).Length + (File.Exists(wal) ? new FileInfo(wal).Length : 0));
    }

    public override async Task<long> StoredBytesAsync(CancellationToken ct)
    {
        await using var connection = await OpenSqliteAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: ct));
        var pageSize = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA page_size", cancellationToken: ct));
        var pages = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA page_count", cancellationToken: ct));
        var free = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA freelist_count", cancellationToken: ct));
        return (pages - free) * pageSize;
    }

    public string DatabasePath { get; } = Path.GetFullPath(options.Value.Database);

    public override string Describe => DatabasePath;

    public string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = DatabasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        DefaultTimeout = _options.BusyTimeoutSeconds,
        Pooling = true,
    }.ToString();

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await OpenSqliteAsync(ct);

    public async Task<SqliteConnection> OpenSqliteAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per connection: WAL (set by the migrator) is durable enough with NORMAL, and much faster. A checkpoint every
            // 8,192 pages (32 MB of WAL) instead of SQLite's 1,000: sweeps rewrite the same price_latest and price_change
            // pages commit after commit, and a checkpoint copies each page once however often it was rewritten, with
            // two fsyncs; at 1,000 pages that was a third of the market write time.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 8192;" + SizeLimit();
            await pragma.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>BEGIN IMMEDIATE: the file's one write lock, for every writer; <paramref name="writeLock"/> is for PostgreSQL.</summary>
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, WriteLock? writeLock, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>A deferred BEGIN: the snapshot starts at the first read and holds until the end.</summary>
    public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    // max_page_count is per connection, so every open sets it, also back to "no limit": a pooled connection keeps
    // the value of an earlier open. At the limit SQLite refuses to grow the file with SQLITE_FULL, the same error
    // and the same all-or-nothing rollback as a full disk.
    private string SizeLimit() =>
        $" PRAGMA max_page_count = {(_options.MaxSizeMegabytes > 0 ? (long)_options.MaxSizeMegabytes * 1024 * 1024 / PageSize : MaxPages)};";

    /// <summary>SQLite's own ceiling for max_page_count.</summary>
    private const long MaxPages = 4_294_967_294;

    /// <summary>SQLite's default page size, which this app never changes.</summary>
    private const int PageSize = 4096;
}
