namespace SmsBuyz.Analytics.Market.Retention;

/// <summary>A stored change point: from <paramref name="At"/> (Unix ms) on, the series had this price and stock.</summary>
public readonly record struct ChangePoint(long At, long Price, long Qty);

/// <summary>One rollup bucket of one series (money in 1e-4 units, times Unix ms); see 0002_rollups.sql.</summary>
public sealed record RollupRow(long BucketStart, long PriceMin, long PriceMax, long PriceAvg, long PriceLast,
    long QtyMin, long QtyMax, long QtyAvg, long QtyLast, long Changes);

/// <summary>Turns a series' change points into rollup rows, one per bucket that holds a change point.</summary>
internal static class Bucketizer
{
    /// <param name="carried">The value in force before the first point (the last change point before the window), if any.</param>
    /// <param name="points">Change points in time order, all inside the window being rolled up.</param>
    public static List<RollupRow> Roll(ChangePoint? carried, IReadOnlyList<ChangePoint> points, long width)
    {
        var rows = new List<RollupRow>();
        var inForce = carried;
        for (var first = 0; first < points.Count;)
        {
            var start = Floor(points[first].At, width);
            var stop = first;
            while (stop < points.Count && points[stop].At < start + width)
                stop++;
            rows.Add(Bucket(start, start + width, inForce, points, first, stop));
            inForce = points[stop - 1];
            first = stop;
        }
        return rows;
    }

    public static long Floor(long at, long width) => at - (((at % width) + width) % width);

    private static RollupRow Bucket(long start, long end, ChangePoint? inForce, IReadOnlyList<ChangePoint> points, int first, int stop)
    {
        var price = new StepStats();
        var qty = new StepStats();
        // The carried value counts only if it held for part of the bucket (no change point right at its start).
        if (inForce is { } held && points[first].At > start)
        {
            price.Add(held.Price, points[first].At - start);
            qty.Add(held.Qty, points[first].At - start);
        }
        for (var i = first; i < stop; i++)
        {
            var until = i + 1 < stop ? points[i + 1].At : end;
            price.Add(points[i].Price, until - points[i].At);
            qty.Add(points[i].Qty, until - points[i].At);
        }
        var last = points[stop - 1];
        return new RollupRow(start, price.Min, price.Max, price.Average, last.Price,
            qty.Min, qty.Max, qty.Average, last.Qty, stop - first);
    }

    /// <summary>Min, max and time-weighted average of a step function, exactly (decimal sum), rounded half away from zero.</summary>
    private sealed class StepStats
    {
        private decimal _weighted;
        private long _duration;

        public long Min { get; private set; } = long.MaxValue;
        public long Max { get; private set; } = long.MinValue;
        public long Average => (long)Math.Round(_weighted / _duration, MidpointRounding.AwayFromZero);

        public void Add(long value, long duration)
        {
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
            _weighted += (decimal)value * duration;
            _duration += duration;
        }
    }
}
