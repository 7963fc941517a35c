using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// How big the market is, as the last full price list showed it: entries (country × operator × product) per country
/// and per product, operators per country. <see cref="SweepPlanner"/> compares answer sizes with it; before the first
/// full list it is unknown, and the planner asks for the full list (one request), which teaches it.
/// </summary>
public sealed class MarketShape
{
    private volatile Known? _known;

    public Known? Current => _known;

    public void Learn(IReadOnlyList<PriceOffer> fullList)
    {
        var countries = fullList.GroupBy(o => OfferNames.CountryKey(o.Country))
            .ToDictionary(g => g.Key, g => new CountrySize(g.Count(), g.Select(o => OfferNames.OperatorKey(o.Operator)).Distinct().Count()));
        var products = fullList.GroupBy(o => OfferNames.ProductKey(o.Product)).ToDictionary(g => g.Key, g => (long)g.Count());
        _known = new Known(fullList.Count, countries, products);
    }

    /// <summary>
    /// The full list came back larger than the client accepts (<see cref="Api.AttemptTimeoutHandler.MaxResponseBytes"/>):
    /// from now on it costs more than any other plan, and those are told apart by their requests alone.
    /// </summary>
    public void RefuseFullList() => _known = new Known(long.MaxValue / 4, new Dictionary<string, CountrySize>(), new Dictionary<string, long>());

    public sealed record CountrySize(long Entries, int Operators)
    {
        /// <summary>Entries of one <c>guest/products/{country}/{operator}</c> answer: the country's products.</summary>
        public long PerOperator => Operators == 0 ? 0 : Entries / Operators;
    }

    /// <summary>A country or product the full list did not have counts 0: the API has nothing of it to send.</summary>
    public sealed record Known(long Entries, IReadOnlyDictionary<string, CountrySize> Countries, IReadOnlyDictionary<string, long> Products)
    {
        public CountrySize Country(string key) => Countries.GetValueOrDefault(key) ?? new CountrySize(0, 0);
        public long Product(string key) => Products.GetValueOrDefault(key);
    }
}
