using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// Spend of one group (a day, product or country) at one account (<see cref="Account"/>, its id at the provider, at
/// <see cref="Provider"/>, the provider's name): money in 1e-4 units; refunded = CANCELED or TIMEOUT.
/// </summary>
/// <remarks>
/// These rows have settable properties, not positional constructors: SQLite reports no column types for an empty
/// result, so Dapper could not match a constructor.
/// </remarks>
public sealed record SpendRow
{
    public string Provider { get; init; } = "";
    public string Account { get; init; } = "";
    public string Key { get; init; } = "";
    public long Orders { get; init; }
    public long Gross { get; init; }
    public long Refunded { get; init; }

    public long Net => Gross - Refunded;

    /// <summary>The rows summed per key over the accounts (a day's bar counts every account's orders), in key order.</summary>
    public static IReadOnlyList<SpendRow> PerKey(IEnumerable<SpendRow> rows) =>
        [.. rows.GroupBy(r => r.Key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SpendRow { Key = g.Key, Orders = g.Sum(r => r.Orders), Gross = g.Sum(r => r.Gross), Refunded = g.Sum(r => r.Refunded) })];
}

/// <summary>
/// Outcomes of the orders of one product × country × operator at one account of a provider. Decided: orders whose outcome is known (a code came, or
/// the order ended without one); pending ones are left out of the success rate.
/// </summary>
public sealed record OutcomeRow
{
    public string Provider { get; init; } = "";
    public string Account { get; init; } = "";
    public string Product { get; init; } = "";
    public string Country { get; init; } = "";
    public string Operator { get; init; } = "";
    public long Orders { get; init; }
    public long WithCode { get; init; }
    public long Finished { get; init; }
    public long Canceled { get; init; }
    public long Timeout { get; init; }
    public long Banned { get; init; }
    public long Decided { get; init; }
}

/// <summary>How <see cref="ReportQueries.SpendAsync"/> groups orders.</summary>
public enum SpendKey { Day, Product, Country }

public sealed partial class ReportQueries
{
    /// <summary>Spend grouped by <paramref name="key"/> and account, in the key's byte order, then by provider and account.</summary>
    public async Task<IReadOnlyList<SpendRow>> SpendAsync(ReportScope scope, SpendKey key, CancellationToken ct)
    {
        var keySql = KeySql(key);
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SpendRow>(new CommandDefinition($"""
            SELECT v.name AS Provider, a.external_id AS Account, {keySql} AS Key, count(*) AS Orders, sum(o.price) AS Gross,
                   sum(CASE WHEN o.status IN {SqlList.Of(OrderStatus.Refunded)} THEN o.price ELSE 0 END) AS Refunded
            FROM (SELECT *, coalesce(created_at, first_seen_at) AS t FROM orders) o {AccountJoin}
            WHERE o.t >= @from AND o.t < @to {OrderWhere(scope)}
            GROUP BY {keySql}, a.id, v.name, a.external_id ORDER BY {keySql}{db.ByBytes()}, {AccountOrder}
            """, OrderParameters(scope), cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>The key as an expression over <c>o</c> and the order's creation time <c>t</c> (Unix ms); days are UTC.</summary>
    private string KeySql(SpendKey key) => key switch
    {
        SpendKey.Day => db.Sql(
            sqlite: "strftime('%Y-%m-%d', o.t / 1000, 'unixepoch')",
            postgreSql: "to_char(to_timestamp(o.t / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
        SpendKey.Product => "coalesce(o.product, '')",
        SpendKey.Country => "coalesce(o.country, '')",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
    };

    /// <summary>Counts by outcome: <c>count(*) FILTER (WHERE …)</c>, since PostgreSQL has no sum over a boolean.</summary>
    public async Task<IReadOnlyList<OutcomeRow>> OutcomesAsync(ReportScope scope, CancellationToken ct)
    {
        var (product, country, @operator) = ("coalesce(o.product, '')", "coalesce(o.country, '')", "coalesce(o.operator, '')");
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<OutcomeRow>(new CommandDefinition($"""
            SELECT v.name AS Provider, a.external_id AS Account, {product} AS Product, {country} AS Country, {@operator} AS Operator,
                   count(*) AS Orders, count(*) FILTER (WHERE o.has_code) AS WithCode,
                   count(*) FILTER (WHERE o.status = '{OrderStatus.Finished}') AS Finished,
                   count(*) FILTER (WHERE o.status = '{OrderStatus.Canceled}') AS Canceled,
                   count(*) FILTER (WHERE o.status = '{OrderStatus.Timeout}') AS Timeout,
                   count(*) FILTER (WHERE o.status = '{OrderStatus.Banned}') AS Banned,
                   count(*) FILTER (WHERE o.has_code OR o.status IN {SqlList.Of(OrderStatus.Final)}) AS Decided
            FROM (SELECT *, coalesce(created_at, first_seen_at) AS t,
                         EXISTS (SELECT 1 FROM order_sms s WHERE s.account_id = orders.account_id AND s.order_id = orders.id) AS has_code
                  FROM orders) o {AccountJoin}
            WHERE o.t >= @from AND o.t < @to {OrderWhere(scope)}
            GROUP BY a.id, v.name, a.external_id, 3, 4, 5
            ORDER BY {product}{db.ByBytes()}, {country}{db.ByBytes()}, {@operator}{db.ByBytes()}, {AccountOrder}
            """, OrderParameters(scope), cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>Whose an order is: <c>a</c> its account, <c>v</c> the account's provider.</summary>
    private const string AccountJoin = "JOIN account a ON a.id = o.account_id JOIN provider v ON v.id = a.provider_id";

    private string AccountOrder => $"v.name{db.ByBytes()}, a.external_id{db.ByBytes()}";

    private string OrderWhere(ReportScope scope) =>
        scope.AccountWhere + (scope.Products.Count > 0
            ? db.Sql(sqlite: " AND lower(trim(o.product)) IN @Products", postgreSql: " AND lower(trim(o.product)) = ANY(@Products)") : "")
        + (scope.Countries.Count > 0 ? db.Sql(sqlite: " AND o.country IN @Countries", postgreSql: " AND o.country = ANY(@Countries)") : "");

    private static DynamicParameters OrderParameters(ReportScope scope)
    {
        var parameters = new DynamicParameters(scope.Parameters);
        parameters.Add("from", UnixMs.From(scope.From));
        parameters.Add("to", UnixMs.From(scope.To));
        return parameters;
    }
}
