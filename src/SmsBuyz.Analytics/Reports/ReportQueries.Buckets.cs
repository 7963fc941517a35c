using Dapper;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Market.Retention;

namespace SmsBuyz.Analytics.Reports;

public sealed partial class ReportQueries
{
    /// <summary>
    /// Buckets of width <paramref name="width"/> from <paramref name="origin"/> up to <paramref name="end"/> of the given
    /// series (ordered by series and bucket), plus bucket -1 with the last value before the origin.
    /// </summary>
    public async Task<IReadOnlyList<BucketRow>> BucketsAsync(IReadOnlyCollection<long> seriesIds, long origin, long width, long end,
        CancellationToken ct)
    {
        // Temp tables, typed parameters and SQLite's scalar min(): the PostgreSQL variant is still to come.
        await using var connection = await db.SqliteOnly("report buckets (charts, best hours, report tables)").OpenSqliteAsync(ct);
        // One read snapshot: the cutoffs and the rows agree even while maintenance prunes.
        await using var tx = connection.BeginTransaction(deferred: true);
        var (rawFrom, hourlyFrom) = await CutoffsAsync(connection, tx);
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE IF NOT EXISTS report_series (id INTEGER PRIMARY KEY); DELETE FROM report_series;
            CREATE TEMP TABLE IF NOT EXISTS report_bucket (n INTEGER PRIMARY KEY, start INTEGER NOT NULL, stop INTEGER NOT NULL);
            DELETE FROM report_bucket;
            INSERT INTO report_bucket
                WITH RECURSIVE k(n) AS (SELECT 0 WHERE @origin < @end UNION ALL SELECT n + 1 FROM k WHERE @origin + (n + 1) * @width < @end)
                SELECT -1, @look, @origin UNION ALL SELECT n, @origin + n * @width, min(@origin + (n + 1) * @width, @end) FROM k;
            """, new { look = origin - CarryLookbackMs, origin, width, end }, tx);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = "INSERT OR IGNORE INTO report_series VALUES ($id)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            foreach (var seriesId in seriesIds)
            {
                id.Value = seriesId;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
        var rows = await connection.QueryAsync<BucketRow>(new CommandDefinition(BucketSql, new
        {
            look = origin - CarryLookbackMs, end, rawFrom, hourlyFrom,
        }, tx, cancellationToken: ct));
        return rows.ToList();
    }

    private static async Task<(long RawFrom, long HourlyFrom)> CutoffsAsync(SqliteConnection connection, SqliteTransaction tx)
    {
        var kept = (await connection.QueryAsync<(string Tier, long KeptFrom)>("SELECT tier, kept_from FROM retention_cutoff", transaction: tx))
            .ToDictionary(k => k.Tier, k => k.KeptFrom);
        // A tier never pruned still holds everything, so the coarser tiers get an empty part.
        return (kept.GetValueOrDefault(PrunedTier.Raw.Name, long.MinValue), kept.GetValueOrDefault(PrunedTier.Hourly.Name, long.MinValue));
    }

    /// <summary>A tier's rows as steps: when, the price's min/max/time-weighted mean/last, the last stock, and which times it holds.</summary>
    private sealed record Tier(string Table, string At, string Lo, string Hi, string Mid, string Last, string Qty, string From, string To);

    // Each tier holds [From, To) of the range [@look, @end) (@look: where bucket -1 starts). They meet in this order
    // (MaintenanceRunner never prunes hourly past where raw starts), so a row's successor is the next row of its own
    // tier, else the first row of a later tier.
    private static readonly Tier[] Tiers =
    [
        new("price_daily", "bucket_start", "price_min", "price_max", "price_avg", "price_last", "qty_last", "@look", "min(@end, @hourlyFrom)"),
        new("price_hourly", "bucket_start", "price_min", "price_max", "price_avg", "price_last", "qty_last", "@hourlyFrom", "min(@end, @rawFrom)"),
        new("price_change", "observed_at", "price", "price", "price", "price", "qty", "@rawFrom", "@end"),
    ];

    // Rollup rows carry their own min/max/time-weighted average; a raw change point is all four at once. Each row holds
    // until its successor, clipped to its bucket (later buckets are filled by StepBuckets.Fill); the close is the one
    // row still in force at its bucket's end.
    //
    // Why this shape: it never sorts history. The loops run series → bucket → the tier's primary key, so each tier's
    // rows arrive grouped by (series, bucket) and in time order, the GROUP BY streams, and a row's successor is one
    // primary-key seek. A lead() window over the union of the tiers and a GROUP BY on a computed bucket sorted every row
    // twice: 2.3x slower on 2 M rows. "LIMIT -1" keeps each arm a subquery, so the successor is looked up once per row
    // rather than once per use; its ORDER BY is what the loops deliver anyway and tells the GROUP BY so.
    private static readonly string BucketSql = $"""
        SELECT sid AS SeriesId, b AS Bucket, min(first) AS FirstAt, min(lo) AS Lo, max(hi) AS Hi, sum(ws) AS WeightedSum,
               sum(covered) AS Covered, sum(oos) AS OutOfStock, max(close) AS Close, max(close_qty) AS CloseQty
        FROM ({string.Join("\n    UNION ALL\n", Tiers.Select((_, i) => PerBucket(i)))})
        -- A bucket the tiers' boundary crosses has a part from each; merging them sorts only the bucket rows.
        GROUP BY sid, b ORDER BY sid, b
        """;

    private static string PerBucket(int tier)
    {
        var t = Tiers[tier];
        var successor = string.Join(", ", Tiers.Skip(tier).Select((later, i) =>
            $"(SELECT n.{later.At} FROM {later.Table} n WHERE n.series_id = r.id AND n.{later.At} {(i == 0 ? $"> t.{t.At}" : $">= {later.From}")} "
            + $"AND n.{later.At} < {later.To} ORDER BY n.{later.At} LIMIT 1)"));
        return $"""
            SELECT sid, b, min(at) AS first, min(lo) AS lo, max(hi) AS hi, sum(CAST(mid AS REAL) * (min(next, stop) - at)) AS ws,
                   sum(min(next, stop) - at) AS covered, sum(CASE WHEN qty = 0 THEN min(next, stop) - at ELSE 0 END) AS oos,
                   max(CASE WHEN next >= stop THEN last END) AS close, max(CASE WHEN next >= stop THEN qty END) AS close_qty
            FROM (
                SELECT r.id AS sid, k.n AS b, k.stop AS stop, t.{t.At} AS at, t.{t.Lo} AS lo, t.{t.Hi} AS hi, t.{t.Mid} AS mid,
                       t.{t.Last} AS last, t.{t.Qty} AS qty, coalesce({successor}, @end) AS next
                FROM report_series r CROSS JOIN report_bucket k CROSS JOIN {t.Table} t
                    ON t.series_id = r.id AND t.{t.At} >= max(k.start, {t.From}) AND t.{t.At} < min(k.stop, {t.To})
                WHERE k.stop > {t.From} AND k.start < {t.To}
                ORDER BY r.id, k.n LIMIT -1)
            GROUP BY sid, b
            """;
    }
}
