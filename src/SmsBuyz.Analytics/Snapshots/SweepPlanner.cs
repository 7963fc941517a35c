using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Snapshots;

public enum SweepTargetKind { Products, Prices }

/// <summary>One request of a sweep and the part of the market its answer covers.</summary>
public sealed record SweepTarget(SweepTargetKind Kind, string? Country, string? Operator, string? Product, MarketScope Scope)
{
    public string Name => Kind == SweepTargetKind.Products
        ? $"guest/products/{Country}/{Operator}"
        : $"guest/prices?{string.Join('&', new[] { ("product", Product), ("country", Country) }.Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={p.Item2}"))}";
}

/// <summary>
/// Turns <see cref="MonitorOptions"/> into requests: guest products for each country × operator, and guest
/// prices covering each product × country in as few requests as possible — one per product (all countries,
/// kept to the configured ones) when there are fewer products than countries, else one per country. Names are
/// taken by identity (<see cref="OfferNames"/>): <c>russia</c> and <c>ru</c> are one country, asked for by its ISO
/// code as every endpoint accepts; <c>virtual1</c> and <c>Virtual1</c> one operator; products in lower case, as the
/// API document writes them.
/// </summary>
public static class SweepPlanner
{
    public static IReadOnlyList<SweepTarget> Plan(MonitorOptions monitor, bool products = true, bool prices = true)
    {
        var countries = monitor.Countries.Select(OfferNames.CountryKey).Distinct().ToList();
        var operators = monitor.Operators.Select(o => OfferNames.IsAnyOperator(o) ? OfferNames.AnyOperator : o.Trim())
            .DistinctBy(OfferNames.OperatorKey).ToList();
        var productKeys = monitor.Products.Select(OfferNames.ProductKey).Distinct().ToList();
        var countrySet = countries.ToHashSet();
        var targets = new List<SweepTarget>();
        if (products)
        {
            targets.AddRange(
                from country in countries
                from op in operators
                select new SweepTarget(SweepTargetKind.Products, country, op, null, new MarketScope(new HashSet<string> { country }, op, null)));
        }
        if (!prices || productKeys.Count == 0)
            return targets;

        if (monitor.AllProducts)
        {
            targets.AddRange(countries.Select(c =>
                new SweepTarget(SweepTargetKind.Prices, c, null, null, new MarketScope(new HashSet<string> { c }, null, null))));
        }
        else if (productKeys.Count <= countries.Count)
        {
            targets.AddRange(productKeys.Select(p =>
                new SweepTarget(SweepTargetKind.Prices, null, null, p, new MarketScope(countrySet, null, new HashSet<string> { p }))));
        }
        else
        {
            var productSet = productKeys.ToHashSet();
            targets.AddRange(countries.Select(c =>
                new SweepTarget(SweepTargetKind.Prices, c, null, null, new MarketScope(new HashSet<string> { c }, null, productSet))));
        }
        return targets;
    }
}
