using System.Globalization;
using ScottPlot;
using SmsBuyz.Analytics.Account;

namespace SmsBuyz.Analytics.Reports;

/// <summary>Success rate (code received) by country and by operator: bars with 95 % Wilson whiskers and order counts.</summary>
public static class SuccessCharts
{
    private const int MaxBars = 30;

    public static Chart ByCountry(ChartKit kit, ReportData data) =>
        Bars(kit, "Success rate by country", "Country", "success_by_country", data.Outcomes.GroupBy(o => o.Country));

    public static Chart ByOperator(ChartKit kit, ReportData data) =>
        Bars(kit, "Success rate by operator", "Operator", "success_by_operator", data.Outcomes.GroupBy(o => o.Operator));

    /// <summary>Per account of each provider: where numbers actually deliver.</summary>
    public static Chart ByAccount(ChartKit kit, ReportData data) =>
        Bars(kit, "Success rate by provider and account", "Account at provider", "success_by_account", data.Outcomes.GroupBy(o => $"{o.Account} at {o.Provider}"));

    private static Chart Bars(ChartKit kit, string title, string yLabel, string name, IEnumerable<IGrouping<string, OutcomeRow>> groups)
    {
        var rates = groups.Select(g => (Key: g.Key, Rate: Rate.Of(g.Sum(o => o.WithCode), g.Sum(o => o.Decided))))
            .Where(r => r.Rate is not null).ToList();
        if (rates.Count == 0)
            return new Chart(title, null, $"no data for {title.ToLowerInvariant()}: no finished, canceled or coded orders in this period");
        // More bars than this would not leave their labels room at 1200 px; the ones with the most orders are shown.
        if (rates.Count > MaxBars)
            title += string.Create(CultureInfo.InvariantCulture, $" ({MaxBars} of {rates.Count} with the most orders)");
        rates = [.. rates.OrderByDescending(r => r.Rate!.Value.Trials).Take(MaxBars).OrderBy(r => r.Key, StringComparer.Ordinal)];
        // Horizontal bars: category names and counts get a line each, however many there are; the first is at the top.
        var plot = kit.Create(title, "Orders with a code (%)", yLabel);
        var ys = rates.Select((_, i) => (double)(rates.Count - 1 - i)).ToList();
        var values = rates.Select(r => r.Rate!.Value.Value * 100).ToList();
        var bars = plot.Add.Bars(ys.Zip(values, (y, v) => new Bar { Position = y, Value = v, Orientation = Orientation.Horizontal }).ToArray());
        bars.Horizontal = true;
        bars.LegendText = "success rate (after each name: orders with a code / decided orders)";
        bars.Color = Colors.SeaGreen;
        var whiskers = plot.Add.ErrorBar(values, ys, ys.Select(_ => 0.0).ToList());
        whiskers.XErrorNegative = rates.Select(r => (r.Rate!.Value.Value - r.Rate.Value.Low) * 100).ToList();
        whiskers.XErrorPositive = rates.Select(r => (r.Rate!.Value.High - r.Rate.Value.Value) * 100).ToList();
        whiskers.YErrorNegative = whiskers.YErrorPositive = null;
        whiskers.LegendText = "95 % Wilson interval";
        whiskers.Color = Colors.Black;
        plot.Axes.Left.SetTicks([.. ys], [.. rates.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{(r.Key.Length == 0 ? "(none)" : r.Key)} ({r.Rate!.Value.Successes}/{r.Rate.Value.Trials})"))]);
        plot.Axes.SetLimits(0, 102, -0.6, rates.Count - 0.4);
        plot.ShowLegend(Edge.Bottom);
        return kit.Save(plot, title, name);
    }
}
