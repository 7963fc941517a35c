using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Page;

/// <summary>
/// The cheapest offer in stock now of each monitored product (<c>Monitor:Products</c>, in its order, each listed even
/// without an offer in stock; with <c>*</c> every product with one), as the report chooses it
/// (<see cref="MarketReadModel.CheapestAsync"/>), with its 30-day median from the report's statistics. The market is
/// every stored provider's, as the report's: the cheapest is wherever it is offered.
/// </summary>
public sealed class MarketNow(MarketReadModel market, ReportLoader statistics, IOptions<MonitorOptions> monitor)
{
    public async Task<IReadOnlyList<CheapestOffer>> CheapestAsync(DateTimeOffset now, CancellationToken ct)
    {
        var m = monitor.Value;
        var offers = await market.CheapestAsync(new MarketFilter { Products = m.AllProducts ? [] : m.Products }, ct);
        var medians = (await statistics.StatsAsync(offers, now, ct)).ToDictionary(s => s.Series.Id, s => s.Month?.Median);
        var byProduct = offers.ToDictionary(o => OfferNames.ProductKey(o.Product));
        var products = m.AllProducts ? offers.Select(o => o.Product) : m.Products.Select(p => p.Trim()).DistinctBy(OfferNames.ProductKey);
        return [.. products.Select(p => byProduct.GetValueOrDefault(OfferNames.ProductKey(p)) is { } o
            ? new CheapestOffer(o.Product, o, medians.GetValueOrDefault(o.Id))
            : new CheapestOffer(p, null, null))];
    }
}
