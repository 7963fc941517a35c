using Dapper;
using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Storage.Migrations;

/// <summary>
/// Merges series that turned out to be one offer into the first (oldest) of them: change points interleaved in time
/// order, rollup buckets combined, one latest state. Before identities were keyed, each sweep of the other spelling's
/// endpoint recorded the series it did not list as out of stock, so a zero-stock point is dropped when another
/// spelling of the offer had stock at that moment (its last point at or before it): the offer was listed, only
/// spelled differently. Points that change nothing after interleaving are dropped too.
/// </summary>
internal static class SeriesMerge
{
    public static async Task MergeAsync(SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<long> ids)
    {
        var survivor = ids[0];
        var merged = Interleave((await connection.QueryAsync<Point>("""
            SELECT series_id AS Series, observed_at AS At, price AS Price, qty AS Qty, sweep_id AS Sweep
            FROM price_change WHERE series_id IN @ids ORDER BY observed_at
            """, new { ids }, tx)).ToList());
        await connection.ExecuteAsync("DELETE FROM price_change WHERE series_id IN @ids", new { ids }, tx);
        await connection.ExecuteAsync("""
            INSERT INTO price_change (series_id, observed_at, price, qty, sweep_id) VALUES (@survivor, @At, @Price, @Qty, @Sweep)
            """, merged.Select(p => new { survivor, p.At, p.Price, p.Qty, p.Sweep }), tx);

        foreach (var table in new[] { "price_hourly", "price_daily" })
            await MergeRollupAsync(connection, tx, table, ids);
        await MergeLatestAsync(connection, tx, ids, merged.Count > 0 ? merged[^1].Qty : null);
        await connection.ExecuteAsync("DELETE FROM series WHERE id IN @losers", new { losers = ids.Skip(1).ToList() }, tx);
    }

    /// <param name="points">Every point of the series, in time order.</param>
    private static List<Point> Interleave(List<Point> points)
    {
        var stock = new Dictionary<long, long>();
        var result = new List<Point>();
        foreach (var moment in points.GroupBy(p => p.At))
        {
            foreach (var p in moment)
                stock[p.Series] = p.Qty;
            var point = moment.Where(p => p.Qty > 0 || !stock.Any(s => s.Key != p.Series && s.Value > 0)).MaxBy(p => p.Qty);
            if (point is not null && (result.Count == 0 || result[^1].Price != point.Price || result[^1].Qty != point.Qty))
                result.Add(point);
        }
        return result;
    }

    /// <summary>
    /// A bucket only one spelling has moves over; where several have it, the one with the most stock on average wins
    /// (the others held the false zeros), with the price range over all of them.
    /// </summary>
    private static async Task MergeRollupAsync(SqliteConnection connection, SqliteTransaction tx, string table, IReadOnlyList<long> ids)
    {
        var rows = (await connection.QueryAsync<Bucket>($"""
            SELECT bucket_start AS BucketStart, price_min AS PriceMin, price_max AS PriceMax, price_avg AS PriceAvg,
                   price_last AS PriceLast, qty_min AS QtyMin, qty_max AS QtyMax, qty_avg AS QtyAvg, qty_last AS QtyLast,
                   changes AS Changes
            FROM {table} WHERE series_id IN @ids
            """, new { ids }, tx)).ToList();
        if (rows.Count == 0)
            return;
        var merged = rows.GroupBy(r => r.BucketStart).Select(g =>
        {
            var best = g.MaxBy(r => r.QtyAvg)!;
            return best with { PriceMin = g.Min(r => r.PriceMin), PriceMax = g.Max(r => r.PriceMax) };
        }).ToList();
        await connection.ExecuteAsync($"DELETE FROM {table} WHERE series_id IN @ids", new { ids }, tx);
        await connection.ExecuteAsync($"""
            INSERT INTO {table} (series_id, bucket_start, price_min, price_max, price_avg, price_last,
                                 qty_min, qty_max, qty_avg, qty_last, changes)
            VALUES (@Series, @BucketStart, @PriceMin, @PriceMax, @PriceAvg, @PriceLast, @QtyMin, @QtyMax, @QtyAvg, @QtyLast, @Changes)
            """, merged.Select(b => new
        {
            Series = ids[0], b.BucketStart, b.PriceMin, b.PriceMax, b.PriceAvg, b.PriceLast,
            b.QtyMin, b.QtyMax, b.QtyAvg, b.QtyLast, b.Changes,
        }), tx);
    }

    /// <summary>The latest state with stock (a false zero is the likelier one), else the newest; the next sweep makes it exact.</summary>
    private static async Task MergeLatestAsync(SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<long> ids, long? lastRecordedQty)
    {
        var latest = (await connection.QueryAsync<Latest>("""
            SELECT price AS Price, qty AS Qty, changed_at AS ChangedAt, sweep_id AS Sweep, recorded_qty AS RecordedQty
            FROM price_latest WHERE series_id IN @ids
            """, new { ids }, tx)).OrderByDescending(l => l.Qty > 0).ThenByDescending(l => l.ChangedAt).FirstOrDefault();
        await connection.ExecuteAsync("DELETE FROM price_latest WHERE series_id IN @ids", new { ids }, tx);
        if (latest is null)
            return;
        await connection.ExecuteAsync("""
            INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty)
            VALUES (@series, @Price, @Qty, @ChangedAt, @Sweep, @recorded)
            """, new { series = ids[0], latest.Price, latest.Qty, latest.ChangedAt, latest.Sweep, recorded = lastRecordedQty ?? latest.RecordedQty }, tx);
    }

    private sealed record Point(long Series, long At, long Price, long Qty, long Sweep);

    private sealed record Bucket(long BucketStart, long PriceMin, long PriceMax, long PriceAvg, long PriceLast,
        long QtyMin, long QtyMax, long QtyAvg, long QtyLast, long Changes);

    private sealed record Latest(long Price, long Qty, long ChangedAt, long Sweep, long RecordedQty);
}
