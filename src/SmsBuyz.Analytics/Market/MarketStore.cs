using Dapper;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// Writes fetched market points as change points: a <c>price_change</c> row only when a series' price or
/// stock differs from <c>price_latest</c>. One transaction per fetch; writers in this process take turns.
/// </summary>
public sealed class MarketStore(SqliteConnectionFactory connections) : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private MarketCache? _cache;

    public async Task<MarketWriteResult> WriteAsync(long sweepId, DateTimeOffset observedAt, MarketScope scope,
        IReadOnlyList<MarketPoint> points, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await connections.OpenAsync(ct);
            // IMMEDIATE: take the write lock now, not halfway through, so a busy database fails or waits up front.
            await using var tx = connection.BeginTransaction(deferred: false);
            var version = await connection.ExecuteScalarAsync<long>("SELECT version FROM market_version", transaction: tx);
            // Taken out while writing: if anything below throws, the next write reloads from the database.
            var cache = _cache is { } cached && cached.Version == version ? cached : await MarketCache.LoadAsync(connection, tx, version);
            _cache = null;

            var writer = new ChangeWriter(connection, tx, cache, sweepId, UnixMs.From(observedAt));
            var problems = new List<string>();
            var seen = new HashSet<long>();
            foreach (var point in points)
            {
                if (!Money.TryToUnits(point.Price, out var price))
                {
                    problems.Add($"{point.Product}/{point.Country}/{point.Operator}: price {point.Price} has more than 4 decimal places; not stored");
                    seen.Add(await writer.SeriesIdAsync(point, ct));
                    continue;
                }
                var id = await writer.SeriesIdAsync(point, ct);
                seen.Add(id);
                await writer.ObserveAsync(id, price, point.Qty, ct);
            }
            await writer.MarkMissingOutOfStockAsync(scope, seen, ct);

            await connection.ExecuteAsync("UPDATE market_version SET version = version + 1", transaction: tx);
            await tx.CommitAsync(ct);
            cache.Version = version + 1;
            _cache = cache;
            return new MarketWriteResult(points.Count, writer.Changes, problems);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();
}
