using Dapper;
using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Retention;

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
    /// <summary>Rows deleted; 0 when a pass at this cutoff already finished.</summary>
    public static async Task<long> PruneAsync(SqliteConnection connection, PrunedTier tier, long cutoff, int seriesPerBatch,
        Action? batchCommitted, CancellationToken ct)
    {
        var pruned = await connection.ExecuteScalarAsync<long?>(
            "SELECT pruned_until FROM retention_cutoff WHERE tier = @Name", new { tier.Name });
        if (pruned >= cutoff)
            return 0;
        // Readers switch to the coarser tier first, so they never read a range this pass has half deleted.
        await SetAsync(connection, tier, cutoff, "kept_from");

        var deleted = 0L;
        for (var after = 0L; ; )
        {
            ct.ThrowIfCancellationRequested();
            await using var tx = connection.BeginTransaction(deferred: false);
            var ids = (await connection.QueryAsync<long>("SELECT id FROM series WHERE id > @after ORDER BY id LIMIT @limit",
                new { after, limit = seriesPerBatch }, tx)).AsList();
            if (ids.Count == 0)
                break;
            await using var delete = Prepared.Create(connection, tx, $"""
                DELETE FROM {tier.Table} WHERE series_id = $s AND {tier.TimeColumn} < (
                    SELECT max({tier.TimeColumn}) FROM {tier.Table} WHERE series_id = $s AND {tier.TimeColumn} <= $cutoff)
                """, "$s", "$cutoff");
            foreach (var id in ids)
                deleted += await delete.Set(id, cutoff).ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            batchCommitted?.Invoke();
            after = ids[^1];
        }
        await SetAsync(connection, tier, cutoff, "pruned_until");
        return deleted;
    }

    /// <summary>Where readers may start reading a tier; null when it was never pruned (everything is there).</summary>
    public static Task<long?> KeptFromAsync(SqliteConnection connection, PrunedTier tier) =>
        connection.ExecuteScalarAsync<long?>("SELECT kept_from FROM retention_cutoff WHERE tier = @Name", new { tier.Name });

    private static Task<int> SetAsync(SqliteConnection connection, PrunedTier tier, long cutoff, string column) =>
        // Only ever forward: two concurrent runs may finish in either order. (CASE, not max(): portable SQL.)
        connection.ExecuteAsync($"""
            INSERT INTO retention_cutoff (tier, kept_from, pruned_until) VALUES (@Name, @cutoff, 0)
            ON CONFLICT (tier) DO UPDATE SET {column} =
                CASE WHEN retention_cutoff.{column} > @cutoff THEN retention_cutoff.{column} ELSE @cutoff END
            """, new { tier.Name, cutoff });
}
