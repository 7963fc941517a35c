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

/// <summary>
/// One series by its names (the product and operator as the API last spelled them, the country's ISO code) with its
/// latest state: the price in 1e-4 units and the stock since <see cref="ChangedAt"/> (Unix ms), first seen so in
/// sweep <see cref="SweepId"/>; and whose it is, <see cref="ProviderId"/> for joins and <see cref="Provider"/> (its
/// name) for people. Units as stored: <c>Money.FromUnits</c> and <c>UnixMs.To</c> make them readable.
/// </summary>
public sealed record SeriesInfo(long Id, string Product, string Country, string Operator, long Price, long Qty, long ChangedAt, long SweepId,
    long ProviderId, string Provider);

/// <summary>One stored change point of a series, by its names and its provider: price in 1e-4 units, time in Unix ms.</summary>
public sealed record SeriesChange(long At, string Product, string Country, string Operator, long Price, long Qty, long ProviderId, string Provider);
