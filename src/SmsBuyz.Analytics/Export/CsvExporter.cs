using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Export;

/// <summary>Which prices an export writes; <see cref="Provider"/> null: every provider's.</summary>
public sealed record PriceFilter(IReadOnlyList<string> Products, IReadOnlyList<string> Countries, DateTimeOffset? From, DateTimeOffset? To,
    ProviderRef? Provider = null);

/// <summary>
/// Reads what is stored and shapes it as CSV rows: ISO-8601 UTC times, exact money, invariant culture. Every row names
/// whose it is: prices their provider, orders and payments their provider and account (its id there). Every provider's
/// rows, or one provider's when given.
/// </summary>
public sealed class CsvExporter(Database db, MarketReadModel market)
{
    public static readonly string[] PriceHeader = ["observed_at", "provider", "country", "operator", "product", "price", "qty"];
    public static readonly string[] OrderHeader = ["id", "created_at", "provider", "account", "country", "operator", "product", "price", "status", "code"];

    /// <summary>
    /// A payment's <c>provider</c> is the API's own field (the payment system, e.g. a card processor), so whose account it
    /// is goes in <c>account_provider</c>.
    /// </summary>
    public static readonly string[] PaymentHeader = ["id", "created_at", "account_provider", "account", "type", "provider", "amount", "balance"];

    /// <summary>
    /// Every stored change point, or with <paramref name="latest"/> the current state (since when it held), in time order
    /// then by product, country and operator: both as the market's read model has them.
    /// </summary>
    public async IAsyncEnumerable<string?[]> PricesAsync(PriceFilter filter, bool latest, [EnumeratorCancellation] CancellationToken ct)
    {
        var series = new MarketFilter { Provider = filter.Provider?.Id, Products = filter.Products, Countries = filter.Countries };
        if (latest)
        {
            foreach (var row in LatestPrices(await market.LatestAsync(series, ct), filter.From, filter.To))
                yield return row;
            yield break;
        }
        await foreach (var r in market.ChangePointsAsync(series, filter.From, filter.To, ct).WithCancellation(ct))
            yield return PriceRow(r.At, r.Provider, r.Country, r.Operator, r.Product, r.Price, r.Qty);
    }

    /// <summary>
    /// The rows of <c>export prices --latest</c> from the latest state already read (<see cref="MarketReadModel.LatestAsync(MarketFilter, CancellationToken)"/>):
    /// each series whose current value began in [from, to), as a change point. The read model orders the series by name,
    /// and a stable sort by time keeps that order among equal times.
    /// </summary>
    public static IEnumerable<string?[]> LatestPrices(IReadOnlyList<SeriesInfo> latest, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        long? a = UnixMs.From(from), b = UnixMs.From(to);
        return latest.Where(s => s.ChangedAt >= (a ?? long.MinValue) && s.ChangedAt < (b ?? long.MaxValue)).OrderBy(s => s.ChangedAt)
            .Select(s => PriceRow(s.ChangedAt, s.Provider, s.Country, s.Operator, s.Product, s.Price, s.Qty));
    }

    private static string?[] PriceRow(long at, string provider, string country, string @operator, string product, long price, long qty) =>
        [Time(at), provider, country, @operator, product, Amount(price), Number(qty)];

    /// <summary>Orders with the last code received (codes are strings: leading zeros kept), of every account or <paramref name="provider"/>'s.</summary>
    public async IAsyncEnumerable<string?[]> OrdersAsync(ProviderRef? provider, [EnumeratorCancellation] CancellationToken ct)
    {
        var sql = $"""
            SELECT o.id AS Id, o.created_at AS CreatedAt, v.name AS ProviderName, a.external_id AS Account, o.country AS Country,
                   o.operator AS Operator, o.product AS Product, o.price AS Price, o.status AS Status,
                   (SELECT code FROM order_sms s WHERE s.account_id = o.account_id AND s.order_id = o.id ORDER BY seq DESC LIMIT 1) AS Code
            FROM orders o {Whose("o", provider)} ORDER BY o.created_at, o.id, o.account_id
            """;
        await using var connection = await db.OpenAsync(ct);
        await foreach (var r in connection.QueryUnbufferedAsync<(long Id, long? CreatedAt, string ProviderName, string Account, string? Country,
            string? Operator, string? Product, long Price, string Status, string? Code)>(sql, new { provider = provider?.Id }).WithCancellation(ct))
            yield return [Number(r.Id), Time(r.CreatedAt), r.ProviderName, r.Account, r.Country, r.Operator, r.Product, Amount(r.Price), r.Status, r.Code];
    }

    public async IAsyncEnumerable<string?[]> PaymentsAsync(ProviderRef? provider, [EnumeratorCancellation] CancellationToken ct)
    {
        var sql = $"""
            SELECT p.id AS Id, p.created_at AS CreatedAt, v.name AS ProviderName, a.external_id AS Account, p.type AS Type, p.provider AS Provider,
                   p.amount AS Amount, p.balance AS Balance
            FROM payments p {Whose("p", provider)} ORDER BY p.created_at, p.id, p.account_id
            """;
        await using var connection = await db.OpenAsync(ct);
        await foreach (var r in connection.QueryUnbufferedAsync<(long Id, long? CreatedAt, string ProviderName, string Account, string? Type,
            string? Provider, long Amount, long? Balance)>(sql, new { provider = provider?.Id }).WithCancellation(ct))
            yield return [Number(r.Id), Time(r.CreatedAt), r.ProviderName, r.Account, r.Type, r.Provider, Amount(r.Amount), r.Balance is { } b ? Amount(b) : null];
    }

    /// <summary>The account (<c>a</c>) and provider (<c>v</c>) of the rows aliased <paramref name="rows"/>, and the provider filter.</summary>
    private static string Whose(string rows, ProviderRef? provider) =>
        $"JOIN account a ON a.id = {rows}.account_id JOIN provider v ON v.id = a.provider_id" + (provider is null ? "" : " WHERE a.provider_id = @provider");

    public static string? Time(long? unixMs) =>
        unixMs is { } ms ? UnixMs.To(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : null;

    public static string Amount(long units) => Money.FromUnits(units).ToString(CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
