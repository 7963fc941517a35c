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
