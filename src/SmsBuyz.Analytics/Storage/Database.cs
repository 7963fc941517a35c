using System.Data.Common;

namespace SmsBuyz.Analytics.Storage;

/// <summary>Where the app's data lives (<c>Storage:Provider</c>).</summary>
public enum StorageProvider { Sqlite, PostgreSql }

/// <summary>
/// The app's database, whichever provider it is: every store opens one connection per unit of work here. Dapper runs
/// unchanged on the <see cref="DbConnection"/> it returns. Where the two SQL dialects differ, the method that runs the
/// statement keeps both variants side by side with <see cref="Sql"/>; everything else is one portable string. Whatever
/// else differs is asked here by what it is (<see cref="SharedByWorkers"/>, <see cref="PartitionedByMonth"/>,
/// <see cref="ArrayParameters"/>, <see cref="Lease"/>, the sizes), or is a strategy registered beside it
/// (<see cref="Presence"/>): outside Storage no code asks which provider it is (a test keeps it so).
/// </summary>
public abstract class Database
{
    /// <summary>Which provider this is: for what people read (logs, bench output). Decisions ask what they need below.</summary>
    public abstract StorageProvider Provider { get; }

    /// <summary>
    /// Whether several worker processes may use this database at once (PostgreSQL). SQLite: one worker owns the file (its
    /// Hangfire lock file refuses a second), so what workers would otherwise agree on (the buyer, a job's run, the
    /// schedule) is that worker's, and a process that ends leaves its open rows to the next start.
    /// </summary>
    public abstract bool SharedByWorkers { get; }

    /// <summary>
    /// Whether <c>price_change</c> is partitioned by month (PostgreSQL): retention makes the coming months' partitions and
    /// drops whole months past the raw window. SQLite deletes raw rows in batches.
    /// </summary>
    public abstract bool PartitionedByMonth { get; }

    /// <summary>
    /// Whether a statement takes a list as one array parameter (PostgreSQL: <c>= ANY(@ids)</c>, <c>unnest</c>). SQLite
    /// has no arrays: a long list goes into a temp table first.
    /// </summary>
    public abstract bool ArrayParameters { get; }

    /// <summary>
    /// One holder among the workers that share the database, as <paramref name="role"/> (a session lock on
    /// <paramref name="key"/>); null where nobody shares it (<see cref="SharedByWorkers"/> false), so the one worker
    /// holds it by construction, with no session to fence by.
    /// </summary>
    public abstract SessionLease? Lease(string role, WriteLock key);

    /// <summary>
    /// Readies <paramref name="connection"/> for a transaction that writes many pages (a market write group). SQLite: a
    /// 16 MB page cache instead of its 2 MB, since a first load dirties more pages than 2 MB, which SQLite then spills to
    /// the WAL mid-transaction and writes again at their next change (400,000 new series: 130k → 200k points/s); 64 MB
    /// was no faster for a whole market's million series and held 48 MB more. And no checkpoint in its commits: the writer
    /// that commits past the WAL's limit copies it into the file and syncs both, which was a third of a first load's
    /// write time; <see cref="CheckpointAsync"/> does it beside the writer instead. PostgreSQL: nothing; its buffers and
    /// checkpoints are the server's.
    /// </summary>
    public abstract Task PrepareLargeWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>
    /// SQLite: copies what the WAL holds into the database file on a connection of its own, without blocking writers
    /// or readers (a passive checkpoint), for a writer that does not checkpoint in its commits
    /// (<see cref="PrepareLargeWriteAsync"/>). PostgreSQL: nothing.
    /// </summary>
    public abstract Task CheckpointAsync(CancellationToken ct);

    /// <summary>
    /// Bounds how long <paramref name="connection"/> waits for another writer's lock to <paramref name="seconds"/>, less
    /// than <c>Storage:BusyTimeoutSeconds</c> (a probe that must answer quickly). SQLite waits at <c>BEGIN</c>, for its
    /// busy timeout; PostgreSQL waits in a statement, which the statement's own command timeout already bounds.
    /// </summary>
    public abstract void LimitLockWait(DbConnection connection, int seconds);

    /// <summary>What the database takes on disk now. SQLite: the file and its write-ahead log. PostgreSQL: the database's files (its WAL is the server's).</summary>
    public abstract Task<long> SizeOnDiskAsync(CancellationToken ct);

    /// <summary>
    /// What the data takes, free space left out. SQLite: the used pages after a checkpoint. PostgreSQL: the database's
    /// files (tables and indexes, with the space old row versions take until vacuum reuses it).
    /// </summary>
    public abstract Task<long> StoredBytesAsync(CancellationToken ct);

    /// <summary>What log lines, errors and <c>status</c> name: the file path, or <c>host:port/database as user</c>
    /// (never the password).</summary>
    public abstract string Describe { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// A transaction that writes. SQLite: <c>BEGIN IMMEDIATE</c>, the database's one write lock, taken up front (a
    /// busy database waits or fails here, not halfway through). PostgreSQL: read committed, and when
    /// <paramref name="writeLock"/> is given, <c>pg_advisory_xact_lock</c> on it, so a read-decide-write (a
    /// reservation, a market write group, a retention batch) is exclusive across processes as it is on SQLite. Plain
    /// upserts pass null: <c>ON CONFLICT</c> is atomic by itself.
    /// </summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, WriteLock? writeLock, CancellationToken ct);

    /// <summary>
    /// One snapshot for several reads that must agree (cutoffs and the rows they bound). SQLite: a deferred
    /// transaction. PostgreSQL: repeatable read, read only (read committed takes a new snapshot per statement).
    /// </summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct);

    /// <summary>A statement whose dialects differ, both variants side by side: <c>db.Sql(sqlite: "…", postgreSql: "…")</c>.</summary>
    public string Sql(string sqlite, string postgreSql) => Provider == StorageProvider.Sqlite ? sqlite : postgreSql;

    /// <summary>
    /// For what belongs to SQLite alone (its migrator, the lock file beside the database file): this database as SQLite,
    /// or a <see cref="NotSupportedException"/> naming <paramref name="what"/> on PostgreSQL, where nothing should ask.
    /// </summary>
    internal SqliteDatabase SqliteOnly(string what) => this as SqliteDatabase ?? throw new NotSupportedException(
        $"{what} belongs to SQLite and has no use on PostgreSQL (Storage:Provider is PostgreSql)");
}
