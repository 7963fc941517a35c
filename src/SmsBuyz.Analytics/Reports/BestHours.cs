using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>One hour of the week: 0 = Monday; price index 1 = the product's average (each series against its own mean).</summary>
public sealed record HourCell(int Weekday, int Hour, double CoveredHours, decimal? MeanPrice, double? Index);

/// <summary>
/// When a product is cheapest: its 7 × 24 hours of the week in a time zone, and the cheapest hour of the day (over every
/// weekday) and of the week, with their index (0.9 = 10 % below the average).
/// </summary>
public sealed record ProductBestHours(string Product, IReadOnlyList<HourCell> Cells, (int Hour, double Index)? BestHour,
    (int Weekday, int Hour, double Index)? BestCell);

/// <summary>
/// Time-weighted price by hour of the week, from one-hour buckets aligned to whole hours of the zone. Each series is
/// read against its own mean over the period (its price in an hour ÷ its mean), then the series are averaged weighted by
/// the time each held a price in that hour: offers of different price levels (countries, operators) weigh alike, and
/// an offer present only part of the period does not tilt the hours it missed.
/// </summary>
public static class BestHours
{
    public static readonly string[] Weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>The first whole hour of the zone at or before <paramref name="start"/>.</summary>
    public static long Origin(long start, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(start), zone);
        return local.AddTicks(-(local.Ticks % TimeSpan.TicksPerHour)).ToUnixTimeMilliseconds();
    }

    /// <summary>The hour of the week (weekday × 24 + hour) of each bucket, read at its middle so a DST change at its edge does not matter.</summary>
    public static int[] CellOfBucket(long origin, int count, TimeZoneInfo zone) =>
        [.. Enumerable.Range(0, count).Select(b =>
        {
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(origin + (b * UnixMs.HourMs) + (UnixMs.HourMs / 2)), zone);
            return ((((int)local.DayOfWeek) + 6) % 7 * 24) + local.Hour;
        })];

    /// <summary>One product from the filled hourly buckets of each of its series.</summary>
    public static ProductBestHours Of(string product, IEnumerable<IReadOnlyList<FilledBucket>> series, int[] cellOfBucket)
    {
        double[] ratio = new double[168], covered = new double[168], weighted = new double[168];
        foreach (var buckets in series)
        {
            double sum = buckets.Sum(b => b.WeightedSum), cov = buckets.Sum(b => (double)b.Covered);
            if (cov <= 0 || sum <= 0)
                continue;
            var mean = sum / cov;
            foreach (var b in buckets.Where(b => b.Covered > 0))
            {
                var cell = cellOfBucket[b.Bucket];
                ratio[cell] += b.WeightedSum / mean;
                covered[cell] += b.Covered;
                weighted[cell] += b.WeightedSum;
            }
        }
        var cells = Enumerable.Range(0, 168).Select(i => covered[i] <= 0
            ? new HourCell(i / 24, i % 24, 0, null, null)
            : new HourCell(i / 24, i % 24, covered[i] / UnixMs.HourMs, Storage.Money.FromUnits((long)Math.Round(weighted[i] / covered[i])), ratio[i] / covered[i]))
            .ToList();
        var hours = Enumerable.Range(0, 24).Select(h => (Hour: h, Covered: Enumerable.Range(0, 7).Sum(d => covered[(d * 24) + h]),
            Ratio: Enumerable.Range(0, 7).Sum(d => ratio[(d * 24) + h]))).Where(h => h.Covered > 0).ToList();
        (int, double)? bestHour = hours.Count == 0 ? null : hours.Select(h => (h.Hour, h.Ratio / h.Covered)).MinBy(h => h.Item2);
        var cheapest = cells.Where(c => c.Index is not null).MinBy(c => c.Index);
        (int, int, double)? bestCell = cheapest is null ? null : (cheapest.Weekday, cheapest.Hour, cheapest.Index!.Value);
        return new ProductBestHours(product, cells, bestHour, bestCell);
    }
}
