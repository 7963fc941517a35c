using Dapper;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>One series: its names and the state price_latest holds for it.</summary>
public sealed record SeriesInfo(long Id, string Product, string Country, string Operator, long Price, long Qty, long ChangedAt);

/// <summary>
/// The report's reads. History is aggregated in SQL into buckets from the tier that holds each time (daily before the
/// hourly window, hourly before the raw window, raw after: the same boundaries as <c>SeriesHistory</c>), so no
/// query loads raw history wholesale.
/// </summary>
public sealed partial class ReportQueries(SqliteConnectionFactory connections)
{
    /// <summary>How far before a range the value carried in is looked for; older than that, price_latest holds it.</summary>
    public const long CarryLookbackMs = 7 * 24 * 3_600_000L;

    /// <summary>Every series in scope with its latest state, by product, country and operator.</summary>
    public async Task<IReadOnlyList<SeriesInfo>> SeriesAsync(ReportScope scope, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<SeriesInfo>(new CommandDefinition($"""
            SELECT s.id AS Id, p.name AS Product, c.code AS Country, o.name AS Operator, l.price AS Price, l.qty AS Qty,
                   l.changed_at AS ChangedAt
            FROM series s JOIN product p ON p.id = s.product_id JOIN country c ON c.id = s.country_id
            JOIN operator o ON o.id = s.operator_id JOIN price_latest l ON l.series_id = s.id
            WHERE 1 = 1 {scope.SeriesWhere}
            ORDER BY p.name, c.code, o.name
            """, scope.Parameters, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>
    /// Buckets of width <paramref name="width"/> from <paramref name="origin"/> up to <paramref name="end"/> of the given
    /// series (ordered by series and bucket), plus bucket -1 with the last value before the origin.
    /// </summary>
    public async Task<IReadOnlyList<BucketRow>> BucketsAsync(IReadOnlyCollection<long> seriesIds, long origin, long width, long end,
        CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        // One read snapshot: the cutoffs and the rows agree even while maintenance prunes.
        await using var tx = connection.BeginTransaction(deferred: true);
        var (rawFrom, hourlyFrom) = await CutoffsAsync(connection, tx);
        await connection.ExecuteAsync("CREATE TEMP TABLE IF NOT EXISTS report_series (id INTEGER PRIMARY KEY); DELETE FROM report_series;", transaction: tx);
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
            look = origin - CarryLookbackMs, origin, width, end, rawFrom, hourlyFrom,
        }, tx, cancellationToken: ct));
        return rows.ToList();
    }

    // Rollup rows carry their own min/max/time-weighted average; a raw change point is all four at once. Each row
    // holds until the next row of its series, clipped to its bucket (later buckets are filled by StepBuckets.Fill).
    private const string BucketSql = """
        WITH steps AS (
            SELECT d.series_id AS sid, bucket_start AS at, price_min AS lo, price_max AS hi, price_avg AS mid, price_last AS last, qty_last AS qty
            FROM report_series r CROSS JOIN price_daily d ON d.series_id = r.id
            WHERE bucket_start >= @look AND bucket_start < @end AND bucket_start < @hourlyFrom
            UNION ALL
            SELECT h.series_id, bucket_start, price_min, price_max, price_avg, price_last, qty_last
            FROM report_series r CROSS JOIN price_hourly h ON h.series_id = r.id
            WHERE bucket_start >= max(@look, @hourlyFrom) AND bucket_start < min(@end, @rawFrom)
            UNION ALL
            SELECT c.series_id, observed_at, price, price, price, price, qty
            FROM report_series r CROSS JOIN price_change c ON c.series_id = r.id
            WHERE observed_at >= max(@look, @rawFrom) AND observed_at < @end
        ), timed AS (
            SELECT *, CASE WHEN at < @origin THEN -1 ELSE (at - @origin) / @width END AS b,
                   lead(at, 1, @end) OVER (PARTITION BY sid ORDER BY at) AS next
            FROM steps
        ), clipped AS (
            SELECT *, min(next, @origin + (b + 1) * @width, @end) AS stop, next >= @origin + (b + 1) * @width OR next = @end AS closes
            FROM timed
        )
        -- The close is the one row still in force at its bucket's end (the next row starts in a later bucket, or there is
        -- none): a plain aggregate over that single row, where a last_value() window would sort everything again.
        SELECT sid AS SeriesId, b AS Bucket, min(at) AS FirstAt, min(lo) AS Lo, max(hi) AS Hi,
               sum(CAST(mid AS REAL) * (stop - at)) AS WeightedSum, sum(stop - at) AS Covered,
               sum(CASE WHEN qty = 0 THEN stop - at ELSE 0 END) AS OutOfStock,
               max(CASE WHEN closes THEN last END) AS Close, max(CASE WHEN closes THEN qty END) AS CloseQty
        FROM clipped GROUP BY sid, b ORDER BY sid, b
        """;

    /// <summary>When the first sweep started: charts begin there rather than at an empty start of the period.</summary>
    public async Task<long?> FirstSweepAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT min(started_at) FROM sweep WHERE kind NOT IN ('reports', 'maintenance')", cancellationToken: ct));
    }

    private static async Task<(long RawFrom, long HourlyFrom)> CutoffsAsync(SqliteConnection connection, SqliteTransaction tx)
    {
        var kept = (await connection.QueryAsync<(string Tier, long KeptFrom)>("SELECT tier, kept_from FROM retention_cutoff", transaction: tx))
            .ToDictionary(k => k.Tier, k => k.KeptFrom);
        // A tier never pruned still holds everything, so the coarser tiers get an empty part.
        return (kept.GetValueOrDefault("raw", long.MinValue), kept.GetValueOrDefault("hourly", long.MinValue));
    }
}
