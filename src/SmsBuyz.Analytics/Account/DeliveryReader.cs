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
    /// <param name="provider">Only the orders of this provider's accounts (its id); null: every account's.</param>
    public async Task<IReadOnlyList<OfferDelivery>> ReadAsync(DateTimeOffset from, DateTimeOffset to, long? provider, CancellationToken ct) =>
        OfferDelivery.Of((await OrdersAsync(Created, from, to, provider, ct)).Select(o => o.Order));

    /// <summary>
    /// The orders created in [from, to), as <see cref="ReadAsync"/> counts
    /// them, each with its provider's name and its account's id there, oldest first: the report's record per account.
    /// </summary>
    /// <param name="provider">Only the accounts of this provider (its id); null: every account.</param>
    public Task<IReadOnlyList<AccountOrder>> AccountOrdersAsync(DateTimeOffset from, DateTimeOffset to, long? provider, CancellationToken ct) =>
        OrdersAsync(Created, from, to, provider, ct);

    private const string Created = "coalesce(o.created_at, o.first_seen_at) >= @from AND coalesce(o.created_at, o.first_seen_at) < @to";

    private async Task<IReadOnlyList<AccountOrder>> OrdersAsync(string where, DateTimeOffset from, DateTimeOffset to, long? provider,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Provider, string Account, string? Country, string? Operator, string? Product, long Decided,
            long HasCode, long? ToCode)>(new CommandDefinition($"""
            SELECT v.name, a.external_id, o.country, o.operator, o.product, o.has_code OR o.status IN {SqlList.Of(OrderStatus.Final)}, o.has_code,
                   o.first_sms - o.created_at
            FROM (SELECT *, (SELECT min(s.created_at) FROM order_sms s WHERE s.account_id = orders.account_id AND s.order_id = orders.id) AS first_sms,
                         EXISTS (SELECT 1 FROM order_sms s WHERE s.account_id = orders.account_id AND s.order_id = orders.id) AS has_code
                  FROM orders) o
            JOIN account a ON a.id = o.account_id JOIN provider v ON v.id = a.provider_id
            WHERE {where}{(provider is null ? "" : " AND a.provider_id = @provider")}
            ORDER BY coalesce(o.created_at, o.first_seen_at), o.account_id, o.id
            """, new { from = UnixMs.From(from), to = UnixMs.From(to), provider }, cancellationToken: ct));
        return [.. rows.Select(r => new AccountOrder(r.Provider, r.Account, new OfferDelivery.Order(r.Country ?? "", r.Operator ?? "", r.Product ?? "",
            r.Decided != 0, r.HasCode != 0, r.ToCode)))];
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
        var orders = await OrdersAsync("o.first_seen_at >= @from", now - RuleWindow, now, provider, ct);
        return OfferDelivery.Of(orders.Select(o => o.Order)).ToDictionary(d => d.Key);
    }
}

/// <summary>One order as the delivery record counts it, with whose it is: the provider's name and the account's id there.</summary>
public readonly record struct AccountOrder(string Provider, string Account, OfferDelivery.Order Order);
