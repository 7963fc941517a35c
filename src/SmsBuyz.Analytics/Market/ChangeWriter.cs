using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The write half of <see cref="MarketStore"/> inside one transaction. Synchronous on purpose: it runs once per
/// point, Microsoft.Data.Sqlite's async calls complete synchronously anyway, and an unchanged point must cost
/// only cache lookups. Changes go through prepared commands whose parameters are reused for every row.
/// </summary>
internal sealed class ChangeWriter(SqliteConnection connection, SqliteTransaction tx, MarketCache cache,
    long sweepId, long observedAt, double stockDeadbandPercent, SeriesSources source)
{
    private readonly DimensionIds _ids = new(connection, tx, cache, source);
    private SqliteCommand? _insertChange;
    private SqliteCommand? _upsertLatest;

    /// <summary>Rows written to <c>price_change</c>.</summary>
    public int Changes { get; private set; }

    public MarketWriteResult Apply(MarketScope scope, IReadOnlyList<MarketPoint> points)
    {
        var stamp = ++cache.WriteStamp;
        var problems = new List<string>();
        foreach (var point in points)
        {
            var series = _ids.Series(point);
            _ids.Listed(series);
            series.SeenStamp = stamp;
            if (Money.TryToUnits(point.Price, out var price))
                Observe(series, price, point.Qty);
            else
                problems.Add($"{point.Product}/{point.Country}/{point.Operator}: price {point.Price} has more than 4 decimal places; not stored");
        }
        MarkMissingOutOfStock(scope, stamp);
        return new MarketWriteResult(points.Count, Changes, problems);
    }

    /// <summary>
    /// The latest state is always exact. History gets a row when the price moved, or the stock moved past the
    /// deadband since the last recorded row, or the stock reached or left zero.
    /// </summary>
    private void Observe(SeriesState series, long price, long qty)
    {
        if (series.Price == price && series.Qty == qty)
            return;
        var record = series.Price != price || StockMovePasses(series.RecordedQty, qty);
        if (record)
        {
            Execute(_insertChange ??= Prepare(InsertChangeSql), series.Id, price, qty, qty);
            series.RecordedQty = qty;
            Changes++;
        }
        Execute(_upsertLatest ??= Prepare(UpsertLatestSql), series.Id, price, qty, series.RecordedQty);
        series.Price = price;
        series.Qty = qty;
    }

    private bool StockMovePasses(long recorded, long qty) =>
        qty != recorded
        && ((recorded == 0) != (qty == 0)
            || Math.Abs(qty - recorded) * 100.0 >= stockDeadbandPercent * Math.Max(recorded, 1));

    private void MarkMissingOutOfStock(MarketScope scope, long stamp)
    {
        // The scope holds keys, so a series is judged by its identity, never by how this answer spelled it.
        var candidates = scope.Countries is null
            ? cache.Series.Values
            : scope.Countries.SelectMany(c => cache.SeriesByCountry.TryGetValue(cache.Countries.IdOf(c), out var list) ? list : []);
        var products = scope.Products?.Select(cache.Products.IdOf).ToHashSet();
        var anyId = cache.Operators.IdOf(OfferNames.AnyOperator);
        long? onlyOperator = scope.Operator is null ? null : cache.Operators.IdOf(scope.Operator);

        var gone = candidates.Where(s => s.SeenStamp != stamp && s.Qty > 0 && s.Price is not null && (s.Sources & source) != 0
            && (products is null || products.Contains(s.Product))
            && (onlyOperator is { } o ? s.Operator == o : s.Operator != anyId)).ToList();
        foreach (var series in gone)
            Observe(series, series.Price!.Value, 0);
    }

    private static readonly string[] ParameterNames = ["$s", "$t", "$p", "$q", "$w", "$r"];

    private const string InsertChangeSql = """
        INSERT OR REPLACE INTO price_change (series_id, observed_at, price, qty, sweep_id) VALUES ($s, $t, $p, $q, $w)
        """;

    private const string UpsertLatestSql = """
        INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty) VALUES ($s, $p, $q, $t, $w, $r)
        ON CONFLICT (series_id) DO UPDATE SET price = excluded.price, qty = excluded.qty,
            changed_at = excluded.changed_at, sweep_id = excluded.sweep_id, recorded_qty = excluded.recorded_qty
        """;

    private static void Execute(SqliteCommand command, long seriesId, long price, long qty, long recordedQty)
    {
        var p = command.Parameters;
        p["$s"].Value = seriesId;
        p["$p"].Value = price;
        p["$q"].Value = qty;
        if (p.Contains("$r"))
            p["$r"].Value = recordedQty;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in ParameterNames.Where(n => sql.Contains(n, StringComparison.Ordinal)))
            command.Parameters.Add(new SqliteParameter(name, SqliteType.Integer));
        command.Parameters["$t"].Value = observedAt;
        command.Parameters["$w"].Value = sweepId;
        command.Prepare();
        return command;
    }
}
