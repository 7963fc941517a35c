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

    /// <summary>Bumped per write; a series stamped with the current value was in the current answer.</summary>
    public long WriteStamp { get; set; }

    public NameIndex Countries { get; } = new(OfferNames.CountryKey);
    public NameIndex Operators { get; } = new(OfferNames.OperatorKey);
    public NameIndex Products { get; } = new(OfferNames.ProductKey);

    /// <summary>The largest series id of any provider: a new series takes the next (see <see cref="IMarketRows"/>).</summary>
    public long MaxSeriesId { get; private set; }

    /// <summary>The series of one provider (none yet for a provider never written).</summary>
    public ProviderMarket For(long provider)
    {
        if (!_providers.TryGetValue(provider, out var market))
            _providers[provider] = market = new ProviderMarket();
        return market;
    }

    public void Add(SeriesState series)
    {
        For(series.Provider).Add(series);
        MaxSeriesId = Math.Max(MaxSeriesId, series.Id);
    }

    public static async Task<MarketCache> LoadAsync(DbConnection connection, DbTransaction tx, long version)
    {
        var cache = new MarketCache { Version = version };
        Fill(cache.Countries, await connection.QueryAsync<(long, string, string)>("SELECT id, code, code FROM country", transaction: tx));
        Fill(cache.Operators, await connection.QueryAsync<(long, string, string)>("SELECT id, key, name FROM operator", transaction: tx));
        Fill(cache.Products, await connection.QueryAsync<(long, string, string)>("SELECT id, key, name FROM product", transaction: tx));
        var rows = await connection.QueryAsync<(long Id, long Provider, long Product, long Country, long Operator, long Sources, long? Price,
            long? Qty, long? Recorded, long? ChangedAt)>("""
            SELECT s.id, s.provider_id, s.product_id, s.country_id, s.operator_id, s.sources, l.price, l.qty, l.recorded_qty, l.changed_at
            FROM series s LEFT JOIN price_latest l ON l.series_id = s.id
            """, transaction: tx);
        foreach (var r in rows)
            cache.Add(new SeriesState(r.Id, r.Provider, r.Product, r.Country, r.Operator)
            {
                Sources = (SeriesSources)r.Sources, Price = r.Price, Qty = r.Qty ?? 0, RecordedQty = r.Recorded ?? 0,
                WrittenUntil = r.ChangedAt ?? long.MinValue,
            });
        return cache;
    }

    private static void Fill(NameIndex index, IEnumerable<(long Id, string Key, string Display)> rows)
    {
        foreach (var (id, key, display) in rows)
            index.Add(id, key, display);
    }
}

/// <summary>One provider's series, by offer and by country, and its last products answers.</summary>
internal sealed class ProviderMarket
{
    public Dictionary<(long Product, long Country, long Operator), SeriesState> Series { get; } = [];
    public Dictionary<long, List<SeriesState>> SeriesByCountry { get; } = [];
    public Dictionary<(long Country, long Operator), List<SeriesState>> SeriesByOffer { get; } = [];

    /// <summary>The last products answer per country and operator as written (see <see cref="AnswerMemo"/>).</summary>
    public Dictionary<(string Country, string Operator), AnswerMemo> Answers { get; } = [];

    public void Add(SeriesState series)
    {
        Series[(series.Product, series.Country, series.Operator)] = series;
        Append(SeriesByCountry, series.Country, series);
        Append(SeriesByOffer, (series.Country, series.Operator), series);
    }

    private static void Append<TKey>(Dictionary<TKey, List<SeriesState>> index, TKey key, SeriesState series) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
            index[key] = list = [];
        list.Add(series);
    }
}

/// <summary>
/// One series: its provider and dimensions, its exact latest price (1e-4 units; null before the first point) and stock,
/// and the stock of its last recorded change point (the deadband's reference).
/// </summary>
internal sealed class SeriesState(long id, long provider, long product, long country, long op)
{
    public long Id { get; } = id;
    public long Provider { get; } = provider;
    public long Product { get; } = product;
    public long Country { get; } = country;
    public long Operator { get; } = op;
    public long? Price { get; set; }
    public long Qty { get; set; }
    public long RecordedQty { get; set; }
    public long SeenStamp { get; set; }
    public SeriesSources Sources { get; set; }

    /// <summary>
    /// The latest time the series has a row at, as far as this process knows: its latest row's <c>changed_at</c> when
    /// loaded, then the latest time written. A change point after it cannot collide with a stored one, which lets
    /// PostgreSQL append it with COPY (<see cref="PostgreSqlMarketRows"/>).
    /// </summary>
    public long WrittenUntil { get; set; } = long.MinValue;
}

/// <summary>The endpoints that have listed a series; only they can prove it gone (see <see cref="MarketScope"/>).</summary>
[Flags]
public enum SeriesSources { None = 0, Products = 1, Prices = 2 }
