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
/// per rule would fill the worker's diary, and the health follows the scheduled sweeps. Every provider the rule buys at
/// is polled at once, each through its own market entry.
/// </summary>
public sealed class WatchPoller(SweepPipeline pipeline, MarketFetch market, ProviderSet providers)
{
    /// <summary>
    /// The offers of the rule's product in its countries as polled now (every operator) at each of its providers, once
    /// stored; a provider whose request or write failed adds none (what the poll did not see never looks like a price),
    /// and null when that is every provider.
    /// </summary>
    public async Task<IReadOnlyList<Candidate>?> PollAsync(RuleOptions rule, CancellationToken ct)
    {
        var polls = await Task.WhenAll(providers.Markets.Where(c => rule.BuysAt(c.Name)).Select(c => PollAsync(c, rule, ct)));
        return polls.All(p => p is null) ? null : [.. polls.OfType<IReadOnlyList<Candidate>>().SelectMany(p => p)];
    }

    private async Task<IReadOnlyList<Candidate>?> PollAsync(ProviderConnection provider, RuleOptions rule, CancellationToken ct)
    {
        IReadOnlyList<string?> countries = rule.AllCountriesWanted ? [null] : [.. rule.CountryCodes];
        // One slot per country, each filled by its own part: the offers keep the countries' order.
        var seen = new IReadOnlyList<MarketPoint>?[countries.Count];
        var parts = countries.Select((country, i) =>
            market.Part(provider, SweepTarget.ProductPrices(rule.Product, country), points => seen[i] = points)).ToList();
        var plan = $"rule {rule.Name}: prices {rule.Product} in {string.Join(",", countries.Select(c => c ?? "*"))}";
        await pipeline.RunAsync(provider, SweepKind.Watch, plan, parts, ended: null, ct);
        if (seen.Any(points => points is null))
            return null;
        var label = providers.Label(provider);
        return [.. seen.SelectMany(points => points!)
            .Select(p => new Candidate(OfferNames.CountryKey(p.Country), p.Operator, p.Product, p.Price, p.Qty, Provider: label))];
    }
}
