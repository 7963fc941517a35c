using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Account;

/// <summary>
/// Delivery statistics per offer from the stored orders (every order of the accounts, bought here or elsewhere), for
/// the report and for rules that rank by cost per code or ask for a minimum success rate.
/// </summary>
public sealed class DeliveryReader(Database db, TimeProvider time)
{
    /// <summary>How far back a rule's delivery record reaches: an operator's delivery changes over months.</summary>
    public static readonly TimeSpan RuleWindow = TimeSpan.FromDays(90);

    /// <summary>The record of every offer with orders created in [from, to) (by first sight when the creation time is unknown), as the report counts orders.</summary>
    public Task<IReadOnlyList<OfferDelivery>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync("coalesce(o.created_at, o.first_seen_at) >= @from AND coalesce(o.created_at, o.first_seen_at) < @to", from, to, null, ct);

    private async Task<IReadOnlyList<OfferDelivery>> ReadAsync(string where, DateTimeOffset from, DateTimeOffset to, long? provider,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string? Country, string? Operator, string? Product, long Decided, long HasCode, long? ToCode)>(
            new CommandDefinition($"""
            SELECT o.country, o.operator, o.product, o.has_code OR o.status IN {SqlList.Of(OrderStatus.Final)}, o.has_code,
                   o.first_sms - o.created_at
            FROM (SELECT *, (SELECT min(s.created_at) FROM order_sms s WHERE s.account_id = orders.account_id AND s.order_id = orders.id) AS first_sms,
                         EXISTS (SELECT 1 FROM order_sms s WHERE s.account_id = orders.account_id AND s.order_id = orders.id) AS has_code
                  FROM orders) o
            WHERE {where}{(provider is null ? "" : " AND o.account_id IN (SELECT a.id FROM account a WHERE a.provider_id = @provider)")}
            ORDER BY coalesce(o.created_at, o.first_seen_at), o.account_id, o.id
            """, new { from = UnixMs.From(from), to = UnixMs.From(to), provider }, cancellationToken: ct));
        return OfferDelivery.Of(rows.Select(r => new OfferDelivery.Order(r.Country ?? "", r.Operator ?? "", r.Product ?? "",
            r.Decided != 0, r.HasCode != 0, r.ToCode)));
    }

    /// <summary>
    /// The records rules judge by: the orders at <paramref name="provider"/> (its own delivery record, of every account
    /// there) first seen in the last <see cref="RuleWindow"/> by our own clock, by offer identity. Not by the provider's
    /// creation time: it carries no zone and may run ahead of our clock, and an order left out as "in the future" would
    /// leave a new offer on its prior however often it was bought.
    /// </summary>
    public async Task<IReadOnlyDictionary<OfferKey, OfferDelivery>> ForRulesAsync(long provider, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return (await ReadAsync("o.first_seen_at >= @from", now - RuleWindow, now, provider, ct)).ToDictionary(d => d.Key);
    }
}
