using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

/// <summary>
/// Baselines over a series' history. Prices are step functions, so mean and median are weighted by how long each
/// price held (a price that held for a day outweighs one that held for a minute); a rollup bucket counts as its
/// average held for the bucket. The minimum is the lowest price seen, including inside rollup buckets.
/// </summary>
public static class HistoryStats
{
    public static decimal? Compute(IReadOnlyList<HistoryPoint> points, DateTimeOffset to, Baseline kind)
    {
        if (points.Count == 0)
            return null;
        if (kind == Baseline.Min)
            return points.Min(p => p.PriceMin);

        var steps = new List<(decimal Price, double Weight)>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var end = i + 1 < points.Count ? points[i + 1].At : to;
            // A zero-length step (a change at the very end) still counts a little, so one point alone has a baseline.
            steps.Add((points[i].PriceAvg, Math.Max((end - points[i].At).TotalMilliseconds, 1)));
        }
        var total = steps.Sum(s => s.Weight);
        if (kind == Baseline.Mean)
            return decimal.Round(steps.Sum(s => s.Price * (decimal)(s.Weight / total)), 4);

        var half = total / 2;
        var run = 0.0;
        foreach (var (price, weight) in steps.OrderBy(s => s.Price))
        {
            run += weight;
            if (run >= half)
                return price;
        }
        return steps[^1].Price;
    }

    /// <summary>
    /// The lowest price since <paramref name="since"/>; null unless the history reaches back that far, so a series
    /// first seen an hour ago never counts as "the lowest in 7 days".
    /// </summary>
    public static decimal? Lowest(IReadOnlyList<HistoryPoint> points, DateTimeOffset since) =>
        points.Count == 0 || points[0].At > since ? null : points.Min(p => p.PriceMin);
}
