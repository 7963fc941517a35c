using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The write half of <see cref="MarketStore"/> inside one transaction: resolves dimension ids (inserting new
/// ones) and writes changes through prepared commands whose parameters are reused for every row.
/// </summary>
internal sealed class ChangeWriter(SqliteConnection connection, SqliteTransaction tx, MarketCache cache, long sweepId, long observedAt)
{
    private SqliteCommand? _insertChange;
    private SqliteCommand? _upsertLatest;

    public int Changes { get; private set; }

    public async Task<long> SeriesIdAsync(MarketPoint point, CancellationToken ct)
    {
        var product = await DimensionIdAsync(cache.Products, "product", "name", point.Product, ct);
        var country = await DimensionIdAsync(cache.Countries, "country", "code", MarketPoint.NormalizeCountry(point.Country), ct);
        var op = await DimensionIdAsync(cache.Operators, "operator", "name", point.Operator, ct);
        if (cache.SeriesIds.TryGetValue((product, country, op), out var id))
            return id;
        id = await ScalarAsync("""
            INSERT INTO series (product_id, country_id, operator_id) VALUES ($p, $c, $o)
            ON CONFLICT DO UPDATE SET product_id = excluded.product_id RETURNING id
            """, ct, ("$p", product), ("$c", country), ("$o", op));
        cache.SeriesIds[(product, country, op)] = id;
        cache.Series[id] = new SeriesState(product, country, op, null, 0);
        return id;
    }

    public async Task ObserveAsync(long seriesId, long price, long qty, CancellationToken ct)
    {
        var state = cache.Series[seriesId];
        if (state.Price == price && state.Qty == qty)
            return;
        await WriteChangeAsync(seriesId, state with { Price = price, Qty = qty }, ct);
    }

    public async Task MarkMissingOutOfStockAsync(MarketScope scope, HashSet<long> seen, CancellationToken ct)
    {
        var countries = Ids(cache.Countries, scope.Countries?.Select(MarketPoint.NormalizeCountry));
        var products = Ids(cache.Products, scope.Products);
        cache.Operators.TryGetValue(MarketPoint.AnyOperator, out var anyId);
        long? onlyOperator = scope.Operator is null ? null : cache.Operators.GetValueOrDefault(scope.Operator, -1);

        var gone = cache.Series
            .Where(s => s.Value.Qty > 0 && s.Value.Price is not null && !seen.Contains(s.Key)
                && (countries is null || countries.Contains(s.Value.Country))
                && (products is null || products.Contains(s.Value.Product))
                && (onlyOperator is { } o ? s.Value.Operator == o : s.Value.Operator != anyId))
            .ToList();
        foreach (var (id, state) in gone)
            await WriteChangeAsync(id, state with { Qty = 0 }, ct);
    }

    private async Task WriteChangeAsync(long seriesId, SeriesState next, CancellationToken ct)
    {
        _insertChange ??= Prepare("""
            INSERT OR REPLACE INTO price_change (series_id, observed_at, price, qty, sweep_id) VALUES ($s, $t, $p, $q, $w)
            """);
        _upsertLatest ??= Prepare("""
            INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id) VALUES ($s, $p, $q, $t, $w)
            ON CONFLICT (series_id) DO UPDATE SET price = excluded.price, qty = excluded.qty,
                changed_at = excluded.changed_at, sweep_id = excluded.sweep_id
            """);
        foreach (var command in new[] { _insertChange, _upsertLatest })
        {
            command.Parameters["$s"].Value = seriesId;
            command.Parameters["$p"].Value = next.Price;
            command.Parameters["$q"].Value = next.Qty;
            await command.ExecuteNonQueryAsync(ct);
        }
        cache.Series[seriesId] = next;
        Changes++;
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in new[] { "$s", "$t", "$p", "$q", "$w" })
            command.Parameters.Add(new SqliteParameter(name, SqliteType.Integer));
        command.Parameters["$t"].Value = observedAt;
        command.Parameters["$w"].Value = sweepId;
        command.Prepare();
        return command;
    }

    private async Task<long> DimensionIdAsync(Dictionary<string, long> map, string table, string column, string name, CancellationToken ct)
    {
        if (map.TryGetValue(name, out var id))
            return id;
        id = await ScalarAsync($"""
            INSERT INTO {table} ({column}) VALUES ($n) ON CONFLICT DO UPDATE SET {column} = excluded.{column} RETURNING id
            """, ct, ("$n", name));
        map[name] = id;
        return id;
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in args)
            command.Parameters.AddWithValue(name, value);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static HashSet<long>? Ids(Dictionary<string, long> map, IEnumerable<string>? names) =>
        names?.Select(n => map.GetValueOrDefault(n, -1)).Where(id => id >= 0).ToHashSet();
}
