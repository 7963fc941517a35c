using System.Data.Common;
using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Retention;

/// <summary>A table whose old rows are deleted once a coarser tier holds them.</summary>
internal sealed record PrunedTier(string Name, string Table, string TimeColumn)
{
    public static readonly PrunedTier Raw = new("raw", "price_change", "observed_at");
    public static readonly PrunedTier Hourly = new("hourly", "price_hourly", "bucket_start");
}

/// <summary>
/// Deletes a tier's rows older than a cutoff, keeping per series the last row at or before the cutoff: it is the value
/// in force there (for a quiet series, its latest change point). A batch of series per transaction
/// (<see cref="PruneAsync"/>); on PostgreSQL the raw tier instead drops whole months of <c>price_change</c>
/// (<see cref="DropMonthsAsync"/>).
/// </summary>
internal static class Pruner
{
    private sealed record Pass(long KeptFrom, long SeriesAfter, long PrunedUntil);

    /// <summary>Rows deleted; 0 when a pass at this cutoff already finished.</summary>
    public static async Task<long> PruneAsync(Database db, DbConnection connection, PrunedTier tier, long cutoff, int seriesPerBatch,
        Action? batchCommitted, CancellationToken ct)
    {
        var deleted = 0L;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var tx = await db.BeginWriteAsync(connection, WriteLock.Retention, ct);
            var pass = await ReadAsync(connection, tx, tier);
            // A later cutoff already set by a concurrent run covers this one; going back would let readers into its hole.
            if (pass.PrunedUntil >= cutoff || pass.KeptFrom > cutoff)
                return deleted;
            // A pass at a cutoff resumes where it stopped; a later cutoff starts over. Readers switch to the coarser
            // tier in this same commit, before anything is deleted, so they never read a half-pruned range.
            var after = pass.KeptFrom == cutoff ? pass.SeriesAfter : 0;
            var ids = (await connection.QueryAsync<long>("SELECT id FROM series WHERE id > @after ORDER BY id LIMIT @limit",
                new { after, limit = seriesPerBatch }, tx)).AsList();
            await using (var delete = await Prepared.CreateAsync(connection, tx, $"""
                DELETE FROM {tier.Table} WHERE series_id = @s AND {tier.TimeColumn} < (
                    SELECT max({tier.TimeColumn}) FROM {tier.Table} WHERE series_id = @s AND {tier.TimeColumn} <= @cutoff)
                """, ["@s", "@cutoff"], ct))
                foreach (var id in ids)
                    deleted += await delete.Set(id, cutoff).ExecuteNonQueryAsync(ct);
            var next = ids.Count == 0
                ? pass with { KeptFrom = cutoff, SeriesAfter = 0, PrunedUntil = cutoff }
                : pass with { KeptFrom = cutoff, SeriesAfter = ids[^1] };
            await WriteAsync(connection, tx, tier, next);
            await tx.CommitAsync(ct);
            batchCommitted?.Invoke();
        }
    }

    /// <summary>
    /// PostgreSQL's raw tier: readers move to the cutoff in one commit, then <c>price_change_drop_months</c> drops every
    /// month that ends at or before it, in a second commit that also records the pass as done. The result is what the
    /// batches above leave at a month-start cutoff; a month the cutoff falls inside is kept whole until it has expired
    /// (readers start at the cutoff and never read its older rows). Detaching a month needs <c>price_change</c> to
    /// itself for a moment: after <paramref name="lockTimeout"/> of waiting for readers and writers (and making them
    /// wait behind it) it gives up with <c>lock_not_available</c>; the cutoff stays raised, and the next run drops the months.
    /// </summary>
    /// <returns>Rows removed; 0 when a pass at this cutoff already finished.</returns>
    public static async Task<long> DropMonthsAsync(Database db, DbConnection connection, long cutoff, TimeSpan lockTimeout,
        Action? batchCommitted, CancellationToken ct)
    {
        await using (var tx = await db.BeginWriteAsync(connection, WriteLock.Retention, ct))
        {
            var pass = await ReadAsync(connection, tx, PrunedTier.Raw);
            if (pass.PrunedUntil >= cutoff || pass.KeptFrom > cutoff)
                return 0;
            if (pass.KeptFrom < cutoff)
            {
                await WriteAsync(connection, tx, PrunedTier.Raw, pass with { KeptFrom = cutoff, SeriesAfter = 0 });
                await tx.CommitAsync(ct);
                batchCommitted?.Invoke();
            }
        }
        ct.ThrowIfCancellationRequested();
        await using (var tx = await db.BeginWriteAsync(connection, WriteLock.Retention, ct))
        {
            var pass = await ReadAsync(connection, tx, PrunedTier.Raw);
            if (pass.PrunedUntil >= cutoff || pass.KeptFrom != cutoff)
                return 0;
            await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture,
                $"SET LOCAL lock_timeout = '{(long)lockTimeout.TotalMilliseconds}ms'"), transaction: tx);
            var removed = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition("SELECT price_change_drop_months(@cutoff)", new { cutoff }, tx, cancellationToken: ct));
            await WriteAsync(connection, tx, PrunedTier.Raw, pass with { PrunedUntil = cutoff });
            await tx.CommitAsync(ct);
            batchCommitted?.Invoke();
            return removed;
        }
    }

    private static async Task<Pass> ReadAsync(DbConnection connection, DbTransaction tx, PrunedTier tier) =>
        await connection.QuerySingleOrDefaultAsync<Pass>("""
            SELECT kept_from AS KeptFrom, series_after AS SeriesAfter, pruned_until AS PrunedUntil FROM retention_cutoff WHERE tier = @Name
            """, new { tier.Name }, tx) ?? new Pass(long.MinValue, 0, long.MinValue);

    private static Task<int> WriteAsync(DbConnection connection, DbTransaction tx, PrunedTier tier, Pass pass) =>
        connection.ExecuteAsync("""
            INSERT INTO retention_cutoff (tier, kept_from, series_after, pruned_until) VALUES (@Name, @KeptFrom, @SeriesAfter, @PrunedUntil)
            ON CONFLICT (tier) DO UPDATE SET kept_from = excluded.kept_from, series_after = excluded.series_after,
                pruned_until = excluded.pruned_until
            """, new { tier.Name, pass.KeptFrom, pass.SeriesAfter, pass.PrunedUntil }, tx);
}
