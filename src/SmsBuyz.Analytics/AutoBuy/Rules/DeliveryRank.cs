using System.Globalization;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

public enum RankBy { Price, CostPerCode }

/// <summary>One offer in a rule's ranking: its expected cost per code (CostPerCode rules) and why it was skipped (null: it matches).</summary>
public sealed record RankedOffer(Candidate Offer, decimal? CostPerCode, string? Skipped);

/// <summary>
/// Ranking and filtering by the user's own delivery record. Cost per code = price ÷ the 95 % Wilson lower bound of the
/// offer's success rate: what a code is expected to cost at worst plausible, so an offer with few orders is not taken
/// at its lucky face value. Below <c>MinDecided</c> decided orders an offer has the <see cref="Prior"/> instead.
/// </summary>
public static class DeliveryRank
{
    /// <summary>
    /// The success rate assumed for an offer still below MinDecided decided orders: a little under the lower bound of a
    /// perfect record of 5 (5 of 5 gives 57 %), so a new offer is tried when it is cheaper per code than the proven
    /// ones but never outranks a proven reliable offer at the same price.
    /// </summary>
    public const double Prior = 0.5;

    /// <summary>Whether the rule needs delivery records at all.</summary>
    public static bool Uses(RuleOptions rule) => rule.RankBy == RankBy.CostPerCode || rule.MinSuccessRate is not null;

    /// <summary>Whether the offer's own record counts (at least MinDecided decided orders).</summary>
    public static bool Proven(RuleOptions rule, Candidate c) => c.Delivery is { } d && d.Decided >= rule.MinDecided && d.Decided > 0;

    /// <summary>The success rate the rule judges by: the lower bound once proven, else the prior.</summary>
    public static double RateFor(RuleOptions rule, Candidate c) => Proven(rule, c) ? c.Delivery!.Success!.Value.Low : Prior;

    /// <summary>Price ÷ rate; null when no code is to be expected (a lower bound of 0, up to rounding: no code in any decided order).</summary>
    public static decimal? CostPerCode(RuleOptions rule, Candidate c) =>
        RateFor(rule, c) is var rate && rate > 1e-9 ? decimal.Round(c.Price / (decimal)rate, 4) : null;

    /// <summary>Best first: by price, or by cost per code (no code expected last, then by price); then most stock.</summary>
    public static IEnumerable<Candidate> Rank(RuleOptions rule, IEnumerable<Candidate> offers) => rule.RankBy == RankBy.CostPerCode
        ? offers.OrderBy(c => CostPerCode(rule, c) ?? decimal.MaxValue).ThenBy(c => c.Price).ThenByDescending(c => c.Qty)
        : offers.OrderBy(c => c.Price).ThenByDescending(c => c.Qty);

    /// <summary>
    /// Why the record rules the offer out, or null: a proven offer below <c>MinSuccessRate</c>; an offer still proving
    /// itself that already has MinDecided orders, so it is not bought again until they are decided (so a new offer is
    /// tried at most MinDecided times before its own record counts).
    /// </summary>
    public static string? Rejects(RuleOptions rule, Candidate c)
    {
        if (!Uses(rule))
            return null;
        var d = c.Delivery ?? OfferDelivery.None;
        if (Proven(rule, c))
            return rule.MinSuccessRate is { } min && d.Success!.Value.Low < min
                ? $"success rate at least {Percent(d.Success.Value.Low)} ({d.WithCode} of {d.Decided} decided orders with a code) is below MinSuccessRate {Percent(min)}"
                : null;
        return d.Orders >= rule.MinDecided
            ? $"waiting for its orders: {d.Decided} of {d.Orders} decided, {rule.MinDecided} (MinDecided) needed before it is bought again"
            : null;
    }

    /// <summary>The record as people read it: "9 of 10 with a code (60–98 %), code in 42 s median, 75 s p90", or "no orders".</summary>
    public static string Describe(OfferDelivery? d)
    {
        if (d is null || d.Orders == 0)
            return "no orders";
        var rate = d.Success is { } s ? $"{d.WithCode} of {d.Decided} decided with a code ({Percent(s.Low)}–{Percent(s.High)})" : $"{d.Orders} order(s), none decided";
        return d.MedianToCode is { } median ? $"{rate}, code in {Seconds(median)} median, {Seconds(d.P90ToCode!.Value)} p90" : rate;
    }

    /// <summary>"1.25 per code", or the prior's note for an offer still proving itself.</summary>
    public static string DescribeCost(RuleOptions rule, Candidate c) =>
        (CostPerCode(rule, c) is { } cost ? $"{Money.Format(cost)} per code" : "no code expected")
        + (Proven(rule, c) ? "" : $" (prior {Percent(Prior)}: fewer than {rule.MinDecided} decided orders)");

    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";
}
