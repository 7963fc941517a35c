using System.Data.Common;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// This process's presence among the worker processes that use the database: locks that tell the others "this process
/// is alive and doing this" and are released with the process however it ends. Callers say what they claim (a job's
/// run, the schedule, a running row); how it is claimed is the provider's:
/// <list type="bullet">
/// <item><see cref="SqlitePresence"/>: one worker per database file (<see cref="Database.SharedByWorkers"/> is false), so
/// a claim against other workers is this process's at once; only the rows a process leaves open (a sweep, which a
/// command may also run beside the worker) carry a sign of life, a lock file beside the database.</item>
/// <item><see cref="PgPresence"/>: session advisory locks on one connection of this process, which several workers
/// sharing the database see.</item>
/// </list>
/// </summary>
public abstract class Presence
{
    /// <summary>Takes <paramref name="key"/> for a piece of work (a job's run), without waiting. False: another process holds it.</summary>
    public abstract Task<bool> TryTakeAsync(PresenceKey key, CancellationToken ct);

    /// <summary>Gives <paramref name="key"/> up; never throws for a session that broke meanwhile, which gave it up with itself.</summary>
    public abstract Task ReleaseAsync(PresenceKey key);

    /// <summary>
    /// Holds <paramref name="key"/> for the life of the process, shared <paramref name="withOthers"/> or alone
    /// (<paramref name="what"/> names it in logs). False: another process holds it in a way that conflicts.
    /// </summary>
    public abstract Task<bool> HoldAsync(string what, PresenceKey key, bool withOthers, CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="insert"/> (an INSERT … RETURNING id) and takes the key <paramref name="rows"/> gives its id,
    /// in one transaction, so that no process ever sees the row without its sign of life. Returns the id.
    /// </summary>
    public abstract Task<long> InsertTakenAsync(OpenRows rows, string insert, object args, CancellationToken ct);

    /// <summary>
    /// Finds the open <paramref name="rows"/> whose process is gone and hands their ids to <paramref name="close"/>, in
    /// one write transaction that commits what it did; returns what it returned, or nothing when no row was found gone
    /// (or none can be, now).
    /// </summary>
    public abstract Task<IReadOnlyList<T>> CloseGoneAsync<T>(OpenRows rows,
        Func<DbConnection, DbTransaction, IReadOnlyList<long>, Task<IReadOnlyList<T>>> close, CancellationToken ct);
}

/// <summary>
/// A presence lock: a class of things (<see cref="PgLocks"/>) and one of them, by number (a sweep's id, a
/// <see cref="WriteLock"/>) or by name, which the server hashes (a job's id).
/// </summary>
public readonly record struct PresenceKey(int Class, int Number, string? Name = null)
{
    public static PresenceKey Named(int lockClass, string name) => new(lockClass, 0, name);

    public static PresenceKey Of(WriteLock key) => new(PgLocks.App, (int)key);
}

/// <summary>
/// Rows that a process opens and closes later (a sweep): <paramref name="Name"/> names what they are (the SQLite lock
/// file <c>DATABASE.NAME.lock</c>), <paramref name="OpenIds"/> selects the ids of the open ones, <paramref name="Key"/>
/// is the presence lock of one row.
/// </summary>
public sealed record OpenRows(string Name, string OpenIds, Func<long, PresenceKey> Key);
