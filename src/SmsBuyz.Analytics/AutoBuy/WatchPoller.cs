using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// A rule's watch poll: <c>guest/prices</c> for its product in its countries, stored as change points under a sweep
/// row of its own kind (<see cref="SweepKind.Watch"/>) exactly as a prices sweep stores them, so the history, the reports
/// and the backtest hold the prices a buy was judged on.
/// </summary>
public sealed class WatchPoller(SmsBuyzClient client, MarketStore market, SweepStore sweeps, TimeProvider time)
{
    /// <summary>The offers of the rule's product in its countries as polled now (every operator); throws when a read fails.</summary>
    public async Task<IReadOnlyList<Candidate>> PollAsync(RuleOptions rule, CancellationToken ct)
    {
        IReadOnlyList<string?> countries = rule.AllCountriesWanted ? [null] : [.. rule.CountryCodes];
        var sweepId = await sweeps.StartAsync(SweepKind.Watch, $"rule {rule.Name}: prices {rule.Product} in {string.Join(",", countries.Select(c => c ?? "*"))}", ct);
        var counts = new SweepCounts();
        var seen = new List<MarketPoint>();
        try
        {
            foreach (var country in countries)
                seen.AddRange(await FetchAsync(sweepId, rule.Product, country, counts, ct));
        }
        catch (SmsBuyzApiException ex)
        {
            // Recorded as a failure of the poll, never as a price or as stock going to zero.
            counts.AddError();
            await sweeps.RecordErrorAsync(sweepId, "guest/prices", SweepErrorKind.Of(ex.Kind), ex.Message, CancellationToken.None);
            throw;
        }
        finally
        {
            await sweeps.FinishAsync(sweepId, counts, CancellationToken.None);
        }
        return seen.Select(p => new Candidate(OfferNames.CountryKey(p.Country), p.Operator, p.Product, p.Price, p.Qty)).ToList();
    }

    private async Task<List<MarketPoint>> FetchAsync(long sweepId, string product, string? country, SweepCounts counts, CancellationToken ct)
    {
        counts.AddRequests(1);
        var result = await client.GetPricesAsync(OfferNames.ProductKey(product), country, ct);
        var scope = new MarketScope(country is null ? null : [country], null, [product]);
        List<MarketPoint> points = [.. result.Offers
            .Select(o => new MarketPoint(o.Country, o.Operator, o.Product, o.Cost, o.Count))
            .Where(p => scope.Contains(p.Country, p.Operator, p.Product))];
        // As a sweep does: an answer with unreadable entries proves nothing absent, so it marks nothing out of stock.
        if (result.Problems.Count > 0 && points.Count == 0)
            return points;
        var written = await market.WriteAsync(sweepId, time.GetUtcNow(), result.Problems.Count == 0 ? scope : MarketScope.Nothing, points, ct);
        counts.AddPoints(written.Points);
        counts.AddChanges(written.Changes);
        return points;
    }
}
