using System.Data;
using System.Data.Common;
using Dapper;

namespace SmsBuyz.Analytics.Market.History;

public sealed partial class MarketReadModel
{
    /// <summary>How far before a range the value carried in is looked for; older than that, the latest state holds it.</summary>
    public const long CarryLookbackMs = 7 * 24 * 3_600_000L;

    /// <summary>
    /// The history of the given series aggregated into buckets of width <paramref name="width"/> from
    /// <paramref name="origin"/> up to <paramref name="end"/> (ordered by series and bucket), plus bucket -1 with the last
    /// value in the <see cref="CarryLookbackMs"/> before the origin; each time read from the tier that holds it
    /// (<see cref="TierBounds"/>), so no query loads raw history wholesale.
    /// </summary>
    /// <remarks>
    /// The database streams the rows in (series, time) order and <see cref="BucketFold"/> folds them as they arrive: a
    /// row's successor is then simply the next row. Folding in SQL needed a primary-key seek per row for the successor
    /// (and buckets as a join), which cost 10–20 times a plain scan of the same rows on the report's 2 M-row history.
    /// </remarks>
    public async Task<IReadOnlyList<BucketRow>> BucketsAsync(IReadOnlyCollection<long> seriesIds, long origin, long width, long end,
        CancellationToken ct)
    {
        var rows = new List<BucketRow>();
        await BucketsBySeriesAsync(seriesIds, origin, width, end, rows.AddRange, ct);
        return rows;
    }

    /// <summary>
    /// The same buckets as <see cref="BucketsAsync"/>, handed to <paramref name="series"/> one series at a time (a
    /// series without any row in the range is not handed over), on the thread that reads them.
    /// </summary>
    public async Task BucketsBySeriesAsync(IReadOnlyCollection<long> seriesIds, long origin, long width, long end,
        Action<List<BucketRow>> series, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        // One read snapshot: the bounds and the rows agree even while maintenance prunes.
        await using var tx = await db.BeginSnapshotAsync(connection, ct);
        var look = origin - CarryLookbackMs;
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = db.Sql(sqlite: SqliteStepSql, postgreSql: PostgreSqlStepSql);
        foreach (var part in (await TierBounds.ReadAsync(connection, tx, ct)).Parts(look, end))
        {
            Add(command, FromParameter(part.Tier), part.From);
            Add(command, ToParameter(part.Tier), part.To);
        }
        if (db.ArrayParameters)
            Add(command, "ids", seriesIds.Distinct().ToArray());
        else
            await FillSqliteSeriesAsync(connection, tx, seriesIds, ct);

        var fold = new BucketFold(origin, width, end, series);
        await StepReader.ReadAsync(command, fold, ct);
        fold.Finish();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = (name, value);
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// SQLite reads the series from a temp table with an integer primary key, which its planner walks in order (see
    /// <see cref="SqliteStepSql"/>). PostgreSQL has no use for it, and a pooled connection's reset (<c>DISCARD ALL</c>)
    /// would drop it anyway: its variant takes an array.
    /// </summary>
    private static async Task FillSqliteSeriesAsync(DbConnection connection, DbTransaction tx, IReadOnlyCollection<long> seriesIds,
        CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TEMP TABLE IF NOT EXISTS report_series (id INTEGER PRIMARY KEY); DELETE FROM report_series;
            """, transaction: tx, cancellationToken: ct));
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

    // Each tier holds its part [From, To) of the range [@look, @end) (@look: where bucket -1 starts). The parts meet in
    // this order, so a row's successor is the next row of its series in the stream of all three.
    private static readonly Tier[] Tiers =
    [
        new(HistoryTier.Daily, "price_min", "price_max", "price_avg", "price_last", "qty_last"),
        new(HistoryTier.Hourly, "price_min", "price_max", "price_avg", "price_last", "qty_last"),
        new(HistoryTier.Raw, "price", "price", "price", "price", "qty"),
    ];

    // Each arm walks series → the tier's primary key, so it delivers (series, time) order and SQLite merges the three
    // arms without sorting (EXPLAIN QUERY PLAN: MERGE (UNION ALL), no temp B-tree). A raw change point is all four
    // prices at once.
    private static readonly string SqliteStepSql = StepSql(t => $"""
        SELECT r.id, t.{t.At}, t.{t.Lo}, t.{t.Hi}, t.{t.Mid}, t.{t.Last}, t.{t.Qty}
        FROM report_series r CROSS JOIN {t.Table} t ON t.series_id = r.id AND t.{t.At} >= {t.From} AND t.{t.At} < {t.To}
        """);

    // The same rows on PostgreSQL, the series an array parameter; it merges or sorts the arms as its planner finds best
    // (price_change: the month partitions the range reaches).
    private static readonly string PostgreSqlStepSql = StepSql(t => $"""
        SELECT t.series_id, t.{t.At}, t.{t.Lo}, t.{t.Hi}, t.{t.Mid}, t.{t.Last}, t.{t.Qty}
        FROM {t.Table} t WHERE t.series_id = ANY(@ids) AND t.{t.At} >= {t.From} AND t.{t.At} < {t.To}
        """);

    private static string StepSql(Func<Tier, string> arm) =>
        string.Join("\nUNION ALL\n", Tiers.Select(arm)) + "\nORDER BY 1, 2";
}
