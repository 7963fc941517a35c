using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Export;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// The report's delivery section: per offer at each account, how often a code came and how soon (delivery.csv, a chart, a
/// table). Offers are named with their provider and account when the period has orders of more than one account.
/// </summary>
public static class DeliveryReport
{
    public const string File = "delivery.csv";
    private const int MaxBars = 30, MaxRows = 20;

    public static readonly string[] Header =
        ["provider", "account", "product", "country", "operator", "orders", "decided", "with_code", "success_rate", "ci95_low", "ci95_high", "timed",
         "median_seconds_to_code", "p90_seconds_to_code"];

    public static IEnumerable<AccountDelivery> Sorted(ReportData data) => data.Delivery
        .OrderBy(d => d.Record.Key.Product, StringComparer.Ordinal).ThenBy(d => d.Record.Key.Country, StringComparer.Ordinal)
        .ThenBy(d => d.Record.Key.Operator, StringComparer.Ordinal).ThenBy(d => d.Provider, StringComparer.Ordinal).ThenBy(d => d.Account, StringComparer.Ordinal);

    public static Task WriteAsync(string folder, ReportData data, CancellationToken ct) =>
        CsvFile.WriteAsync(Path.Combine(folder, File), Header, Sorted(data).Select(a => (a.Provider, a.Account, d: a.Record)).Select(x => (string?[])
            [x.Provider, x.Account, x.d.Product, x.d.Country, x.d.Operator, N(x.d.Orders), N(x.d.Decided), N(x.d.WithCode), F(x.d.Success?.Value), F(x.d.Success?.Low), F(x.d.Success?.High),
             N(x.d.Timed), S(x.d.MedianToCode), S(x.d.P90ToCode)]).ToAsyncEnumerable(), TextWriter.Null, ct);

    /// <summary>Median time to the first SMS per offer as a bar, the 90th percentile as its whisker; the offers with the most codes.</summary>
    public static Chart Chart(ChartKit kit, ReportData data)
    {
        var title = "Time from buy to first SMS by offer";
        var label = Labeller(data);
        var timed = data.Delivery.Where(d => d.Record.MedianToCode is not null).ToList();
        if (timed.Count == 0)
            return new Chart(title, null, "no data for delivery times: no order in this period received a code with known times");
        if (timed.Count > MaxBars)
            title += string.Create(CultureInfo.InvariantCulture, $" ({MaxBars} of {timed.Count} with the most codes)");
        timed = [.. timed.OrderByDescending(d => d.Record.Timed).Take(MaxBars).OrderBy(label, StringComparer.Ordinal)];
        var plot = kit.Create(title, "Seconds from the buy to the first SMS", "Offer");
        var ys = timed.Select((_, i) => (double)(timed.Count - 1 - i)).ToList();
        var medians = timed.Select(d => d.Record.MedianToCode!.Value.TotalSeconds).ToList();
        var bars = plot.Add.Bars(ys.Zip(medians, (y, v) => new Bar { Position = y, Value = v, Orientation = Orientation.Horizontal }).ToArray());
        bars.Horizontal = true;
        bars.Color = Colors.SteelBlue;
        bars.LegendText = "median (after each offer: codes timed, success rate and its 95 % interval)";
        var whiskers = plot.Add.ErrorBar(medians, ys, ys.Select(_ => 0.0).ToList());
        whiskers.XErrorNegative = ys.Select(_ => 0.0).ToList();
        whiskers.XErrorPositive = timed.Select((d, i) => d.Record.P90ToCode!.Value.TotalSeconds - medians[i]).ToList();
        whiskers.YErrorNegative = whiskers.YErrorPositive = null;
        whiskers.LegendText = "to the 90th percentile";
        whiskers.Color = Colors.Black;
        plot.Axes.Left.SetTicks([.. ys], [.. timed.Select(d => string.Create(CultureInfo.InvariantCulture,
            $"{label(d)}: {d.Record.Timed} code{(d.Record.Timed == 1 ? "" : "s")}, {Percent(d.Record)}"))]);
        plot.Axes.SetLimits(0, timed.Max(d => d.Record.P90ToCode!.Value.TotalSeconds) * 1.1, -0.6, timed.Count - 0.4);
        plot.ShowLegend(Edge.Bottom);
        return kit.Save(plot, title, "delivery_times");
    }

    /// <summary>The offers with the most decided orders, as an HTML table.</summary>
    public static string Table(ReportData data)
    {
        var label = Labeller(data);
        var rows = data.Delivery.Where(d => d.Record.Orders > 0).OrderByDescending(d => d.Record.Decided).ThenBy(label, StringComparer.Ordinal)
            .Take(MaxRows).ToList();
        if (rows.Count == 0)
            return "<p class=\"nodata\">no data for delivery: no orders in this period</p>\n";
        var html = new StringBuilder("<table><tr><th>offer</th><th>orders</th><th>decided</th><th>with code</th><th>success rate (95 % interval)</th>"
            + "<th>median to code</th><th>p90 to code</th></tr>\n");
        foreach (var (a, d) in rows.Select(a => (a, a.Record)))
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(label(a))}</td><td>{d.Orders}</td><td>{d.Decided}</td><td>{d.WithCode}</td>"
                + $"<td>{Percent(d)}</td><td>{S(d.MedianToCode) ?? ""}{(d.MedianToCode is null ? "" : " s")}</td><td>{S(d.P90ToCode) ?? ""}{(d.P90ToCode is null ? "" : " s")}</td></tr>\n");
        if (data.Delivery.Count > rows.Count)
            html.Append(CultureInfo.InvariantCulture, $"</table>\n<p>{rows.Count} of {data.Delivery.Count} offers with orders (the most decided); all in {File}.</p>\n");
        else
            html.Append("</table>\n");
        return html.ToString();
    }

    /// <summary>An offer's label: with its provider and account only when the period has orders of several accounts.</summary>
    private static Func<AccountDelivery, string> Labeller(ReportData data)
    {
        var several = data.Delivery.Select(d => (d.Provider, d.Account)).Distinct().Count() > 1;
        return d => $"{d.Record.Product} {d.Record.Country}/{d.Record.Operator}" + (several ? $" at {d.Provider} {d.Account}" : "");
    }

    private static string Percent(OfferDelivery d) => d.Success is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{s.Value * 100:0} % ({s.Low * 100:0}–{s.High * 100:0} %)") : "none decided";

    private static string? N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? F(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string? S(TimeSpan? t) => t?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
