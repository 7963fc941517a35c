using System.Data;
using System.Data.Common;
using Dapper;

namespace SmsBuyz.Analytics.Market.History;

public sealed partial class MarketReadModel
{
    /// <summary>How far before a range the value carried in is looked for; older than that, the latest state holds it.</summary>
    public const long CarryLookbackMs = 7 * 24 * 3_600_000L;

    /// <summary>
    /// The history of the given series aggregated in SQL into buckets of width <paramref name="width"/> from
    /// <paramref name="origin"/> up to <paramref name="end"/> (ordered by series and bucket), plus bucket -1 with the last
    /// value in the <see cref="CarryLookbackMs"/> before the origin; each time read from the tier that holds it
    /// (<see cref="TierBounds"/>), so no query loads raw history wholesale.
    /// </summary>
    public async Task<IReadOnlyList<BucketRow>> BucketsAsync(IReadOnlyCollection<long> seriesIds, long origin, long width, long end,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // One read snapshot: the bounds and the rows agree even while maintenance prunes.
        await using var tx = await db.BeginSnapshotAsync(connection, ct);
        var look = origin - CarryLookbackMs;
        var parameters = new DynamicParameters(new { end });
        foreach (var part in (await TierBounds.ReadAsync(connection, tx, ct)).Parts(look, end))
        {
            parameters.Add(FromParameter(part.Tier), part.From);
            parameters.Add(ToParameter(part.Tier), part.To);
        }
        if (db.ArrayParameters)
        {
            // The series as one array and the buckets as a count: SQLite reads both from its temp tables.
            var count = end > origin ? (end - origin + width - 1) / width : 0;
            parameters.AddDynamicParams(new { ids = seriesIds.Distinct().ToArray(), look, origin, width, count });
        }
        else
            await FillSqliteTempTablesAsync(connection, tx, seriesIds, look, origin, width, end, ct);
        var rows = await connection.QueryAsync<BucketRow>(new CommandDefinition(db.Sql(sqlite: SqliteBucketSql, postgreSql: PostgreSqlBucketSql),
            parameters, tx, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>
    /// SQLite reads the series and the buckets from temp tables with integer primary keys, which its planner walks in
    /// order (see <see cref="SqliteBucketSql"/>). PostgreSQL has no use for them, and a pooled connection's reset
    /// (<c>DISCARD ALL</c>) would drop them anyway: its variant takes an array and <c>generate_series</c>.
    /// </summary>
    private static async Task FillSqliteTempTablesAsync(DbConnection connection, DbTransaction tx, IReadOnlyCollection<long> seriesIds,
        long look, long origin, long width, long end, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TEMP TABLE IF NOT EXISTS report_series (id INTEGER PRIMARY KEY); DELETE FROM report_series;
            CREATE TEMP TABLE IF NOT EXISTS report_bucket (n INTEGER PRIMARY KEY, start INTEGER NOT NULL, stop INTEGER NOT NULL);
            DELETE FROM report_bucket;
            INSERT INTO report_bucket
                WITH RECURSIVE k(n) AS (SELECT 0 WHERE @origin < @end UNION ALL SELECT n + 1 FROM k WHERE @origin + (n + 1) * @width < @end)
                SELECT -1, @look, @origin UNION ALL SELECT n, @origin + n * @width, min(@origin + (n + 1) * @width, @end) FROM k;
            """, new { look, origin, width, end }, tx, cancellationToken: ct));
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT OR IGNORE INTO report_series VALUES ($id)";
        var id = insert.CreateParameter();
        (id.ParameterName, id.DbType) = ("$id", DbType.Int64);
        insert.Parameters.Add(id);
        foreach (var seriesId in seriesIds)
        {
            id.Value = seriesId;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// A tier's rows as steps: the price's min/max/time-weighted mean/last and the last stock, where they are stored, and
    /// the parameters with the times it holds (<see cref="TierBounds.Parts"/>).
    /// </summary>
    private sealed record Tier(HistoryTier Name, string Lo, string Hi, string Mid, string Last, string Qty)
    {
        public string Table => TierBounds.Source(Name).Table;
        public string At => TierBounds.Source(Name).At;
        public string From => "@" + FromParameter(Name);
        public string To => "@" + ToParameter(Name);
    }

    private static string FromParameter(HistoryTier tier) => $"{tier}From";

    private static string ToParameter(HistoryTier tier) => $"{tier}To";

    /// <summary>
    /// What the two variants of the bucket query spell differently: the scalar min and max (SQLite's two-argument
    /// <c>min</c>, PostgreSQL's <c>least</c>), an 8-byte float (PostgreSQL's <c>real</c> has 4), where series and buckets
    /// come from, the join (SQLite's <c>CROSS JOIN</c> fixes the loop order; PostgreSQL takes no <c>ON</c> after one), and
    /// what keeps each arm a subquery evaluated once per row (<c>LIMIT -1</c>; <c>OFFSET 0</c>).
    /// </summary>
    private sealed record Dialect(string Min, string Max, string Float, string Series, string Buckets, string Join, string Fence);

    private static readonly Dialect SqliteDialect = new("min", "max", "REAL", "report_series r", "report_bucket k", "CROSS JOIN",
        "ORDER BY r.id, k.n LIMIT -1");

    // The arms need no order here: PostgreSQL groups by hashing or sorts once, and an ORDER BY in the arm would sort every row.
    private static readonly Dialect PostgreSqlDialect = new("least", "greatest", "DOUBLE PRECISION", "unnest(@ids) AS r(id)", "report_bucket k", "JOIN",
        "OFFSET 0");

    // Each tier holds its part [From, To) of the range [@look, @end) (@look: where bucket -1 starts). The parts meet in
    // this order, so a row's successor is the next row of its own tier, else the first row of a later tier.
    private static readonly Tier[] Tiers =
    [
        new(HistoryTier.Daily, "price_min", "price_max", "price_avg", "price_last", "qty_last"),
        new(HistoryTier.Hourly, "price_min", "price_max", "price_avg", "price_last", "qty_last"),
        new(HistoryTier.Raw, "price", "price", "price", "price", "qty"),
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
    private static readonly string SqliteBucketSql = BucketSql(SqliteDialect);

    // The same query on PostgreSQL: the buckets are a CTE over generate_series (bucket -1 first, as SQLite's temp table),
    // the series an array parameter; each successor is still one primary-key seek (on price_change, in the month
    // partitions the seek's range reaches).
    private static readonly string PostgreSqlBucketSql = $"""
        WITH report_bucket (n, start, stop) AS (
            SELECT -1, @look, @origin
            UNION ALL
            SELECT n, @origin + n * @width, least(@origin + (n + 1) * @width, @end) FROM generate_series(0, @count - 1) AS g(n))
        {BucketSql(PostgreSqlDialect)}
        """;

    private static string BucketSql(Dialect d) => $"""
        SELECT sid AS SeriesId, b AS Bucket, min(first) AS FirstAt, min(lo) AS Lo, max(hi) AS Hi, sum(ws) AS WeightedSum,
               sum(covered) AS Covered, sum(oos) AS OutOfStock, max(close) AS Close, max(close_qty) AS CloseQty
        FROM ({string.Join("\n    UNION ALL\n", Tiers.Select((_, i) => PerBucket(d, i)))}) AS arms
        -- A bucket the tiers' boundary crosses has a part from each; merging them sorts only the bucket rows.
        GROUP BY sid, b ORDER BY sid, b
        """;

    private static string PerBucket(Dialect d, int tier)
    {
        var t = Tiers[tier];
        var successor = string.Join(", ", Tiers.Skip(tier).Select((later, i) =>
            $"(SELECT n.{later.At} FROM {later.Table} n WHERE n.series_id = r.id AND n.{later.At} {(i == 0 ? $"> t.{t.At}" : $">= {later.From}")} "
            + $"AND n.{later.At} < {later.To} ORDER BY n.{later.At} LIMIT 1)"));
        return $"""
            SELECT sid, b, min(at) AS first, min(lo) AS lo, max(hi) AS hi, sum(CAST(mid AS {d.Float}) * ({d.Min}(next, stop) - at)) AS ws,
                   sum({d.Min}(next, stop) - at) AS covered, sum(CASE WHEN qty = 0 THEN {d.Min}(next, stop) - at ELSE 0 END) AS oos,
                   max(CASE WHEN next >= stop THEN last END) AS close, max(CASE WHEN next >= stop THEN qty END) AS close_qty
            FROM (
                SELECT r.id AS sid, k.n AS b, k.stop AS stop, t.{t.At} AS at, t.{t.Lo} AS lo, t.{t.Hi} AS hi, t.{t.Mid} AS mid,
                       t.{t.Last} AS last, t.{t.Qty} AS qty, coalesce({successor}, @end) AS next
                FROM {d.Series} CROSS JOIN {d.Buckets} {d.Join} {t.Table} t
                    ON t.series_id = r.id AND t.{t.At} >= {d.Max}(k.start, {t.From}) AND t.{t.At} < {d.Min}(k.stop, {t.To})
                WHERE k.stop > {t.From} AND k.start < {t.To}
                {d.Fence}) AS steps
            GROUP BY sid, b
            """;
    }
}
