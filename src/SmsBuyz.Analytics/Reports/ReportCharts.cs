namespace SmsBuyz.Analytics.Reports;

/// <summary>Draws every chart of the page, section by section, in the page's order.</summary>
public static class ReportCharts
{
    public static IReadOnlyList<ChartSection> Draw(ChartKit kit, ReportData data, IProgress<string> progress, CancellationToken ct)
    {
        var trends = new List<Chart>();
        foreach (var chart in TrendCharts.Draw(kit, data))
        {
            ct.ThrowIfCancellationRequested();
            progress.Report($"drew {chart.Title}");
            trends.Add(chart);
        }
        var noTrends = trends.Count == 0 ? [new Chart("price trends", null, "no data for price or stock trends: no products in this selection")] : Array.Empty<Chart>();
        progress.Report("drawing spend, success rates and the heatmap");
        return
        [
            new("Price trends", "Cheapest price over time per country (step lines: a price holds until it changes); dashed lines are auto-buy thresholds from the Rules configuration.",
                [.. trends.Where(c => c.File?.StartsWith("price_", StringComparison.Ordinal) ?? c.Title.Contains("price", StringComparison.Ordinal)), .. noTrends], []),
            new("Stock trends", "Numbers in stock over time per country (sum over operators).",
                [.. trends.Where(c => c.File?.StartsWith("stock_", StringComparison.Ordinal) ?? c.Title.Contains("stock", StringComparison.Ordinal)), .. noTrends], []),
            new("Spend", "What was spent per day (gross and refunded: canceled and timed-out orders are refunded) and the running net total.",
                [.. SpendCharts.Draw(kit, data)], ["spend_daily.csv", "spend_by_product.csv", "spend_by_country.csv"]),
            new("Success rates", "Share of decided orders that received a code, with 95 % Wilson intervals (few orders give wide whiskers).",
                [.. SuccessCharts.Draw(kit, data)], ["success_rates.csv"]),
            new("Price heatmap", "Where each product is cheap or dear now: the country's cheapest in-stock price divided by the product's median over countries.",
                [HeatmapChart.Draw(kit, data, [.. data.Trends.Select(t => t.Product)])], ["cheapest.csv", "price_stats.csv"]),
        ];
    }
}
