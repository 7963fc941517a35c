namespace SmsBuyz.Analytics.Market.History;

/// <summary>
/// One series in one time bucket, aggregated in SQL from whichever tier holds the time: the first point's time,
/// min/max price, the time-weighted price sum and covered milliseconds, out-of-stock milliseconds, and the last
/// price and stock. Bucket -1 holds the points before the range; its last values are what was carried in.
/// </summary>
public sealed record BucketRow
{
    public long SeriesId { get; init; }
    public long Bucket { get; init; }
    public long FirstAt { get; init; }
    public long Lo { get; init; }
    public long Hi { get; init; }
    public double WeightedSum { get; init; }
    public long Covered { get; init; }
    public long OutOfStock { get; init; }
    public long Close { get; init; }
    public long CloseQty { get; init; }
}
