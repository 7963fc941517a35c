namespace SmsBuyz.Analytics.Reports;

/// <summary>Price statistics of one series over one window (money in 1e-4 units), from its daily buckets.</summary>
public readonly record struct WindowStats(long Min, long Max, long Mean, long Median, double OutOfStockShare, int DaysSinceLowest);

public static class PriceStats
{
    /// <summary>The windows' lengths in days: <see cref="StatsRow"/> has a field for each.</summary>
    public static readonly int[] WindowDays = [7, 30, 90];

    /// <summary>Min, max, time-weighted mean and median over the last <paramref name="days"/> of the buckets (one per day).</summary>
    /// <returns>Null when the series had no value in the window.</returns>
    /// <remarks>
    /// One pass and no copy on the heap: this runs three times for every series of a report (78,000 on a whole market),
    /// and its lists were most of what a report allocated and left for the GC.
    /// </remarks>
    public static WindowStats? Of(IReadOnlyList<FilledBucket> buckets, int totalDays, int days)
    {
        var from = totalDays - days;
        Span<(double Mean, long Covered)> means = buckets.Count <= 128 ? stackalloc (double, long)[buckets.Count] : new (double, long)[buckets.Count];
        var count = 0;
        double covered = 0, weighted = 0, outOfStock = 0;
        long min = long.MaxValue, max = long.MinValue, lowest = 0, current = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            var b = buckets[i];
            if (b.Bucket < from || b.Covered <= 0)
                continue;
            covered += b.Covered;
            weighted += b.WeightedSum;
            outOfStock += b.OutOfStock;
            if (b.Lo <= min)
                (min, lowest) = (b.Lo, b.Bucket); // the last day at the lowest price
            max = Math.Max(max, b.Hi);
            current = b.Close;
            means[count++] = (b.Mean, b.Covered);
        }
        if (count == 0)
            return null;
        return new WindowStats(min, max, (long)Math.Round(weighted / covered), (long)Math.Round(WeightedMedian(means[..count], covered)),
            outOfStock / covered, current == min ? 0 : (int)(totalDays - 1 - lowest));
    }

    /// <summary>
    /// The time-weighted median of the buckets' mean prices: half the covered time was at or below it. Buckets of equal
    /// means may sort in any order: the median is the same mean either way.
    /// </summary>
    private static double WeightedMedian(Span<(double Mean, long Covered)> means, double covered)
    {
        means.Sort(static (a, b) => a.Mean.CompareTo(b.Mean));
        var half = covered / 2;
        var seen = 0.0;
        foreach (var (mean, time) in means)
        {
            seen += time;
            if (seen >= half)
                return mean;
        }
        return means[^1].Mean;
    }
}
