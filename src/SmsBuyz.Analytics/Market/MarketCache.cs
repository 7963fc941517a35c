using Dapper;
using System.Data.Common;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The dimension ids and latest state per series, held in memory so an unchanged point costs a few dictionary
/// lookups and no SQL. Valid while <see cref="Version"/> equals the database's <c>market_version</c>. Countries,
/// operators and products are one list for every provider; series are each provider's own (<see cref="For"/>).
/// </summary>
internal sealed class MarketCache
{
    private readonly Dictionary<long, ProviderMarket> _providers = [];

    public long Version { get; set; }

    /// <summary>
    /// Bumped per write; a series stamped with the current value was in the current answer. It may wrap around: only
    /// equality matters, and a series unseen for exactly 2^32 writes is not a case.
    /// </summary>
    public int WriteStamp { get; set; }

    public NameIndex Countries { get; } = new(OfferNames.CountryKey);
    public NameIndex Operators { get; } = new(OfferNames.OperatorKey);
    public NameIndex Products { get; } = new(OfferNames.ProductKey);

    /// <summary>Every provider's series, by slot; the providers' indexes hold slots.</summary>
    public SeriesTable Rows { get; } = new();

    /// <summary>The largest series id of any provider: a new series takes the next (see <see cref="IMarketRows"/>).</summary>
    public long MaxSeriesId { get; private set; }

    /// <summary>The series of one provider (none yet for a provider never written).</summary>
    public ProviderMarket For(long provider)
    {
        if (!_providers.TryGetValue(provider, out var market))
            _providers[provider] = market = new ProviderMarket(Rows);
        return market;
    }

    /// <returns>The series' slot in <see cref="Rows"/>.</returns>
    public int Add(in SeriesState series)
    {
        var slot = Rows.Add(series);
        For(series.Provider).Add(series, slot);
        MaxSeriesId = Math.Max(MaxSeriesId, series.Id);
        return slot;
    }

    public static async Task<MarketCache> LoadAsync(DbConnection connection, DbTransaction tx, long version, CancellationToken ct)
    {
        var cache = new MarketCache { Version = version };
        Fill(cache.Countries, await connection.QueryAsync<(long, string, string)>("SELECT id, code, code FROM country", transaction: tx));
        Fill(cache.Operators, await connection.QueryAsync<(long, string, string)>("SELECT id, key, name FROM operator", transaction: tx));
        Fill(cache.Products, await connection.QueryAsync<(long, string, string)>("SELECT id, key, name FROM product", transaction: tx));
        // Row by row into the table: a whole market buffered first would be a second copy of it, several times larger.
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            SELECT s.id, s.provider_id, s.product_id, s.country_id, s.operator_id, s.sources, l.price, l.qty, l.recorded_qty, l.changed_at
            FROM series s LEFT JOIN price_latest l ON l.series_id = s.id
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var hasLatest = !reader.IsDBNull(6);
            var slot = cache.Add(new SeriesState(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4))
            {
                Sources = (SeriesSources)reader.GetInt64(5),
                Price = hasLatest ? reader.GetInt64(6) : SeriesState.NoPrice,
                WrittenUntil = hasLatest ? reader.GetInt64(9) : long.MinValue,
            });
            if (hasLatest)
            {
                cache.Rows.SetQty(slot, reader.GetInt64(7));
                cache.Rows.SetRecordedQty(slot, reader.GetInt64(8));
            }
        }
        return cache;
    }

    private static void Fill(NameIndex index, IEnumerable<(long Id, string Key, string Display)> rows)
    {
        foreach (var (id, key, display) in rows)
            index.Add(id, key, display);
    }
}

/// <summary>One provider's series (slots of <see cref="MarketCache.Rows"/>), by offer and by country, and its last products answers.</summary>
internal sealed class ProviderMarket(SeriesTable rows)
{
    private readonly SeriesIndex _slots = new(rows);

    public Dictionary<int, List<int>> SeriesByCountry { get; } = [];
    public Dictionary<(int Country, int Operator), List<int>> SeriesByOffer { get; } = [];

    /// <summary>The last products answer per country and operator as written (see <see cref="AnswerMemo"/>).</summary>
    public Dictionary<(string Country, string Operator), AnswerMemo> Answers { get; } = [];

    public IEnumerable<int> Slots => _slots.Slots();

    /// <returns>The slot of the provider's series of this offer, or -1.</returns>
    public int Find(long product, long country, long op) => _slots.Find(checked((int)product), checked((int)country), checked((int)op));

    /// <summary>A series this provider has no series of the same offer of yet, at its slot in the cache's table.</summary>
    public void Add(in SeriesState series, int slot)
    {
        _slots.Add(slot);
        Append(SeriesByCountry, series.Country, slot);
        Append(SeriesByOffer, (series.Country, series.Operator), slot);
    }

    private static void Append<TKey>(Dictionary<TKey, List<int>> index, TKey key, int slot) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
            index[key] = list = [];
        list.Add(slot);
    }
}
