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
        var tally = new BestHoursTally(cellOfBucket);
        foreach (var buckets in series)
            tally.Add(buckets);
        return tally.Result(product);
    }
}
