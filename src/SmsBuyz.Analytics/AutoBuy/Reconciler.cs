using Dapper;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Settles buys whose outcome is unknown against <c>/user/orders</c>. An intent matches an order of its product,
/// country and operator that no other intent holds and that was not already stored before the send, preferring one
/// created within its send window (send time ± <c>AutoBuy:ClockSkew</c>, plus the request timeout). The API's times
/// carry no zone and are read as UTC; should the provider's clock run in another zone, an order up to 14 hours off
/// still matches, so a real buy is never mistaken for none (a stray outside order linked instead only makes the
/// budget count more, never less). No match is proof of absence only once the send window has closed: then the
/// intent is Failed and its budget released. A settled intent is never sent again.
/// </summary>
public sealed class Reconciler(
    SmsBuyzClient client, IntentStore intents, AccountStore accounts, SqliteConnectionFactory connections, Notifier notifier,
    IOptionsMonitor<AutoBuyOptions> options, IOptions<SmsBuyzOptions> api, TimeProvider time)
{
    /// <summary>The widest offset between UTC and a local clock; the fallback window for unzoned API times.</summary>
    private static readonly TimeSpan MaxZoneOffset = TimeSpan.FromHours(14);

    /// <summary>While an outcome stays unknown, the whole orders list is read at most this often.</summary>
    private static readonly TimeSpan MinFetchInterval = TimeSpan.FromSeconds(5);
    private DateTimeOffset _lastFetch = DateTimeOffset.MinValue;

    /// <summary>Returns how many intents are still unresolved (0 = buying may go on). A failed orders read leaves them as they are.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        var open = await intents.UnresolvedAsync(ct);
        var due = open.Any(i => i.State == IntentState.Sent) || time.GetUtcNow() - _lastFetch >= MinFetchInterval;
        if (open.Count == 0 || !client.HasApiKey || !due)
            return open.Count;
        _lastFetch = time.GetUtcNow();
        IReadOnlyList<Order> orders;
        try
        {
            orders = await client.GetAllOrdersAsync("activation", ct);
        }
        catch (SmsBuyzApiException)
        {
            return open.Count;
        }
        var firstSeen = await FirstSeenAsync(ct);
        await accounts.UpsertOrdersAsync(orders, ct);
        var linked = await intents.LinkedOrderIdsAsync(ct);
        var now = time.GetUtcNow();
        var skew = options.CurrentValue.ClockSkew;
        var timeout = TimeSpan.FromSeconds(api.Value.TimeoutSeconds);

        var left = 0;
        foreach (var intent in open)
        {
            var sent = intent.SentAt ?? intent.CreatedAt;
            var (from, until) = (sent - skew, sent + timeout + skew);
            var match = orders
                .Where(o => !linked.Contains(o.Id) && OfferNames.SameProduct(o.Product, intent.Product) && OfferNames.SameCountry(o.Country, intent.Country)
                    && (OfferNames.IsAnyOperator(intent.Operator) || OfferNames.SameOperator(o.Operator, intent.Operator))
                    && (o.CreatedAt is not { } c || (c >= from - MaxZoneOffset && c <= until + MaxZoneOffset))
                    && !(firstSeen.TryGetValue(o.Id, out var seen) && seen < sent))
                .OrderBy(o => o.CreatedAt is { } c && c >= from && c <= until ? 0 : 1)
                .ThenBy(o => o.CreatedAt is { } c ? (c - sent).Duration() : TimeSpan.MaxValue)
                .FirstOrDefault();
            if (match is not null)
            {
                linked.Add(match.Id);
                await intents.MarkBoughtAsync(intent.Id, match.Id, match.Price, CancellationToken.None);
                notifier.Publish(EventKinds.Reconciled, $"intent {intent.Id} ({intent.Rule}) was bought after all: order {match.Id} at {match.Price}",
                    intent.Rule, match.Id, price: match.Price);
            }
            else if (now >= until)
            {
                await intents.MarkFailedAsync(intent.Id, "reconciled: no such order at the provider", CancellationToken.None);
                notifier.Publish(EventKinds.Reconciled, $"intent {intent.Id} ({intent.Rule}) was not bought; its budget is released", intent.Rule);
            }
            else
                left++;
        }
        return left;
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
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, long At)>("SELECT id, first_seen_at FROM orders");
        return rows.ToDictionary(r => r.Id, r => UnixMs.To(r.At));
    }
}
