using System.Globalization;
using ScottPlot;

namespace SmsBuyz.Analytics.Reports;

/// <summary>Spend per day (gross and refunded bars) and the cumulative net spend.</summary>
public static class SpendCharts
{
    public static IEnumerable<Chart> Draw(ChartKit kit, ReportData data)
    {
        const string daily = "Spend per day: gross and refunded", cumulative = "Cumulative net spend";
        if (data.SpendDaily.Count == 0)
        {
            yield return new Chart(daily, null, "no data for spend: no orders in this period");
            yield return new Chart(cumulative, null, "no data for cumulative spend: no orders in this period");
            yield break;
        }
        var days = data.SpendDaily.Select(d => DateTime.ParseExact(d.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();

        var bars = kit.Create(daily, "Day (UTC)", "Amount (account currency)");
        var gross = bars.Add.Bars(days.Select(d => d.ToOADate() - 0.2), data.SpendDaily.Select(d => (double)Money(d.Gross)));
        gross.LegendText = "gross spent";
        var refunded = bars.Add.Bars(days.Select(d => d.ToOADate() + 0.2), data.SpendDaily.Select(d => (double)Money(d.Refunded)));
        refunded.LegendText = "refunded (canceled, timeout)";
        foreach (var bar in gross.Bars.Concat(refunded.Bars))
            bar.Size = 0.4;
        ChartKit.DateAxis(bars, TimeSpan.FromDays(Math.Max(4, days.Count)), "Day (UTC)");
        bars.Axes.Margins(bottom: 0);
        bars.ShowLegend(Alignment.UpperLeft);
        yield return kit.Save(bars, daily, "spend_daily");

        var line = kit.Create(cumulative, "Day (UTC)", "Net spent so far (account currency)");
        var total = 0m;
        var ys = data.SpendDaily.Select(d => (double)(total += Money(d.Net))).ToList();
        var net = line.Add.Scatter(days.Select(d => d.AddDays(1).ToOADate()).ToList(), ys);
        net.LegendText = "net spent (gross − refunded), at the end of each day";
        ChartKit.DateAxis(line, TimeSpan.FromDays(Math.Max(4, days.Count)), "Day (UTC)");
        line.ShowLegend(Alignment.UpperLeft);
        yield return kit.Save(line, cumulative, "spend_cumulative");
    }

    private static decimal Money(long units) => Storage.Money.FromUnits(units);
}
