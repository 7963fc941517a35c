using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Market.Sweeps;

public enum SweepTargetKind { Products, Prices }

/// <summary>
/// One request of a sweep and what its answer is written as: usually one scope; a prices request that stands in for
/// per-operator products requests has a second (<see cref="MarketScope.OperatorRows"/>).
/// </summary>
public sealed record SweepTarget(SweepTargetKind Kind, string? Country, string? Operator, string? Product, IReadOnlyList<MarketScope> Scopes)
{
    public string Name => Kind == SweepTargetKind.Products
        ? $"guest/products/{Country}/{Operator}"
        : "guest/prices" + (Product is null && Country is null ? "" : "?") + string.Join('&',
            new[] { ("product", Product), ("country", Country) }.Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={p.Item2}"));

    /// <summary>The prices of one product at every operator in one country (null: in every country): a rule's watch poll.</summary>
    public static SweepTarget ProductPrices(string product, string? country) =>
        new(SweepTargetKind.Prices, country, null, OfferNames.ProductKey(product),
            [new MarketScope(country is null ? null : [country], null, [product])]);

    /// <summary>The per-operator products answers this prices request stands in for, as countries × operators.</summary>
    public int StandsInFor => Scopes.Where(s => s.Operators is not null).Sum(s => s.Countries!.Count * s.Operators!.Count);
}
