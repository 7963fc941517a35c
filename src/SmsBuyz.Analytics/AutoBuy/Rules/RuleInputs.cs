using System.Globalization;
using SmsBuyz.Analytics.Account;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

/// <summary>
/// One offer as a rule sees it: the current price and stock of a (country, operator, product), with the rule's
/// baseline over its window and the lowest price over its <c>LowestInDays</c> (null when there is no history), and
/// the user's delivery record of the offer when the rule ranks or filters by it. <see cref="Provider"/> is where it is
/// offered when several providers are configured; null with one, the default provider (so every line reads as before).
/// </summary>
public sealed record Candidate(string Country, string Operator, string Product, decimal Price, long Qty,
    decimal? Baseline = null, decimal? Lowest = null, OfferDelivery? Delivery = null, string? Provider = null);

/// <summary>What a rule has already bought (or, in dry-run, would have): today (UTC) and in total.</summary>
public sealed record RuleUsage(int OrdersToday, decimal SpentToday, int OrdersTotal, DateTimeOffset? LastBuyAt,
    string? PausedReason = null)
{
    public static readonly RuleUsage None = new(0, 0m, 0, null);

    /// <summary>The UTC day that "today" means for usage and the daily budgets; the intent store keys each intent by it.</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The account-wide inputs: mode, kill switch, today's spend by all rules, balance (null = unknown), open orders.</summary>
public sealed record AccountState(AutoBuyMode Mode, bool KillSwitch, decimal SpentToday, decimal? Balance, int OpenOrders);

/// <summary>
/// The outcome for one rule: the matching offers best first (by the rule's <c>RankBy</c>, then most stock), why it
/// does not fire (null when it fires with <see cref="Pick"/>), and every offer in scope as ranked with why it was skipped.
/// </summary>
public sealed record RuleDecision(string Rule, IReadOnlyList<Candidate> Matches, string? WhyNot, IReadOnlyList<RankedOffer>? Ranking = null)
{
    public bool Fires => WhyNot is null;
    public Candidate? Pick => Fires ? Matches[0] : null;
}
