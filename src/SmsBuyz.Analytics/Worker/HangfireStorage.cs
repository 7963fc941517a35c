using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// Creates the configured job storage once and owns it. A SQLite file is guarded by an exclusive lock file
/// beside it, because two server processes on one file run every job twice. PostgreSQL is made for several servers:
/// each recurring occurrence is enqueued once under Hangfire's distributed lock, and each job fetched by one of them.
/// </summary>
public sealed class HangfireStorage(IOptions<HangfireOptions> options, IOptions<StorageOptions> storageOptions) : IDisposable
{
    /// <summary>Longer than the longest job (a full-market sweep takes minutes), so a running job is never fetched again.</summary>
    internal static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromHours(1);

    /// <summary>The storage's default of 15 s would delay every triggered job by up to that much.</summary>
    internal static readonly TimeSpan QueuePollInterval = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private JobStorage? storage;
    private FileStream? fileLock;

    public JobStorage Storage
    {
        get { lock (gate) { return storage ??= Create(options.Value); } }
    }

    /// <summary>
    /// Hangfire.PostgreSql's locks are rows, not sessions: a killed holder's lock stays until this long has passed
    /// (its default is 10 minutes, during which no recurring job would be scheduled). Hangfire holds them for milliseconds.
    /// </summary>
    internal static readonly TimeSpan DistributedLockTimeout = TimeSpan.FromMinutes(1);

    private JobStorage Create(HangfireOptions o)
    {
        if (o.Storage == JobStorageKind.InMemory)
            return new InMemoryStorage(new InMemoryStorageOptions());
        if (o.Storage == JobStorageKind.PostgreSql)
        {
            var postgres = new PostgreSqlStorageOptions
            {
                InvisibilityTimeout = InvisibilityTimeout,
                QueuePollInterval = QueuePollInterval,
                DistributedLockTimeout = DistributedLockTimeout,
                PrepareSchemaIfNecessary = true, // its own schema, "hangfire", beside the app's tables
            };
            var connectionString = o.ConnectionString.Length > 0 ? o.ConnectionString : storageOptions.Value.ConnectionString;
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, postgres), postgres);
        }

        var path = Path.GetFullPath(o.Database);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        fileLock = AcquireLock(path);
        return new SQLiteStorage(path, new SQLiteStorageOptions
        {
            InvisibilityTimeout = InvisibilityTimeout,
            QueuePollInterval = QueuePollInterval,
        });
    }

    private static FileStream AcquireLock(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            // FileShare.None takes an exclusive OS lock, released by the OS even if the process is killed. The file
            // stays: deleting it on exit would let two later processes lock two different files of the same name.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex)
        {
            throw new WorkerAlreadyRunningException(
                $"another worker is already running on the Hangfire file {databasePath} (lock {lockPath} is held); "
                + "run one worker per Hangfire:Database file, or stop the other one first", ex);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            (storage as IDisposable)?.Dispose();
            fileLock?.Dispose();
        }
    }
}

/// <summary>A second worker on the same Hangfire file would run every job twice, so it refuses to start.</summary>
public sealed class WorkerAlreadyRunningException(string message, Exception inner) : Exception(message, inner);
