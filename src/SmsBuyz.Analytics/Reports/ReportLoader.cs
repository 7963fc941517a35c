using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// Reads a report: the latest state of the series in scope, then (independently, so they can run side by side) the
/// <see cref="ReportData"/> and the daily price statistics. Every provider's series, each named by its provider, so they
/// are compared side by side; the scope's provider alone when it names one.
/// </summary>
/// <param name="monitor">The products the charts show by default (<c>Monitor:Products</c>).</param>
public sealed partial class ReportLoader(MarketReadModel market, ReportQueries queries, DeliveryReader delivery, IOptions<RulesOptions> rules,
    IOptions<MonitorOptions> monitor)
{
    /// <summary>Steps per trend chart: fine enough for a 1200 px chart, few enough to keep the query small.</summary>
    private const int TrendBuckets = 300;

    public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(ReportScope scope, CancellationToken ct) => market.LatestAsync(scope.Market, ct);

    /// <summary>Cheapest offers, orders and the trends of the charted products (one query for all of them).</summary>
    public async Task<ReportData> LoadAsync(ReportScope scope, IReadOnlyList<SeriesInfo> series, DateTimeOffset now, int maxProductCharts,
        ReportStages stages, CancellationToken ct)
    {
        var cheapest = CheapestRow.Of(series);
        var (daily, byProduct, byCountry, outcomes, intents, sweeps) = await stages.TimeAsync("orders and sweeps", async () => (
            await queries.SpendAsync(scope, SpendKey.Day, ct),
            await queries.SpendAsync(scope, SpendKey.Product, ct),
            await queries.SpendAsync(scope, SpendKey.Country, ct),
            await queries.OutcomesAsync(scope, ct),
            await queries.IntentsAsync(scope, ct),
            await queries.SweepsAsync(scope, ct)));

        var (charted, monitored) = Charted(scope, series, maxProductCharts);
        var start = Math.Max(UnixMs.From(scope.From), await queries.FirstSweepAsync(ct) ?? UnixMs.From(scope.To));
        var (end, tz) = (UnixMs.From(scope.To), TimeZoneInfo.FindSystemTimeZoneById(scope.TimeZone));
        var (trends, bestHours) = end - start >= TrendBuckets * UnixMs.HourMs
            ? await stages.TimeAsync($"trends and best hours of {charted.Count} products", () => HourlyAsync(charted, series, start, end, tz, ct))
            : (await stages.TimeAsync($"trends of {charted.Count} products", () => TrendsAsync(charted, series, start, end, ct)),
               await stages.TimeAsync($"best hours of {charted.Count} products", () => BestHoursAsync(charted, series, start, end, tz, ct)));
        var orders = (await stages.TimeAsync("delivery", () => delivery.AccountOrdersAsync(scope.From, scope.To, scope.Provider?.Id, ct)))
            .Where(o => scope.Covers(o.Order.Country, o.Order.Product)).GroupBy(o => (o.Provider, o.Account)).ToList();
        var accounts = await stages.TimeAsync("accounts", () => queries.AccountsAsync(scope.Provider, ct));
        return new ReportData(scope, now, series, cheapest, daily, byProduct, byCountry, outcomes, intents, sweeps, trends,
            series.Select(s => s.Product).Distinct().Count(), Thresholds())
        {
            Delivery = [.. orders.SelectMany(g => OfferDelivery.Of(g.Select(o => o.Order)).Select(d => new AccountDelivery(g.Key.Provider, g.Key.Account, d)))],
            // One record per account: its orders as one offer (the offer's names blanked), so the rate and times span all of them.
            AccountTotals = [.. orders.Select(g => new AccountDelivery(g.Key.Provider, g.Key.Account,
                OfferDelivery.Of(g.Select(o => o.Order with { Country = "", Operator = "", Product = "" })).Single()))],
            Accounts = accounts,
            BestHours = bestHours,
            BestHoursZone = scope.TimeZone,
            ChartsMonitored = monitored,
        };
    }

    /// <summary>
    /// The products to chart: without <c>--product</c>, the monitored ones (<c>Monitor:Products</c>) that have data, so a
    /// database whose products sweep stored the whole catalogue still charts what the user asked to watch. Otherwise, and
    /// when no monitored product has data (or Monitor:Products is <c>*</c>), those offered in the most countries × operators;
    /// ties by name, so the choice is stable. At most <paramref name="max"/> either way.
    /// </summary>
    private (List<string> Products, bool Monitored) Charted(ReportScope scope, IReadOnlyList<SeriesInfo> series, int max)
    {
        var withData = series.GroupBy(s => s.Product).ToList();
        var watched = monitor.Value is { AllProducts: false } m && scope.Products.Count == 0
            ? withData.Where(g => m.Products.Any(p => OfferNames.SameProduct(p, g.Key))).ToList()
            : [];
        var chosen = watched.Count > 0 ? watched.OrderBy(g => g.Key, StringComparer.Ordinal)
            : withData.OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        return ([.. chosen.Take(max).Select(g => g.Key).Order(StringComparer.Ordinal)], watched.Count > 0);
    }

    /// <summary>
    /// Per charted product, price by hour of the week in <paramref name="zone"/> from one-hour buckets, over the part of
    /// the period with hour-level detail (raw and hourly tiers; daily rollups hold no hour of the day). For periods
    /// shorter than 300 hours, whose trends need finer steps; longer ones read both at once (<see cref="HourlyAsync"/>).
    /// </summary>
    private async Task<IReadOnlyList<ProductBestHours>> BestHoursAsync(List<string> products, IReadOnlyList<SeriesInfo> series, long start, long end,
        TimeZoneInfo zone, CancellationToken ct)
    {
        var from = Math.Max(start, await market.HourDetailFromAsync(ct) ?? long.MinValue);
        if (from >= end || products.Count == 0)
            return [];
        var origin = BestHours.Origin(from, zone);
        var count = (int)((end - origin + UnixMs.HourMs - 1) / UnixMs.HourMs);
        var charted = ReportData.Comparable(series.Where(s => products.Contains(s.Product))).ToList();
        var rows = (await market.BucketsAsync([.. charted.Select(s => s.Id)], origin, UnixMs.HourMs, end, ct)).ToLookup(r => r.SeriesId);
        var cells = BestHours.CellOfBucket(origin, count, zone);
        return [.. products.Select(product => BestHours.Of(product, charted.Where(s => s.Product == product)
            .Select(s => (IReadOnlyList<FilledBucket>)StepBuckets.Fill(rows[s.Id].ToList(), origin, UnixMs.HourMs, count, end, Carried(s, origin))), cells))];
    }

    /// <summary>Per series, the statistics over each window of <see cref="PriceStats.WindowDays"/> from one bucket per day.</summary>
    public async Task<IReadOnlyList<StatsRow>> StatsAsync(IReadOnlyList<SeriesInfo> series, DateTimeOffset to, CancellationToken ct)
    {
        var end = UnixMs.From(to);
        var days = PriceStats.WindowDays.Max();
        var origin = end - (days * UnixMs.DayMs);
        // Each series' statistics as soon as its buckets are read: the buckets of every series at once were 90 rows per
        // series, some 700 MB (96 bytes a row) for a whole market of 78,000 series after three months.
        var stats = new StatsRow[series.Count];
        var at = new Dictionary<long, int>(series.Count);
        for (var i = 0; i < series.Count; i++)
            at[series[i].Id] = i;
        await EachSeriesAsync(series, origin, UnixMs.DayMs, end, () =>
        {
            var buckets = new List<FilledBucket>(days); // one per part, series after series
            return (s, rows) => stats[at[s.Id]] = Stats(s, rows, origin, end, days, buckets);
        }, ct);
        return stats;
    }

    private static StatsRow Stats(SeriesInfo series, List<BucketRow> rows, long origin, long end, int days, List<FilledBucket> into)
    {
        var buckets = StepBuckets.Fill(rows, origin, UnixMs.DayMs, days, end, Carried(series, origin), into);
        return new StatsRow(series, buckets.Count > 0 ? buckets[^1].Close : null, PriceStats.Of(buckets, days, PriceStats.WindowDays[0]),
            PriceStats.Of(buckets, days, PriceStats.WindowDays[1]), PriceStats.Of(buckets, days, PriceStats.WindowDays[2]));
    }

    /// <summary>
    /// Reads the buckets of <paramref name="series"/> series by series and hands each series' rows to its part's reader
    /// (none for a series with no row in the range: the value carried into it is still its). The biggest queries, in a
    /// part per core, each on its own connection and its own thread rather than the pool's: a query holds its thread
    /// throughout (Microsoft.Data.Sqlite runs them synchronously), and the chart workers drawing meanwhile need the pool.
    /// Each part reads its own consistent snapshot; a series is never split. <paramref name="newPart"/> runs here, on
    /// this thread, once per part in the parts' order, so whatever a part adds up can be merged the same way every time.
    /// </summary>
    private async Task EachSeriesAsync(IReadOnlyList<SeriesInfo> series, long origin, long width, long end,
        Func<Action<SeriesInfo, List<BucketRow>>> newPart, CancellationToken ct)
    {
        var size = Math.Max(1, (series.Count + Environment.ProcessorCount - 1) / Environment.ProcessorCount);
        await Task.WhenAll(series.Chunk(size).Select(part =>
        {
            var read = newPart();
            var unread = part.ToDictionary(s => s.Id);
            return Task.Factory.StartNew(async () =>
            {
                await market.BucketsBySeriesAsync([.. unread.Keys], origin, width, end, rows =>
                {
                    unread.Remove(rows[0].SeriesId, out var s);
                    read(s!, rows);
                }, ct);
                foreach (var s in unread.Values)
                    read(s, []);
            }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }));
    }

    /// <summary>
    /// The trends of the charted products over a period shorter than 300 hours, in 300 steps. Series by series, as each
    /// is read, as <see cref="HourlyAsync"/> does: a series keeps its steps (the lowest price and the stock of each), its
    /// rows and filled buckets are dropped. Holding every charted series' rows and buckets at once grew with the history
    /// in a young database's first days, and was what a report on a whole market added as the hours went by.
    /// </summary>
    private async Task<List<ProductTrend>> TrendsAsync(List<string> products, IReadOnlyList<SeriesInfo> series, long start, long end,
        CancellationToken ct)
    {
        var charted = series.Where(s => products.Contains(s.Product)).ToList();
        var width = Math.Max(1, (end - start + TrendBuckets - 1) / TrendBuckets);
        var steps = new ConcurrentDictionary<long, TrendStep[]>(); // each series is on a country's line and on its provider's
        await EachSeriesAsync(charted, start, width, end, () =>
        {
            var buffer = new List<FilledBucket>(TrendBuckets); // one per part, series after series
            return (s, rows) => steps[s.Id] = TrendStep.Of(StepBuckets.Fill(rows, start, width, TrendBuckets, end, Carried(s, start), buffer), step: 1);
        }, ct);
        List<TrendPoint> Points(IEnumerable<SeriesInfo> line) => [.. line.SelectMany(s => steps[s.Id]).GroupBy(p => p.Step).OrderBy(g => g.Key)
            .Select(g => new TrendPoint(UnixMs.To(start + (g.Key * width)), Money.FromUnits(g.Min(p => p.Lo)), g.Sum(p => p.Qty)))];
        return [.. products.Select(product => ProductTrend.Of(product, [.. ReportData.Comparable(charted.Where(s => s.Product == product))], Points))];
    }

    /// <summary>A series unchanged since before the lookback holds its latest value through the whole range.</summary>
    private static (long, long)? Carried(SeriesInfo s, long origin) =>
        s.ChangedAt < origin - MarketReadModel.CarryLookbackMs ? (s.Price, s.Qty) : null;

    /// <summary>
    /// The price caps of the enabled buy rules, drawn on the price charts as "buy at ≤": a disabled rule buys nothing (the
    /// shipped sample rule is one), and a Notify rule only alerts.
    /// </summary>
    private IReadOnlyList<(string Product, decimal MaxPrice)> Thresholds() =>
        [.. rules.Value.Rules.Where(r => r is { Enabled: true, Action: RuleAction.Buy, MaxPrice: not null }).Select(r => (r.Product, r.MaxPrice!.Value))];
}
