using ScottPlot;

namespace SmsBuyz.Analytics.Reports;

/// <summary>Products × countries, colour = the country's current cheapest in-stock price relative to the product's median over countries.</summary>
public static class HeatmapChart
{
    public const string Title = "Current price relative to the product's median over countries";
    private const int Scale = 4;

    public static Chart Draw(ChartKit kit, ReportData data, IReadOnlyList<string> products)
    {
        var cheapest = ReportData.Comparable(data.Series).Where(s => s.Qty > 0 && products.Contains(s.Product))
            .GroupBy(s => (s.Product, s.Country)).ToDictionary(g => g.Key, g => (double)g.Min(s => s.Price));
        var countries = cheapest.Keys.Select(k => k.Country).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = products.Where(p => countries.Any(c => cheapest.ContainsKey((p, c)))).ToList();
        if (rows.Count == 0)
            return new Chart(Title, null, "no data for the price heatmap: nothing in stock now");

        // Row 0 is drawn at the top, so the products read top-down in name order like the tables. Each cell is a block of
        // Scale × Scale values: ScottPlot draws nothing for a heatmap only one value high.
        var values = new double[rows.Count * Scale, countries.Count * Scale];
        for (var r = 0; r < rows.Count; r++)
        {
            var prices = countries.Select(c => cheapest.GetValueOrDefault((rows[r], c), double.NaN)).ToList();
            var median = Median(prices.Where(p => !double.IsNaN(p)).ToList());
            for (var c = 0; c < countries.Count; c++)
                for (var i = 0; i < Scale * Scale; i++)
                    values[(r * Scale) + (i / Scale), (c * Scale) + (i % Scale)] = prices[c] / median;
        }
        var plot = kit.Create(Title, "Country", "Product");
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Turbo();
        heatmap.NaNCellColor = Colors.White;
        heatmap.Rectangle = new CoordinateRect(-0.5, countries.Count - 0.5, -0.5, rows.Count - 0.5);
        var bar = plot.Add.ColorBar(heatmap, Edge.Right);
        bar.Label = "price ÷ product median (1 = median; white = none in stock)";
        plot.Axes.Bottom.SetTicks([.. countries.Select((_, i) => (double)i)], [.. countries]);
        plot.Axes.Left.SetTicks([.. rows.Select((_, i) => (double)(rows.Count - 1 - i))], [.. rows]);
        plot.Axes.SetLimits(-0.5, countries.Count - 0.5, -0.5, rows.Count - 0.5);
        return kit.Save(plot, Title, "price_heatmap");
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
