using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

public sealed record BacktestBuy(string Rule, DateTimeOffset At, Candidate Offer, decimal PeriodMedian, IReadOnlyList<RankedOffer>? Ranking = null);

/// <summary>An alert a Notify rule would have sent.</summary>
public sealed record BacktestAlert(DateTimeOffset At, Alert Alert);

public sealed record BacktestResult(string Rule, IReadOnlyList<BacktestBuy> Buys, IReadOnlyList<BacktestAlert>? Alerts = null)
{
    public decimal Spent => Buys.Sum(b => b.Offer.Price);

    /// <summary>What the same numbers would have cost at their series' median over the period, minus what they cost.</summary>
    public decimal Saved => Buys.Sum(b => b.PeriodMedian - b.Offer.Price);
}

/// <summary>
/// Replays the configured providers' stored history through the rules (each offer its own provider's series): at every stored change point of a rule's series
/// (in time order, all rules on one clock so they share <c>AutoBuy:DailyBudget</c>) the pure evaluator decides with the
/// prices then in force,
/// baselines from the history before each price began (<see cref="PriceJudge"/>, as the worker judges), and the spend
/// of the simulated buys so far. Not simulated: the balance, open orders (orders are assumed to settle at once) and
/// whether a number would really have come: rules that use delivery records judge by the records as they stand now.
/// Notify rules buy nothing; their alerts are replayed through <see cref="AlertJudge"/> from fresh states.
/// </summary>
public sealed class Backtester(MarketReader market, MarketReadModel history)
{
    public async Task<IReadOnlyList<BacktestResult>> RunAsync(IReadOnlyList<RuleOptions> rules, AutoBuyOptions global,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var series = new List<(RuleOptions Rule, Candidate Key, IReadOnlyList<HistoryPoint> Points, decimal? Median)>();
        foreach (var rule in rules)
        {
            var lookBack = PriceJudge.Span(rule);
            var keys = await market.OffersAsync(rule, ct);
            // Delivery records as they stand now, each of its own provider; the prices come from the history below.
            if (DeliveryRank.Uses(rule))
                keys = await market.WithDeliveryAsync(keys, ct);
            foreach (var key in keys)
            {
                var provider = (await market.ProviderAsync(key.Provider, ct)).Id;
                var offer = OfferKey.Of(key.Country, key.Operator, key.Product);
                var points = await history.HistoryAsync(provider, offer, from - lookBack, to, ct);
                var period = await history.HistoryAsync(provider, offer, from, to, ct);
                series.Add((rule, key, points, HistoryStats.Compute(period, to, Baseline.Median)));
            }
        }

        var alerts = rules.Where(r => r.Action == RuleAction.Notify).ToDictionary(r => r, _ => (States: new Dictionary<string, Dictionary<OfferKey, AlertState>>(), Sent: new List<BacktestAlert>()));
        var buys = new List<BacktestBuy>();
        var instants = series.SelectMany(s => s.Points.Select(p => p.At)).Where(t => t >= from && t < to).Distinct().Order();
        foreach (var at in instants)
        {
            foreach (var rule in rules)
            {
                var mine = series.Where(s => s.Rule == rule && s.Points.Any(p => p.At <= at)).ToList();
                var offers = mine.Select(s => OfferAt(rule, s.Key, s.Points, at)).ToList();
                if (alerts.TryGetValue(rule, out var alerting))
                {
                    // Each provider's offers against that provider's states, as the worker keeps them.
                    foreach (var provider in offers.GroupBy(o => o.Provider ?? ""))
                    {
                        if (!alerting.States.TryGetValue(provider.Key, out var states))
                            alerting.States[provider.Key] = states = [];
                        var step = AlertJudge.Judge(rule, [.. provider], states, at);
                        foreach (var state in step.Changed)
                            states[state.Offer] = state;
                        alerting.Sent.AddRange(step.Alerts.Select(a => new BacktestAlert(at, a)));
                    }
                    continue;
                }
                var decision = RuleEvaluator.Evaluate(rule, global, offers, Usage(buys, rule.Name, at), Account(buys, at), at);
                if (decision.Pick is { } pick)
                    buys.Add(new BacktestBuy(rule.Name, at, pick, mine.First(s => s.Key.Provider == pick.Provider && OfferNames.SameCountry(s.Key.Country, pick.Country) && OfferNames.SameOperator(s.Key.Operator, pick.Operator)).Median ?? pick.Price,
                        decision.Ranking));
            }
        }
        return rules.Select(r => new BacktestResult(r.Name, buys.Where(b => b.Rule == r.Name).ToList(),
            alerts.TryGetValue(r, out var a) ? a.Sent : null)).ToList();
    }

    /// <summary>The offer as it stood at <paramref name="at"/>, judged exactly as the live worker judges it (its delivery record kept).</summary>
    private static Candidate OfferAt(RuleOptions rule, Candidate key, IReadOnlyList<HistoryPoint> points, DateTimeOffset at)
    {
        var now = points.Last(p => p.At <= at);
        return PriceJudge.WithStats(rule, key with { Price = now.PriceLast, Qty = now.QtyLast }, points, at);
    }

    private static RuleUsage Usage(List<BacktestBuy> buys, string rule, DateTimeOffset at)
    {
        var mine = buys.Where(b => b.Rule == rule).ToList();
        var today = mine.Where(b => RuleUsage.Day(b.At) == RuleUsage.Day(at)).ToList();
        return new RuleUsage(today.Count, today.Sum(b => b.Offer.Price), mine.Count, mine.Count == 0 ? null : mine[^1].At);
    }

    private static AccountState Account(List<BacktestBuy> buys, DateTimeOffset at) =>
        new(AutoBuyMode.Live, false, buys.Where(b => RuleUsage.Day(b.At) == RuleUsage.Day(at)).Sum(b => b.Offer.Price), null, 0);
}
