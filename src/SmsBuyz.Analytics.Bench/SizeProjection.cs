using SmsBuyz.Analytics.Market;

namespace SmsBuyz.Analytics.Bench;

/// <summary>A market to project: how many series, how often swept, and what share of series changes per sweep.</summary>
/// <param name="StockPassShare">Share of sweeps whose stock move passes <c>Retention:StockDeadbandPercent</c> (an assumption).</param>
public sealed record SizeScenario(int Series, int SweepMinutes, double PriceChangeShare, double StockPassShare, int Days)
{
    /// <summary>The year: 100,000 series swept every 5 minutes, 1 % of prices and every stock count moving
    /// each sweep, of which we assume 10 % move past the default 10 % deadband.</summary>
    public static readonly SizeScenario Year = new(100_000, 5, 0.01, 0.10, 365);

    public int SweepsPerDay => 24 * 60 / SweepMinutes;

    /// <summary>Share of series that get a change point in one sweep (price moved, or stock past the deadband).</summary>
    public double ChangeShare => 1 - ((1 - PriceChangeShare) * (1 - StockPassShare));

    /// <summary>Share of buckets of this many sweeps that hold at least one change point, hence a rollup row.</summary>
    public double BucketShare(double sweeps) => 1 - Math.Pow(1 - ChangeShare, sweeps);
}

/// <summary>Measured bytes on disk per row of each tier, and per series (series, price_latest and their indexes).</summary>
public sealed record TierBytes(double Raw, double Hourly, double Daily, double PerSeries);

/// <summary>Rows and bytes of each tier at the end of a scenario, under a retention policy.</summary>
public sealed record SizeProjection(double RawRows, double HourlyRows, double DailyRows, double RawBytes, double HourlyBytes,
    double DailyBytes, double SeriesBytes)
{
    public double TotalBytes => RawBytes + HourlyBytes + DailyBytes + SeriesBytes;

    public static SizeProjection Compute(SizeScenario s, RetentionOptions r, TierBytes bytes)
    {
        // Worst moment of the day: tiers are cut on day boundaries, so raw holds up to RawDays + 1 days and hourly
        // reaches back to HourlyDays + 1 days; daily rows start where raw ends. Plus one kept point per series.
        double rawDays = Math.Min(s.Days, r.RawDays + 1);
        double hourlyDays = Math.Max(0, Math.Min(s.Days, r.HourlyDays + 1) - r.RawDays);
        double dailyDays = Math.Max(0, s.Days - r.RawDays);
        var raw = s.Series * ((rawDays * s.SweepsPerDay * s.ChangeShare) + 1);
        var hourly = s.Series * hourlyDays * 24 * s.BucketShare(s.SweepsPerDay / 24.0);
        var daily = s.Series * dailyDays * s.BucketShare(s.SweepsPerDay);
        return new SizeProjection(raw, hourly, daily, raw * bytes.Raw, hourly * bytes.Hourly, daily * bytes.Daily, s.Series * bytes.PerSeries);
    }
}
