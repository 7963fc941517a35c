using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Page;

/// <summary>
/// The cheapest offer in stock now of each monitored product (<c>Monitor:Products</c>, in its order; with <c>*</c> every
/// product stored), chosen as the report chooses it (<see cref="ReportData.Comparable"/>: real operators, the API's
/// <c>any</c> only where a country has nothing else; the lowest price, then the most stock), with its 30-day median from
/// the report's statistics.
/// </summary>
public sealed class MarketNow(MarketReadModel market, ReportLoader statistics, IOptions<MonitorOptions> monitor)
{
    public async Task<IReadOnlyList<CheapestOffer>> CheapestAsync(DateTimeOffset now, CancellationToken ct)
    {
        var m = monitor.Value;
        var series = await market.LatestAsync(m.AllProducts ? MarketFilter.All : new MarketFilter { Products = m.Products }, ct);
        var byProduct = series.GroupBy(s => OfferNames.ProductKey(s.Product)).ToDictionary(g => g.Key, g => g.ToList());
        var products = m.AllProducts
            ? byProduct.Values.Select(g => g[0].Product).Order(StringComparer.Ordinal).ToList()
            : m.Products.Select(p => byProduct.TryGetValue(OfferNames.ProductKey(p), out var g) ? g[0].Product : p.Trim())
                .DistinctBy(OfferNames.ProductKey).ToList();
        var best = products.Select(p => (Product: p, Offer: byProduct.TryGetValue(OfferNames.ProductKey(p), out var g)
                ? ReportData.Comparable(g).Where(s => s.Qty > 0).OrderBy(s => s.Price).ThenByDescending(s => s.Qty).FirstOrDefault()
                : null))
            .ToList();
        var offers = best.Select(b => b.Offer).OfType<SeriesInfo>().ToList();
        var medians = (await statistics.StatsAsync(offers, now, ct)).ToDictionary(s => s.Series.Id, s => s.Month?.Median);
        return [.. best.Select(b => new CheapestOffer(b.Product, b.Offer, b.Offer is { } o ? medians.GetValueOrDefault(o.Id) : null))];
    }
}
