namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Which level of a <c>guest/prices</c> answer is which. The documented answer for product+country is country →
/// operator; the related 5sim API answers product-only queries as product → country → operator and the rest as
/// country → product → operator. The leaf's depth and the query tell them apart.
/// </summary>
internal static class PriceLevels
{
    /// <summary>A level present in the answer is read from it (the API's own spelling); only a level the answer
    /// leaves out takes the query's value.</summary>
    public static (string Country, string Operator, string Product)? Resolve(List<string> path, string? product, string? country)
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
