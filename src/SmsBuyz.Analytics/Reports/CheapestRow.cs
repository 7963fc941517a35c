using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// A product's current cheapest in-stock offer over every provider in scope, the runner-up (the next offer anywhere: another
/// country, operator or provider), and <see cref="Elsewhere"/>, the cheapest at a provider other than the best one's.
/// </summary>
public sealed record CheapestRow(string Product, SeriesInfo? Best, SeriesInfo? RunnerUp, SeriesInfo? Elsewhere = null)
{
    /// <summary>How much dearer the cheapest offer at another provider is (1e-4 units); null without one.</summary>
    public long? ElsewhereDifference => Best is { } b && Elsewhere is { } e ? e.Price - b.Price : null;

    /// <summary>
    /// Per product, from the latest state of its series (every provider's): offers in stock, the cheapest first (then
    /// the most stock, then by provider, country and operator name, so the choice is stable).
    /// </summary>
    public static IReadOnlyList<CheapestRow> Of(IEnumerable<SeriesInfo> series) => [.. series.GroupBy(s => s.Product).Select(g =>
    {
        var offers = ReportData.Comparable(g).Where(s => s.Qty > 0).OrderBy(s => s.Price).ThenByDescending(s => s.Qty)
            .ThenBy(s => s.Provider, StringComparer.Ordinal).ThenBy(s => s.Country, StringComparer.Ordinal).ThenBy(s => s.Operator, StringComparer.Ordinal)
            .ToList();
        var best = offers.FirstOrDefault();
        return new CheapestRow(g.Key, best, offers.Skip(1).FirstOrDefault(), offers.FirstOrDefault(s => best is not null && s.ProviderId != best.ProviderId));
    })];
}
