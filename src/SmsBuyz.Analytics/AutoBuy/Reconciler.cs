using System.Collections.Concurrent;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Settles buys whose outcome is unknown by evidence from the account's <c>/user/orders</c>, not by the clock (the rules
/// of evidence: <see cref="OrderMatcher"/>). A match settles the intent as Bought at once. No match proves absence once a
/// successful read started at or after the intent's settle point: the moment its answer arrived (the provider was done
/// with it), or, with no answer, the request's end plus <c>AutoBuy:UnknownGrace</c>. Then the intent is Failed and its
/// budget released. A settled intent is never sent again. A buy whose record could not be written (a constraint, a full
/// disk, a locked database) is settled the same way: the sender notes here what it knows (<see cref="NoteEnded"/>,
/// <see cref="NoteUnsent"/>), and the next reconciliation after the database works again finishes the record.
/// </summary>
public sealed class Reconciler(
    SmsBuyzClient client, IntentStore intents, AccountStore accounts, OrderMatcher matcher, Notifier notifier, TimeProvider time)
{
    /// <summary>While nothing is due, the whole orders list is still read this often: a match settles an intent early.</summary>
    private static readonly TimeSpan MinFetchInterval = TimeSpan.FromSeconds(5);

    private DateTimeOffset _lastRead = DateTimeOffset.MinValue;
    private HashSet<long> _readFor = [];
    private readonly HashSet<string> _released = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Settle points this process knows of intents whose ended_at it could not write.</summary>
    private readonly ConcurrentDictionary<long, DateTimeOffset> _ended = new();

    /// <summary>Intents reserved here and never sent whose release it could not write.</summary>
    private readonly ConcurrentDictionary<long, byte> _unsent = new();

    /// <summary>
    /// The buy request of an intent ended now (its answer arrived, or was lost), and the record of it may fail to be
    /// written: the intent's settle point is known here either way.
    /// </summary>
    public void NoteEnded(long intentId, bool answerArrived) => _ended[intentId] = matcher.SettlePoint(time.GetUtcNow(), answerArrived);

    /// <summary>An intent reserved here was never sent: released at the next reconciliation if its release is not written now.</summary>
    public void NoteUnsent(long intentId)
    {
        _unsent[intentId] = 0;
        NoteEnded(intentId, answerArrived: true); // nothing went out: nothing to wait for
    }

    /// <summary>
    /// Returns how many intents of <paramref name="account"/> are still unresolved (0 = buying may go on). A failed orders
    /// read leaves them as they are. Without an account (no API key) nothing can be read, and every unresolved intent counts.
    /// </summary>
    public async Task<int> ReconcileAsync(AccountRef? account, CancellationToken ct)
    {
        await ReleaseUnsentAsync();
        var open = await intents.UnresolvedAsync(account, ct);
        if (open.Count == 0 || account is null || !client.HasApiKey)
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
        var firstSeen = await accounts.FirstSeenAsync(account, ct);
        await accounts.UpsertOrdersAsync(account, orders, ct);
        var linked = await intents.LinkedOrderIdsAsync(account, ct);

        var left = 0;
        foreach (var intent in open)
        {
            if (matcher.Match(intent, orders, linked, firstSeen) is { } match)
            {
                linked.Add(match.Id);
                await intents.MarkBoughtAsync(intent.Id, match.Id, match.Price, CancellationToken.None);
                _ended.TryRemove(intent.Id, out _);
                notifier.Publish(EventKinds.Reconciled, $"intent {intent.Id} ({intent.Rule}) was bought after all: order {match.Id} at {match.Price}",
                    intent.Rule, match.Id, price: match.Price);
            }
            else if (readStart >= SettlePoint(intent))
            {
                await intents.MarkFailedAsync(intent.Id, null, "reconciled: no such order at the provider", CancellationToken.None);
                _ended.TryRemove(intent.Id, out _);
                _released.Add(intent.Rule);
                notifier.Publish(EventKinds.Reconciled, $"intent {intent.Id} ({intent.Rule}) was not bought; its budget is released", intent.Rule);
            }
            else
                left++;
        }
        return left;
    }

    /// <summary>The stored settle point, or the one noted here when the end of the request could not be written.</summary>
    private DateTimeOffset SettlePoint(BuyIntent intent) =>
        intent.EndedAt is null && _ended.TryGetValue(intent.Id, out var noted) ? noted : matcher.SettlePoint(intent);

    private async Task ReleaseUnsentAsync()
    {
        foreach (var id in _unsent.Keys)
        {
            await intents.ReleaseUnsentAsync(id, "marking it sent failed", CancellationToken.None);
            _unsent.TryRemove(id, out _);
        }
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
    public async Task RefreshOrdersAsync(AccountRef account, CancellationToken ct)
    {
        if (!client.HasApiKey)
            return;
        try
        {
            await accounts.UpsertOrdersAsync(account, await client.GetAllOrdersAsync("activation", ct), ct);
        }
        catch (SmsBuyzApiException)
        {
            // The account sweep stores them later; reconciliation still has the send window to go by.
        }
    }
}
