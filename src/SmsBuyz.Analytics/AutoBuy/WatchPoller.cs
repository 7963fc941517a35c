using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// A rule's watch poll: <c>guest/prices</c> for its product in each of its countries, run as a sweep of its own kind
/// (<see cref="SweepKind.Watch"/>) through the same pipeline as a scheduled sweep (<see cref="SweepPipeline"/>,
/// <see cref="MarketFetch"/>), so the history, the reports and the backtest hold the prices a buy was judged on, and a
/// failed request is a <c>sweep_error</c> row of the poll. The sweep listeners are not told: a poll every few seconds
/// per rule would fill the worker's diary, and the health follows the scheduled sweeps. Rules buy at the default provider.
/// </summary>
public sealed class WatchPoller(SweepPipeline pipeline, MarketFetch market, ProviderSet providers)
{
    /// <summary>
    /// The offers of the rule's product in its countries as polled now (every operator), once stored; null when a
    /// request or its write failed: what the poll did not see never looks like a price.
    /// </summary>
    public async Task<IReadOnlyList<Candidate>?> PollAsync(RuleOptions rule, CancellationToken ct)
    {
        IReadOnlyList<string?> countries = rule.AllCountriesWanted ? [null] : [.. rule.CountryCodes];
        // One slot per country, each filled by its own part: the offers keep the countries' order.
        var seen = new IReadOnlyList<MarketPoint>?[countries.Count];
        var parts = countries.Select((country, i) =>
            market.Part(providers.Default, SweepTarget.ProductPrices(rule.Product, country), points => seen[i] = points)).ToList();
        var plan = $"rule {rule.Name}: prices {rule.Product} in {string.Join(",", countries.Select(c => c ?? "*"))}";
        await pipeline.RunAsync(providers.Default, SweepKind.Watch, plan, parts, ended: null, ct);
        if (seen.Any(points => points is null))
            return null;
        return [.. seen.SelectMany(points => points!)
            .Select(p => new Candidate(OfferNames.CountryKey(p.Country), p.Operator, p.Product, p.Price, p.Qty))];
    }
}
