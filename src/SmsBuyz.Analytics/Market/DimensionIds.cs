using System.Data.Common;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// Resolves names to country/operator/product ids and those to the provider's series, from the cache, inserting what is new. Names
/// are matched by key (<see cref="Offers.OfferNames"/>), so <c>virtual1</c> and <c>Virtual1</c> are one operator; the
/// name shown follows the API's spelling. A sweep's answer repeats one country and operator for every point, so the
/// last lookup is remembered. Its statements run at once on either provider (one per new name, rare after the first
/// sweep): the series rows that follow need the ids.
/// </summary>
internal sealed class DimensionIds(DbConnection connection, DbTransaction tx, MarketCache cache, long provider, IMarketRows rows)
{
    private readonly ProviderMarket _market = cache.For(provider);

    private (string? Name, long Id) _lastCountry;
    private (string? Name, long Id) _lastOperator;

    /// <summary>The product of the last <see cref="Series"/> call, shown as that point spelled it.</summary>
    public NameIndex.Entry LastProduct { get; private set; } = null!;

    /// <param name="sources">The endpoints whose authority the point has. A products answer's operator is the one the
    /// request named (the user's spelling), so only a prices answer's respells it.</param>
    /// <returns>The series' slot in the cache's table.</returns>
    public int Series(MarketPoint point, SeriesSources sources)
    {
        LastProduct = Name(cache.Products, ProductSql, point.Product, respell: true);
        var product = LastProduct.Id;
        var country = ReferenceEquals(point.Country, _lastCountry.Name)
            ? _lastCountry.Id
            : (_lastCountry = (point.Country, Name(cache.Countries, CountrySql, point.Country, respell: false).Id)).Id;
        var op = ReferenceEquals(point.Operator, _lastOperator.Name)
            ? _lastOperator.Id
            : (_lastOperator = (point.Operator, Name(cache.Operators, OperatorSql, point.Operator, respell: (sources & SeriesSources.Prices) != 0).Id)).Id;
        if (_market.Find(product, country, op) is var slot and >= 0)
            return slot;

        // A new series: its row is written with the next id (see IMarketRows), not read back.
        var series = new SeriesState(cache.MaxSeriesId + 1, provider, product, country, op) { Sources = sources };
        rows.InsertSeries(series);
        return cache.Add(series);
    }

    private NameIndex.Entry Name(NameIndex index, TableSql sql, string spelling, bool respell)
    {
        if (index.BySpelling(spelling) is not { } entry)
        {
            var key = index.KeyOf(spelling);
            entry = index.ByKey(key) ?? Insert(index, sql, key, spelling);
            index.Remember(spelling, entry);
        }
        if (respell && sql.Respell is not null && !ReferenceEquals(entry.Display, spelling))
        {
            if (entry.Display != spelling)
                Execute(sql.Respell, ("@n", spelling), ("@i", entry.Id));
            // This very string from now on, even when only the instance differs: AnswerMemo compares references.
            entry.Display = spelling;
        }
        return entry;
    }

    /// <summary>Records that this answer's endpoint lists the series, the first time it does.</summary>
    public void Listed(ref SeriesState series, SeriesSources sources)
    {
        if ((series.Sources & sources) == sources)
            return;
        series.Sources |= sources;
        rows.UpdateSources(series);
    }

    private NameIndex.Entry Insert(NameIndex index, TableSql sql, string key, string spelling)
    {
        using var command = Command(sql.Insert, ("@k", key), ("@n", spelling));
        using var reader = command.ExecuteReader();
        reader.Read();
        // Another process may have inserted the key first: its row, and its spelling, win.
        index.Add(reader.GetInt64(0), key, reader.GetString(1));
        return index.ByKey(key)!;
    }

    private sealed record TableSql(string Insert, string? Respell);

    private static readonly TableSql CountrySql = new(
        "INSERT INTO country (code) VALUES (@k) ON CONFLICT (code) DO UPDATE SET code = excluded.code RETURNING id, code", null);

    private static readonly TableSql OperatorSql = new(
        "INSERT INTO operator (key, name) VALUES (@k, @n) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id, name",
        "UPDATE operator SET name = @n WHERE id = @i");

    private static readonly TableSql ProductSql = new(
        "INSERT INTO product (key, name) VALUES (@k, @n) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id, name",
        "UPDATE product SET name = @n WHERE id = @i");

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
