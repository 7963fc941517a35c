using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// Turns <see cref="MonitorOptions"/> into the fewest requests that cover them. What a sweep needs, and who can give it:
/// <list type="bullet">
/// <item>the "any" aggregate per country: only <c>guest/products/{country}/any</c> reports it, so it is always asked;</item>
/// <item>per-operator rows, every product of each configured operator in each country (<c>guest/products/{c}/{op}</c>):
/// the same price and stock a prices answer lists for that country, operator and product, so a prices answer holding
/// all of a country's products (the full list, or that country's) stands in for them. Lost: only the Category field,
/// which nothing stores and the country's "any" answer still carries;</item>
/// <item>prices of the configured products in each country at every operator: the full list, per country or per product.</item>
/// </list>
/// The full list (<c>guest/prices</c>, both parameters omitted) is one request for everything, and the plan until the
/// <see cref="MarketShape"/> is known. Then each plan costs the entries its answers carry plus
/// <see cref="RequestCost"/> per request, and the cheapest wins: a few products or countries of a large market are
/// asked for on their own (5 of 250 products: 5 requests of 280 entries instead of 1 of 70,000), most of it in one list.
/// Countries are asked for by ISO code (every endpoint takes it), products in lower case.
/// </summary>
public static class SweepPlanner
{
    /// <summary>
    /// What one more request costs, in answer entries: about 2,000 entries (70 KB) take as long to send as a round trip
    /// with its headers, and each request spends a token of the rate limit.
    /// </summary>
    public const long RequestCost = 2_000;

    public static IReadOnlyList<SweepTarget> Plan(MonitorOptions monitor, bool products = true, bool prices = true, MarketShape.Known? shape = null)
    {
        var countries = monitor.Countries.Select(OfferNames.CountryKey).Distinct().ToList();
        var operators = monitor.Operators.Select(o => OfferNames.IsAnyOperator(o) ? OfferNames.AnyOperator : o.Trim())
            .DistinctBy(OfferNames.OperatorKey).ToList();
        var productKeys = monitor.AllProducts ? null : monitor.Products.Select(OfferNames.ProductKey).Distinct().ToList();
        var need = new Need(countries, products ? [.. operators.Where(o => !OfferNames.IsAnyOperator(o))] : [],
            prices && productKeys is not [], productKeys);

        var targets = new List<SweepTarget>();
        if (products && operators.Any(OfferNames.IsAnyOperator))
            targets.AddRange(countries.Select(c => ProductsTarget(c, OfferNames.AnyOperator)));
        if (need.Rows || need.Prices)
            targets.AddRange(Choose(need, shape));
        return targets;
    }

    private static List<SweepTarget> Choose(Need need, MarketShape.Known? shape)
    {
        var full = PriceList(need, null);
        if (shape is null)
            return full;
        return Alternatives(need).Prepend(full).MinBy(plan => Entries(plan, shape) + (plan.Count * RequestCost))!;
    }

    private static IEnumerable<List<SweepTarget>> Alternatives(Need need)
    {
        yield return [.. need.Countries.SelectMany(c => PriceList(need, c))];
        if (need.Prices && need.Products is { } products)
            yield return [.. products.Select(p => PricesTarget(null, p, new MarketScope(need.Countries, null, [p]))), .. RowRequests(need)];
        if (!need.Prices)
            yield return RowRequests(need);
    }

    /// <summary>The full list (<paramref name="country"/> null) or one country's: everything it can stand in for.</summary>
    private static List<SweepTarget> PriceList(Need need, string? country)
    {
        var countries = country is null ? need.Countries : [country];
        var scopes = new List<MarketScope>();
        if (need.Prices)
            scopes.Add(new MarketScope(countries, null, need.Products));
        if (need.Rows)
            scopes.Add(MarketScope.OperatorRows(countries, need.Operators));
        return [PricesTarget(country, null, [.. scopes])];
    }

    private static List<SweepTarget> RowRequests(Need need) =>
        [.. from c in need.Countries from op in need.Operators select ProductsTarget(c, op)];

    /// <summary>Entries the plan's answers carry, by the last full list.</summary>
    private static long Entries(List<SweepTarget> plan, MarketShape.Known shape) => plan.Sum(t => t switch
    {
        { Kind: SweepTargetKind.Products } => shape.Country(t.Country!).PerOperator,
        { Product: { } p } => shape.Product(p),
        { Country: { } c } => shape.Country(c).Entries,
        _ => shape.Entries,
    });

    private static SweepTarget ProductsTarget(string country, string op) =>
        new(SweepTargetKind.Products, country, op, null, [new MarketScope([country], op, null)]);

    private static SweepTarget PricesTarget(string? country, string? product, params MarketScope[] scopes) =>
        new(SweepTargetKind.Prices, country, null, product, scopes);

    /// <summary>Per-operator rows wanted for <see cref="Operators"/> (real ones, never "any"); prices for <see cref="Products"/> (null: all).</summary>
    private sealed record Need(List<string> Countries, List<string> Operators, bool Prices, List<string>? Products)
    {
        public bool Rows => Operators.Count > 0;
    }
}
