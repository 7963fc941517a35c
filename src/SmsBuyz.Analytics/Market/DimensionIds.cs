using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// Resolves names to country/operator/product ids and those to series, from the cache, inserting what is new.
/// A sweep's answer repeats one country and operator for every point, so the last lookup is remembered.
/// </summary>
internal sealed class DimensionIds(SqliteConnection connection, SqliteTransaction tx, MarketCache cache)
{
    private (string? Name, long Id) _lastCountry;
    private (string? Name, long Id) _lastOperator;

    public SeriesState Series(MarketPoint point)
    {
        var product = Id(cache.Products, "product", "name", point.Product);
        var country = ReferenceEquals(point.Country, _lastCountry.Name)
            ? _lastCountry.Id
            : (_lastCountry = (point.Country, Id(cache.Countries, "country", "code", MarketPoint.NormalizeCountry(point.Country)))).Id;
        var op = ReferenceEquals(point.Operator, _lastOperator.Name)
            ? _lastOperator.Id
            : (_lastOperator = (point.Operator, Id(cache.Operators, "operator", "name", point.Operator))).Id;
        if (cache.Series.TryGetValue((product, country, op), out var series))
            return series;

        var id = Scalar("""
            INSERT INTO series (product_id, country_id, operator_id) VALUES ($a, $b, $c)
            ON CONFLICT DO UPDATE SET product_id = excluded.product_id RETURNING id
            """, product, country, op);
        series = new SeriesState(id, product, country, op);
        cache.Add(series);
        return series;
    }

    private long Id(Dictionary<string, long> map, string table, string column, string name)
    {
        if (map.TryGetValue(name, out var id))
            return id;
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO {table} ({column}) VALUES ($a) ON CONFLICT DO UPDATE SET {column} = excluded.{column} RETURNING id";
        command.Parameters.AddWithValue("$a", name);
        return map[name] = (long)command.ExecuteScalar()!;
    }

    private long Scalar(string sql, long a, long b, long c)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", a);
        command.Parameters.AddWithValue("$b", b);
        command.Parameters.AddWithValue("$c", c);
        return (long)command.ExecuteScalar()!;
    }
}
