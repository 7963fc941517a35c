using System.Text.Json;
using System.Text.RegularExpressions;

namespace SmsBuyz.Sandbox.Tests;

/// <summary>Shape assertions shared by the endpoint tests.</summary>
internal static partial class Json
{
    public static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    /// <summary>The documented zone-less UTC format, e.g. 2026-01-15T12:00:00.</summary>
    public static DateTimeOffset Time(JsonElement element)
    {
        var text = element.GetString() ?? "";
        Assert.Matches(TimeFormat(), text);
        return DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>5sim's RFC 3339 UTC time with an optional fraction (trailing zeros dropped), e.g. 2026-01-15T12:00:00Z.</summary>
    public static DateTimeOffset FiveSimTime(JsonElement element)
    {
        var text = element.GetString() ?? "";
        Assert.Matches(FiveSimTimeFormat(), text);
        return DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A JSON number with at most 4 decimal places, in the provider's usual price range.</summary>
    public static decimal Price(JsonElement element)
    {
        Assert.Equal(JsonValueKind.Number, element.ValueKind);
        var price = element.GetDecimal();
        Assert.Equal(decimal.Round(price, 4), price);
        Assert.InRange(price, 0.01m, 5.00m);
        return price;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")]
    private static partial Regex TimeFormat();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$")]
    private static partial Regex FiveSimTimeFormat();
}
