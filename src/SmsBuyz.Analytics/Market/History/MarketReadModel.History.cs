using System.Data.Common;
using Dapper;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.History;

public sealed partial class MarketReadModel
{
    /// <summary>
    /// One series' history over [<paramref name="from"/>, <paramref name="to"/>) in time order, each part from the tier
    /// that holds it (<see cref="TierBounds"/>): daily, then hourly, then raw change points. Empty for an unknown series.
    /// </summary>
    /// <param name="provider">Whose series: the provider's id.</param>
    /// <param name="offer">The series' identity at the provider; its operator may be <c>any</c>, the API's aggregate.</param>
    public async Task<IReadOnlyList<HistoryPoint>> HistoryAsync(long provider, OfferKey offer, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // One read snapshot: the bounds and the rows agree even while maintenance prunes.
        await using var tx = await db.BeginSnapshotAsync(connection, ct);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition($"""
            SELECT s.id FROM {Named} WHERE s.provider_id = @provider AND p.key = @Product AND c.code = @Country AND o.key = @Operator
            """, new { provider, offer.Product, offer.Country, offer.Operator }, tx, cancellationToken: ct));
        if (id is not { } seriesId)
            return [];
        var points = new List<HistoryPoint>();
        foreach (var part in (await TierBounds.ReadAsync(connection, tx, ct)).Parts(UnixMs.From(from), UnixMs.From(to)))
        {
            if (part.IsEmpty)
                continue;
            if (part.Tier == HistoryTier.Raw)
                await ReadRawAsync(connection, tx, seriesId, part, points);
            else
                await ReadRollupAsync(connection, tx, part.Tier == HistoryTier.Daily ? RollupTier.Daily : RollupTier.Hourly, seriesId, part,
                    points);
        }
        return points;
    }

    /// <summary>Where hour-level detail begins: before it only daily rows remain (<see cref="TierBounds.HourDetailFrom"/>).</summary>
    public async Task<long?> HourDetailFromAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await TierBounds.ReadAsync(connection, null, ct)).HourDetailFrom;
    }

    private static async Task ReadRollupAsync(DbConnection connection, DbTransaction tx, RollupTier rollup, long seriesId, TierPart part,
        List<HistoryPoint> points)
    {
        // The row in force at the part's start (its bucket may contain it, or end before it), then every bucket starting before its end.
        var rows = await connection.QueryAsync<RollupRow>($"""
            SELECT bucket_start AS BucketStart, price_min AS PriceMin, price_max AS PriceMax, price_avg AS PriceAvg,
                   price_last AS PriceLast, qty_min AS QtyMin, qty_max AS QtyMax, qty_avg AS QtyAvg, qty_last AS QtyLast,
                   changes AS Changes
            FROM {rollup.Table} WHERE series_id = @seriesId AND bucket_start < @b AND bucket_start >= coalesce(
                (SELECT max(bucket_start) FROM {rollup.Table} WHERE series_id = @seriesId AND bucket_start <= @a), @a)
            ORDER BY bucket_start
            """, new { seriesId, a = part.From, b = part.To }, tx);
        foreach (var r in rows)
            points.Add(r.BucketStart + rollup.WidthMs <= part.From
                ? Carried(part.From, part.Tier, r.PriceLast, r.QtyLast)
                : new HistoryPoint(UnixMs.To(r.BucketStart), part.Tier, Money.FromUnits(r.PriceMin), Money.FromUnits(r.PriceMax),
                    Money.FromUnits(r.PriceAvg), Money.FromUnits(r.PriceLast), r.QtyMin, r.QtyMax, r.QtyAvg, r.QtyLast, r.Changes));
    }

    private static async Task ReadRawAsync(DbConnection connection, DbTransaction tx, long seriesId, TierPart part, List<HistoryPoint> points)
    {
        var rows = await connection.QueryAsync<(long At, long Price, long Qty)>("""
            SELECT observed_at, price, qty FROM price_change
            WHERE series_id = @seriesId AND observed_at < @b AND observed_at >= coalesce(
                (SELECT max(observed_at) FROM price_change WHERE series_id = @seriesId AND observed_at <= @a), @a)
            ORDER BY observed_at
            """, new { seriesId, a = part.From, b = part.To }, tx);
        foreach (var (at, price, qty) in rows)
        {
            var p = Money.FromUnits(price);
            points.Add(at < part.From ? Carried(part.From, HistoryTier.Raw, price, qty)
                : new HistoryPoint(UnixMs.To(at), HistoryTier.Raw, p, p, p, p, qty, qty, qty, qty, 1));
        }
    }

    private static HistoryPoint Carried(long at, HistoryTier tier, long price, long qty)
    {
        var p = Money.FromUnits(price);
        return new HistoryPoint(UnixMs.To(at), tier, p, p, p, p, qty, qty, qty, qty, 0);
    }
}
