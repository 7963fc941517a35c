using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Retention;

/// <summary>A rollup table and its bucket width; both are rolled up from raw change points.</summary>
public sealed record RollupTier(string Name, string Table, long WidthMs)
{
    public static readonly RollupTier Hourly = new("hourly", "price_hourly", UnixMs.HourMs);
    public static readonly RollupTier Daily = new("daily", "price_daily", UnixMs.DayMs);
}
