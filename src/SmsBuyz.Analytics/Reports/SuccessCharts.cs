using System.Globalization;
using ScottPlot;

namespace SmsBuyz.Analytics.Reports;

/// <summary>Success rate (code received) by country and by operator: bars with 95 % Wilson whiskers and order counts.</summary>
public static class SuccessCharts
{
    public static IEnumerable<Chart> Draw(ChartKit kit, ReportData data)
    {
        yield return Bars(kit, "Success rate by country", "Country", "success_by_country", data.Outcomes.GroupBy(o => o.Country));
        yield return Bars(kit, "Success rate by operator", "Operator", "success_by_operator", data.Outcomes.GroupBy(o => o.Operator));
    }

    private static Chart Bars(ChartKit kit, string title, string xLabel, string name, IEnumerable<IGrouping<string, OutcomeRow>> groups)
    {
        var rates = groups.Select(g => (Key: g.Key, Rate: Rate.Of(g.Sum(o => o.WithCode), g.Sum(o => o.Decided))))
            .Where(r => r.Rate is not null).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        if (rates.Count == 0)
            return new Chart(title, null, $"no data for {title.ToLowerInvariant()}: no finished, canceled or coded orders in this period");
        var plot = kit.Create(title, xLabel, "Orders with a code (%)");
        var bars = plot.Add.Bars(rates.Select((r, i) => new Bar
        {
            Position = i,
            Value = r.Rate!.Value.Value * 100,
        }).ToArray());
        bars.LegendText = "success rate (under each bar: orders with a code / decided orders)";
        bars.Color = Colors.SeaGreen;
        var whiskers = plot.Add.ErrorBar(
            rates.Select((_, i) => (double)i).ToList(), rates.Select(r => r.Rate!.Value.Value * 100).ToList(), rates.Select(_ => 0.0).ToList());
        whiskers.YErrorNegative = rates.Select(r => (r.Rate!.Value.Value - r.Rate.Value.Low) * 100).ToList();
        whiskers.YErrorPositive = rates.Select(r => (r.Rate!.Value.High - r.Rate.Value.Value) * 100).ToList();
        whiskers.LegendText = "95 % Wilson interval";
        whiskers.Color = Colors.Black;
        plot.Axes.Bottom.SetTicks([.. rates.Select((_, i) => (double)i)], [.. rates.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{(r.Key.Length == 0 ? "(none)" : r.Key)}\n{r.Rate!.Value.Successes}/{r.Rate.Value.Trials}"))]);
        plot.Axes.SetLimitsY(0, 112);
        plot.ShowLegend(Alignment.UpperRight);
        return kit.Save(plot, title, name);
    }
}
