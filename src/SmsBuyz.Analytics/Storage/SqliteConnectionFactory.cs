using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.Storage;

/// <summary>Opens one connection per unit of work on the configured database file.</summary>
public sealed class SqliteConnectionFactory(IOptions<StorageOptions> options)
{
    /// <summary>How long a writer waits for another process's write lock before failing.</summary>
    private const int BusyTimeoutSeconds = 30;

    public string DatabasePath { get; } = Path.GetFullPath(options.Value.Database);

    public string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = DatabasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        DefaultTimeout = BusyTimeoutSeconds,
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
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
            await pragma.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
