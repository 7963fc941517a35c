using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// One observed price and stock of a product in a country at an operator ("any" = the API's aggregate), with the
/// names as the answer (or the request) spelled them; the store matches them by key (<see cref="OfferNames"/>).
/// </summary>
public readonly record struct MarketPoint(string Country, string Operator, string Product, decimal Price, long Qty)
{
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
/// What one successful fetch covered, as keys. A series inside the scope that the answer no longer lists is recorded
/// as out of stock (qty 0, price kept): only series the same endpoint listed before (<see cref="SeriesSources"/>), and
/// only by identity, never because another spelling of one was listed. A null set means "all". A null operator means
/// every real operator but not the "any" aggregate (a prices answer); a named one is the operator a products request
/// asked for, whose points carry that name as asked rather than as the API spells it.
/// </summary>
public sealed record MarketScope
{
    public MarketScope(IEnumerable<string>? countries, string? operatorName, IEnumerable<string>? products)
    {
        Countries = countries?.Select(OfferNames.CountryKey).ToHashSet(StringComparer.Ordinal);
        Operator = operatorName is null ? null : OfferNames.OperatorKey(operatorName);
        Products = products?.Select(OfferNames.ProductKey).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// What <c>guest/products/{country}/{operator}</c> would have answered for each of these countries × operators
    /// (every product), taken from a prices answer that lists the same prices and stock; written with the products
    /// endpoint's authority, so it empties what those requests would have emptied (see <c>SweepPlanner</c>).
    /// </summary>
    public static MarketScope OperatorRows(IEnumerable<string> countries, IEnumerable<string> operators) =>
        new(countries, null, null) { Operators = operators.Select(OfferNames.OperatorKey).ToHashSet(StringComparer.Ordinal) };

    /// <summary>Covers no series: for an answer with unreadable entries, which proves nothing out of stock.</summary>
    public static readonly MarketScope Nothing = new([], null, null);

    public IReadOnlySet<string>? Countries { get; }
    public string? Operator { get; }
    public IReadOnlySet<string>? Products { get; }

    /// <summary>Real operators whose rows a prices answer stands in for (<see cref="OperatorRows"/>); else null.</summary>
    public IReadOnlySet<string>? Operators { get; private init; }

    /// <summary>The endpoint whose authority the write has: a named operator is a products request's.</summary>
    public SeriesSources Source => Operator is null && Operators is null ? SeriesSources.Prices : SeriesSources.Products;

    /// <summary>The same request, covering no series (see <see cref="Nothing"/>).</summary>
    public MarketScope CoveringNothing() => new([], Operator, null) { Operators = Operators };

    public bool Contains(string country, string operatorName, string product) =>
        ContainsCountry(country) && ContainsOperator(operatorName) && ContainsProduct(product);

    // One dimension each, so a reader of many points can remember the answer per name (see Sweeps.AnswerPoints).
    public bool ContainsCountry(string country) => Countries is null || Countries.Contains(OfferNames.CountryKey(country));

    public bool ContainsOperator(string operatorName) =>
        Operators is not null ? Operators.Contains(OfferNames.OperatorKey(operatorName))
        : Operator is null ? !OfferNames.IsAnyOperator(operatorName) : Operator == OfferNames.OperatorKey(operatorName);

    public bool ContainsProduct(string product) => Products is null || Products.Contains(OfferNames.ProductKey(product));
}

/// <summary>What writing one fetch's points did.</summary>
public sealed record MarketWriteResult(int Points, int Changes, IReadOnlyList<string> Problems);
