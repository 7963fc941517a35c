using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.Reports;

/// <summary>The delivery record of one offer at one account (its id at the provider) of a provider (its name).</summary>
public sealed record AccountDelivery(string Provider, string Account, Account.OfferDelivery Record);

/// <summary>
/// One series' statistics per window of <see cref="PriceStats.WindowDays"/>, 7, 30 and 90 days (null: no value in that
/// window). A struct of structs: a report holds one per series of the whole market (78,000) in one array, where a
/// record with a list of three records was five objects a series, 25 MB for the GC to keep and walk.
/// </summary>
public readonly record struct StatsRow(SeriesInfo Series, long? Current, WindowStats? Week, WindowStats? Month, WindowStats? Quarter)
{
    /// <summary>The windows in the order of <see cref="PriceStats.WindowDays"/>.</summary>
    public IEnumerable<WindowStats?> Windows => [Week, Month, Quarter];
}

/// <summary>
/// A per-product chart's lines: per country, the cheapest price and the stock at each step (UTC), over every provider in
/// scope; and the same per provider (its name), over every country.
/// </summary>
public sealed record ProductTrend(string Product, IReadOnlyDictionary<string, IReadOnlyList<TrendPoint>> Countries)
{
    public IReadOnlyDictionary<string, IReadOnlyList<TrendPoint>> Providers { get; init; } = new Dictionary<string, IReadOnlyList<TrendPoint>>();

    /// <summary>The trend of a product's comparable series, a line per country and per provider, each made by <paramref name="points"/>.</summary>
    public static ProductTrend Of(string product, IReadOnlyList<SeriesInfo> comparable, Func<IEnumerable<SeriesInfo>, List<TrendPoint>> points) =>
        new(product, Lines(comparable.GroupBy(s => s.Country), points)) { Providers = Lines(comparable.GroupBy(ProviderLabel(comparable)), points) };

    /// <summary>
    /// A provider's line is its own even where two stored providers share a name (two base URLs swept in turn through a
    /// <c>SmsBuyz</c> section without a <c>Name</c> are both <c>smsbuyz</c>): those are told apart by their ids.
    /// </summary>
    private static Func<SeriesInfo, string> ProviderLabel(IReadOnlyList<SeriesInfo> series)
    {
        var shared = series.DistinctBy(s => s.ProviderId).GroupBy(s => s.Provider).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return s => shared.Contains(s.Provider) ? $"{s.Provider} #{s.ProviderId}" : s.Provider;
    }

    private static Dictionary<string, IReadOnlyList<TrendPoint>> Lines(IEnumerable<IGrouping<string, SeriesInfo>> groups,
        Func<IEnumerable<SeriesInfo>, List<TrendPoint>> points)
    {
        var lines = new Dictionary<string, IReadOnlyList<TrendPoint>>();
        foreach (var group in groups)
            if (points(group) is { Count: > 0 } line)
                lines[group.Key] = line;
        return lines;
    }
}

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
    /// <summary>Delivery record of each offer with orders in the period (in scope) per account, oldest first.</summary>
    public IReadOnlyList<AccountDelivery> Delivery { get; init; } = [];

    /// <summary>Every account in scope with its last known balance, by provider and account.</summary>
    public IReadOnlyList<AccountRow> Accounts { get; init; } = [];

    /// <summary>Per account with orders in the period (in scope), its delivery record over all its offers together.</summary>
    public IReadOnlyList<AccountDelivery> AccountTotals { get; init; } = [];

    /// <summary>Price by hour of the week of each charted product, in <see cref="BestHoursZone"/>.</summary>
    public IReadOnlyList<ProductBestHours> BestHours { get; init; } = [];

    /// <summary>Whether <see cref="Trends"/> are the monitored products (<c>Monitor:Products</c>), else those with the most data.</summary>
    public bool ChartsMonitored { get; init; }

    /// <summary>The IANA zone of the best hours (<c>Schedules:TimeZone</c>).</summary>
    public string BestHoursZone { get; init; } = "UTC";

    /// <summary>
    /// Series a product × country comparison should use: the real operators, or the API's "any" aggregate where a
    /// country has nothing else at that provider (counting both would list one offer twice).
    /// </summary>
    public static IEnumerable<SeriesInfo> Comparable(IEnumerable<SeriesInfo> series) =>
        series.GroupBy(s => (s.ProviderId, s.Product, s.Country)).SelectMany(g =>
            g.Any(s => !Offers.OfferNames.IsAnyOperator(s.Operator)) ? g.Where(s => !Offers.OfferNames.IsAnyOperator(s.Operator)) : g);
}
