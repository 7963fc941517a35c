using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Export;

public sealed record PriceFilter(IReadOnlyList<string> Products, IReadOnlyList<string> Countries, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>Reads what is stored and shapes it as CSV rows: ISO-8601 UTC times, exact money, invariant culture.</summary>
public sealed class CsvExporter(Database db)
{
    public static readonly string[] PriceHeader = ["observed_at", "country", "operator", "product", "price", "qty"];
    public static readonly string[] OrderHeader = ["id", "created_at", "country", "operator", "product", "price", "status", "code"];
    public static readonly string[] PaymentHeader = ["id", "created_at", "type", "provider", "amount", "balance"];

    /// <summary>
    /// Every stored change point, or with <paramref name="latest"/> the current state (since when it held). The filters:
    /// Dapper expands <c>IN @list</c> on SQLite, and passes the list to Npgsql as one array, for <c>= ANY(…)</c>.
    /// </summary>
    public async IAsyncEnumerable<string?[]> PricesAsync(PriceFilter filter, bool latest, [EnumeratorCancellation] CancellationToken ct)
    {
        var (table, time) = latest ? ("price_latest", "changed_at") : ("price_change", "observed_at");
        var sql = $"""
            SELECT c.{time} AS At, co.code AS Country, op.name AS Operator, p.name AS Product, c.price AS Price, c.qty AS Qty
            FROM {table} c
            JOIN series s ON s.id = c.series_id
            JOIN country co ON co.id = s.country_id
            JOIN operator op ON op.id = s.operator_id
            JOIN product p ON p.id = s.product_id
            WHERE 1 = 1
            {(filter.Products.Count > 0 ? db.Sql(sqlite: "AND p.key IN @Products", postgreSql: "AND p.key = ANY(@Products)") : "")}
            {(filter.Countries.Count > 0 ? db.Sql(sqlite: "AND co.code IN @Countries", postgreSql: "AND co.code = ANY(@Countries)") : "")}
            {(filter.From is null ? "" : $"AND c.{time} >= @From")}
            {(filter.To is null ? "" : $"AND c.{time} < @To")}
            ORDER BY c.{time}, p.name{db.ByBytes()}, co.code{db.ByBytes()}, op.name{db.ByBytes()}
            """;
        var args = new
        {
            Products = filter.Products.Select(OfferNames.ProductKey).ToList(),
            Countries = filter.Countries.Select(OfferNames.CountryKey).ToList(),
            From = UnixMs.From(filter.From),
            To = UnixMs.From(filter.To),
        };
        await using var connection = await db.OpenAsync(ct);
        await foreach (var r in connection.QueryUnbufferedAsync<(long At, string Country, string Operator, string Product, long Price, long Qty)>(sql, args).WithCancellation(ct))
            yield return [Time(r.At), r.Country, r.Operator, r.Product, Amount(r.Price), Number(r.Qty)];
    }

    /// <summary>Orders with the last code received (codes are strings: leading zeros kept).</summary>
    public async IAsyncEnumerable<string?[]> OrdersAsync([EnumeratorCancellation] CancellationToken ct)
    {
        const string sql = """
            SELECT o.id AS Id, o.created_at AS CreatedAt, o.country AS Country, o.operator AS Operator, o.product AS Product,
                   o.price AS Price, o.status AS Status,
                   (SELECT code FROM order_sms s WHERE s.order_id = o.id ORDER BY seq DESC LIMIT 1) AS Code
            FROM orders o ORDER BY o.created_at, o.id
            """;
        await using var connection = await db.OpenAsync(ct);
        await foreach (var r in connection.QueryUnbufferedAsync<(long Id, long? CreatedAt, string? Country, string? Operator, string? Product, long Price, string Status, string? Code)>(sql).WithCancellation(ct))
            yield return [Number(r.Id), Time(r.CreatedAt), r.Country, r.Operator, r.Product, Amount(r.Price), r.Status, r.Code];
    }

    public async IAsyncEnumerable<string?[]> PaymentsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        const string sql = """
            SELECT id AS Id, created_at AS CreatedAt, type AS Type, provider AS Provider, amount AS Amount, balance AS Balance
            FROM payments ORDER BY created_at, id
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
