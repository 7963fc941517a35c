namespace SmsBuyz.Sandbox.Market;

/// <summary>Questions across a country's operators: the "any" aggregate and which operator a buy gets.</summary>
internal static class MarketQueries
{
    /// <summary>
    /// The "any" row: the cheapest price among operators with stock (the cheapest overall when none
    /// has any, so the price stays meaningful), with the stock of all operators summed.
    /// </summary>
    public static (decimal Price, long Qty) Any(Catalog catalog, IMarket market, Country country, int product)
    {
        var offers = Offers(catalog, country, product).ToList();
        var inStock = offers.Where(o => market.Qty(o) > 0).ToList();
        var price = (inStock.Count > 0 ? inStock : offers).Min(market.Price);
        return (price, offers.Sum(market.Qty));
    }

    /// <summary>The operator "any" buys from: cheapest with stock, first in catalog order on a tie; -1 if none.</summary>
    public static int CheapestInStock(Catalog catalog, IMarket market, Country country, int product)
    {
        var best = -1;
        for (var op = 0; op < country.Operators.Count; op++)
        {
            var offer = catalog.OfferIndex(country, op, product);
            if (market.Qty(offer) > 0 && (best < 0 || market.Price(offer) < market.Price(catalog.OfferIndex(country, best, product))))
            {
                best = op;
            }
        }

        return best;
    }

    private static IEnumerable<int> Offers(Catalog catalog, Country country, int product) =>
        Enumerable.Range(0, country.Operators.Count).Select(op => catalog.OfferIndex(country, op, product));
}
