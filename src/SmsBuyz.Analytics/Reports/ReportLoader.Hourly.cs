using System.Collections.Concurrent;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

public sealed partial class ReportLoader
{
    /// <summary>One trend step of one series: its lowest price and its stock at the step's end.</summary>
    private readonly record struct TrendStep(int Step, long Lo, long Qty)
    {
        public static TrendStep[] Of(List<FilledBucket> filled, int step) =>
            [.. filled.GroupBy(b => (int)(b.Bucket / step)).Select(g => new TrendStep(g.Key, g.Min(b => b.Lo), g.Last().CloseQty))];
    }

    /// <summary>
    /// The trends and the best hours of the charted products from one query of one-hour buckets, when a trend step is an
    /// hour or more (periods from 300 hours): both read the same history, and reading it twice cost as much again
    /// (measured: the two queries side by side took the report over its 3 s). A trend step is then a whole number of
    /// those hours, its lowest price their lowest and its stock the last; buckets start on a whole hour of the zone.
    /// </summary>
    private async Task<(List<ProductTrend> Trends, IReadOnlyList<ProductBestHours> BestHours)> HourlyAsync(List<string> products,
        IReadOnlyList<SeriesInfo> series, long start, long end, TimeZoneInfo zone, CancellationToken ct)
    {
        const long hour = UnixMs.HourMs;
        var origin = BestHours.Origin(start, zone);
        var count = (int)((end - origin + hour - 1) / hour);
        var detailFrom = Math.Max(start, await market.HourDetailFromAsync(ct) ?? long.MinValue);
        var firstDetail = (int)Math.Max(0, (detailFrom - origin) / hour);
        var cells = BestHours.CellOfBucket(origin, count, zone);
        var step = (int)Math.Ceiling((double)(end - start) / TrendBuckets / hour);
        var charted = series.Where(s => products.Contains(s.Product)).ToList();
        var comparable = products.ToDictionary(p => p, p => ReportData.Comparable(charted.Where(s => s.Product == p)).ToList(), StringComparer.Ordinal);
        var inBestHours = firstDetail < count ? comparable.Values.SelectMany(c => c).Select(s => s.Id).ToHashSet() : [];

        // Series by series, as each is read: its trend steps kept (a few hundred per series), its hours added to its
        // product's tally, its 720 hourly buckets dropped. Holding every charted series' buckets at once was some 46 KB a
        // series: a gigabyte for the 20,000 series of 20 products on a 200-country market.
        var steps = new ConcurrentDictionary<long, TrendStep[]>();
        var tallies = new List<Dictionary<string, BestHoursTally>>();
        Dictionary<string, BestHoursTally> NewTally() => products.ToDictionary(p => p, _ => new BestHoursTally(cells), StringComparer.Ordinal);
        await EachSeriesAsync(charted, origin, hour, end, () =>
        {
            var tally = NewTally();
            tallies.Add(tally); // in the parts' order: the sums then add up the same every time
            var buffer = new List<FilledBucket>(count); // one per part, series after series
            return (s, rows) =>
            {
                var filled = StepBuckets.Fill(rows, origin, hour, count, end, Carried(s, origin), buffer);
                steps[s.Id] = TrendStep.Of(filled, step);
                if (inBestHours.Contains(s.Id))
                    tally[s.Product].Add([.. filled.Where(b => b.Bucket >= firstDetail)]);
            };
        }, ct);

        List<TrendPoint> Points(IEnumerable<SeriesInfo> line) => [.. line
            .SelectMany(s => steps[s.Id])
            .GroupBy(p => p.Step).OrderBy(g => g.Key)
            .Select(g => new TrendPoint(UnixMs.To(origin + ((long)g.Key * step * hour)), Money.FromUnits(g.Min(p => p.Lo)), g.Sum(p => p.Qty)))];
        var trends = products.Select(product => ProductTrend.Of(product, comparable[product], Points)).ToList();
        if (firstDetail >= count)
            return (trends, []);
        var merged = NewTally();
        foreach (var tally in tallies)
            foreach (var (product, part) in tally)
                merged[product].Merge(part);
        return (trends, [.. products.Select(product => merged[product].Result(product))]);
    }
}
