using Dapper;
using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The dimension ids and latest state per series, held in memory so an unchanged point costs a dictionary
/// lookup and no SQL. Valid while <see cref="Version"/> equals the database's <c>market_version</c>.
/// </summary>
internal sealed class MarketCache
{
    public long Version { get; set; }
    public Dictionary<string, long> Countries { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> Operators { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> Products { get; } = new(StringComparer.Ordinal);
    public Dictionary<(long Product, long Country, long Operator), long> SeriesIds { get; } = [];
    public Dictionary<long, SeriesState> Series { get; } = [];

    public static async Task<MarketCache> LoadAsync(SqliteConnection connection, SqliteTransaction tx, long version)
    {
        var cache = new MarketCache { Version = version };
        Fill(cache.Countries, await connection.QueryAsync<(long, string)>("SELECT id, code FROM country", transaction: tx));
        Fill(cache.Operators, await connection.QueryAsync<(long, string)>("SELECT id, name FROM operator", transaction: tx));
        Fill(cache.Products, await connection.QueryAsync<(long, string)>("SELECT id, name FROM product", transaction: tx));
        var rows = await connection.QueryAsync<(long Id, long Product, long Country, long Operator, long? Price, long? Qty)>("""
            SELECT s.id, s.product_id, s.country_id, s.operator_id, l.price, l.qty
            FROM series s LEFT JOIN price_latest l ON l.series_id = s.id
            """, transaction: tx);
        foreach (var r in rows)
        {
            cache.SeriesIds[(r.Product, r.Country, r.Operator)] = r.Id;
            cache.Series[r.Id] = new SeriesState(r.Product, r.Country, r.Operator, r.Price, r.Qty ?? 0);
        }
        return cache;
    }

    private static void Fill(Dictionary<string, long> map, IEnumerable<(long Id, string Name)> rows)
    {
        foreach (var (id, name) in rows)
            map[name] = id;
    }
}

/// <summary>A series' dimensions and its latest price (1e-4 units; null before the first point) and stock.</summary>
internal sealed record SeriesState(long Product, long Country, long Operator, long? Price, long Qty);
