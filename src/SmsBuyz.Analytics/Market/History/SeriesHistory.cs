using System.Data.Common;
using Dapper;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.History;

/// <summary>
/// Reads a series' history over any range from whichever tier holds it: daily before the hourly window, hourly
/// before the raw window, raw after. The tier boundaries come from the database (where pruning stopped), not from
/// the clock, so a late or interrupted maintenance run never leaves a hole.
/// </summary>
public sealed class SeriesHistory(Database db)
{
    /// <summary>Points of [<paramref name="from"/>, <paramref name="to"/>) in time order; empty for an unknown series.</summary>
    /// <param name="operatorName">An operator, or "any" for the API's aggregate series.</param>
    public async Task<IReadOnlyList<HistoryPoint>> GetAsync(string product, string country, string operatorName,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // One read snapshot: the cutoffs and the rows agree even while maintenance prunes.
        await using var tx = await db.BeginSnapshotAsync(connection, ct);
        var id = await connection.ExecuteScalarAsync<long?>("""
            SELECT s.id FROM series s JOIN product p ON p.id = s.product_id JOIN country c ON c.id = s.country_id
            JOIN operator o ON o.id = s.operator_id WHERE p.key = @product AND c.code = @country AND o.key = @operatorName
            """, new { product = OfferNames.ProductKey(product), country = OfferNames.CountryKey(country), operatorName = OfferNames.OperatorKey(operatorName) }, tx);
        if (id is not { } seriesId)
            return [];
        var kept = (await connection.QueryAsync<(string Tier, long KeptFrom)>("SELECT tier, kept_from FROM retention_cutoff", transaction: tx))
            .ToDictionary(k => k.Tier, k => k.KeptFrom);
        // A tier never pruned still holds everything, so the coarser tiers get an empty part.
        var rawFrom = kept.GetValueOrDefault(PrunedTier.Raw.Name, long.MinValue);
        var hourlyFrom = kept.GetValueOrDefault(PrunedTier.Hourly.Name, long.MinValue);
        long a = UnixMs.From(from), b = UnixMs.From(to);

        var points = new List<HistoryPoint>();
        await ReadRollupAsync(connection, tx, RollupTier.Daily, HistoryTier.Daily, seriesId, a, Math.Min(b, hourlyFrom), points);
        await ReadRollupAsync(connection, tx, RollupTier.Hourly, HistoryTier.Hourly, seriesId, Math.Max(a, hourlyFrom), Math.Min(b, rawFrom), points);
        await ReadRawAsync(connection, tx, seriesId, Math.Max(a, rawFrom), b, points);
        return points;
    }

    /// <summary>The current state of every series of a country (from <c>price_latest</c>), by product and operator.</summary>
    public async Task<IReadOnlyList<LatestState>> LatestForCountryAsync(string country, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Product, string Operator, long Price, long Qty, long ChangedAt)>("""
            SELECT p.name, o.name, l.price, l.qty, l.changed_at
            FROM country c JOIN series s ON s.country_id = c.id JOIN price_latest l ON l.series_id = s.id
            JOIN product p ON p.id = s.product_id JOIN operator o ON o.id = s.operator_id
            WHERE c.code = @country ORDER BY p.name, o.name
            """, new { country = OfferNames.CountryKey(country) });
        return rows.Select(r => new LatestState(r.Product, r.Operator, Money.FromUnits(r.Price), r.Qty, UnixMs.To(r.ChangedAt))).ToList();
    }

    private static async Task ReadRollupAsync(DbConnection connection, DbTransaction tx, RollupTier tier, HistoryTier kind,
        long seriesId, long a, long b, List<HistoryPoint> points)
    {
        if (a >= b)
            return;
        // The row in force at a (its bucket may contain a, or end before it), then every bucket starting before b.
        var rows = await connection.QueryAsync<RollupRow>($"""
            SELECT bucket_start AS BucketStart, price_min AS PriceMin, price_max AS PriceMax, price_avg AS PriceAvg,
                   price_last AS PriceLast, qty_min AS QtyMin, qty_max AS QtyMax, qty_avg AS QtyAvg, qty_last AS QtyLast,
                   changes AS Changes
            FROM {tier.Table} WHERE series_id = @seriesId AND bucket_start < @b AND bucket_start >= coalesce(
                (SELECT max(bucket_start) FROM {tier.Table} WHERE series_id = @seriesId AND bucket_start <= @a), @a)
            ORDER BY bucket_start
            """, new { seriesId, a, b }, tx);
        foreach (var r in rows)
            points.Add(r.BucketStart + tier.WidthMs <= a
                ? Carried(a, kind, r.PriceLast, r.QtyLast)
                : new HistoryPoint(UnixMs.To(r.BucketStart), kind, Money.FromUnits(r.PriceMin), Money.FromUnits(r.PriceMax),
                    Money.FromUnits(r.PriceAvg), Money.FromUnits(r.PriceLast), r.QtyMin, r.QtyMax, r.QtyAvg, r.QtyLast, r.Changes));
    }

    private static async Task ReadRawAsync(DbConnection connection, DbTransaction tx, long seriesId, long a, long b, List<HistoryPoint> points)
    {
        if (a >= b)
            return;
        var rows = await connection.QueryAsync<(long At, long Price, long Qty)>("""
            SELECT observed_at, price, qty FROM price_change
            WHERE series_id = @seriesId AND observed_at < @b AND observed_at >= coalesce(
                (SELECT max(observed_at) FROM price_change WHERE series_id = @seriesId AND observed_at <= @a), @a)
            ORDER BY observed_at
            """, new { seriesId, a, b }, tx);
        foreach (var (at, price, qty) in rows)
        {
            var p = Money.FromUnits(price);
            points.Add(at < a ? Carried(a, HistoryTier.Raw, price, qty) : new HistoryPoint(UnixMs.To(at), HistoryTier.Raw, p, p, p, p, qty, qty, qty, qty, 1));
        }
    }

    private static HistoryPoint Carried(long at, HistoryTier tier, long price, long qty)
    {
        var p = Money.FromUnits(price);
        return new HistoryPoint(UnixMs.To(at), tier, p, p, p, p, qty, qty, qty, qty, 0);
    }
}
