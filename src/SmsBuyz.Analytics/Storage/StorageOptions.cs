using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Sqlite (one file, nothing to install) or PostgreSql (a server several workers can share).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite file; relative paths are under the working directory. Its folder is created. SQLite only.</summary>
    public string Database { get; set; } = "data/smsbuyz.db";

    /// <summary>The PostgreSQL server and database, in Npgsql syntax; required with PostgreSql, never shown (it may hold the password).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How long a write waits for another process's lock before it fails naming the database: SQLite's busy timeout,
    /// PostgreSQL's <c>lock_timeout</c>.
    /// </summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Largest size the database file may grow to; 0 = no limit. At the limit writes fail like on a full disk
    /// (nothing half-written) until the limit is raised or maintenance frees pages. SQLite only.
    /// </summary>
    public int MaxSizeMegabytes { get; set; }

    /// <summary>Says which keys of <paramref name="section"/> the provider in use ignores (<see cref="UnusedSettings"/>).</summary>
    internal void Unused(IConfigurationSection section, ILogger logger)
    {
        if (Provider == StorageProvider.PostgreSql)
            UnusedSettings.Tell(logger, section, [nameof(Database), nameof(MaxSizeMegabytes)], "SQLite settings; Storage:Provider is PostgreSql");
        else
            UnusedSettings.Tell(logger, section, [nameof(ConnectionString)], "a PostgreSQL setting; Storage:Provider is Sqlite");
    }
}
