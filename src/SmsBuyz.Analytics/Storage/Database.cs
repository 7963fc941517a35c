using System.Data.Common;

namespace SmsBuyz.Analytics.Storage;

/// <summary>Where the app's data lives (<c>Storage:Provider</c>).</summary>
public enum StorageProvider { Sqlite, PostgreSql }

/// <summary>
/// The app's database, whichever provider it is: every store opens one connection per unit of work here. Dapper runs
/// unchanged on the <see cref="DbConnection"/> it returns. Where the two SQL dialects differ, the method that runs the
/// statement keeps both variants side by side with <see cref="Sql"/>; everything else is one portable string.
/// </summary>
public abstract class Database
{
    public abstract StorageProvider Provider { get; }

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
