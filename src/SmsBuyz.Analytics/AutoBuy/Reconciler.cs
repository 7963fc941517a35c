using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Settles buys whose outcome is unknown by evidence from <c>/user/orders</c>, not by the clock (the rules of evidence:
/// <see cref="OrderMatcher"/>). A match settles the intent as Bought at once. No match proves absence once a successful
/// read started at or after the intent's settle point: the moment its answer arrived (the provider was done with it),
/// or, with no answer, the request's end plus <c>AutoBuy:UnknownGrace</c>. Then the intent is Failed and its budget
/// released. A settled intent is never sent again.
/// </summary>
public sealed class Reconciler(
    SmsBuyzClient client, IntentStore intents, AccountStore accounts, OrderMatcher matcher, Notifier notifier, TimeProvider time)
{
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
        if (readStart - _lastRead < MinFetchInterval && open.All(i => _readFor.Contains(i.Id) && matcher.SettlePoint(i) > readStart))
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
        var firstSeen = await accounts.FirstSeenAsync(ct);
        await accounts.UpsertOrdersAsync(orders, ct);
        var linked = await intents.LinkedOrderIdsAsync(ct);

        var left = 0;
        foreach (var intent in open)
        {
            if (matcher.Match(intent, orders, linked, firstSeen) is { } match)
            {
                linked.Add(match.Id);
                await intents.MarkBoughtAsync(intent.Id, match.Id, match.Price, CancellationToken.None);
                notifier.Publish(EventKinds.Reconciled, $"intent {intent.Id} ({intent.Rule}) was bought after all: order {match.Id} at {match.Price}",
                    intent.Rule, match.Id, price: match.Price);
            }
            else if (readStart >= matcher.SettlePoint(intent))
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
}
