using System.Globalization;
using ScottPlot;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// Per product: the cheapest price and the stock over time in each country, as step lines (prices are change points).
/// The page's offer charts are the same plots with one line (<see cref="PricePlot"/>, <see cref="StockPlot"/>).
/// </summary>
public static class TrendCharts
{
    public static Chart Price(ChartKit kit, ReportData data, ProductTrend trend)
    {
        var title = $"{trend.Product}: cheapest price by country";
        var thresholds = data.Thresholds.Where(t => Offers.OfferNames.SameProduct(t.Product, trend.Product)).Select(t => t.MaxPrice).ToList();
        return Save(kit, PricePlot(kit, trend, title, thresholds, data.Scope.To), trend, title, "price_");
    }

    /// <summary>
    /// The product's cheapest price at each provider over time (a line per provider, each its cheapest over every country
    /// and operator in scope), the buy rules' caps dashed: where it is cheapest, and since when.
    /// </summary>
    public static Chart ByProvider(ChartKit kit, ReportData data, ProductTrend trend)
    {
        var title = $"{trend.Product}: cheapest price at each provider";
        var thresholds = data.Thresholds.Where(t => Offers.OfferNames.SameProduct(t.Product, trend.Product)).Select(t => t.MaxPrice).ToList();
        return Save(kit, PricePlot(kit, trend with { Countries = trend.Providers }, title, thresholds, data.Scope.To), trend, title, "price_providers_");
    }

    public static Chart Stock(ChartKit kit, ReportData data, ProductTrend trend)
    {
        var title = $"{trend.Product}: stock by country";
        return Save(kit, StockPlot(kit, trend, title, data.Scope.To), trend, title, "stock_");
    }

    /// <summary>The lowest price of each line at each step, the buy rules' caps as dashed lines; null without data.</summary>
    public static Plot? PricePlot(ChartKit kit, ProductTrend trend, string title, IReadOnlyList<decimal> thresholds, DateTimeOffset end) =>
        Line(kit, trend, title, "Price (account currency)", p => (double)p.CheapestPrice, thresholds, end);

    /// <summary>The numbers in stock of each line at each step's end; null without data.</summary>
    public static Plot? StockPlot(ChartKit kit, ProductTrend trend, string title, DateTimeOffset end) =>
        Line(kit, trend, title, "Numbers in stock", p => p.Stock, [], end);

    private static Chart Save(ChartKit kit, Plot? plot, ProductTrend trend, string title, string prefix) =>
        plot is null ? new Chart(title, null, $"no data for {trend.Product} in this period") : kit.Save(plot, title, prefix + ChartKit.Slug(trend.Product));

    private static Plot? Line(ChartKit kit, ProductTrend trend, string title, string yLabel, Func<TrendPoint, double> value,
        IReadOnlyList<decimal> thresholds, DateTimeOffset end)
    {
        if (trend.Countries.Count == 0)
            return null;
        var plot = kit.Create(title, "Time (UTC)", yLabel);
        foreach (var (country, points) in trend.Countries.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            // A last point at the end of the range carries the final value to the right edge.
            var xs = new double[points.Count + 1];
            var ys = new double[points.Count + 1];
            for (var i = 0; i < points.Count; i++)
                (xs[i], ys[i]) = (points[i].At.UtcDateTime.ToOADate(), value(points[i]));
            (xs[^1], ys[^1]) = (end.UtcDateTime.ToOADate(), ys[^2]);
            plot.Add.Plottable(new StepLine(xs, ys, plot.Add.GetNextColor(), 2, country));
        }
        foreach (var max in thresholds)
        {
            var rule = plot.Add.HorizontalLine((double)max, 2, Colors.Red, LinePattern.Dashed);
            rule.LegendText = $"rule: buy at ≤ {max.ToString(CultureInfo.InvariantCulture)}";
        }
        ChartKit.DateAxis(plot, end - trend.Countries.Values.Min(p => p[0].At), "Time (UTC)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
