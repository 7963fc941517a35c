using System.Data.Common;
using Dapper;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Retention;

/// <summary>
/// One transaction of rollup work for a tier: the next batch of series over the window in progress, with the
/// progress row moved on in the same transaction, so an interruption anywhere loses or repeats nothing.
/// </summary>
internal static class RollupBatch
{
    private sealed record Progress(long DoneUntil, long WindowEnd, long SeriesAfter);

    /// <summary>Rows written by one batch, or null when every bucket before <paramref name="until"/> is rolled up.</summary>
    public static async Task<int?> RunAsync(Database db, DbConnection connection, RollupTier tier, long until, int seriesPerBatch,
        CancellationToken ct)
    {
        // The write lock up front (SQLite: IMMEDIATE; PostgreSQL: the retention lock): a second maintenance run, of
        // this process or another, waits here and then sees this one's progress, never the same batch.
        await using var tx = await db.BeginWriteAsync(connection, WriteLock.Retention, ct);
        var progress = await ReadAsync(connection, tx, tier) ?? await StartAsync(connection, tx, tier);
        if (progress is null)
            return null;
        if (progress.WindowEnd == progress.DoneUntil)
        {
            // Windows of at most a day keep a batch's reads bounded when catching up after a long pause.
            var end = Math.Min(progress.DoneUntil + UnixMs.DayMs, until);
            if (end <= progress.DoneUntil)
                return null;
            progress = progress with { WindowEnd = end };
        }

        var ids = (await connection.QueryAsync<long>("SELECT id FROM series WHERE id > @after ORDER BY id LIMIT @limit",
            new { after = progress.SeriesAfter, limit = seriesPerBatch }, tx)).AsList();
        var rows = 0;
        if (ids.Count == 0)
            progress = new Progress(progress.WindowEnd, progress.WindowEnd, 0);
        else
        {
            rows = await RollSeriesAsync(connection, tx, tier, ids, progress.DoneUntil, progress.WindowEnd, ct);
            progress = progress with { SeriesAfter = ids[^1] };
        }
        await connection.ExecuteAsync("""
            INSERT INTO rollup_progress (tier, done_until, window_end, series_after) VALUES (@tier, @DoneUntil, @WindowEnd, @SeriesAfter)
            ON CONFLICT (tier) DO UPDATE SET done_until = excluded.done_until, window_end = excluded.window_end,
                series_after = excluded.series_after
            """, new { tier = tier.Name, progress.DoneUntil, progress.WindowEnd, progress.SeriesAfter }, tx);
        await tx.CommitAsync(ct);
        return rows;
    }

    /// <summary>The end of what is rolled up for every series, or null before the first rollup.</summary>
    public static Task<long?> DoneUntilAsync(DbConnection connection, RollupTier tier) =>
        connection.ExecuteScalarAsync<long?>("SELECT done_until FROM rollup_progress WHERE tier = @tier", new { tier = tier.Name });

    private static Task<Progress?> ReadAsync(DbConnection connection, DbTransaction tx, RollupTier tier) =>
        connection.QuerySingleOrDefaultAsync<Progress>("""
            SELECT done_until AS DoneUntil, window_end AS WindowEnd, series_after AS SeriesAfter FROM rollup_progress WHERE tier = @tier
            """, new { tier = tier.Name }, tx);

    /// <summary>The first rollup starts at the bucket of the oldest change point: one index seek per series, not a table scan.</summary>
    private static async Task<Progress?> StartAsync(DbConnection connection, DbTransaction tx, RollupTier tier)
    {
        var oldest = await connection.ExecuteScalarAsync<long?>("""
            SELECT min((SELECT min(observed_at) FROM price_change c WHERE c.series_id = s.id)) FROM series s
            """, transaction: tx);
        return oldest is { } at ? new Progress(Bucketizer.Floor(at, tier.WidthMs), Bucketizer.Floor(at, tier.WidthMs), 0) : null;
    }

    private static async Task<int> RollSeriesAsync(DbConnection connection, DbTransaction tx, RollupTier tier,
        List<long> ids, long from, long to, CancellationToken ct)
    {
        // The last point before the window (the value carried in) and every point inside it.
        await using var read = await Prepared.CreateAsync(connection, tx, """
            SELECT observed_at, price, qty FROM price_change
            WHERE series_id = @s AND observed_at < @to AND observed_at >= coalesce(
                (SELECT max(observed_at) FROM price_change WHERE series_id = @s AND observed_at < @from), @from)
            ORDER BY observed_at
            """, ["@s", "@from", "@to"], ct);
        await using var write = await Prepared.CreateAsync(connection, tx, $"""
            INSERT INTO {tier.Table} (series_id, bucket_start, price_min, price_max, price_avg, price_last,
                qty_min, qty_max, qty_avg, qty_last, changes)
            VALUES (@s, @b, @pmin, @pmax, @pavg, @plast, @qmin, @qmax, @qavg, @qlast, @n)
            ON CONFLICT (series_id, bucket_start) DO UPDATE SET price_min = excluded.price_min, price_max = excluded.price_max,
                price_avg = excluded.price_avg, price_last = excluded.price_last, qty_min = excluded.qty_min,
                qty_max = excluded.qty_max, qty_avg = excluded.qty_avg, qty_last = excluded.qty_last, changes = excluded.changes
            """, ["@s", "@b", "@pmin", "@pmax", "@pavg", "@plast", "@qmin", "@qmax", "@qavg", "@qlast", "@n"], ct);
        var written = 0;
        var points = new List<ChangePoint>();
        foreach (var id in ids)
        {
            points.Clear();
            await using (var reader = await read.Set(id, from, to).ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    points.Add(new ChangePoint(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            ChangePoint? carried = points.Count > 0 && points[0].At < from ? points[0] : null;
            var inside = carried is null ? points : points.GetRange(1, points.Count - 1);
            foreach (var r in Bucketizer.Roll(carried, inside, tier.WidthMs))
            {
                await write.Set(id, r.BucketStart, r.PriceMin, r.PriceMax, r.PriceAvg, r.PriceLast,
                    r.QtyMin, r.QtyMax, r.QtyAvg, r.QtyLast, r.Changes).ExecuteNonQueryAsync(ct);
                written++;
            }
        }
        return written;
    }
}
