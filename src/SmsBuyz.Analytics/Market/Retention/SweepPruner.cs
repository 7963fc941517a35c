using System.Data.Common;
using Dapper;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Retention;

/// <summary>
/// Deletes the sweep rows of rules' watch polls (<see cref="SweepKind.Watch"/>) that started before a cutoff, with
/// their <c>sweep_error</c> rows. A rule polling every 10 s writes 8,640 of them a day, which would outgrow the price
/// history they describe; scheduled sweeps (a few hundred a day) stay for good. The change points a poll wrote keep
/// its id (it is provenance, not a reference: nothing reads a point's sweep) and age like every other point.
/// </summary>
internal static class SweepPruner
{
    /// <summary>Watch sweeps deleted, <paramref name="perBatch"/> per transaction.</summary>
    public static async Task<long> PruneWatchAsync(Database db, DbConnection connection, long cutoff, int perBatch, Action? batchCommitted,
        CancellationToken ct)
    {
        var deleted = 0L;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var tx = await db.BeginWriteAsync(connection, WriteLock.Retention, ct);
            // The batch is the oldest ones by id, bounded by the last id among them: both deletes take the same rows.
            var upTo = await connection.ExecuteScalarAsync<long?>("""
                SELECT max(id) FROM (
                    SELECT id FROM sweep WHERE kind = @kind AND started_at < @cutoff AND finished_at IS NOT NULL ORDER BY id LIMIT @limit) b
                """, new { kind = SweepKind.Watch, cutoff, limit = perBatch }, tx);
            if (upTo is null)
                return deleted;
            const string Batch = "SELECT id FROM sweep WHERE id <= @upTo AND kind = @kind AND started_at < @cutoff AND finished_at IS NOT NULL";
            var args = new { upTo, kind = SweepKind.Watch, cutoff };
            await connection.ExecuteAsync($"DELETE FROM sweep_error WHERE sweep_id IN ({Batch})", args, tx);
            deleted += await connection.ExecuteAsync($"DELETE FROM sweep WHERE id IN ({Batch})", args, tx);
            await tx.CommitAsync(ct);
            batchCommitted?.Invoke();
        }
    }
}
