using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// One answer's points, kept per scope of its target as the client reads them: of a full price list only what the
/// scopes hold is kept (ten countries of two hundred: a twentieth), and its shape is counted on the way
/// (<see cref="MarketShape.Counter"/>). A products answer is its scope already; a prices answer keeps what any scope it
/// stands for holds, once, noting which (<see cref="ScopedPoints"/>).
/// </summary>
internal sealed class AnswerPoints(SweepTarget target, MarketShape.Counter? shape) : IOfferSink<ProductOffer>, IOfferSink<PriceOffer>
{

    /// <summary>Per scope, null for a products request's (named operator): its answer is its scope.</summary>
    private readonly ScopeFilter?[] _filters = [.. target.Scopes.Select(s => s.Operator is null ? new ScopeFilter(s) : null)];

    /// <summary>Offers the answer held, in scope or not.</summary>
    public int Read { get; private set; }

    /// <summary>Points within at least one scope: one that two scopes hold (a configured product at a configured operator) is kept once.</summary>
    public ScopedPoints Points { get; } = new(target.Scopes);

    public void Restart()
    {
        Points.Clear();
        Read = 0;
        shape?.Clear();
    }

    public void Add(in ProductOffer offer) =>
        Keep(new MarketPoint(target.Country!, target.Operator!, offer.Product, offer.Price, offer.Qty));

    public void Add(in PriceOffer offer)
    {
        shape?.Add(offer);
        Keep(new MarketPoint(offer.Country, offer.Operator, offer.Product, offer.Cost, offer.Count));
    }

    private void Keep(in MarketPoint point)
    {
        Read++;
        var heldBy = 0;
        for (var i = 0; i < _filters.Length; i++)
        {
            if (_filters[i] is not { } filter || filter.Contains(point.Country, point.Operator, point.Product))
                heldBy |= 1 << i;
        }
        if (heldBy != 0)
            Points.Add(point, heldBy);
    }
}
