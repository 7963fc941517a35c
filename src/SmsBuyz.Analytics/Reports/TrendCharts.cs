using ScottPlot;

namespace SmsBuyz.Analytics.Reports;

/// <summary>Per product: the cheapest price and the stock over time in each country, as step lines (prices are change points).</summary>
public static class TrendCharts
{
    public static Chart Price(ChartKit kit, ReportData data, ProductTrend trend) =>
        Line(kit, trend, $"{trend.Product}: cheapest price by country", "Price (account currency)", "price_", p => (double)p.CheapestPrice,
            [.. data.Thresholds.Where(t => Offers.OfferNames.SameProduct(t.Product, trend.Product)).Select(t => t.MaxPrice)], data.Scope.To);

    public static Chart Stock(ChartKit kit, ReportData data, ProductTrend trend) =>
        Line(kit, trend, $"{trend.Product}: stock by country", "Numbers in stock", "stock_", p => p.Stock, [], data.Scope.To);

    private static Chart Line(ChartKit kit, ProductTrend trend, string title, string yLabel, string prefix, Func<TrendPoint, double> value,
        List<decimal> thresholds, DateTimeOffset end)
    {
        if (trend.Countries.Count == 0)
            return new Chart(title, null, $"no data for {trend.Product} in this period");
        var plot = kit.Create(title, "Time (UTC)", yLabel);
        foreach (var (country, points) in trend.Countries.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            // A last point at the end of the range carries the final value to the right edge.
            var xs = points.Select(p => p.At.UtcDateTime.ToOADate()).Append(end.UtcDateTime.ToOADate()).ToList();
            var ys = points.Select(value).ToList();
            ys.Add(ys[^1]);
            var line = plot.Add.ScatterLine(xs, ys);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = country;
        }
        foreach (var max in thresholds)
        {
            var rule = plot.Add.HorizontalLine((double)max, 2, Colors.Red, LinePattern.Dashed);
            rule.LegendText = $"rule: buy at ≤ {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }
        ChartKit.DateAxis(plot, end - trend.Countries.Values.Min(p => p[0].At), "Time (UTC)");
        plot.ShowLegend(Edge.Right);
        return kit.Save(plot, title, prefix + ChartKit.Slug(trend.Product));
    }
}
