namespace SmsBuyz.Analytics.Market.History;

/// <summary>Which stored tier a history point came from.</summary>
public enum HistoryTier { Raw, Hourly, Daily }

/// <summary>
/// One step of a series' history; it holds from <see cref="At"/> until the next point (the last one until the
/// end of the range). <see cref="HistoryTier.Raw"/>: one change point (min = max = avg = last, Changes = 1).
/// Hourly and daily: the bucket starting at At (the first may start before the range), with min and max over the
/// bucket including the value carried in, the time-weighted average, the last value, and how many change points
/// it held. Changes = 0 marks the value carried in at the start of the range or of a tier's part.
/// </summary>
public sealed record HistoryPoint(DateTimeOffset At, HistoryTier Tier,
    decimal PriceMin, decimal PriceMax, decimal PriceAvg, decimal PriceLast,
    long QtyMin, long QtyMax, long QtyAvg, long QtyLast, long Changes);

/// <summary>The current state of one series of a country, and since when it holds.</summary>
public sealed record LatestState(string Product, string Operator, decimal Price, long Qty, DateTimeOffset ChangedAt);
