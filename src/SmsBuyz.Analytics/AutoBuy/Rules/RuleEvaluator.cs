using System.Globalization;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

/// <summary>
/// Whether a rule fires: a pure function of (rule, global options, offers with their history stats, spend so far,
/// account state, now), so the worker, <c>rules check</c> and the backtest all decide the same way. The limit check
/// is also run again inside the transaction that creates the buy intent, on spend read in that transaction.
/// </summary>
public static class RuleEvaluator
{
    public static RuleDecision Evaluate(RuleOptions rule, AutoBuyOptions global, IReadOnlyList<Candidate> market,
        RuleUsage usage, AccountState account, DateTimeOffset now)
    {
        var inScope = DeliveryRank.Rank(rule, market.Where(c => rule.Covers(c.Country, c.Operator, c.Product))).ToList();
        decimal? Cost(Candidate c) => rule.RankBy == RankBy.CostPerCode ? DeliveryRank.CostPerCode(rule, c) : null;
        // A blocked rule still says how it ranks the offers (rules check shows it), judged by the conditions alone.
        if (Blocked(rule, global, usage, account, now) is { } blocked)
            return new RuleDecision(rule.Name, [], blocked, [.. inScope.Select(c => new RankedOffer(c, Cost(c), Rejects(rule, c)))]);
        if (inScope.Count == 0)
            return new RuleDecision(rule.Name, [], "no stored offer for its product, countries and operators");

        var ranking = inScope.Select(c => new RankedOffer(c, Cost(c), Rejects(rule, c) ?? PriceLimit(rule, global, usage, account, c.Price))).ToList();
        var matches = ranking.Where(r => r.Skipped is null).Select(r => r.Offer).ToList();
        if (matches.Count > 0)
            return new RuleDecision(rule.Name, matches, null, ranking);
        return new RuleDecision(rule.Name, [], $"best offer {Describe(ranking[0].Offer)}: {ranking[0].Skipped}", ranking);
    }

    /// <summary>The first condition the offer fails, or null when all hold.</summary>
    public static string? Rejects(RuleOptions rule, Candidate c)
    {
        if (c.Qty < rule.MinQty)
            return $"stock {c.Qty} below MinQty {rule.MinQty}";
        if (rule.MaxPrice is { } max && c.Price > max)
            return $"price above MaxPrice {M(max)}";
        if (rule.DropPercent is { } drop)
        {
            if (c.Baseline is not { } baseline)
                return $"no history for the {rule.Baseline} baseline";
            var threshold = baseline * (100m - drop) / 100m;
            if (c.Price > threshold)
                return $"not {F(drop)} % below the {rule.Baseline} {M(baseline)} (needs <= {M(threshold)})";
        }
        if (rule.LowestInDays is { } days)
        {
            if (c.Lowest is not { } lowest)
                return $"no history for LowestInDays {days}";
            if (c.Price > lowest)
                return $"not the lowest in {days} days (lowest {M(lowest)})";
        }
        return DeliveryRank.Rejects(rule, c);
    }

    /// <summary>Limits that do not depend on the price; null when none blocks.</summary>
    public static string? Blocked(RuleOptions rule, AutoBuyOptions global, RuleUsage usage, AccountState account, DateTimeOffset now)
    {
        if (rule.Action == RuleAction.Notify)
            return "alert-only (Action Notify): it never buys";
        if (account.Mode == AutoBuyMode.Off)
            return "AutoBuy:Mode is Off";
        if (!rule.Enabled)
            return "disabled";
        if (account.KillSwitch)
            return "kill switch is on";
        if (usage.PausedReason is { } paused)
            return $"paused: {paused}";
        if (rule.MaxOrdersTotal is { } total && usage.OrdersTotal >= total)
            return $"MaxOrdersTotal {total} reached";
        if (rule.MaxOrdersPerDay is { } perDay && usage.OrdersToday >= perDay)
            return $"MaxOrdersPerDay {perDay} reached";
        if (usage.LastBuyAt is { } last && now < last + rule.Cooldown)
            return $"cooling down until {last + rule.Cooldown:u}";
        if (account.OpenOrders >= global.MaxOpenOrders)
            return $"AutoBuy:MaxOpenOrders {global.MaxOpenOrders} open";
        return null;
    }

    /// <summary>Limits that depend on the price: the rule's and the global day spend, and the minimum balance.</summary>
    public static string? PriceLimit(RuleOptions rule, AutoBuyOptions global, RuleUsage usage, AccountState account, decimal price)
    {
        if (rule.MaxSpendPerDay is { } ruleCap && usage.SpentToday + price > ruleCap)
            return $"MaxSpendPerDay {M(ruleCap)} would be exceeded (spent {M(usage.SpentToday)})";
        if (global.DailyBudget is { } budget && account.SpentToday + price > budget)
            return $"AutoBuy:DailyBudget {M(budget)} would be exceeded (spent {M(account.SpentToday)})";
        if (account.Balance is { } balance && balance - price < global.MinBalance)
            return $"balance {M(balance)} minus the price would fall below AutoBuy:MinBalance {M(global.MinBalance)}";
        return null;
    }

    public static string Describe(Candidate c) =>
        $"{c.Product} {c.Country}/{c.Operator}{(c.Provider is null ? "" : $" ({c.Provider})")} at {M(c.Price)} (stock {c.Qty})";

    private static string F(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Amounts as every command prints them (<see cref="Money.Format"/>).</summary>
    private static string M(decimal value) => Money.Format(value);
}
