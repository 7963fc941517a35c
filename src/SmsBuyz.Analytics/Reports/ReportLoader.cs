using Microsoft.Extensions.Configuration;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>Reads a <see cref="ReportData"/>: the latest state, the daily statistics, spend and outcomes, the per-product trends.</summary>
public sealed class ReportLoader(ReportQueries queries, IConfiguration configuration)
{
    private const long DayMs = 86_400_000;

    /// <summary>Steps per trend chart: fine enough for a 1200 px chart, few enough to keep the query small.</summary>
    private const int TrendBuckets = 300;

    public async Task<ReportData> LoadAsync(ReportScope scope, DateTimeOffset now, int maxProductCharts, IProgress<string> progress,
        CancellationToken ct)
    {
        progress.Report("reading the market");
        var series = await queries.SeriesAsync(scope, ct);
        var cheapest = series.GroupBy(s => s.Product).Select(g =>
        {
            var offers = ReportData.Comparable(g).Where(s => s.Qty > 0).OrderBy(s => s.Price).ThenByDescending(s => s.Qty).ToList();
            return new CheapestRow(g.Key, offers.FirstOrDefault(), offers.Skip(1).FirstOrDefault());
        }).ToList();

        progress.Report("computing price statistics (alongside the trends)");
        // The biggest query, on its own connection and thread (Microsoft.Data.Sqlite runs queries synchronously).
        var statsTask = Task.Run(() => StatsAsync(series, UnixMs.From(scope.To), ct), ct);
        progress.Report("reading orders");
        var daily = await queries.SpendAsync(scope, ReportQueries.DayKey, ct);
        var byProduct = await queries.SpendAsync(scope, "coalesce(o.product, '')", ct);
        var byCountry = await queries.SpendAsync(scope, "coalesce(o.country, '')", ct);
        var outcomes = await queries.OutcomesAsync(scope, ct);
        var intents = await queries.IntentsAsync(scope, ct);

        // "Most data": the products offered in the most countries × operators; ties by name, so the choice is stable.
        var charted = series.GroupBy(s => s.Product).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(maxProductCharts).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        var trends = new List<ProductTrend>();
        var start = Math.Max(UnixMs.From(scope.From), await queries.FirstSweepAsync(ct) ?? UnixMs.From(scope.To));
        foreach (var product in charted)
        {
            progress.Report($"reading the history of {product} ({trends.Count + 1}/{charted.Count})");
            trends.Add(await TrendAsync(product, series.Where(s => s.Product == product).ToList(), start, UnixMs.From(scope.To), ct));
        }
        var stats = await statsTask;
        return new ReportData(scope, now, series, cheapest, stats, daily, byProduct, byCountry, outcomes,
            ReportQueries.AutoBuy(intents, stats), trends,
            series.Select(s => s.Product).Distinct().Count(), RuleThresholds.Read(configuration));
    }

    private async Task<List<StatsRow>> StatsAsync(IReadOnlyList<SeriesInfo> series, long to, CancellationToken ct)
    {
        var days = PriceStats.WindowDays.Max();
        var origin = to - (days * DayMs);
        var rows = (await queries.BucketsAsync(series.Select(s => s.Id).ToList(), origin, DayMs, to, ct)).ToLookup(r => r.SeriesId);
        return series.Select(s =>
        {
            var buckets = StepBuckets.Fill(rows[s.Id].ToList(), origin, DayMs, days, to, Carried(s, origin));
            return new StatsRow(s, buckets.Count > 0 ? buckets[^1].Close : null,
                PriceStats.WindowDays.Select(w => PriceStats.Of(buckets, days, w)).ToList());
        }).ToList();
    }

    private async Task<ProductTrend> TrendAsync(string product, List<SeriesInfo> series, long start, long end, CancellationToken ct)
    {
        var width = Math.Max(1, (end - start + TrendBuckets - 1) / TrendBuckets);
        var rows = (await queries.BucketsAsync(series.Select(s => s.Id).ToList(), start, width, end, ct)).ToLookup(r => r.SeriesId);
        var countries = new Dictionary<string, IReadOnlyList<TrendPoint>>();
        foreach (var country in ReportData.Comparable(series).GroupBy(s => s.Country))
        {
            var filled = country.Select(s => StepBuckets.Fill(rows[s.Id].ToList(), start, width, TrendBuckets, end, Carried(s, start))).ToList();
            var points = filled.SelectMany(f => f).GroupBy(b => b.Bucket).OrderBy(g => g.Key)
                .Select(g => new TrendPoint(UnixMs.To(start + (g.Key * width)), Money.FromUnits(g.Min(b => b.Lo)), g.Sum(b => b.CloseQty)))
                .ToList();
            if (points.Count > 0)
                countries[country.Key] = points;
        }
        return new ProductTrend(product, countries);
    }

    /// <summary>A series unchanged since before the lookback holds its latest value through the whole range.</summary>
    private static (long, long)? Carried(SeriesInfo s, long origin) =>
        s.ChangedAt < origin - ReportQueries.CarryLookbackMs ? (s.Price, s.Qty) : null;
}
