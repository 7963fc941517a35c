using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.Reports;

/// <summary>A bucket as a step function holds it, after what the SQL did not see (time before the first point) is filled in.</summary>
public readonly record struct FilledBucket(long Bucket, long Lo, long Hi, double WeightedSum, long Covered, long OutOfStock,
    long Close, long CloseQty)
{
    public double Mean => WeightedSum / Covered;
}

public static class StepBuckets
{
    /// <summary>
    /// The buckets [0, count) of one series in order; a bucket without points holds the previous close all through,
    /// and the part of a bucket before its first point holds the previous close too. Before any value, nothing.
    /// </summary>
    /// <param name="rows">The series' rows, in bucket order.</param>
    /// <param name="carried">The value in force at the start when no row before the range exists (e.g. from price_latest).</param>
    public static List<FilledBucket> Fill(IReadOnlyList<BucketRow> rows, long origin, long width, int count, long end,
        (long Price, long Qty)? carried) => Fill(rows, origin, width, count, end, carried, new List<FilledBucket>(count));

    /// <summary>As <see cref="Fill(IReadOnlyList{BucketRow}, long, long, int, long, ValueTuple{long, long}?)"/>, into
    /// <paramref name="result"/>, emptied first: a caller filling series after series reuses one list.</summary>
    public static List<FilledBucket> Fill(IReadOnlyList<BucketRow> rows, long origin, long width, int count, long end,
        (long Price, long Qty)? carried, List<FilledBucket> result)
    {
        result.Clear();
        var current = carried;
        var i = 0;
        if (i < rows.Count && rows[i].Bucket < 0)
            current = (rows[i].Close, rows[i++].CloseQty);
        for (var b = 0; b < count; b++)
        {
            long start = origin + (b * width), stop = Math.Min(start + width, end);
            if (stop <= start)
                break;
            var row = i < rows.Count && rows[i].Bucket == b ? rows[i++] : null;
            if (row is null && current is { } only)
                result.Add(Held(b, only, stop - start));
            else if (row is not null && current is { } held && row.FirstAt > start)
            {
                var before = Held(b, held, row.FirstAt - start);
                result.Add(new FilledBucket(b, Math.Min(before.Lo, row.Lo), Math.Max(before.Hi, row.Hi), before.WeightedSum + row.WeightedSum,
                    before.Covered + row.Covered, before.OutOfStock + row.OutOfStock, row.Close, row.CloseQty));
            }
            else if (row is not null)
                result.Add(new FilledBucket(b, row.Lo, row.Hi, row.WeightedSum, row.Covered, row.OutOfStock, row.Close, row.CloseQty));
            if (row is not null)
                current = (row.Close, row.CloseQty);
        }
        return result;
    }

    private static FilledBucket Held(long bucket, (long Price, long Qty) held, long ms) =>
        new(bucket, held.Price, held.Price, (double)held.Price * ms, ms, held.Qty == 0 ? ms : 0, held.Price, held.Qty);
}
