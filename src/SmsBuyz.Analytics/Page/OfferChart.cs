using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Page;

public enum OfferChartKind { Price, Stock }

/// <summary>
/// An offer's price or stock chart over a period, drawn on request as PNG with the report's chart code
/// (<see cref="TrendCharts"/>, <see cref="ChartKit"/>: its font and culture) from the market read model: one line, and
/// the caps of the enabled buy rules that cover the offer.
/// </summary>
public sealed class OfferChart(OfferReader offers, IOptions<ReportsOptions> reports, IOptionsMonitor<RulesOptions> rules)
{
    public const int Width = 1000, Height = 380;

    /// <summary>Null when the series has no value in the period.</summary>
    /// <exception cref="MissingFontException">The chart font is not installed.</exception>
    public async Task<byte[]?> DrawAsync(SeriesInfo series, int days, OfferChartKind kind, CancellationToken ct)
    {
        var font = reports.Value.FontFamily;
        ChartKit.EnsureFont(font);
        var (from, to) = await offers.PeriodAsync(days, ct);
        var steps = await offers.StepsAsync(series, from, to, ct);
        if (steps.Count == 0)
            return null;
        var line = $"{series.Country} {series.Operator}";
        var points = steps.Select(b => new TrendPoint(OfferReader.StepStart(from, to, b.Bucket), Money.FromUnits(b.Lo), b.CloseQty)).ToList();
        var trend = new ProductTrend(series.Product, new Dictionary<string, IReadOnlyList<TrendPoint>> { [line] = points });
        // Drawn in memory only: the kit's folder is for the report's files.
        var kit = new ChartKit(folder: "", font, Width, Height);
        // Both axes from zero, as amounts and counts read: an unchanged value is then a level line, not one magnified
        // between fractions (or below zero). A cap far above the price would squash the line flat at the bottom, so only
        // caps up to twice the highest price are drawn; the page lists every rule's cap anyway.
        double top;
        ScottPlot.Plot plot;
        if (kind == OfferChartKind.Price)
        {
            var highest = points.Max(p => p.CheapestPrice);
            var caps = Caps(series).Where(c => c <= 2 * highest).ToList();
            plot = TrendCharts.PricePlot(kit, trend, $"{series.Product} in {line}: lowest price per step", caps, to)!;
            top = (double)caps.Append(highest).Max();
        }
        else
        {
            plot = TrendCharts.StockPlot(kit, trend, $"{series.Product} in {line}: numbers in stock", to)!;
            top = points.Max(p => p.Stock);
        }
        plot.Axes.SetLimitsY(0, top > 0 ? top * 1.15 : 1);
        return kit.Png(plot);
    }

    private IEnumerable<decimal> Caps(SeriesInfo s) => rules.CurrentValue.Rules
        .Where(r => r is { Enabled: true, Action: RuleAction.Buy, MaxPrice: not null } && r.Covers(s.Country, s.Operator, s.Product))
        .Select(r => r.MaxPrice!.Value).Distinct();
}
