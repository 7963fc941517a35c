using System.Globalization;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Page;

/// <summary>How the page writes amounts, times and links: as commands print them (invariant culture, UTC), one way everywhere.</summary>
public static class PageText
{
    /// <summary>An amount in 1e-4 units, as <see cref="Money.Format"/> prints it.</summary>
    public static string Price(long units) => Money.Format(Money.FromUnits(units));

    public static string Price(decimal? amount) => amount is { } a ? Money.Format(a) : "–";

    public static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Time(long unixMs) => Time(UnixMs.To(unixMs));

    public static string Time(DateTimeOffset? at) => at is { } a ? Time(a) : "–";

    /// <summary>How long ago, roughly: "40 s", "12 min", "3 h", "5 d".</summary>
    public static string Ago(DateTimeOffset now, DateTimeOffset at)
    {
        var span = now - at;
        return span switch
        {
            { TotalSeconds: < 0 } => "just now",
            { TotalSeconds: < 90 } => $"{(int)span.TotalSeconds} s ago",
            { TotalMinutes: < 90 } => $"{(int)span.TotalMinutes} min ago",
            { TotalHours: < 36 } => $"{(int)span.TotalHours} h ago",
            _ => $"{(int)span.TotalDays} d ago",
        };
    }

    public static string Ago(DateTimeOffset now, long unixMs) => Ago(now, UnixMs.To(unixMs));

    /// <summary>A signed percentage: "-12.5 %", "+3 %".</summary>
    public static string Percent(decimal? value) => value is { } v ? v.ToString("+0.#;-0.#;0", CultureInfo.InvariantCulture) + " %" : "–";

    /// <summary>A share of 0–1 as a percentage: "83 %".</summary>
    public static string Share(double value) => (value * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Duration(TimeSpan? span) => span is { } s
        ? s.TotalSeconds < 90 ? s.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s" : s.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min"
        : "–";

    /// <summary>An offer's page at its provider; every value escaped for the query (the template then encodes the attribute).</summary>
    public static string OfferLink(string provider, string product, string country, string operatorName, int? days = null) =>
        $"/offer?provider={Uri.EscapeDataString(provider)}&product={Uri.EscapeDataString(product)}&country={Uri.EscapeDataString(country)}&operator={Uri.EscapeDataString(operatorName)}"
        + (days is { } d ? $"&days={d.ToString(CultureInfo.InvariantCulture)}" : "");
}
