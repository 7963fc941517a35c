using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>
/// The statistics of a window, computed in one pass without copies, equal those of the plain list-and-sort form they
/// replaced, on random daily buckets with gaps, repeated lows and tied means.
/// </summary>
public sealed class PriceStatsTests
{
    [Fact]
    public void Of_RandomBuckets_EqualsThePlainForm()
    {
        var random = new Random(22);
        for (var trial = 0; trial < 3_000; trial++)
        {
            var totalDays = random.Next(1, 200); // past 128: the buffer is then on the heap
            var buckets = Buckets(random, totalDays);
            foreach (var days in new[] { 1, 7, 30, 90, totalDays })
                Assert.Equal(Plain(buckets, totalDays, days), PriceStats.Of(buckets, totalDays, days));
        }
    }

    private static List<FilledBucket> Buckets(Random random, int totalDays)
    {
        var buckets = new List<FilledBucket>();
        for (var day = random.Next(0, totalDays); day < totalDays; day++)
        {
            long lo = random.Next(3) * 1000 + 5000, hi = lo + (random.Next(3) * 500);
            var covered = random.Next(4) == 0 ? 0 : random.Next(1, 4) * 28_800_000L; // some days with no time held
            var mean = random.Next(2) == 0 ? lo : (lo + hi) / 2; // tied means across days
            buckets.Add(new FilledBucket(day, lo, hi, (double)mean * covered, covered, random.Next(2) * covered / 2, lo + random.Next(2), 5));
        }
        return buckets;
    }

    /// <summary>The form before: filtered into a list, then LINQ over it and a stable sort for the median.</summary>
    private static WindowStats? Plain(List<FilledBucket> buckets, int totalDays, int days)
    {
        var window = buckets.Where(b => b.Bucket >= totalDays - days && b.Covered > 0).ToList();
        if (window.Count == 0)
            return null;
        var covered = window.Sum(b => (double)b.Covered);
        var min = window.Min(b => b.Lo);
        var lowestDay = window.Last(b => b.Lo == min);
        var current = window[^1].Close;
        var sorted = window.OrderBy(b => b.Mean).ToList();
        var (half, seen, median) = (sorted.Sum(b => (double)b.Covered) / 2, 0.0, sorted[^1].Mean);
        foreach (var b in sorted)
        {
            seen += b.Covered;
            if (seen >= half)
            {
                median = b.Mean;
                break;
            }
        }
        return new WindowStats(min, window.Max(b => b.Hi), (long)Math.Round(window.Sum(b => b.WeightedSum) / covered),
            (long)Math.Round(median), window.Sum(b => (double)b.OutOfStock) / covered, current == min ? 0 : (int)(totalDays - 1 - lowestDay.Bucket));
    }
}
