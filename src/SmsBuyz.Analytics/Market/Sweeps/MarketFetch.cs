using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// The market's parts of a sweep: one products or prices request (<see cref="SweepTarget"/>), its answer read into
/// points and written as change points under the sweep (<see cref="MarketStore"/>). What a full price list shows of the
/// market's size is learnt here (<see cref="Shape"/>), so later sweeps may ask for less.
/// </summary>
public sealed class MarketFetch(SmsBuyzClient client, MarketStore market, TimeProvider time)
{
    /// <summary>Learnt from full price lists; lets later sweeps ask for less when that is a small part of it.</summary>
    public MarketShape Shape { get; } = new();

    /// <param name="stored">Told the points the answer held within the target's scopes once they are stored; none
    /// when nothing of the answer could be read. Not told when the request or the write failed.</param>
    public SweepPart Part(SweepTarget target, Action<IReadOnlyList<MarketPoint>>? stored = null) =>
        new(target.Name, (sweep, ct) => FetchAsync(sweep, target, stored, ct));

    private async Task<IReadOnlyList<string>> FetchAsync(RunningSweep sweep, SweepTarget target, Action<IReadOnlyList<MarketPoint>>? stored,
        CancellationToken ct)
    {
        List<MarketPoint> points;
        IReadOnlyList<string> problems;
        if (target.Kind == SweepTargetKind.Products)
        {
            var result = await client.GetProductsAsync(target.Country!, target.Operator!, ct);
            points = MarketPoint.FromProducts(target.Country!, target.Operator!, result.Offers);
            problems = result.Problems;
        }
        else
        {
            var fullList = target.Product is null && target.Country is null;
            MarketResult<PriceOffer> result;
            try
            {
                result = await client.GetPricesAsync(target.Product, target.Country, ct);
            }
            catch (SmsBuyzApiException ex) when (fullList && ex.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded })
            {
                Shape.RefuseFullList(); // it would be as large next time: ask in parts from the next sweep on
                throw;
            }
            if (fullList && result.Problems.Count == 0)
                Shape.Learn(result.Offers);
            points = [.. result.Offers.Select(o => new MarketPoint(o.Country, o.Operator, o.Product, o.Cost, o.Count))];
            problems = result.Problems;
        }
        // An answer with unreadable entries proves nothing absent: marking the series it did not list as out of stock
        // would turn one malformed entry (or a wrong-shaped body with none) into "stock went to zero".
        if (problems.Count > 0 && points.Count == 0)
        {
            stored?.Invoke([]);
            return problems;
        }
        // Each scope the answer stands for is written on its own, together: they share the store's next commit.
        var at = time.GetUtcNow();
        var writes = await Task.WhenAll(target.Scopes.Select(scope => market.WriteAsync(sweep.Provider.Id, sweep.Id, at,
            problems.Count == 0 ? scope : scope.CoveringNothing(), Within(scope, points), ct)));
        // A point two scopes hold (a configured product at a configured operator) counts once.
        sweep.Counts.AddPoints(writes.Length == 1 ? writes[0].Points
            : points.Count(p => target.Scopes.Any(scope => scope.Contains(p.Country, p.Operator, p.Product))));
        sweep.Counts.AddChanges(writes.Sum(w => w.Changes));
        stored?.Invoke([.. target.Scopes.SelectMany(scope => Within(scope, points)).Distinct()]);
        return [.. problems, .. writes.SelectMany(w => w.Problems).Distinct()];
    }

    /// <summary>A products answer is its scope already; a prices answer is kept to each scope it stands for.</summary>
    private static List<MarketPoint> Within(MarketScope scope, List<MarketPoint> points) =>
        scope.Operator is not null ? points : [.. points.Where(p => scope.Contains(p.Country, p.Operator, p.Product))];
}
