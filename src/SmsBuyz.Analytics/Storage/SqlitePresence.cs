using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// Presence on SQLite, where one worker owns the database file: what it claims against other workers (a job's run, the
/// schedule) is its own at once. Open rows still need a sign of life, since a command (<c>snapshot</c>) may sweep
/// beside the worker: every process that opens such rows holds a shared lock on <c>DATABASE.NAME.lock</c> while it
/// lives (the OS drops it when the process dies, however it dies). A process that can take that lock exclusively knows
/// no other one has rows open, so every open row is an orphan. Checked once, before the process's first row: from then
/// on it holds the shared lock itself.
/// </summary>
public sealed partial class SqlitePresence(Database db, ILogger<SqlitePresence> logger) : Presence, IDisposable
{
    /// <summary>How long to wait for another process that is closing orphans (milliseconds of work) before going on unguarded.</summary>
    private static readonly TimeSpan SharedLockWait = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _once = new(1, 1);
    private readonly ConcurrentDictionary<string, FileStream?> _held = new(StringComparer.Ordinal);

    /// <summary>The lock file of <paramref name="rows"/>, beside the database file.</summary>
    public string LockPath(OpenRows rows) => db.SqliteOnly($"the {rows.Name} lock file").DatabasePath + $".{rows.Name}.lock";

    public override Task<bool> TryTakeAsync(PresenceKey key, CancellationToken ct) => Task.FromResult(true);

    public override Task ReleaseAsync(PresenceKey key) => Task.CompletedTask;

    public override Task<bool> HoldAsync(string what, PresenceKey key, bool withOthers, CancellationToken ct) => Task.FromResult(true);

    /// <summary>The shared lock file, taken before the first row (<see cref="CloseGoneAsync"/>), is the sign of life.</summary>
    public override async Task<long> InsertTakenAsync(OpenRows rows, string insert, object args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(insert, args);
    }

    /// <summary>Before this process's first row: closes the orphans if no other process holds the lock, then holds it shared.</summary>
    public override async Task<IReadOnlyList<T>> CloseGoneAsync<T>(OpenRows rows,
        Func<DbConnection, DbTransaction, IReadOnlyList<long>, Task<IReadOnlyList<T>>> close, CancellationToken ct)
    {
        if (_held.ContainsKey(rows.Name))
            return [];
        await _once.WaitAsync(ct);
        var path = LockPath(rows);
        FileStream? shared = null;
        try
        {
            if (_held.ContainsKey(rows.Name))
                return [];
            IReadOnlyList<T> closed = [];
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var exclusive = TryOpen(path, FileShare.None))
            {
                if (exclusive is not null)
                    closed = await CloseAllAsync(rows, close, ct);
            }
            for (var waited = TimeSpan.Zero; shared is null && waited < SharedLockWait; waited += TimeSpan.FromMilliseconds(50))
            {
                shared = TryOpen(path, FileShare.ReadWrite);
                if (shared is null)
                    await Task.Delay(50, ct);
            }
            if (shared is null)
                LogUnguarded(rows.Name, path);
            _held[rows.Name] = shared;
            return closed;
        }
        catch (UnauthorizedAccessException ex)
        {
            // A folder we may not write (a read-only data folder): work goes on, and its own writes name the problem.
            LogUnguarded(rows.Name, $"{path} ({ex.Message})");
            _held[rows.Name] = null;
            return [];
        }
        finally
        {
            _once.Release();
        }
    }

    /// <summary>Under the exclusive lock no other process has rows open: every open row is an orphan.</summary>
    private async Task<IReadOnlyList<T>> CloseAllAsync<T>(OpenRows rows,
        Func<DbConnection, DbTransaction, IReadOnlyList<long>, Task<IReadOnlyList<T>>> close, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, null, ct);
        var open = (await connection.QueryAsync<long>(new CommandDefinition(rows.OpenIds, transaction: tx, cancellationToken: ct))).AsList();
        if (open.Count == 0)
            return [];
        var closed = await close(connection, tx, open);
        await tx.CommitAsync(ct);
        return closed;
    }

    /// <returns>Null when another process holds a conflicting lock.</returns>
    private static FileStream? TryOpen(string path, FileShare share)
    {
        try
        {
            // FileShare.None takes flock(LOCK_EX), a read-only open with sharing flock(LOCK_SH); both without waiting.
            return new FileStream(path, FileMode.OpenOrCreate, share == FileShare.None ? FileAccess.ReadWrite : FileAccess.Read, share);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var held in _held.Values)
            held?.Dispose();
        _once.Dispose();
    }

    [LoggerMessage(LogLevel.Debug, "No {Name} lock ({Path}): the rows this process opens there are not guarded against being closed as interrupted")]
    private partial void LogUnguarded(string name, string path);
}
