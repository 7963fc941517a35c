using Dapper;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Settles buys whose outcome is unknown by evidence from <c>/user/orders</c>, not by the clock. An intent matches an
/// order of its product, country and operator that no other intent holds and that was not already stored before the
/// send, preferring one created within its window (send time − <c>AutoBuy:ClockSkew</c> … settle point +
/// <c>ClockSkew</c>). The API's times carry no zone and are read as UTC; should the provider's clock run in another
/// zone, an order up to 14 hours off still matches, so a real buy is never mistaken for none (a stray outside order
/// linked instead only makes the budget count more, never less). A match settles the intent as Bought at once.
/// No match proves absence once a successful read started at or after the intent's settle point: the moment its
/// answer arrived (the provider was done with it), or, with no answer, the request's end plus
/// <c>AutoBuy:UnknownGrace</c>. Then the intent is Failed and its budget released. A settled intent is never sent again.
/// </summary>
public sealed class Reconciler(
    SmsBuyzClient client, IntentStore intents, AccountStore accounts, Database db, Notifier notifier,
    IOptionsMonitor<AutoBuyOptions> options, IOptions<SmsBuyzOptions> api, TimeProvider time)
{
    /// <summary>The widest offset between UTC and a local clock; the fallback window for unzoned API times.</summary>
    private static readonly TimeSpan MaxZoneOffset = TimeSpan.FromHours(14);

    /// <summary>While nothing is due, the whole orders list is still read this often: a match settles an intent early.</summary>
    private static readonly TimeSpan MinFetchInterval = TimeSpan.FromSeconds(5);

    private DateTimeOffset _lastRead = DateTimeOffset.MinValue;
    private HashSet<long> _readFor = [];
    private readonly HashSet<string> _released = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns how many intents are still unresolved (0 = buying may go on). A failed orders read leaves them as they are.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        var open = await intents.UnresolvedAsync(ct);
        if (open.Count == 0 || !client.HasApiKey)
            return open.Count;
        var readStart = time.GetUtcNow();
        // Read at once for an intent no read has looked for yet (its order may already be listed) or one whose settle
        // point has passed; otherwise every MinFetchInterval.
        if (readStart - _lastRead < MinFetchInterval && open.All(i => _readFor.Contains(i.Id) && SettlePoint(i) > readStart))
            return open.Count;
        IReadOnlyList<Order> orders;
        try
        {
            orders = await client.GetAllOrdersAsync("activation", ct);
        }
        catch (SmsBuyzApiException)
        {
            return open.Count;
        }
        (_lastRead, _readFor) = (readStart, open.Select(i => i.Id).ToHashSet());
        var firstSeen = await FirstSeenAsync(ct);
        await accounts.UpsertOrdersAsync(orders, ct);
        var linked = await intents.LinkedOrderIdsAsync(ct);

        var left = 0;
        foreach (var intent in open)
        {
            if (Match(intent, orders, linked, firstSeen) is { } match)
            {
                linked.Add(match.Id);
                await intents.MarkBoughtAsync(intent.Id, match.Id, match.Price, CancellationToken.None);
                notifier.Publish(EventKinds.Reconciled, $"intent {intent.Id} ({intent.Rule}) was bought after all: order {match.Id} at {match.Price}",
                    intent.Rule, match.Id, price: match.Price);
            }
            else if (readStart >= SettlePoint(intent))
            {
                await intents.MarkFailedAsync(intent.Id, null, "reconciled: no such order at the provider", CancellationToken.None);
                _released.Add(intent.Rule);
                notifier.Publish(EventKinds.Reconciled, $"intent {intent.Id} ({intent.Rule}) was not bought; its budget is released", intent.Rule);
            }
            else
                left++;
        }
        return left;
    }

    /// <summary>Rules whose unknown buy was proved absent since the last call: nothing was bought, so they may try again now.</summary>
    public IReadOnlyList<string> TakeReleased()
    {
        var rules = _released.ToList();
        _released.Clear();
        return rules;
    }

    /// <summary>
    /// From when an orders read without a match proves the buy absent. An answer that arrived: its arrival. No answer:
    /// the request's end plus the grace. Still Sent (a crash, or another process's buy in flight): the latest the
    /// request can have ended, the send plus the request timeout, plus the grace.
    /// </summary>
    private DateTimeOffset SettlePoint(BuyIntent intent)
    {
        var grace = options.CurrentValue.UnknownGrace;
        if (intent.EndedAt is { } end)
            return intent.AnswerArrived ? end : end + grace;
        return (intent.SentAt ?? intent.CreatedAt) + TimeSpan.FromSeconds(api.Value.TimeoutSeconds) + grace;
    }

    private Order? Match(BuyIntent intent, IReadOnlyList<Order> orders, HashSet<long> linked, Dictionary<long, DateTimeOffset> firstSeen)
    {
        var skew = options.CurrentValue.ClockSkew;
        var sent = intent.SentAt ?? intent.CreatedAt;
        var (from, until) = (sent - skew, SettlePoint(intent) + skew);
        return orders
            .Where(o => !linked.Contains(o.Id) && OfferNames.SameProduct(o.Product, intent.Product) && OfferNames.SameCountry(o.Country, intent.Country)
                && (OfferNames.IsAnyOperator(intent.Operator) || OfferNames.SameOperator(o.Operator, intent.Operator))
                && (o.CreatedAt is not { } c || (c >= from - MaxZoneOffset && c <= until + MaxZoneOffset))
                && !(firstSeen.TryGetValue(o.Id, out var seen) && seen < sent))
            .OrderBy(o => o.CreatedAt is { } c && c >= from && c <= until ? 0 : 1)
            .ThenBy(o => o.CreatedAt is { } c ? (c - sent).Duration() : TimeSpan.MaxValue)
            .FirstOrDefault();
    }

    /// <summary>
    /// At start: stores every order the account has, so orders that existed before this process count as "known
    /// before the send" when an unknown buy is reconciled, and open ones are tracked at once. Best effort.
    /// </summary>
    public async Task RefreshOrdersAsync(CancellationToken ct)
    {
        if (!client.HasApiKey)
            return;
        try
        {
            await accounts.UpsertOrdersAsync(await client.GetAllOrdersAsync("activation", ct), ct);
        }
        catch (SmsBuyzApiException)
        {
            // The account sweep stores them later; reconciliation still has the send window to go by.
        }
    }

    private async Task<Dictionary<long, DateTimeOffset>> FirstSeenAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, long At)>("SELECT id, first_seen_at FROM orders");
        return rows.ToDictionary(r => r.Id, r => UnixMs.To(r.At));
    }
}
