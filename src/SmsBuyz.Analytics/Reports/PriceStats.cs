namespace SmsBuyz.Analytics.Reports;

/// <summary>Price statistics of one series over one window (money in 1e-4 units), from its daily buckets.</summary>
public sealed record WindowStats(long Min, long Max, long Mean, long Median, double OutOfStockShare, int DaysSinceLowest);

public static class PriceStats
{
    public static readonly int[] WindowDays = [7, 30, 90];

    /// <summary>Min, max, time-weighted mean and median over the last <paramref name="days"/> of the buckets (one per day).</summary>
    /// <returns>Null when the series had no value in the window.</returns>
    public static WindowStats? Of(IReadOnlyList<FilledBucket> buckets, int totalDays, int days)
    {
        var window = buckets.Where(b => b.Bucket >= totalDays - days && b.Covered > 0).ToList();
        if (window.Count == 0)
            return null;
        var covered = window.Sum(b => (double)b.Covered);
        var min = window.Min(b => b.Lo);
        var lowestDay = window.Last(b => b.Lo == min);
        var current = window[^1].Close;
        return new WindowStats(min, window.Max(b => b.Hi), (long)Math.Round(window.Sum(b => b.WeightedSum) / covered),
            (long)Math.Round(WeightedMedian(window)), window.Sum(b => (double)b.OutOfStock) / covered,
            current == min ? 0 : (int)(totalDays - 1 - lowestDay.Bucket));
    }

    /// <summary>The time-weighted median of the buckets' mean prices: half the covered time was at or below it.</summary>
    private static double WeightedMedian(List<FilledBucket> window)
    {
        var sorted = window.OrderBy(b => b.Mean).ToList();
        var half = sorted.Sum(b => (double)b.Covered) / 2;
        var seen = 0.0;
        foreach (var b in sorted)
        {
            seen += b.Covered;
            if (seen >= half)
                return b.Mean;
        }
        return sorted[^1].Mean;
    }
}
