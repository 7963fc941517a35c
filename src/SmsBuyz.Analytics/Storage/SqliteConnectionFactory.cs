using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.Storage;

/// <summary>Opens one connection per unit of work on the configured database file.</summary>
public sealed class SqliteConnectionFactory(IOptions<StorageOptions> options)
{
    private readonly StorageOptions _options = options.Value;

    public string DatabasePath { get; } = Path.GetFullPath(options.Value.Database);

    public string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = DatabasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        DefaultTimeout = _options.BusyTimeoutSeconds,
        Pooling = true,
    }.ToString();

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per connection: WAL (set by the migrator) is durable enough with NORMAL, and much faster.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;" + SizeLimit();
            await pragma.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // max_page_count is per connection, so every connection sets it; SQLite then refuses to grow the file with
    // SQLITE_FULL, the same error and the same all-or-nothing rollback as a full disk.
    private string SizeLimit() => _options.MaxSizeMegabytes > 0
        ? $" PRAGMA max_page_count = {(long)_options.MaxSizeMegabytes * 1024 * 1024 / PageSize};"
        : "";

    /// <summary>SQLite's default page size, which this app never changes.</summary>
    private const int PageSize = 4096;
}
