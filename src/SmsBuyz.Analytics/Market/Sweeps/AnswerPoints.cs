using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// One answer's points, kept per scope of its target as the client reads them: of a full price list only what the
/// scopes hold is kept (ten countries of two hundred: a twentieth), and its shape is counted on the way
/// (<see cref="MarketShape.Counter"/>). A products answer is its scope already; a prices answer is kept to each scope it
/// stands for.
/// </summary>
internal sealed class AnswerPoints(SweepTarget target, MarketShape.Counter? shape) : IOfferSink<ProductOffer>, IOfferSink<PriceOffer>
{
    private readonly List<MarketPoint>[] _scoped = [.. target.Scopes.Select(_ => new List<MarketPoint>())];

    /// <summary>Per scope, null for a products request's (named operator): its answer is its scope.</summary>
    private readonly ScopeFilter?[] _filters = [.. target.Scopes.Select(s => s.Operator is null ? new ScopeFilter(s) : null)];

    /// <summary>Offers the answer held, in scope or not.</summary>
    public int Read { get; private set; }

    /// <summary>Points within at least one scope: one that two scopes hold (a configured product at a configured operator) counts once.</summary>
    public int Points { get; private set; }

    public IReadOnlyList<MarketPoint> Within(int scope) => _scoped[scope];

    /// <summary>Every point kept, once, in the order of the scopes.</summary>
    public List<MarketPoint> Distinct() => [.. _scoped.SelectMany(points => points).Distinct()];

    public void Restart()
    {
        foreach (var points in _scoped)
            points.Clear();
        (Read, Points) = (0, 0);
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
        var kept = false;
        for (var i = 0; i < _scoped.Length; i++)
        {
            if (_filters[i] is { } filter && !filter.Contains(point.Country, point.Operator, point.Product))
                continue;
            _scoped[i].Add(point);
            kept = true;
        }
        Points += kept ? 1 : 0;
    }
}
