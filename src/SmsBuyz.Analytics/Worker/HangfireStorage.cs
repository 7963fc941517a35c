using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// Creates the configured job storage once and owns it. A SQLite file is guarded by an exclusive lock file
/// beside it, because two server processes on one file run every job twice. PostgreSQL is made for several servers:
/// each recurring occurrence is enqueued once under Hangfire's distributed lock, and each job fetched by one of them.
/// </summary>
public sealed class HangfireStorage(IOptions<HangfireOptions> options, IOptions<StorageOptions> storageOptions, Presence presence,
    IConfiguration configuration, ILogger<HangfireStorage> logger) : IDisposable
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
        var section = configuration.GetSection(HangfireOptions.Section);
        // InMemory (demo, tests) is chosen for the run at hand, not a switch of databases: nothing to tell.
        if (o.Storage == JobStorageKind.PostgreSql)
            UnusedSettings.Tell(logger, section, [nameof(HangfireOptions.Database)], "Hangfire's SQLite file; Hangfire:Storage is PostgreSql");
        else if (o.Storage == JobStorageKind.Sqlite)
            UnusedSettings.Tell(logger, section, [nameof(HangfireOptions.ConnectionString)], "a PostgreSQL setting; Hangfire:Storage is Sqlite");
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
                // By default a schema that could not be prepared (the server down at start) is passed over and the worker
                // runs on without it, every job failing with "relation hangfire.… does not exist" until someone looks. Fail
                // at start instead, naming the cause; the service manager's restart then prepares it once the server is back.
                AllowDegradedModeWithoutStorage = false,
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

    /// <summary>
    /// Before a worker's server starts: workers that share the database (<c>Storage:Provider PostgreSql</c>) must share
    /// one schedule too, or every cron would run once per schedule. Workers on Hangfire.PostgreSql share one, and take
    /// the scheduler lock shared; a worker with a schedule of its own (Hangfire <c>Sqlite</c> or <c>InMemory</c>) takes
    /// it exclusively, so it runs alone, as one worker per Hangfire file does. The lock is this process's
    /// <see cref="Presence"/> and dies with the process; on SQLite, which no other worker shares, it is held at once.
    /// </summary>
    /// <exception cref="WorkerAlreadyRunningException">A worker of the other kind, or another one with its own schedule, runs.</exception>
    public async Task ClaimSchedulingAsync(CancellationToken ct)
    {
        var kind = options.Value.Storage;
        var key = PresenceKey.Of(WriteLock.SoleScheduler);
        if (kind == JobStorageKind.PostgreSql)
        {
            if (!await presence.HoldAsync("the shared scheduler lock", key, withOthers: true, ct))
                throw new WorkerAlreadyRunningException(
                    "a worker with a schedule of its own (Hangfire:Storage Sqlite or InMemory) runs on this database, and it "
                    + "must run alone; stop it, or set its Hangfire:Storage to PostgreSql so that the workers share one schedule");
        }
        else if (!await presence.HoldAsync("the sole scheduler lock", key, withOthers: false, ct))
        {
            throw new WorkerAlreadyRunningException(
                $"another worker already runs on this database; with Hangfire:Storage {kind} each worker keeps its own schedule, "
                + "so every job would run once per worker: run one worker, or set Hangfire:Storage to PostgreSql on every worker");
        }
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

/// <summary>A second worker on the same Hangfire file, or on one database with schedules of their own, would run every job twice, so it refuses to start.</summary>
public sealed class WorkerAlreadyRunningException(string message, Exception? inner = null) : Exception(message, inner);
