using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// Writes fetched market points as change points: a <c>price_change</c> row only when a series' price or stock differs
/// from <c>price_latest</c>. Writers in this process take turns, and group commit: whoever gets the turn writes every
/// answer queued by then in one transaction, and those queued while it writes, so answers arriving together share one
/// commit (and one write of each page they touch) instead of paying one each. A failing transaction fails every answer in it; a cancelled caller's answer is
/// withdrawn unless a writer has already taken it. Writers of other processes (several workers on PostgreSQL) take
/// turns on the database's market lock, and a cache another process wrote past (<c>market_version</c>) is reloaded.
/// Its writes do not checkpoint the WAL (<see cref="Database.PrepareLargeWriteAsync"/>): after each commit a checkpoint
/// runs beside the writers (<see cref="CheckpointsBeside"/>).
/// </summary>
public sealed class MarketStore(Database db, IOptions<RetentionOptions> retention, ILogger<MarketStore>? logger = null) : IDisposable
{
    /// <summary>
    /// A group stops taking answers that queue while it is written past this many points, so it holds the database's
    /// write lock (which a buy's intent waits for) a fraction of a second, and its answers hear their outcome soon.
    /// </summary>
    private const int MaxGroupPoints = 250_000;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Queue<PendingWrite> _queue = new();
    private readonly CheckpointsBeside _checkpoints = new(db, logger ?? NullLogger<MarketStore>.Instance);
    private MarketCache? _cache;

    /// <param name="provider">The provider whose answer this is (the sweep's): its series alone are written.</param>
    public Task<MarketWriteResult> WriteAsync(long provider, long sweepId, DateTimeOffset observedAt, MarketScope scope,
        IReadOnlyList<MarketPoint> points, CancellationToken ct) =>
        WriteAsync(provider, sweepId, observedAt, ScopedPoints.Of(scope, points), ct);

    /// <summary>One answer under each of its scopes at once (<see cref="ScopedPoints"/>).</summary>
    public async Task<MarketWriteResult> WriteAsync(long provider, long sweepId, DateTimeOffset observedAt, ScopedPoints answer, CancellationToken ct)
    {
        var write = new PendingWrite(provider, sweepId, UnixMs.From(observedAt), answer);
        lock (_queue)
            _queue.Enqueue(write);
        try
        {
            await _writeLock.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            if (write.TryWithdraw())
                throw;
            return await write.Result; // a writer took it already: its outcome is this answer's
        }
        try
        {
            // Not the caller's token: one caller giving up must not fail the other answers of the group.
            if (!write.Result.IsCompleted)
                await WriteQueuedAsync(CancellationToken.None);
        }
        finally
        {
            _writeLock.Release();
        }
        return await write.Result;
    }

    private async Task WriteQueuedAsync(CancellationToken ct)
    {
        var group = new List<PendingWrite>();
        TakeQueued(group);
        try
        {
            var results = await WriteGroupAsync(group, ct);
            for (var i = 0; i < group.Count; i++)
                group[i].Complete(results[i]);
        }
        catch (Exception ex)
        {
            group.ForEach(w => w.Fail(ex));
        }
    }

    /// <summary>Moves every answer still queued (and not withdrawn) into <paramref name="group"/>; false when there was none.</summary>
    private bool TakeQueued(List<PendingWrite> group)
    {
        var before = group.Count;
        lock (_queue)
        {
            group.AddRange(_queue.Where(w => w.TryTake()));
            _queue.Clear();
        }
        return group.Count > before;
    }

    private async Task<List<MarketWriteResult>> WriteGroupAsync(List<PendingWrite> group, CancellationToken ct)
    {
        try
        {
            return await WriteGroupAsync(group, keyed: false, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A COPY met a stored row: the series' last stored time was not what this process knew (another writer's
            // clock, or ours stepped back then forward). Nothing was committed; once more, every row by its key.
            return await WriteGroupAsync(group, keyed: true, ct);
        }
    }

    /// <summary>
    /// One transaction under the market write lock (SQLite: <c>BEGIN IMMEDIATE</c>; PostgreSQL: the advisory lock
    /// <see cref="WriteLock.Market"/>), so the version read here is the latest and the cache stays exact while it writes.
    /// </summary>
    private async Task<List<MarketWriteResult>> WriteGroupAsync(List<PendingWrite> group, bool keyed, CancellationToken ct)
    {
        // The whole transaction is the sweep's writing, but for the diff's own work (see TimedRows).
        using var writing = SweepStages.Time(SweepStage.Write);
        await using var connection = await db.OpenAsync(ct);
        await db.PrepareLargeWriteAsync(connection, ct);
        await using var tx = await db.BeginWriteAsync(connection, WriteLock.Market, ct);
        var version = await connection.ExecuteScalarAsync<long>("SELECT version FROM market_version", transaction: tx);
        // Taken out while writing: if anything below throws, the next write reloads from the database.
        var cache = _cache is { } cached && cached.Version == version ? cached : await MarketCache.LoadAsync(connection, tx, version, ct);
        _cache = null;

        var results = new List<MarketWriteResult>(group.Count);
        using (var rows = new TimedRows(Rows(connection, keyed)))
        {
            var diffing = Stopwatch.GetTimestamp();
            var points = 0L;
            do
            {
                // Answers queued while the group was written join it before the commit: every commit writes each page
                // it touched to the WAL, and the tables' upper B-tree pages and the version row are touched by every
                // one, so answers that keep arriving while the writer is busy share those writes instead of adding a
                // commit each.
                for (var i = results.Count; i < group.Count; i++)
                {
                    var w = group[i];
                    results.Add(new ChangeWriter(connection, tx, cache, w.Provider, rows, w.SweepId, w.ObservedAt,
                        retention.Value.StockDeadbandPercent).Apply(w.Answer));
                    points += w.Answer.Points.Count;
                }
            }
            while (points < MaxGroupPoints && TakeQueued(group));
            SweepStages.Move(SweepStage.Write, SweepStage.Diff, Stopwatch.GetTimestamp() - diffing - rows.Ticks);
            await rows.FlushAsync(ct);
        }

        await connection.ExecuteAsync("UPDATE market_version SET version = version + 1", transaction: tx);
        await tx.CommitAsync(ct);
        cache.Version = version + 1;
        _cache = cache;
        _checkpoints.Request();
        return results;
    }

    /// <summary>SQLite writes each row at once through its C API; PostgreSQL collects them for COPY and bulk statements.</summary>
    private static IMarketRows Rows(DbConnection connection, bool keyed) => connection switch
    {
        SqliteConnection sqlite => new MarketStatements(sqlite),
        NpgsqlConnection postgres => new PostgreSqlMarketRows(postgres, keyed),
        _ => throw new NotSupportedException(connection.GetType().Name),
    };

    public void Dispose()
    {
        _checkpoints.Dispose();
        _writeLock.Dispose();
    }
}
