using SmsBuyz.Analytics.Market;

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
/// kept to the configured ones) when there are fewer products than countries, else one per country.
/// </summary>
public static class SweepPlanner
{
    public static IReadOnlyList<SweepTarget> Plan(MonitorOptions monitor, bool products = true, bool prices = true)
    {
        var countries = monitor.Countries.Select(MarketPoint.NormalizeCountry).Distinct().ToList();
        var countrySet = countries.ToHashSet();
        var targets = new List<SweepTarget>();
        if (products)
        {
            targets.AddRange(
                from country in countries
                from op in monitor.Operators.Distinct(StringComparer.OrdinalIgnoreCase)
                select new SweepTarget(SweepTargetKind.Products, country, op, null, new MarketScope(new HashSet<string> { country }, op, null)));
        }
        if (!prices || monitor.Products.Count == 0)
            return targets;

        if (monitor.AllProducts)
        {
            targets.AddRange(countries.Select(c =>
                new SweepTarget(SweepTargetKind.Prices, c, null, null, new MarketScope(new HashSet<string> { c }, null, null))));
        }
        else if (monitor.Products.Count <= countries.Count)
        {
            targets.AddRange(monitor.Products.Distinct().Select(p =>
                new SweepTarget(SweepTargetKind.Prices, null, null, p, new MarketScope(countrySet, null, new HashSet<string> { p }))));
        }
        else
        {
            var productSet = monitor.Products.ToHashSet();
            targets.AddRange(countries.Select(c =>
                new SweepTarget(SweepTargetKind.Prices, c, null, null, new MarketScope(new HashSet<string> { c }, null, productSet))));
        }
        return targets;
    }
}
