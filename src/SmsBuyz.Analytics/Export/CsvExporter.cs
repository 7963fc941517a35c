using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Export;

public sealed record PriceFilter(IReadOnlyList<string> Products, IReadOnlyList<string> Countries, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>
/// Reads what is stored and shapes it as CSV rows: ISO-8601 UTC times, exact money, invariant culture. Prices are the
/// configured provider's; orders and payments every account's.
/// </summary>
public sealed class CsvExporter(Database db, MarketReadModel market, Identities identities)
{
    public static readonly string[] PriceHeader = ["observed_at", "country", "operator", "product", "price", "qty"];
    public static readonly string[] OrderHeader = ["id", "created_at", "country", "operator", "product", "price", "status", "code"];
    public static readonly string[] PaymentHeader = ["id", "created_at", "type", "provider", "amount", "balance"];

    /// <summary>
    /// Every stored change point, or with <paramref name="latest"/> the current state (since when it held), in time order
    /// then by product, country and operator: both as the market's read model has them.
    /// </summary>
    public async IAsyncEnumerable<string?[]> PricesAsync(PriceFilter filter, bool latest, [EnumeratorCancellation] CancellationToken ct)
    {
        var provider = await identities.ProviderAsync(ct);
        var series = new MarketFilter { Provider = provider.Id, Products = filter.Products, Countries = filter.Countries };
        var rows = latest ? LatestAsync(series, filter.From, filter.To, ct) : market.ChangePointsAsync(series, filter.From, filter.To, ct);
        await foreach (var r in rows.WithCancellation(ct))
            yield return [Time(r.At), r.Country, r.Operator, r.Product, Amount(r.Price), Number(r.Qty)];
    }

    /// <summary>
    /// The latest state of each series whose current value began in [from, to), as a change point: the read model orders
    /// it by name, and a stable sort by time keeps that order among equal times.
    /// </summary>
    private async IAsyncEnumerable<SeriesChange> LatestAsync(MarketFilter series, DateTimeOffset? from, DateTimeOffset? to,
        [EnumeratorCancellation] CancellationToken ct)
    {
        long? a = UnixMs.From(from), b = UnixMs.From(to);
        var latest = await market.LatestAsync(series, ct);
        foreach (var s in latest.Where(s => s.ChangedAt >= (a ?? long.MinValue) && s.ChangedAt < (b ?? long.MaxValue)).OrderBy(s => s.ChangedAt))
            yield return new SeriesChange(s.ChangedAt, s.Product, s.Country, s.Operator, s.Price, s.Qty, s.ProviderId, s.Provider);
    }

    /// <summary>Orders with the last code received (codes are strings: leading zeros kept).</summary>
    public async IAsyncEnumerable<string?[]> OrdersAsync([EnumeratorCancellation] CancellationToken ct)
    {
        const string sql = """
            SELECT o.id AS Id, o.created_at AS CreatedAt, o.country AS Country, o.operator AS Operator, o.product AS Product,
                   o.price AS Price, o.status AS Status,
                   (SELECT code FROM order_sms s WHERE s.account_id = o.account_id AND s.order_id = o.id ORDER BY seq DESC LIMIT 1) AS Code
            FROM orders o ORDER BY o.created_at, o.id, o.account_id
            """;
        await using var connection = await db.OpenAsync(ct);
        await foreach (var r in connection.QueryUnbufferedAsync<(long Id, long? CreatedAt, string? Country, string? Operator, string? Product, long Price, string Status, string? Code)>(sql).WithCancellation(ct))
            yield return [Number(r.Id), Time(r.CreatedAt), r.Country, r.Operator, r.Product, Amount(r.Price), r.Status, r.Code];
    }

    public async IAsyncEnumerable<string?[]> PaymentsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        const string sql = """
            SELECT id AS Id, created_at AS CreatedAt, type AS Type, provider AS Provider, amount AS Amount, balance AS Balance
            FROM payments ORDER BY created_at, id, account_id
            """;
        await using var connection = await db.OpenAsync(ct);
        await foreach (var r in connection.QueryUnbufferedAsync<(long Id, long? CreatedAt, string? Type, string? Provider, long Amount, long? Balance)>(sql).WithCancellation(ct))
            yield return [Number(r.Id), Time(r.CreatedAt), r.Type, r.Provider, Amount(r.Amount), r.Balance is { } b ? Amount(b) : null];
    }

    public static string? Time(long? unixMs) =>
        unixMs is { } ms ? UnixMs.To(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : null;

    public static string Amount(long units) => Money.FromUnits(units).ToString(CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
