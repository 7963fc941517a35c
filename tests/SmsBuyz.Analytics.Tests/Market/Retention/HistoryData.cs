using Dapper;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market.Retention;

/// <summary>Random but seeded change points written straight into price_change, and rollups computed from them the slow way.</summary>
internal static class HistoryData
{
    public const long Hour = UnixMs.HourMs;
    public const long Day = UnixMs.DayMs;

    /// <summary>
    /// Series 1..count (product p{i}, country ru, operator any) of the configured provider, points every 1 min to 5 h, none before
    /// <paramref name="start"/>. On PostgreSQL into month partitions of <c>price_change</c>, as a worker that ran
    /// through those months would have made them.
    /// </summary>
    public static async Task<Dictionary<long, List<ChangePoint>>> WriteAsync(TestServices services, int count, long start, long end, int seed = 7)
    {
        var random = new Random(seed);
        var all = new Dictionary<long, List<ChangePoint>>();
        var api = await services.ProviderAsync();
        await using var connection = await services.OpenAsync();
        if (services.Storage == StorageProvider.PostgreSql)
            await connection.ExecuteAsync("SELECT price_change_ensure_partitions(@start, @end)", new { start, end });
        await using var tx = connection.BeginTransaction();
        await connection.ExecuteAsync("INSERT INTO country (id, code) VALUES (1, 'ru'); INSERT INTO operator (id, name, key) VALUES (1, 'any', 'any')", transaction: tx);
        for (var id = 1L; id <= count; id++)
        {
            await connection.ExecuteAsync("INSERT INTO product (id, name, key) VALUES (@id, 'p' || @id, 'p' || @id); INSERT INTO series (id, product_id, country_id, operator_id, provider_id) VALUES (@id, @id, 1, 1, @api)", new { id, api }, tx);
            var points = new List<ChangePoint>();
            for (var at = start + random.NextInt64(3 * Hour); at < end; at += random.NextInt64(60_000, 5 * Hour))
                points.Add(new ChangePoint(at, random.NextInt64(1_000, 60_000), random.NextInt64(0, 5_000)));
            await connection.ExecuteAsync("INSERT INTO price_change VALUES (@id, @At, @Price, @Qty, 1)",
                points.Select(p => new { id, p.At, p.Price, p.Qty }), tx);
            var last = points[^1];
            await connection.ExecuteAsync("INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty) VALUES (@id, @Price, @Qty, @At, 1, @Qty)", new { id, last.Price, last.Qty, last.At }, tx);
            all[id] = points;
        }
        await tx.CommitAsync();
        return all;
    }

    /// <summary>
    /// The rollup of one bucket straight from the definition: the value in force at each instant is the last point at
    /// or before it; min/max over every instant of the bucket where a value is in force; average weighted by time.
    /// </summary>
    public static RollupRow Expected(IReadOnlyList<ChangePoint> points, long bucketStart, long width)
    {
        var end = bucketStart + width;
        var cuts = points.Select(p => p.At).Where(t => t > bucketStart && t < end).Prepend(bucketStart).Append(end).ToList();
        long pMin = long.MaxValue, pMax = long.MinValue, qMin = long.MaxValue, qMax = long.MinValue, duration = 0;
        decimal pSum = 0, qSum = 0;
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            var inForce = points.LastOrDefault(p => p.At <= cuts[i]);
            if (inForce == default)
                continue;
            var length = cuts[i + 1] - cuts[i];
            (pMin, pMax, qMin, qMax) = (Math.Min(pMin, inForce.Price), Math.Max(pMax, inForce.Price), Math.Min(qMin, inForce.Qty), Math.Max(qMax, inForce.Qty));
            pSum += (decimal)inForce.Price * length;
            qSum += (decimal)inForce.Qty * length;
            duration += length;
        }
        var last = points.Last(p => p.At < end);
        return new RollupRow(bucketStart, pMin, pMax, Round(pSum / duration), last.Price, qMin, qMax, Round(qSum / duration), last.Qty,
            points.Count(p => p.At >= bucketStart && p.At < end));
    }

    public static async Task<List<(long SeriesId, RollupRow Row)>> RollupsAsync(TestServices services, string table)
    {
        await using var connection = await services.OpenAsync();
        var rows = await connection.QueryAsync<(long SeriesId, long BucketStart, long PriceMin, long PriceMax, long PriceAvg, long PriceLast,
            long QtyMin, long QtyMax, long QtyAvg, long QtyLast, long Changes)>($"SELECT * FROM {table} ORDER BY series_id, bucket_start");
        return rows.Select(r => (r.SeriesId, new RollupRow(r.BucketStart, r.PriceMin, r.PriceMax, r.PriceAvg, r.PriceLast,
            r.QtyMin, r.QtyMax, r.QtyAvg, r.QtyLast, r.Changes))).ToList();
    }

    /// <summary>Every row of the history tables and the cutoffs, for comparing two databases.</summary>
    public static async Task<string> DumpAsync(TestServices services)
    {
        await using var connection = await services.OpenAsync();
        var parts = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT * FROM price_change ORDER BY 1, 2", "SELECT * FROM price_hourly ORDER BY 1, 2",
            "SELECT * FROM price_daily ORDER BY 1, 2", "SELECT * FROM retention_cutoff ORDER BY 1",
            "SELECT tier, done_until FROM rollup_progress ORDER BY 1",
        })
            parts.AddRange((await connection.QueryAsync(sql)).Select(r => string.Join(",", ((IDictionary<string, object>)r).Values)));
        return string.Join("\n", parts);
    }

    private static long Round(decimal value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);
}
