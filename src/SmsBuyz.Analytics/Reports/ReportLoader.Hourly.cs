using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

public sealed partial class ReportLoader
{
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
        var charted = series.Where(s => products.Contains(s.Product)).ToList();
        // A part per core, as the statistics: the parts and the statistics then share the cores to the end.
        var parts = await Task.WhenAll(charted.Chunk(Math.Max(1, (charted.Count + Environment.ProcessorCount - 1) / Environment.ProcessorCount))
            .Select(part => OnOwnThread(() => market.BucketsAsync([.. part.Select(s => s.Id)], origin, hour, end, ct), ct)));
        var rows = parts.SelectMany(p => p).ToLookup(r => r.SeriesId);
        var filled = charted.ToDictionary(s => s.Id, s => StepBuckets.Fill(rows[s.Id].ToList(), origin, hour, count, end, Carried(s, origin)));

        var step = (int)Math.Ceiling((double)(end - start) / TrendBuckets / hour);
        List<TrendPoint> Points(IEnumerable<SeriesInfo> line) => [.. line
            .SelectMany(s => filled[s.Id].GroupBy(b => b.Bucket / step).Select(g => (Step: g.Key, Lo: g.Min(b => b.Lo), Qty: g.Last().CloseQty)))
            .GroupBy(p => p.Step).OrderBy(g => g.Key)
            .Select(g => new TrendPoint(UnixMs.To(origin + (g.Key * step * hour)), Money.FromUnits(g.Min(p => p.Lo)), g.Sum(p => p.Qty)))];
        var trends = products.Select(product => ProductTrend.Of(product, [.. ReportData.Comparable(charted.Where(s => s.Product == product))], Points))
            .ToList();

        var firstDetail = (int)Math.Max(0, (detailFrom - origin) / hour);
        if (firstDetail >= count)
            return (trends, []);
        var cells = BestHours.CellOfBucket(origin, count, zone);
        return (trends, [.. products.Select(product => BestHours.Of(product, ReportData.Comparable(charted.Where(s => s.Product == product))
            .Select(s => (IReadOnlyList<FilledBucket>)[.. filled[s.Id].Where(b => b.Bucket >= firstDetail)]), cells))]);
    }
}
