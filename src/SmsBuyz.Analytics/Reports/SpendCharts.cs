using ScottPlot;

namespace SmsBuyz.Analytics.Reports;

/// <summary>Spend per day (gross and refunded bars) and the cumulative net spend, one slot per UTC day with orders.</summary>
public static class SpendCharts
{
    /// <summary>More day labels than this would overlap at 1200 px; every n-th day is labelled instead.</summary>
    private const int MaxDayLabels = 15;

    public static Chart Daily(ChartKit kit, ReportData data)
    {
        const string title = "Spend per day: gross and refunded";
        var days = SpendRow.PerKey(data.SpendDaily);
        if (days.Count == 0)
            return new Chart(title, null, "no data for spend: no orders in this period");
        var bars = kit.Create(title, "Day (UTC)", "Amount (account currency)");
        var gross = bars.Add.Bars(days.Select((d, i) => new Bar { Position = i - 0.2, Value = Amount(d.Gross), Size = 0.4 }).ToArray());
        gross.LegendText = "gross spent";
        gross.Color = Colors.SteelBlue;
        var refunded = bars.Add.Bars(days.Select((d, i) => new Bar { Position = i + 0.2, Value = Amount(d.Refunded), Size = 0.4 }).ToArray());
        refunded.LegendText = "refunded (canceled, timeout)";
        refunded.Color = Colors.Orange;
        DayTicks(bars, days, days.Max(d => Amount(d.Gross)));
        bars.ShowLegend(Alignment.UpperLeft);
        return kit.Save(bars, title, "spend_daily");
    }

    public static Chart Cumulative(ChartKit kit, ReportData data)
    {
        const string title = "Cumulative net spend";
        var days = SpendRow.PerKey(data.SpendDaily);
        if (days.Count == 0)
            return new Chart(title, null, "no data for cumulative spend: no orders in this period");
        var line = kit.Create(title, "Day (UTC)", "Net spent so far (account currency)");
        var total = 0m;
        var sums = days.Select(d => (double)(total += Storage.Money.FromUnits(d.Net))).ToArray();
        var net = line.Add.Scatter(days.Select((_, i) => (double)i).ToArray(), sums);
        net.LegendText = "net spent (gross − refunded) by the end of the day";
        net.LineWidth = 2;
        net.MarkerSize = 7;
        DayTicks(line, days, sums[^1]);
        line.ShowLegend(Alignment.UpperLeft);
        return kit.Save(line, title, "spend_cumulative");
    }

    /// <summary>Day labels, a slot per day, and a y axis from 0 (amounts are compared by height).</summary>
    private static void DayTicks(Plot plot, IReadOnlyList<SpendRow> days, double top)
    {
        var step = (days.Count + MaxDayLabels - 1) / MaxDayLabels;
        var labelled = Enumerable.Range(0, days.Count).Where(i => i % step == 0).ToList();
        plot.Axes.Bottom.SetTicks([.. labelled.Select(i => (double)i)], [.. labelled.Select(i => days[i].Key)]);
        // At least a week wide, so a day or two of orders are bars, not walls.
        var pad = Math.Max(0, (7 - days.Count) / 2.0);
        plot.Axes.SetLimits(-0.6 - pad, days.Count - 0.4 + pad, 0, Math.Max(top, 0.0001) * 1.15);
    }

    private static double Amount(long units) => (double)Storage.Money.FromUnits(units);
}
