namespace SmsBuyz.Analytics.Reports;

/// <summary>Draws every chart of the page, in parallel on the cores there are, and returns them section by section in the page's order.</summary>
public static class ReportCharts
{
    /// <param name="progress">Told of each chart drawn, when given (<c>report --verbose</c>).</param>
    public static async Task<IReadOnlyList<ChartSection>> DrawAsync(ChartKit kit, ReportData data, IProgress<string>? progress, CancellationToken ct)
    {
        Func<Chart>[] noTrends = data.Trends.Count == 0
            ? [() => new Chart("price trends", null, "no data for price or stock trends: no products in this selection")]
            : [];
        var providers = data.Series.DistinctBy(s => s.ProviderId).Select(s => s.Provider).Order(StringComparer.Ordinal).ToList();
        Func<Chart>[] byProvider = providers.Count > 1
            ? [.. data.Trends.Select(t => (Func<Chart>)(() => TrendCharts.ByProvider(kit, data, t))), .. noTrends]
            : [() => new Chart("prices at each provider", null, providers.Count == 0 ? "no data for providers: no prices in this selection"
                : $"one provider in this selection ({providers[0]}): nothing to compare; its prices are in the trends above")];
        (string Heading, string About, Func<Chart>[] Charts, string[] Csv)[] sections =
        [
            ("Price trends", "Cheapest price over time per country (step lines: a price holds until it changes); dashed lines are auto-buy thresholds from the Rules configuration.",
                [.. data.Trends.Select(t => (Func<Chart>)(() => TrendCharts.Price(kit, data, t))), .. noTrends], []),
            ("Prices at each provider", "Per product, its cheapest price at each provider over time (a line per provider: its cheapest over every country and operator); " +
                "the cheapest-now table at the top names the cheapest offer at another provider and how much dearer it is.",
                byProvider, ["cheapest.csv"]),
            ("Stock trends", "Numbers in stock over time per country (sum over operators).",
                [.. data.Trends.Select(t => (Func<Chart>)(() => TrendCharts.Stock(kit, data, t))), .. noTrends], []),
            ("Spend", "What was spent per day (gross and refunded: canceled and timed-out orders are refunded) and the running net total.",
                [() => SpendCharts.Daily(kit, data), () => SpendCharts.Cumulative(kit, data)], ["spend_daily.csv", "spend_by_product.csv", "spend_by_country.csv"]),
            ("Success rates", "Share of decided orders that received a code, with 95 % Wilson intervals (few orders give wide whiskers).",
                [() => SuccessCharts.ByCountry(kit, data), () => SuccessCharts.ByOperator(kit, data)], ["success_rates.csv"]),
            ("Delivery times", "Per offer (product × country × operator) from your own orders: decided orders, the success rate with its 95 % Wilson interval, " +
                "and the time from the buy to the first SMS (bar: median; whisker: 90th percentile). Rules with RankBy CostPerCode or MinSuccessRate judge offers by these records (their last 90 days).",
                [() => DeliveryReport.Chart(kit, data)], [DeliveryReport.File]),
            ("Providers and accounts", "Per account of each provider: its balance as its latest account sweep read it, its orders and net spend in the period, the success rate of its " +
                "decided orders (95 % Wilson interval) and the time from the buy to the first SMS over all its orders (median and 90th percentile).",
                [() => SuccessCharts.ByAccount(kit, data)], [AccountsReport.File]),
            ("Price heatmap", "Where each product is cheap or dear now: the country's cheapest in-stock price divided by the product's median over countries.",
                [() => HeatmapChart.Draw(kit, data, [.. data.Trends.Select(t => t.Product)])], ["cheapest.csv", "price_stats.csv"]),
            ("Best time to buy", $"When each charted product is cheapest: its time-weighted price in each hour of the week ({data.BestHoursZone}, Schedules:TimeZone), " +
                "each offer against its own average over the period so dear and cheap countries weigh alike, over the part of the period with hour-level " +
                "detail (daily rollups have none). Prices held while out of stock count too. A weekday pattern needs a few weeks of history: over fewer, a trend shows as a weekday.",
                [.. data.BestHours.Select(p => (Func<Chart>)(() => BestHoursReport.Heatmap(kit, data, p)))], [BestHoursReport.File]),
        ];
        var charts = await DrawAllAsync([.. sections.SelectMany(s => s.Charts)], progress, ct);
        var tables = new Dictionary<string, string> { ["Delivery times"] = DeliveryReport.Table(data), ["Providers and accounts"] = AccountsReport.Table(data), ["Best time to buy"] = BestHoursReport.Table(data) };
        var drawn = new List<ChartSection>();
        var first = 0;
        foreach (var (heading, about, draw, csv) in sections)
        {
            drawn.Add(new ChartSection(heading, about, charts[first..(first + draw.Length)], csv, tables.GetValueOrDefault(heading)));
            first += draw.Length;
        }
        return drawn;
    }

    /// <summary>
    /// One chart per thread at a time, as many threads as cores: drawing and encoding are CPU work, and a ScottPlot
    /// plot is not thread-safe, but separate plots are independent.
    /// </summary>
    private static async Task<Chart[]> DrawAllAsync(Func<Chart>[] draw, IProgress<string>? progress, CancellationToken ct)
    {
        var charts = new Chart[draw.Length];
        var gate = new Lock();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, draw.Length), options, (i, _) =>
        {
            charts[i] = draw[i]();
            // The caller's progress need not be thread-safe (the command writes lines to a TextWriter).
            if (progress is not null)
                lock (gate)
                    progress.Report($"drew {charts[i].Title}");
            return ValueTask.CompletedTask;
        });
        return charts;
    }
}
