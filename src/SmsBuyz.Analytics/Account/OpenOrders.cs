using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Account;

/// <summary>A stored order not final yet, with the code of its latest SMS (kept as text: a code may start with 0).</summary>
public sealed record OpenOrder(long Id, string? Product, string? Country, string? Operator, decimal Price, string Status,
    DateTimeOffset? CreatedAt, DateTimeOffset? ExpiresAt, string? Phone, string? Code);

/// <summary>The orders still open as stored (by the account sweep and the tracker), every one of the account's, oldest first.</summary>
public sealed class OpenOrders(Database db)
{
    public async Task<IReadOnlyList<OpenOrder>> ReadAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string? Product, string? Country, string? Operator, long Price, string Status,
            long? CreatedAt, long? ExpiresAt, string? Phone, string? Code)>(new CommandDefinition($"""
            SELECT o.id, o.product, o.country, o.operator, o.price, o.status, o.created_at, o.expires_at, o.phone,
                   (SELECT s.code FROM order_sms s WHERE s.order_id = o.id ORDER BY s.seq DESC LIMIT 1)
            FROM orders o WHERE o.status NOT IN {SqlList.Of(OrderStatus.Final)}
            ORDER BY coalesce(o.created_at, o.first_seen_at), o.id
            """, cancellationToken: ct));
        return [.. rows.Select(r => new OpenOrder(r.Id, r.Product, r.Country, r.Operator, Money.FromUnits(r.Price), r.Status,
            Time(r.CreatedAt), Time(r.ExpiresAt), r.Phone, r.Code))];
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? UnixMs.To(v) : null;
}
