using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// The evidence rules of the <see cref="Reconciler"/>. An unknown buy matches an order of its product, country and
/// operator that no other intent holds and that was not already stored before the send, preferring one created within
/// its window (send time − <c>AutoBuy:ClockSkew</c> … settle point + <c>ClockSkew</c>). The API's times carry no zone
/// and are read as UTC; should the provider's clock run in another zone, an order up to 14 hours off still matches, so a
/// real buy is never mistaken for none (a stray outside order linked instead only makes the budget count more, never
/// less). No match proves absence once a successful read started at or after the intent's settle point.
/// </summary>
public sealed class OrderMatcher(IOptionsMonitor<AutoBuyOptions> options, IOptions<SmsBuyzOptions> api)
{
    /// <summary>The widest offset between UTC and a local clock; the fallback window for unzoned API times.</summary>
    private static readonly TimeSpan MaxZoneOffset = TimeSpan.FromHours(14);

    /// <summary>
    /// From when an orders read without a match proves the buy absent. An answer that arrived: its arrival (the provider
    /// was done with it). No answer: the request's end plus <c>AutoBuy:UnknownGrace</c>. Still Sent (a crash, or another
    /// process's buy in flight): the latest the request can have ended, the send plus the request timeout, plus the grace.
    /// </summary>
    public DateTimeOffset SettlePoint(BuyIntent intent)
    {
        var grace = options.CurrentValue.UnknownGrace;
        if (intent.EndedAt is { } end)
            return intent.AnswerArrived ? end : end + grace;
        return (intent.SentAt ?? intent.CreatedAt) + TimeSpan.FromSeconds(api.Value.TimeoutSeconds) + grace;
    }

    /// <summary>The same, for a request that ended at <paramref name="endedAt"/>, known before it is stored.</summary>
    public DateTimeOffset SettlePoint(DateTimeOffset endedAt, bool answerArrived) =>
        answerArrived ? endedAt : endedAt + options.CurrentValue.UnknownGrace;

    /// <param name="linked">Orders other intents hold already.</param>
    /// <param name="firstSeen">When each stored order was first seen: one seen before the send is not this buy's.</param>
    public Order? Match(BuyIntent intent, IReadOnlyList<Order> orders, HashSet<long> linked, Dictionary<long, DateTimeOffset> firstSeen)
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
}
