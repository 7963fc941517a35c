using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;
using SmsBuyz.Analytics.Export;

namespace SmsBuyz.Analytics.Reports;

/// <summary>The report's "best time to buy" section: best_hours.csv, a weekday × hour heatmap per charted product, a table.</summary>
public static class BestHoursReport
{
    public const string File = "best_hours.csv";

    public static readonly string[] Header =
        ["product", "time_zone", "weekday", "hour", "covered_hours", "mean_price", "price_index", "vs_average_pct"];

    public static Task WriteAsync(string folder, ReportData data, CancellationToken ct) =>
        CsvFile.WriteAsync(Path.Combine(folder, File), Header, data.BestHours.SelectMany(p => p.Cells.Select(c => (string?[])
            [p.Product, data.BestHoursZone, BestHours.Weekdays[c.Weekday], c.Hour.ToString(CultureInfo.InvariantCulture),
             c.CoveredHours.ToString("0.##", CultureInfo.InvariantCulture), c.MeanPrice?.ToString(CultureInfo.InvariantCulture),
             c.Index?.ToString("0.0000", CultureInfo.InvariantCulture), Pct(c.Index)])).ToAsyncEnumerable(), TextWriter.Null, ct);

    /// <summary>Weekdays top-down, hours left to right; colour and label: the price vs the product's average (blue cheaper).</summary>
    public static Chart Heatmap(ChartKit kit, ReportData data, ProductBestHours product)
    {
        var title = $"{product.Product}: price by hour of the week vs its average ({data.BestHoursZone})";
        if (product.BestCell is null)
            return new Chart(title, null, $"no data for the best hours of {product.Product}: no prices with hour-level detail in this period");
        var values = new double[7, 24];
        foreach (var c in product.Cells)
            values[c.Weekday, c.Hour] = c.Index is { } i ? (i - 1) * 100 : double.NaN;
        var spread = Math.Max(1, product.Cells.Where(c => c.Index is not null).Max(c => Math.Abs(c.Index!.Value - 1) * 100));
        var plot = kit.Create(title, $"Hour of the day ({data.BestHoursZone})", "Weekday");
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        heatmap.ManualRange = new ScottPlot.Range(-spread, spread);
        heatmap.NaNCellColor = Colors.White;
        heatmap.Rectangle = new CoordinateRect(-0.5, 23.5, -0.5, 6.5);
        var bar = plot.Add.ColorBar(heatmap, Edge.Right);
        bar.Label = "% vs the average price (negative: cheaper; white: no data)";
        foreach (var c in product.Cells.Where(c => c.Index is not null))
        {
            var text = plot.Add.Text(Pct(c.Index)!, c.Hour, 6 - c.Weekday);
            text.LabelFontSize = 10;
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelFontColor = Math.Abs(c.Index!.Value - 1) * 100 > spread * 0.6 ? Colors.White : Colors.Black;
        }
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, 24).Select(h => (double)h)], [.. Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture))]);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, 7).Select(d => (double)(6 - d))], BestHours.Weekdays);
        plot.Axes.SetLimits(-0.5, 23.5, -0.5, 6.5);
        return kit.Save(plot, title, "best_hours_" + ChartKit.Slug(product.Product));
    }

    /// <summary>Per product: the cheapest hour of the day and of the week, and how much below the average each is.</summary>
    public static string Table(ReportData data)
    {
        if (data.BestHours.All(p => p.BestHour is null))
            return "<p class=\"nodata\">no data for the best hours: no prices with hour-level detail in this period</p>\n";
        var html = new StringBuilder($"<table><tr><th>product</th><th>cheapest hour of the day ({E(data.BestHoursZone)})</th>"
            + "<th>vs average</th><th>cheapest hour of the week</th><th>vs average</th></tr>\n");
        foreach (var p in data.BestHours.Where(p => p.BestHour is not null))
        {
            var (hour, hourIndex) = p.BestHour!.Value;
            var (day, cellHour, cellIndex) = p.BestCell!.Value;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Product)}</td>{Cell($"{hour:00}:00–{(hour + 1) % 24:00}:00", hourIndex)}"
                + $"{Cell($"{BestHours.Weekdays[day]} {cellHour:00}:00–{(cellHour + 1) % 24:00}:00", cellIndex)}</tr>\n");
        }
        return html.Append("</table>\n").ToString();
    }

    /// <summary>Two cells: when, and how far below the average; an hour less than half a percent below it is no better than any.</summary>
    private static string Cell(string when, double index) => index < 1 - Flat
        ? $"<td>{when}</td><td>{Pct(index)} %</td>"
        : "<td>none cheaper than the average</td><td>within 0.5 %</td>";

    private const double Flat = 0.005;

    /// <summary>The index as a signed percentage against the average: 0.9 → "-10.0".</summary>
    public static string? Pct(double? index) => index is { } i ? ((i - 1) * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : null;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
