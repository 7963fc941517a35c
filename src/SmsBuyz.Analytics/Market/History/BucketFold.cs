namespace SmsBuyz.Analytics.Market.History;

/// <summary>
/// Folds a history, given as steps in (series, time) order, into <see cref="BucketRow"/>s, series by series: bucket -1 is [origin −
/// lookback, origin), bucket n is [origin + n·width, origin + (n + 1)·width) clipped to the end. Each step holds until the
/// next step of its series (the last one until the end), clipped to its bucket; later buckets are filled by the reader
/// (<c>StepBuckets.Fill</c>). The close is the step still in force at its bucket's end; it stays 0 when none does (as
/// SQL's NULL read into a long).
/// </summary>
/// <remarks>
/// Plain fields, no per-step object: this runs once per stored row, two million times for a report. Each series'
/// buckets are handed to <paramref name="series"/> as soon as the series ends, so a reader that needs one series at a
/// time (the report's statistics: 90 daily buckets of every series) holds one series, not the whole market's.
/// </remarks>
public sealed class BucketFold(long origin, long width, long end, Action<List<BucketRow>> series)
{
    private List<BucketRow> _rows = [];

    // The step waiting for its successor.
    private bool _pending;
    private long _series, _at, _lo, _hi, _mid, _last, _qty;

    // The bucket being folded.
    private bool _open;
    private long _bucketSeries, _bucket, _firstAt, _stop, _bucketLo, _bucketHi, _covered, _outOfStock, _close, _closeQty;
    private double _weightedSum;

    /// <summary>The next step; its time is the successor of the one before when both are of the same series.</summary>
    public void Add(long seriesId, long at, long lo, long hi, long mid, long last, long qty)
    {
        if (_pending)
            Hold(_series == seriesId ? at : end);
        (_pending, _series, _at, _lo, _hi, _mid, _last, _qty) = (true, seriesId, at, lo, hi, mid, last, qty);
    }

    /// <summary>Hands over the last series' buckets.</summary>
    public void Finish()
    {
        if (_pending)
            Hold(end);
        _pending = false;
        Close();
        Emit();
    }

    private void Emit()
    {
        if (_rows.Count == 0)
            return;
        series(_rows);
        _rows = []; // the reader may keep the list it was given
    }

    /// <summary>The pending step, held until <paramref name="next"/> or its bucket's end.</summary>
    private void Hold(long next)
    {
        var bucket = _at < origin ? -1 : (_at - origin) / width;
        if (!_open || _bucketSeries != _series || _bucket != bucket)
        {
            Close();
            (_open, _bucketSeries, _bucket, _firstAt, _bucketLo, _bucketHi) = (true, _series, bucket, _at, _lo, _hi);
            (_stop, _weightedSum, _covered, _outOfStock, _close, _closeQty) =
                (bucket < 0 ? origin : Math.Min(origin + ((bucket + 1) * width), end), 0, 0, 0, 0, 0);
        }
        var held = Math.Min(next, _stop) - _at;
        _bucketLo = Math.Min(_bucketLo, _lo);
        _bucketHi = Math.Max(_bucketHi, _hi);
        _weightedSum += (double)_mid * held;
        _covered += held;
        if (_qty == 0)
            _outOfStock += held;
        if (next >= _stop)
            (_close, _closeQty) = (_last, _qty);
    }

    private void Close()
    {
        if (_open && _rows.Count > 0 && _rows[0].SeriesId != _bucketSeries)
            Emit();
        if (_open)
            _rows.Add(new BucketRow
            {
                SeriesId = _bucketSeries, Bucket = _bucket, FirstAt = _firstAt, Lo = _bucketLo, Hi = _bucketHi, WeightedSum = _weightedSum,
                Covered = _covered, OutOfStock = _outOfStock, Close = _close, CloseQty = _closeQty,
            });
        _open = false;
    }
}
