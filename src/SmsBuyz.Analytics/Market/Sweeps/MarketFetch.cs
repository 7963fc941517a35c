using System.Collections.Concurrent;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// The market's parts of a sweep: one products or prices request (<see cref="SweepTarget"/>), its answer read into
/// points and written as change points under the sweep (<see cref="MarketStore"/>). What a full price list shows of the
/// market's size is learnt here, per provider (<see cref="ShapeOf"/>), so later sweeps may ask for less.
/// </summary>
public sealed class MarketFetch(MarketStore market, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, MarketShape> _shapes = new(StringComparer.Ordinal);

    /// <summary>Learnt from the provider's full price lists; lets later sweeps ask for less when that is a small part of it.</summary>
    public MarketShape ShapeOf(ProviderConnection provider) => _shapes.GetOrAdd(provider.Options.Key, _ => new MarketShape());

    /// <param name="provider">Whom the request asks; the sweep's row and the points are that provider's.</param>
    /// <param name="stored">Told the points the answer held within the target's scopes once they are stored; none
    /// when nothing of the answer could be read. Not told when the request or the write failed.</param>
    public SweepPart Part(ProviderConnection provider, SweepTarget target, Action<IReadOnlyList<MarketPoint>>? stored = null) =>
        new(target.Name, (sweep, ct) => FetchAsync(provider.Client, ShapeOf(provider), sweep, target, stored, ct));

    private async Task<IReadOnlyList<string>> FetchAsync(SmsBuyzClient client, MarketShape knownShape, RunningSweep sweep, SweepTarget target,
        Action<IReadOnlyList<MarketPoint>>? stored, CancellationToken ct)
    {
        var fullList = target.Kind == SweepTargetKind.Prices && target.Product is null && target.Country is null;
        var shape = fullList ? new MarketShape.Counter() : null;
        var answer = new AnswerPoints(target, shape);
        IReadOnlyList<string> problems;
        if (target.Kind == SweepTargetKind.Products)
            problems = await client.ReadProductsAsync(target.Country!, target.Operator!, answer, ct);
        else
        {
            try
            {
                problems = await client.ReadPricesAsync(target.Product, target.Country, answer, ct);
            }
            catch (SmsBuyzApiException ex) when (fullList && ex.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded })
            {
                knownShape.RefuseFullList(); // it would be as large next time: ask in parts from the next sweep on
                throw;
            }
            if (shape is not null && problems.Count == 0)
                knownShape.Learn(shape);
        }
        // An answer with unreadable entries proves nothing absent: marking the series it did not list as out of stock
        // would turn one malformed entry (or a wrong-shaped body with none) into "stock went to zero".
        if (problems.Count > 0 && answer.Read == 0)
        {
            stored?.Invoke([]);
            return problems;
        }
        // Every scope the answer stands for, in one write: a point two scopes hold is looked up and written once.
        var write = await market.WriteAsync(sweep.Provider.Id, sweep.Id, time.GetUtcNow(),
            problems.Count == 0 ? answer.Points : answer.Points.CoveringNothing(), ct);
        sweep.Counts.AddPoints(answer.Points.Points.Count);
        sweep.Counts.AddChanges(write.Changes);
        stored?.Invoke([.. answer.Points.Points.Distinct()]);
        return [.. problems, .. write.Problems];
    }
}
