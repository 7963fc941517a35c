using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Account;

/// <summary>
/// How one offer (product × country × operator) delivered on the user's own orders: orders, decided ones (a code came,
/// or the order ended without one), those with a code, and the time from the buy to the first SMS (median and 90th
/// percentile over the orders whose times are known). Names are spelled as the latest order spelled them.
/// </summary>
public sealed record OfferDelivery(string Country, string Operator, string Product, long Orders, long Decided, long WithCode,
    int Timed, TimeSpan? MedianToCode, TimeSpan? P90ToCode)
{
    public static readonly OfferDelivery None = new("", "", "", 0, 0, 0, 0, null, null);

    /// <summary>Share of decided orders with a code, with its 95 % Wilson interval; null before any order is decided.</summary>
    public Rate? Success => Rate.Of(WithCode, Decided);

    /// <summary>Orders bought whose outcome is not known yet.</summary>
    public long Pending => Orders - Decided;

    public OfferKey Key => OfferKey.Of(Country, Operator, Product);

    /// <summary>One order as read: its offer, whether it is decided or has a code, and ms from creation to the first SMS.</summary>
    public readonly record struct Order(string Country, string Operator, string Product, bool Decided, bool HasCode, long? ToCodeMs);

    /// <summary>Per offer identity (however the orders spelled it), in the order the orders came (oldest first).</summary>
    public static IReadOnlyList<OfferDelivery> Of(IEnumerable<Order> orders) =>
        [.. orders.GroupBy(o => OfferKey.Of(o.Country, o.Operator, o.Product)).Select(g =>
        {
            var latest = g.Last();
            var times = g.Where(o => o.HasCode && o.ToCodeMs is >= 0).Select(o => o.ToCodeMs!.Value).Order().ToList();
            return new OfferDelivery(latest.Country, latest.Operator, latest.Product, g.Count(), g.Count(o => o.Decided),
                g.Count(o => o.HasCode), times.Count, Percentile(times, 0.5), Percentile(times, 0.9));
        })];

    /// <summary>The nearest-rank percentile: the smallest time at or below which at least that share of the times lie.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<long> sortedMs, double share) =>
        sortedMs.Count == 0 ? null : TimeSpan.FromMilliseconds(sortedMs[Math.Max(0, (int)Math.Ceiling(share * sortedMs.Count) - 1)]);
}
