using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Account;

/// <summary>
/// Delivery statistics per offer from the stored orders (every order of the account, bought here or elsewhere), for
/// the report and for rules that rank by cost per code or ask for a minimum success rate.
/// </summary>
public sealed class DeliveryReader(Database db, TimeProvider time)
{
    /// <summary>How far back a rule's delivery record reaches: an operator's delivery changes over months.</summary>
    public static readonly TimeSpan RuleWindow = TimeSpan.FromDays(90);

    /// <summary>The record of every offer with orders created in [from, to) (by first sight when the creation time is unknown), as the report counts orders.</summary>
    public Task<IReadOnlyList<OfferDelivery>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync("coalesce(o.created_at, o.first_seen_at) >= @from AND coalesce(o.created_at, o.first_seen_at) < @to", from, to, ct);

    private async Task<IReadOnlyList<OfferDelivery>> ReadAsync(string where, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string? Country, string? Operator, string? Product, long Decided, long HasCode, long? ToCode)>(
            new CommandDefinition($"""
            SELECT o.country, o.operator, o.product, o.has_code OR o.status IN {SqlList.Of(OrderStatus.Final)}, o.has_code,
                   o.first_sms - o.created_at
            FROM (SELECT *, (SELECT min(s.created_at) FROM order_sms s WHERE s.order_id = orders.id) AS first_sms,
                         EXISTS (SELECT 1 FROM order_sms s WHERE s.order_id = orders.id) AS has_code
                  FROM orders) o
            WHERE {where}
            ORDER BY coalesce(o.created_at, o.first_seen_at), o.id
            """, new { from = UnixMs.From(from), to = UnixMs.From(to) }, cancellationToken: ct));
        return OfferDelivery.Of(rows.Select(r => new OfferDelivery.Order(r.Country ?? "", r.Operator ?? "", r.Product ?? "",
            r.Decided != 0, r.HasCode != 0, r.ToCode)));
    }

    /// <summary>
    /// The records rules judge by: orders first seen in the last <see cref="RuleWindow"/> by our own clock, by offer
    /// identity. Not by the provider's creation time: it carries no zone and may run ahead of our clock, and an order
    /// left out as "in the future" would leave a new offer on its prior however often it was bought.
    /// </summary>
    public async Task<IReadOnlyDictionary<OfferKey, OfferDelivery>> ForRulesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return (await ReadAsync("o.first_seen_at >= @from", now - RuleWindow, now, ct)).ToDictionary(d => d.Key);
    }
}
