using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>What a market response held: the offers read, and what could not be read (never dropped silently).</summary>
public sealed record MarketResult<T>(IReadOnlyList<T> Offers, IReadOnlyList<string> Problems);

/// <summary>Parses <c>guest/prices</c> (products: <see cref="ProductsParser"/>).</summary>
internal static class MarketParser
{
    /// <summary>
    /// <c>guest/prices</c> nests objects down to leaves <c>{"cost": ..., "count": ...}</c>. The documented
    /// answer for product+country is country → operator; the related 5sim API answers product-only queries
    /// as product → country → operator and the rest as country → product → operator. The leaf depth and the
    /// query tell which level is which; a level the query fixed takes the query's value.
    /// </summary>
    public static MarketResult<PriceOffer> ParsePrices(JsonElement root, string? product, string? country)
    {
        var offers = new List<PriceOffer>();
        var problems = new List<string>();
        var path = new List<string>(3);
        Walk(root, path, product, country, offers, problems);
        return new(offers, problems);
    }

    private static void Walk(JsonElement node, List<string> path, string? product, string? country,
        List<PriceOffer> offers, List<string> problems)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"unexpected {node.ValueKind} at '{string.Join('/', path)}'");
            return;
        }
        if (TolerantJson.TryGet(node, "cost", out _))
        {
            AddLeaf(node, path, product, country, offers, problems);
            return;
        }
        if (path.Count >= 3)
        {
            problems.Add($"nesting deeper than country/product/operator at '{string.Join('/', path)}'");
            return;
        }
        foreach (var child in node.EnumerateObject())
        {
            path.Add(child.Name);
            Walk(child.Value, path, product, country, offers, problems);
            path.RemoveAt(path.Count - 1);
        }
    }

    private static void AddLeaf(JsonElement leaf, List<string> path, string? product, string? country,
        List<PriceOffer> offers, List<string> problems)
    {
        var where = string.Join('/', path);
        var key = ResolveLevels(path, product, country);
        var cost = TolerantJson.Decimal(leaf, "cost");
        var count = TolerantJson.Long(leaf, "count");
        if (key is null || cost is null || count is null || cost < 0 || count < 0)
        {
            problems.Add($"price entry '{where}' could not be read");
            return;
        }
        offers.Add(new PriceOffer(key.Value.Country, key.Value.Operator, key.Value.Product, cost.Value, count.Value));
    }

    /// <summary>A level present in the answer is read from it (the API's own spelling); only a level the answer
    /// leaves out takes the query's value.</summary>
    private static (string Country, string Operator, string Product)? ResolveLevels(
        List<string> path, string? product, string? country)
    {
        switch (path.Count)
        {
            case 1 when product is not null && country is not null:
                return (country, path[0], product);
            case 2 when product is not null:
                return (path[0], path[1], product);
            case 2 when country is not null:
                return (country, path[1], path[0]);
            case 3:
                var productFirst = product is not null
                    && (country is null || Offers.OfferNames.SameProduct(path[0], product));
                return productFirst ? (path[1], path[2], path[0]) : (path[0], path[2], path[1]);
            default:
                return null;
        }
    }
}
