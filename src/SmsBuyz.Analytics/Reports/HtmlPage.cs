using System.Globalization;
using System.Net;
using System.Text;
using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.Reports;

/// <summary>A chart section of the page: a heading, a sentence on what it shows, an HTML table when it has one, and its charts.</summary>
public sealed record ChartSection(string Heading, string About, IReadOnlyList<Chart> Charts, IReadOnlyList<string> Csv, string? Table = null);

/// <summary>index.html: one self-contained page (inline CSS, no scripts or web fonts) linking every chart and CSV relatively.</summary>
public static class HtmlPage
{
    public static string Render(ReportData data, IReadOnlyList<ChartSection> sections, string? cappedNote, int width, int height)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>SmsBuyz report {{E(data.Scope.Label)}}</title>
            <style>
            body { font-family: "DejaVu Sans", sans-serif; margin: 2em; color: #222; max-width: {{width + 40}}px; }
            table { border-collapse: collapse; font-size: 0.9em; } th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
            img { max-width: 100%; height: auto; border: 1px solid #ddd; } .nodata { color: #a00; font-style: italic; }
            figure { margin: 1em 0; } figcaption { font-size: 0.9em; }
            </style></head><body>
            <h1>SmsBuyz report</h1>
            <p>Period: <b>{{E(data.Scope.Label)}}</b>. Generated {{E(Time(data.GeneratedAt))}}.
            {{E(Filters(data.Scope))}} Products with data: {{data.ProductsWithData}}.</p>

            """);
        html.Append("<nav><b>Sections:</b> <a href=\"#cheapest\">Where it is cheapest now</a>");
        foreach (var section in sections)
            html.Append(CultureInfo.InvariantCulture, $" · <a href=\"#{Anchor(section.Heading)}\">{E(section.Heading)}</a>");
        html.Append(" · <a href=\"#auto-buy\">Auto-buy</a> · <a href=\"#data-collection\">Data collection</a></nav>\n");
        if (cappedNote is not null)
            html.Append(CultureInfo.InvariantCulture, $"<p><b>Note:</b> {E(cappedNote)}</p>\n");
        Tables(html, data);
        foreach (var section in sections)
        {
            var links = string.Join(", ", section.Csv.Select(f => $"<a href=\"{E(f)}\">{E(f)}</a>"));
            html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"{Anchor(section.Heading)}\">{E(section.Heading)}</h2>\n<p>{E(section.About)}{(links.Length > 0 ? " Tables: " + links + "." : "")}</p>\n");
            html.Append(section.Table);
            foreach (var chart in section.Charts)
                html.Append(chart.File is { } file
                    ? $"<figure><a href=\"{E(file)}.svg\"><img src=\"{E(file)}.png\" width=\"{width}\" height=\"{height}\" alt=\"{E(chart.Title)}\"></a>"
                      + $"<figcaption>{E(chart.Title)} (<a href=\"{E(file)}.png\">PNG</a>, <a href=\"{E(file)}.svg\">SVG</a>)</figcaption></figure>\n"
                    : $"<p class=\"nodata\">{E(chart.NoData ?? "no data")}</p>\n");
        }
        html.Append("""
            <h2 id="auto-buy">Auto-buy</h2>
            <p>Per rule: fired, bought, spent, saved versus the period median: <a href="auto_buy.csv">auto_buy.csv</a>
            (header only until auto-buy rules have run).</p>

            """);
        Sweeps(html, data.Sweeps);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>How the period's data was collected, so a gap in a chart can be read against failed or interrupted sweeps.</summary>
    private static void Sweeps(StringBuilder html, IReadOnlyList<SweepKindRow> sweeps)
    {
        html.Append("<h2 id=\"data-collection\">Data collection</h2>\n<p>Sweeps started in the period, by kind " +
            "(interrupted: stopped by a crash or kill and closed at the next start): <a href=\"sweeps.csv\">sweeps.csv</a>.</p>\n");
        if (sweeps.Count == 0)
        {
            html.Append("<p class=\"nodata\">no data for sweeps: none started in this period</p>\n");
            return;
        }
        html.Append("<table><tr><th>provider</th><th>kind</th><th>sweeps</th><th>ok</th><th>with errors</th><th>interrupted</th><th>running</th><th>changes stored</th></tr>\n");
        foreach (var s in sweeps)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(s.Provider)}</td><td>{E(s.Kind)}</td><td>{s.Sweeps}</td><td>{s.Ok}</td><td>{s.WithErrors}</td><td>{s.Interrupted}</td><td>{s.Running}</td><td>{s.Changes}</td></tr>\n");
        html.Append("</table>\n");
    }

    private static void Tables(StringBuilder html, ReportData data)
    {
        html.Append("<h2 id=\"cheapest\">Where it is cheapest now</h2>\n<p>Per product, the cheapest in-stock offer at any provider, the runner-up " +
            "and, with several providers, the cheapest at another provider and how much dearer it is: " +
            "<a href=\"cheapest.csv\">cheapest.csv</a>. Statistics per product × country × operator over 7, 30 and 90 days " +
            "(min, max, time-weighted mean and median, current vs the 30-day mean, days since the lowest, out-of-stock share): " +
            "<a href=\"price_stats.csv\">price_stats.csv</a>.</p>\n");
        if (data.Cheapest.Count == 0)
        {
            html.Append("<p class=\"nodata\">no data for prices: nothing was collected for this selection</p>\n");
            return;
        }
        var providers = data.Series.Select(s => s.ProviderId).Distinct().Count();
        html.Append("<table><tr><th>product</th><th>cheapest</th><th>price</th><th>in stock</th><th>runner-up</th><th>price</th>"
            + (providers > 1 ? "<th>cheapest at another provider</th><th>price</th><th>dearer by</th>" : "") + "</tr>\n");
        foreach (var row in data.Cheapest)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row.Product)}</td><td>{E(Where(row.Best))}</td><td>{Price(row.Best)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{row.Best?.Qty}</td><td>{E(Where(row.RunnerUp))}</td><td>{Price(row.RunnerUp)}</td>");
            if (providers > 1)
                html.Append(CultureInfo.InvariantCulture, $"<td>{E(Elsewhere(row))}</td><td>{Price(row.Elsewhere)}</td><td>{Difference(row)}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string Where(SeriesInfo? s) => s is null ? "not in stock anywhere" : $"{s.Provider}: {s.Country} / {s.Operator}";

    private static string Elsewhere(CheapestRow row) => row.Best is null ? "" : row.Elsewhere is null ? "at no other provider" : Where(row.Elsewhere);

    private static string Difference(CheapestRow row) => row.ElsewhereDifference is { } d && row.Best is { Price: > 0 } b
        ? string.Create(CultureInfo.InvariantCulture, $"{Storage.Money.FromUnits(d)} ({d * 100m / b.Price:0.#} %)") : "";

    private static string Price(SeriesInfo? s) => s is null ? "" : Storage.Money.FromUnits(s.Price).ToString(CultureInfo.InvariantCulture);

    private static string Filters(ReportScope scope) =>
        (scope.Provider is { } p ? $"Provider: {p.Name}. " : "")
        + (scope.Products.Count > 0 ? $"Products: {string.Join(", ", scope.Products)}. " : "")
        + (scope.Countries.Count > 0 ? $"Countries: {string.Join(", ", scope.Countries)}. " : "");

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Anchor(string heading) => heading.ToLowerInvariant().Replace(' ', '-');

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
