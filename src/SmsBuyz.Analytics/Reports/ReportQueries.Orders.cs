using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>Spend of one group (a day, product or country): money in 1e-4 units; refunded = CANCELED or TIMEOUT.</summary>
/// <remarks>
/// These rows have settable properties, not positional constructors: SQLite reports no column types for an empty
/// result, so Dapper could not match a constructor.
/// </remarks>
public sealed record SpendRow
{
    public string Key { get; init; } = "";
    public long Orders { get; init; }
    public long Gross { get; init; }
    public long Refunded { get; init; }

    public long Net => Gross - Refunded;
}

/// <summary>
/// Outcomes of the orders of one product × country × operator. Decided: orders whose outcome is known (a code came, or
/// the order ended without one); pending ones are left out of the success rate.
/// </summary>
public sealed record OutcomeRow
{
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

public sealed partial class ReportQueries
{
    /// <summary>Spend grouped by <paramref name="keySql"/>, an expression over <c>o</c> and the creation time <c>t</c>.</summary>
    public async Task<IReadOnlyList<SpendRow>> SpendAsync(ReportScope scope, string keySql, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SpendRow>(new CommandDefinition($"""
            SELECT {keySql} AS Key, count(*) AS Orders, sum(o.price) AS Gross,
                   sum(CASE WHEN o.status IN {SqlList.Of(OrderStatus.Refunded)} THEN o.price ELSE 0 END) AS Refunded
            FROM (SELECT *, coalesce(created_at, first_seen_at) AS t FROM orders) o
            WHERE o.t >= @from AND o.t < @to {OrderWhere(scope)}
            GROUP BY 1 ORDER BY 1
            """, OrderParameters(scope), cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>The UTC day of an order, as the key of <see cref="SpendAsync"/>.</summary>
    public const string DayKey = "strftime('%Y-%m-%d', o.t / 1000, 'unixepoch')";

    public async Task<IReadOnlyList<OutcomeRow>> OutcomesAsync(ReportScope scope, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<OutcomeRow>(new CommandDefinition($"""
            SELECT coalesce(o.product, '') AS Product, coalesce(o.country, '') AS Country, coalesce(o.operator, '') AS Operator,
                   count(*) AS Orders, sum(o.has_code) AS WithCode,
                   sum(o.status = '{OrderStatus.Finished}') AS Finished, sum(o.status = '{OrderStatus.Canceled}') AS Canceled,
                   sum(o.status = '{OrderStatus.Timeout}') AS Timeout, sum(o.status = '{OrderStatus.Banned}') AS Banned,
                   sum(o.has_code OR o.status IN {SqlList.Of(OrderStatus.Final)}) AS Decided
            FROM (SELECT *, coalesce(created_at, first_seen_at) AS t,
                         EXISTS (SELECT 1 FROM order_sms s WHERE s.order_id = orders.id) AS has_code FROM orders) o
            WHERE o.t >= @from AND o.t < @to {OrderWhere(scope)}
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """, OrderParameters(scope), cancellationToken: ct));
        return rows.ToList();
    }

    private static string OrderWhere(ReportScope scope) =>
        (scope.Products.Count > 0 ? " AND lower(trim(o.product)) IN @Products" : "") + (scope.Countries.Count > 0 ? " AND o.country IN @Countries" : "");

    private static DynamicParameters OrderParameters(ReportScope scope)
    {
        var parameters = new DynamicParameters(scope.Parameters);
        parameters.Add("from", UnixMs.From(scope.From));
        parameters.Add("to", UnixMs.From(scope.To));
        return parameters;
    }
}
