using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Retention;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// Writes fetched market points as change points: a <c>price_change</c> row only when a series' price or
/// stock differs from <c>price_latest</c>. One transaction per fetch; writers in this process take turns.
/// </summary>
public sealed class MarketStore(SqliteConnectionFactory connections, IOptions<RetentionOptions> retention) : IDisposable
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

            var result = new ChangeWriter(connection, tx, cache, sweepId, UnixMs.From(observedAt),
                retention.Value.StockDeadbandPercent, scope.Source).Apply(scope, points);

            await connection.ExecuteAsync("UPDATE market_version SET version = version + 1", transaction: tx);
            await tx.CommitAsync(ct);
            cache.Version = version + 1;
            _cache = cache;
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();
}
