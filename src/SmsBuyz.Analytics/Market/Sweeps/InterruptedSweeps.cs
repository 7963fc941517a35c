using Dapper;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// A sweep whose process was killed (SIGKILL, OOM, power cut) keeps <c>finished_at</c> NULL. Such rows are closed
/// later, marked with an <see cref="SweepErrorKind.Interrupted"/> error and the counts they had saved. Only rows whose process is gone may be
/// closed, and a row does not say who runs it, so each provider has a sign of life:
/// <list type="bullet">
/// <item>SQLite: every process that runs sweeps holds a shared lock on <c>DATABASE.sweeps.lock</c> while it lives (the
/// OS drops it when the process dies, however it dies). A process that can take that lock exclusively knows no sweep
/// is running anywhere, and every unfinished row is an orphan. Checked once, before the process's first sweep.</item>
/// <item>PostgreSQL: each running sweep holds a session advisory lock on its id (<see cref="SweepStore.StartAsync"/>,
/// on its process's <see cref="PgPresence"/>). A row whose lock can be taken has lost its process. Checked before
/// every sweep, since other workers live on while one dies.</item>
/// </list>
/// </summary>
public sealed partial class InterruptedSweeps(Database db, TimeProvider time, ILogger<InterruptedSweeps> logger)
    : IDisposable
{
    /// <summary>How long to wait for another process that is closing orphans (milliseconds of work) before sweeping unguarded.</summary>
    private static readonly TimeSpan SharedLockWait = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _done;
    private FileStream? _shared;

    public string LockPath => db.SqliteOnly("the sweep lock file").DatabasePath + ".sweeps.lock";

    /// <summary>
    /// Before a sweep. SQLite, before this process's first: closes orphans if no other sweeper lives, then holds the
    /// shared lock. PostgreSQL, every time: closes the open sweeps whose process is gone.
    /// </summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        if (db.Provider == StorageProvider.PostgreSql)
        {
            await CloseAsync(ct);
            return;
        }
        if (Volatile.Read(ref _done))
            return;
        await _once.WaitAsync(ct);
        try
        {
            if (_done)
                return;
            Directory.CreateDirectory(Path.GetDirectoryName(LockPath)!);
            using (var exclusive = TryOpen(FileShare.None))
            {
                if (exclusive is not null)
                    await CloseAsync(ct);
            }
            for (var waited = TimeSpan.Zero; _shared is null && waited < SharedLockWait; waited += TimeSpan.FromMilliseconds(50))
            {
                _shared = TryOpen(FileShare.ReadWrite);
                if (_shared is null)
                    await Task.Delay(50, ct);
            }
            if (_shared is null)
                LogUnguarded(LockPath);
            _done = true;
        }
        catch (UnauthorizedAccessException ex)
        {
            // A folder we may not write (a read-only data folder): sweeping goes on, and the sweep's own write names the problem.
            LogUnguarded($"{LockPath} ({ex.Message})");
            _done = true;
        }
        finally
        {
            _once.Release();
        }
    }

    /// <returns>Null when another process holds a conflicting lock.</returns>
    private FileStream? TryOpen(FileShare share)
    {
        try
        {
            // FileShare.None takes flock(LOCK_EX), a read-only open with sharing flock(LOCK_SH); both without waiting.
            return new FileStream(LockPath, FileMode.OpenOrCreate, share == FileShare.None ? FileAccess.ReadWrite : FileAccess.Read, share);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task CloseAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, null, ct);
        var orphans = db.Provider == StorageProvider.PostgreSql ? await OrphansAsync(connection, tx, ct) : [];
        if (db.Provider == StorageProvider.PostgreSql && orphans.Count == 0)
            return;
        var closed = (await connection.QueryAsync<(long Id, string Kind, int Points, int Changes)>(db.Sql(
            sqlite: """
                UPDATE sweep SET errors = (SELECT count(*) FROM sweep_error e WHERE e.sweep_id = sweep.id) + 1, -- the rows written, and this one
                       finished_at = max(started_at, coalesce((SELECT max(e.at) FROM sweep_error e WHERE e.sweep_id = sweep.id), 0))
                WHERE finished_at IS NULL
                RETURNING id, kind, points, changes
                """,
            postgreSql: """
                UPDATE sweep SET errors = (SELECT count(*) FROM sweep_error e WHERE e.sweep_id = sweep.id) + 1,
                       finished_at = greatest(started_at, coalesce((SELECT max(e.at) FROM sweep_error e WHERE e.sweep_id = sweep.id), 0))
                WHERE finished_at IS NULL AND id = ANY(@orphans)
                RETURNING id, kind, points, changes
                """), new { orphans = orphans.ToArray() }, tx)).ToList();
        foreach (var sweep in closed)
        {
            await connection.ExecuteAsync("""
                INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES (@Id, @at, 'sweep', @kind, @message)
                """, new
            {
                sweep.Id,
                at = UnixMs.From(time.GetUtcNow()),
                kind = SweepErrorKind.Interrupted,
                message = db.Sql(
                    sqlite: "the process ended before the sweep finished (killed or crashed); closed at the next start with the counts it had saved",
                    postgreSql: "the worker ended before the sweep finished (killed, crashed or cut off); closed by a live worker's next sweep with the counts it had saved"),
            }, tx);
        }
        await tx.CommitAsync(ct);
        foreach (var sweep in closed)
            LogClosed(sweep.Kind, sweep.Id, sweep.Points, sweep.Changes);
    }

    /// <summary>
    /// PostgreSQL: the open sweeps whose process is gone. A live one's lock is held by its process's presence session,
    /// this process's own included (this transaction's connection is another session); the transaction lock taken here
    /// keeps a second worker from closing the same row at once, and ends with the transaction.
    /// </summary>
    private static async Task<List<long>> OrphansAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, CancellationToken ct)
    {
        var orphans = new List<long>();
        foreach (var id in await connection.QueryAsync<long>(
                     new CommandDefinition("SELECT id FROM sweep WHERE finished_at IS NULL ORDER BY id", transaction: tx, cancellationToken: ct)))
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    $"SELECT pg_try_advisory_xact_lock({PgLocks.Sweeps}, @key)", new { key = SweepStore.LockKey(id) }, tx, cancellationToken: ct)))
                orphans.Add(id);
        }
        return orphans;
    }

    public void Dispose()
    {
        _shared?.Dispose();
        _once.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "{Kind} #{SweepId} was interrupted (its process ended mid-way); closed with {Points} points and {Changes} changes saved")]
    private partial void LogClosed(string kind, long sweepId, int points, int changes);

    [LoggerMessage(LogLevel.Debug, "No sweep lock ({Path}): sweeps of this process are not guarded against being closed as interrupted")]
    private partial void LogUnguarded(string path);
}
