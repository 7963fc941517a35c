namespace SmsBuyz.Analytics.Market;

/// <summary>One observed price and stock of a product in a country at an operator ("any" = the API's aggregate).</summary>
public readonly record struct MarketPoint(string Country, string Operator, string Product, decimal Price, long Qty)
{
    public const string AnyOperator = "any";

    public static string NormalizeCountry(string country) => country.Trim().ToLowerInvariant();

    /// <summary>The points of one <c>guest/products/{country}/{operator}</c> answer.</summary>
    public static List<MarketPoint> FromProducts(string country, string operatorName, IReadOnlyList<Api.ProductOffer> offers)
    {
        var points = new List<MarketPoint>(offers.Count);
        foreach (var o in offers)
            points.Add(new MarketPoint(country, operatorName, o.Product, o.Price, o.Qty));
        return points;
    }
}

/// <summary>
/// What one successful fetch covered. A series inside the scope that the answer no longer lists is
/// recorded as out of stock (qty 0, price kept). A null set means "all"; a null operator means every real
/// operator but not the "any" aggregate, which only the products endpoint reports.
/// </summary>
public sealed record MarketScope(IReadOnlySet<string>? Countries, string? Operator, IReadOnlySet<string>? Products)
{
    /// <summary>Covers no series: for an answer with unreadable entries, which proves nothing out of stock.</summary>
    public static readonly MarketScope Nothing = new(new HashSet<string>(), null, null);

    public bool Contains(string country, string operatorName, string product) =>
        (Countries is null || Countries.Contains(country))
        && (Operator is null
            ? !string.Equals(operatorName, MarketPoint.AnyOperator, StringComparison.OrdinalIgnoreCase)
            : string.Equals(operatorName, Operator, StringComparison.OrdinalIgnoreCase))
        && (Products is null || Products.Contains(product));
}

/// <summary>What writing one fetch's points did.</summary>
public sealed record MarketWriteResult(int Points, int Changes, IReadOnlyList<string> Problems);
