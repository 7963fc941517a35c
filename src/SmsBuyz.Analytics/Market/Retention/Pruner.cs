using Dapper;
using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Market.Retention;

/// <summary>A table whose old rows are deleted once a coarser tier holds them.</summary>
internal sealed record PrunedTier(string Name, string Table, string TimeColumn)
{
    public static readonly PrunedTier Raw = new("raw", "price_change", "observed_at");
    public static readonly PrunedTier Hourly = new("hourly", "price_hourly", "bucket_start");
}

/// <summary>
/// Deletes a tier's rows older than a cutoff, a batch of series per transaction, keeping per series the last
/// row at or before the cutoff: it is the value in force there (for a quiet series, its latest change point).
/// </summary>
internal static class Pruner
{
    private sealed record Pass(long KeptFrom, long SeriesAfter, long PrunedUntil);

    /// <summary>Rows deleted; 0 when a pass at this cutoff already finished.</summary>
    public static async Task<long> PruneAsync(SqliteConnection connection, PrunedTier tier, long cutoff, int seriesPerBatch,
        Action? batchCommitted, CancellationToken ct)
    {
        var deleted = 0L;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var tx = connection.BeginTransaction(deferred: false);
            var pass = await connection.QuerySingleOrDefaultAsync<Pass>("""
                SELECT kept_from AS KeptFrom, series_after AS SeriesAfter, pruned_until AS PrunedUntil FROM retention_cutoff WHERE tier = @Name
                """, new { tier.Name }, tx) ?? new Pass(long.MinValue, 0, long.MinValue);
            // A later cutoff already set by a concurrent run covers this one; going back would let readers into its hole.
            if (pass.PrunedUntil >= cutoff || pass.KeptFrom > cutoff)
                return deleted;
            // A pass at a cutoff resumes where it stopped; a later cutoff starts over. Readers switch to the coarser
            // tier in this same commit, before anything is deleted, so they never read a half-pruned range.
            var after = pass.KeptFrom == cutoff ? pass.SeriesAfter : 0;
            var ids = (await connection.QueryAsync<long>("SELECT id FROM series WHERE id > @after ORDER BY id LIMIT @limit",
                new { after, limit = seriesPerBatch }, tx)).AsList();
            await using (var delete = Prepared.Create(connection, tx, $"""
                DELETE FROM {tier.Table} WHERE series_id = $s AND {tier.TimeColumn} < (
                    SELECT max({tier.TimeColumn}) FROM {tier.Table} WHERE series_id = $s AND {tier.TimeColumn} <= $cutoff)
                """, "$s", "$cutoff"))
                foreach (var id in ids)
                    deleted += await delete.Set(id, cutoff).ExecuteNonQueryAsync(ct);
            var next = ids.Count == 0
                ? pass with { KeptFrom = cutoff, SeriesAfter = 0, PrunedUntil = cutoff }
                : pass with { KeptFrom = cutoff, SeriesAfter = ids[^1] };
            await connection.ExecuteAsync("""
                INSERT INTO retention_cutoff (tier, kept_from, series_after, pruned_until) VALUES (@Name, @KeptFrom, @SeriesAfter, @PrunedUntil)
                ON CONFLICT (tier) DO UPDATE SET kept_from = excluded.kept_from, series_after = excluded.series_after,
                    pruned_until = excluded.pruned_until
                """, new { tier.Name, next.KeptFrom, next.SeriesAfter, next.PrunedUntil }, tx);
            await tx.CommitAsync(ct);
            batchCommitted?.Invoke();
        }
    }
}
