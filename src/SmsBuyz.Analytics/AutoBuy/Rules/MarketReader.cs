using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

/// <summary>
/// The stored market as a rule sees it, through the market's read model: the latest state of the rule's product,
/// countries and operators (never the "any" aggregate: a buy names a real operator, so the re-check and the price cap
/// are exact) at every configured provider the rule buys at, each offer with the rule's baseline and lowest price from
/// the tier-transparent history of its own provider, and that provider's delivery record when the rule uses it.
/// Providers that are not configured (the sandbox's, an earlier base URL's) never look like an offer here.
/// </summary>
public sealed class MarketReader(MarketReadModel market, DeliveryReader delivery, ProviderSet providers)
{
    /// <summary>The stored provider an offer's <see cref="Candidate.Provider"/> names (null: the only, default provider).</summary>
    public Task<ProviderRef> ProviderAsync(string? label, CancellationToken ct) => providers.MarketOf(label).Identities.ProviderAsync(ct);

    public async Task<IReadOnlyList<Candidate>> CandidatesAsync(RuleOptions rule, DateTimeOffset now, CancellationToken ct) =>
        await WithStatsAsync(rule, await OffersAsync(rule, ct), now, ct);

    /// <summary>The offers a rule covers, as stored now (their latest price and stock): the live and backtest series list.</summary>
    public async Task<IReadOnlyList<Candidate>> OffersAsync(RuleOptions rule, CancellationToken ct)
    {
        var offers = new List<Candidate>();
        foreach (var connection in providers.Markets.Where(c => rule.BuysAt(c.Name)))
        {
            var provider = await connection.Identities.ProviderAsync(ct);
            var label = providers.Label(connection);
            var rows = await market.LatestAsync(new MarketFilter { Provider = provider.Id, Products = [rule.Product], WithAggregate = false }, ct);
            offers.AddRange(rows.Select(r => new Candidate(r.Country, r.Operator, r.Product, Money.FromUnits(r.Price), r.Qty, Provider: label))
                .Where(c => rule.Covers(c.Country, c.Operator, c.Product)));
        }
        return offers;
    }

    /// <summary>Every product with a stored offer, as the API last spelled it: what a rule's product is checked against.</summary>
    public Task<IReadOnlyList<string>> ProductsAsync(CancellationToken ct) => market.ProductsAsync(ct);

    /// <summary>
    /// Adds the rule's baseline and lowest price to offers (also fresh ones from a watch poll), judged as
    /// <see cref="PriceJudge"/> judges them in the backtest: against the history before each offer's price began.
    /// </summary>
    public async Task<IReadOnlyList<Candidate>> WithStatsAsync(RuleOptions rule, IReadOnlyList<Candidate> offers, DateTimeOffset now, CancellationToken ct)
    {
        if (DeliveryRank.Uses(rule))
            offers = await WithDeliveryAsync(offers, ct);
        if (rule.DropPercent is null && rule.LowestInDays is null)
            return offers;
        var result = new List<Candidate>(offers.Count);
        foreach (var c in offers)
        {
            var provider = await ProviderAsync(c.Provider, ct);
            var history = await market.HistoryAsync(provider.Id, OfferKey.Of(c.Country, c.Operator, c.Product), now - PriceJudge.Span(rule), now, ct);
            result.Add(PriceJudge.WithStats(rule, c, history, now));
        }
        return result;
    }

    /// <summary>The offers with the user's delivery record of each at its own provider (<see cref="DeliveryReader.RuleWindow"/>), by identity.</summary>
    public async Task<IReadOnlyList<Candidate>> WithDeliveryAsync(IReadOnlyList<Candidate> offers, CancellationToken ct)
    {
        var records = new Dictionary<string, IReadOnlyDictionary<OfferKey, OfferDelivery>>();
        var result = new List<Candidate>(offers.Count);
        foreach (var c in offers)
        {
            var label = c.Provider ?? "";
            if (!records.TryGetValue(label, out var record))
                records[label] = record = await delivery.ForRulesAsync((await ProviderAsync(c.Provider, ct)).Id, ct);
            result.Add(c with { Delivery = record.GetValueOrDefault(OfferKey.Of(c.Country, c.Operator, c.Product)) });
        }
        return result;
    }

    /// <summary>Bumped by every market write; the worker evaluates when it moves.</summary>
    public Task<long> MarketVersionAsync(CancellationToken ct) => market.VersionAsync(ct);
}
