using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Export;

namespace SmsBuyz.Analytics.Reports;

/// <summary>The report's delivery section: per offer, how often a code came and how soon (delivery.csv, a chart, a table).</summary>
public static class DeliveryReport
{
    public const string File = "delivery.csv";
    private const int MaxBars = 30, MaxRows = 20;

    public static readonly string[] Header =
        ["product", "country", "operator", "orders", "decided", "with_code", "success_rate", "ci95_low", "ci95_high", "timed",
         "median_seconds_to_code", "p90_seconds_to_code"];

    public static IEnumerable<OfferDelivery> Sorted(ReportData data) => data.Delivery
        .OrderBy(d => d.Key.Product, StringComparer.Ordinal).ThenBy(d => d.Key.Country, StringComparer.Ordinal).ThenBy(d => d.Key.Operator, StringComparer.Ordinal);

    public static Task WriteAsync(string folder, ReportData data, CancellationToken ct) =>
        CsvFile.WriteAsync(Path.Combine(folder, File), Header, Sorted(data).Select(d => (string?[])
            [d.Product, d.Country, d.Operator, N(d.Orders), N(d.Decided), N(d.WithCode), F(d.Success?.Value), F(d.Success?.Low), F(d.Success?.High),
             N(d.Timed), S(d.MedianToCode), S(d.P90ToCode)]).ToAsyncEnumerable(), TextWriter.Null, ct);

    /// <summary>Median time to the first SMS per offer as a bar, the 90th percentile as its whisker; the offers with the most codes.</summary>
    public static Chart Chart(ChartKit kit, ReportData data)
    {
        var title = "Time from buy to first SMS by offer";
        var timed = data.Delivery.Where(d => d.MedianToCode is not null).ToList();
        if (timed.Count == 0)
            return new Chart(title, null, "no data for delivery times: no order in this period received a code with known times");
        if (timed.Count > MaxBars)
            title += string.Create(CultureInfo.InvariantCulture, $" ({MaxBars} of {timed.Count} with the most codes)");
        timed = [.. timed.OrderByDescending(d => d.Timed).Take(MaxBars).OrderBy(Label, StringComparer.Ordinal)];
        var plot = kit.Create(title, "Seconds from the buy to the first SMS", "Offer");
        var ys = timed.Select((_, i) => (double)(timed.Count - 1 - i)).ToList();
        var medians = timed.Select(d => d.MedianToCode!.Value.TotalSeconds).ToList();
        var bars = plot.Add.Bars(ys.Zip(medians, (y, v) => new Bar { Position = y, Value = v, Orientation = Orientation.Horizontal }).ToArray());
        bars.Horizontal = true;
        bars.Color = Colors.SteelBlue;
        bars.LegendText = "median (after each offer: codes timed, success rate and its 95 % interval)";
        var whiskers = plot.Add.ErrorBar(medians, ys, ys.Select(_ => 0.0).ToList());
        whiskers.XErrorNegative = ys.Select(_ => 0.0).ToList();
        whiskers.XErrorPositive = timed.Select((d, i) => d.P90ToCode!.Value.TotalSeconds - medians[i]).ToList();
        whiskers.YErrorNegative = whiskers.YErrorPositive = null;
        whiskers.LegendText = "to the 90th percentile";
        whiskers.Color = Colors.Black;
        plot.Axes.Left.SetTicks([.. ys], [.. timed.Select(d => string.Create(CultureInfo.InvariantCulture,
            $"{Label(d)}: {d.Timed} code{(d.Timed == 1 ? "" : "s")}, {Percent(d)}"))]);
        plot.Axes.SetLimits(0, timed.Max(d => d.P90ToCode!.Value.TotalSeconds) * 1.1, -0.6, timed.Count - 0.4);
        plot.ShowLegend(Edge.Bottom);
        return kit.Save(plot, title, "delivery_times");
    }

    /// <summary>The offers with the most decided orders, as an HTML table.</summary>
    public static string Table(ReportData data)
    {
        var rows = data.Delivery.Where(d => d.Orders > 0).OrderByDescending(d => d.Decided).ThenBy(Label, StringComparer.Ordinal).Take(MaxRows).ToList();
        if (rows.Count == 0)
            return "<p class=\"nodata\">no data for delivery: no orders in this period</p>\n";
        var html = new StringBuilder("<table><tr><th>offer</th><th>orders</th><th>decided</th><th>with code</th><th>success rate (95 % interval)</th>"
            + "<th>median to code</th><th>p90 to code</th></tr>\n");
        foreach (var d in rows)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(Label(d))}</td><td>{d.Orders}</td><td>{d.Decided}</td><td>{d.WithCode}</td>"
                + $"<td>{Percent(d)}</td><td>{S(d.MedianToCode) ?? ""}{(d.MedianToCode is null ? "" : " s")}</td><td>{S(d.P90ToCode) ?? ""}{(d.P90ToCode is null ? "" : " s")}</td></tr>\n");
        if (data.Delivery.Count > rows.Count)
            html.Append(CultureInfo.InvariantCulture, $"</table>\n<p>{rows.Count} of {data.Delivery.Count} offers with orders (the most decided); all in {File}.</p>\n");
        else
            html.Append("</table>\n");
        return html.ToString();
    }

    private static string Label(OfferDelivery d) => $"{d.Product} {d.Country}/{d.Operator}";

    private static string Percent(OfferDelivery d) => d.Success is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{s.Value * 100:0} % ({s.Low * 100:0}–{s.High * 100:0} %)") : "none decided";

    private static string? N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? F(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string? S(TimeSpan? t) => t?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
