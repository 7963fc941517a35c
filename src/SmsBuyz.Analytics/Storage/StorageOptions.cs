namespace SmsBuyz.Analytics.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>SQLite file; relative paths are under the working directory. Its folder is created.</summary>
    public string Database { get; set; } = "data/smsbuyz.db";

    /// <summary>How long a write waits for another process's write lock before it fails naming the file.</summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Largest size the database file may grow to; 0 = no limit. At the limit writes fail like on a full disk
    /// (nothing half-written) until the limit is raised or maintenance frees pages.
    /// </summary>
    public int MaxSizeMegabytes { get; set; }
}
