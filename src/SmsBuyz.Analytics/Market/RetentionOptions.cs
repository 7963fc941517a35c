namespace SmsBuyz.Analytics.Market;

/// <summary>
/// How long each tier of the price/stock history is kept (section <c>Retention</c>). In Market, not Retention/: the
/// write path (<see cref="MarketStore"/>) applies its stock deadband, and maintenance (Retention/) the rest.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Days of raw change points; older points are rolled up, then deleted (the value in force is kept).</summary>
    public int RawDays { get; set; } = 14;

    /// <summary>
    /// Days of hourly rollups (counted from now, so hourly covers RawDays..HourlyDays ago); daily is kept forever. Also how
    /// long the sweep rows of rules' watch polls are kept.
    /// </summary>
    public int HourlyDays { get; set; } = 28;

    /// <summary>
    /// A stock-only move smaller than this percentage of the last recorded stock is not written as a change point
    /// (<c>price_latest</c> stays exact). Applied by the market write path.
    /// </summary>
    public double StockDeadbandPercent { get; set; } = 10;
}
