using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.Reports;

/// <summary>A product's current cheapest in-stock offer and the runner-up (another country or operator).</summary>
public sealed record CheapestRow(string Product, SeriesInfo? Best, SeriesInfo? RunnerUp);

/// <summary>One series' statistics per window of <see cref="PriceStats.WindowDays"/> (null: no value in that window).</summary>
public sealed record StatsRow(SeriesInfo Series, long? Current, IReadOnlyList<WindowStats?> Windows)
{
    /// <summary>The 30-day window, which the tables and the auto-buy savings compare against.</summary>
    public WindowStats? Month => Windows[PriceStats.WindowDays.IndexOf(30)];
}

/// <summary>A per-product chart's lines: per country, the cheapest price and the stock at each step (UTC).</summary>
public sealed record ProductTrend(string Product, IReadOnlyDictionary<string, IReadOnlyList<TrendPoint>> Countries);

public readonly record struct TrendPoint(DateTimeOffset At, decimal CheapestPrice, long Stock);

/// <summary>
/// What one report shows, read once and shared by the tables, the charts and the page; all but the price statistics,
/// which take longest to read and only the tables need, so the charts are drawn while they are computed.
/// </summary>
public sealed record ReportData(
    ReportScope Scope,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<SeriesInfo> Series,
    IReadOnlyList<CheapestRow> Cheapest,
    IReadOnlyList<SpendRow> SpendDaily,
    IReadOnlyList<SpendRow> SpendByProduct,
    IReadOnlyList<SpendRow> SpendByCountry,
    IReadOnlyList<OutcomeRow> Outcomes,
    IReadOnlyList<RuleIntentTotals> Intents,
    IReadOnlyList<SweepKindRow> Sweeps,
    IReadOnlyList<ProductTrend> Trends,
    int ProductsWithData,
    IReadOnlyList<(string Product, decimal MaxPrice)> Thresholds)
{
    /// <summary>Delivery record of each offer with orders in the period (in scope), oldest first.</summary>
    public IReadOnlyList<Account.OfferDelivery> Delivery { get; init; } = [];

    /// <summary>Price by hour of the week of each charted product, in <see cref="BestHoursZone"/>.</summary>
    public IReadOnlyList<ProductBestHours> BestHours { get; init; } = [];

    /// <summary>Whether <see cref="Trends"/> are the monitored products (<c>Monitor:Products</c>), else those with the most data.</summary>
    public bool ChartsMonitored { get; init; }

    /// <summary>The IANA zone of the best hours (<c>Schedules:TimeZone</c>).</summary>
    public string BestHoursZone { get; init; } = "UTC";

    /// <summary>
    /// Series a product × country comparison should use: the real operators, or the API's "any" aggregate where a
    /// country has nothing else (counting both would list one offer twice).
    /// </summary>
    public static IEnumerable<SeriesInfo> Comparable(IEnumerable<SeriesInfo> series) =>
        series.GroupBy(s => (s.Product, s.Country)).SelectMany(g =>
            g.Any(s => !Offers.OfferNames.IsAnyOperator(s.Operator)) ? g.Where(s => !Offers.OfferNames.IsAnyOperator(s.Operator)) : g);
}
