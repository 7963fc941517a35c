using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.History;

/// <summary>
/// The stored market as every reader reads it (reports, rules live and in the backtest, exports, the PostgreSQL copy's
/// check, the demo's tally): each series by its names with its latest state (<see cref="LatestAsync(MarketFilter, CancellationToken)"/>), its stored change
/// points (<see cref="ChangePointsAsync"/>), and its history across the tiers as steps (<see cref="HistoryAsync"/>) or
/// in buckets (<see cref="BucketsAsync"/>), each tier read where <see cref="TierBounds"/> says it holds. What makes a
/// series' identity is joined in one place (<see cref="Named"/>). The views of migration 8 (<c>v_price_latest</c>,
/// <c>v_price_change</c>, <c>v_price_rollup</c>) show the same rows to people and BI tools, in currency units and
/// readable times; <c>ReaderViewsTests</c> keeps them equal to this.
/// </summary>
public sealed partial class MarketReadModel(Database db)
{
    /// <summary>
    /// Every series with its names: <c>s</c> the series, <c>v</c> its provider, <c>p</c>, <c>c</c> and <c>o</c> its
    /// product, country and operator. Filters match their keys (<see cref="Where"/>), and names are ordered by their bytes
    /// on both database providers.
    /// </summary>
    private const string Named = """
        series s JOIN provider v ON v.id = s.provider_id
        JOIN product p ON p.id = s.product_id JOIN country c ON c.id = s.country_id JOIN operator o ON o.id = s.operator_id
        """;

    private const string NameColumns = "p.name AS Product, c.code AS Country, o.name AS Operator";

    /// <summary>Whose the series is: the provider's id for joins and filters, its name for people.</summary>
    private const string ProviderColumns = "s.provider_id AS ProviderId, v.name AS Provider";

    /// <summary>Every series in the filter with its latest state, by product, country and operator.</summary>
    public async Task<IReadOnlyList<SeriesInfo>> LatestAsync(MarketFilter filter, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await LatestAsync(connection, null, filter, ct);
    }

    /// <summary>
    /// The same, on a connection and in a transaction of the caller's (the copy reads each side inside its own). The
    /// names are shared between the series that have them: a whole market is 78,000 series of some thousand names,
    /// whose four strings a row read were 13 MB, alive as long as the list.
    /// </summary>
    public async Task<IReadOnlyList<SeriesInfo>> LatestAsync(DbConnection connection, DbTransaction? tx, MarketFilter filter, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string name) => names.TryGetValue(name, out var kept) ? kept : names[name] = name;
        var latest = new List<SeriesInfo>();
        await foreach (var s in connection.QueryUnbufferedAsync<SeriesInfo>($"""
            SELECT s.id AS Id, {NameColumns}, l.price AS Price, l.qty AS Qty, l.changed_at AS ChangedAt, l.sweep_id AS SweepId, {ProviderColumns}
            FROM {Named} JOIN price_latest l ON l.series_id = s.id
            WHERE 1 = 1{Where(filter)}
            ORDER BY {NameOrder}, s.id
            """, Parameters(filter), tx).WithCancellation(ct))
            latest.Add(s with { Product = Shared(s.Product), Country = Shared(s.Country), Operator = Shared(s.Operator), Provider = Shared(s.Provider) });
        return latest;
    }

    /// <summary>Every product with a stored offer, as the API last spelled it: what a rule's product is checked against.</summary>
    public async Task<IReadOnlyList<string>> ProductsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM product ORDER BY name", cancellationToken: ct))];
    }

    /// <summary>How many series in the filter have a latest state.</summary>
    public async Task<long> CountAsync(MarketFilter filter, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition($"""
            SELECT count(*) FROM {Named} JOIN price_latest l ON l.series_id = s.id WHERE 1 = 1{Where(filter)}
            """, Parameters(filter), cancellationToken: ct));
    }

    /// <summary>
    /// Every stored change point of the series in the filter in [<paramref name="from"/>, <paramref name="to"/>) (either
    /// open), in time order: <c>price_change</c> as it is, also the rows below the raw tier's bound that are still being
    /// pruned, which <see cref="HistoryAsync"/> reads from the rollups instead.
    /// </summary>
    public async IAsyncEnumerable<SeriesChange> ChangePointsAsync(MarketFilter filter, DateTimeOffset? from, DateTimeOffset? to,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var parameters = Parameters(filter);
        parameters.Add("From", UnixMs.From(from));
        parameters.Add("To", UnixMs.From(to));
        var sql = $"""
            SELECT x.observed_at AS At, {NameColumns}, x.price AS Price, x.qty AS Qty, {ProviderColumns}
            FROM {Named} JOIN price_change x ON x.series_id = s.id
            WHERE 1 = 1{Where(filter)}{(from is null ? "" : " AND x.observed_at >= @From")}{(to is null ? "" : " AND x.observed_at < @To")}
            ORDER BY x.observed_at, {NameOrder}, s.id
            """;
        await using var connection = await db.OpenAsync(ct);
        await foreach (var change in connection.QueryUnbufferedAsync<SeriesChange>(sql, parameters).WithCancellation(ct))
            yield return change;
    }

    /// <summary>Bumped by every market write: a reader that caches what it read reads again when it moves.</summary>
    public async Task<long> VersionAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT version FROM market_version", cancellationToken: ct));
    }

    /// <summary>
    /// The filter's conditions on the keys. Dapper expands <c>IN @list</c> into one parameter per value on SQLite, but
    /// passes a list to Npgsql as one array, which only <c>= ANY(…)</c> takes.
    /// </summary>
    private string Where(MarketFilter filter) =>
        (filter.Provider is null ? "" : " AND s.provider_id = @Provider")
        + (filter.Products.Count > 0 ? db.Sql(sqlite: " AND p.key IN @Products", postgreSql: " AND p.key = ANY(@Products)") : "")
        + (filter.Countries.Count > 0 ? db.Sql(sqlite: " AND c.code IN @Countries", postgreSql: " AND c.code = ANY(@Countries)") : "")
        + (filter.WithAggregate ? "" : " AND o.key <> @Aggregate");

    /// <summary>The values of <see cref="Where"/>'s conditions, as keys: <c>--country russia</c> and <c>--product Telegram</c> find ru and telegram.</summary>
    private static DynamicParameters Parameters(MarketFilter filter)
    {
        var parameters = new DynamicParameters();
        if (filter.Provider is { } provider)
            parameters.Add("Provider", provider);
        if (filter.Products.Count > 0)
            parameters.Add("Products", filter.Products.Select(OfferNames.ProductKey).ToList());
        if (filter.Countries.Count > 0)
            parameters.Add("Countries", filter.Countries.Select(OfferNames.CountryKey).ToList());
        if (!filter.WithAggregate)
            parameters.Add("Aggregate", OfferNames.AnyOperator);
        return parameters;
    }

    private string NameOrder => $"p.name{db.ByBytes()}, c.code{db.ByBytes()}, o.name{db.ByBytes()}";
}
