using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Page;

/// <summary>Everything the overview shows, read in one go when it is asked for.</summary>
public sealed record Overview(DateTimeOffset Now, IReadOnlyList<CheapestOffer> Cheapest, IReadOnlyList<SweepLine> Sweeps,
    IReadOnlyList<OpenOrder> Orders, Buying Buying, IReadOnlyList<(string Rule, AlertState State)> Alerts);

/// <summary>
/// A monitored product's cheapest offer in stock now (null: none in stock, or not stored yet) and that offer's
/// time-weighted 30-day median in 1e-4 units, as the report's <c>price_stats.csv</c> computes it.
/// </summary>
public sealed record CheapestOffer(string Product, SeriesInfo? Offer, long? Median30)
{
    /// <summary>The price against the median in percent: negative is cheaper than usual.</summary>
    public decimal? VsMedian => Offer is { } o && Median30 is > 0 and { } m ? Math.Round((o.Price - m) * 100m / m, 1) : null;
}

/// <summary>The latest sweep of one kind and its failures, grouped by kind.</summary>
public sealed record SweepLine(SweepRow Sweep, IReadOnlyList<SweepErrorGroup> Errors);

/// <summary>
/// Auto-buy today: mode, kill switch, the account's spend and open orders against the global limits, each rule's, and the
/// buys whose outcome is not settled yet (no new buy starts until they are).
/// </summary>
public sealed record Buying(AutoBuyMode Mode, string? KillSwitchFile, bool KillSwitchOn, AccountState Account, decimal? DailyBudget,
    int MaxOpenOrders, IReadOnlyList<(RuleOptions Rule, RuleUsage Usage)> Rules, IReadOnlyList<BuyIntent> Unsettled)
{
    /// <summary>With several accounts: each one's open orders (MaxOpenOrders holds per account), <see cref="Account"/> their sum.</summary>
    public IReadOnlyList<(string Account, int Open)> OpenPerAccount { get; init; } = [];
}
