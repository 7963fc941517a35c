using System.Globalization;
using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Lenient readers over <see cref="JsonElement"/>: property names match case-insensitively and with or
/// without underscores (<c>created_at</c> = <c>CreatedAt</c>), numbers may arrive as strings, money is
/// read as <see cref="decimal"/> straight from the JSON text (never through <see cref="double"/>).
/// </summary>
internal static class TolerantJson
{
    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in obj.EnumerateObject())
            {
                if (NamesMatch(property.Name, name))
                {
                    value = property.Value;
                    return true;
                }
            }
        }
        value = default;
        return false;
    }

    public static string? String(JsonElement obj, string name) =>
        TryGet(obj, name, out var e) ? e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
            _ => null,
        } : null;

    public static decimal? Decimal(JsonElement obj, string name) =>
        TryGet(obj, name, out var e) ? ToDecimal(e) : null;

    public static long? Long(JsonElement obj, string name) =>
        Decimal(obj, name) is { } d && d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue
            ? (long)d
            : null;

    public static DateTimeOffset? Time(JsonElement obj, string name) =>
        TryGet(obj, name, out var e) ? ToTime(e) : null;

    public static decimal? ToDecimal(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetDecimal(out var d) => d,
        JsonValueKind.String when decimal.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>
    /// The API's timestamps carry no zone; they are read as UTC. One with an offset is converted to UTC.
    /// A number is taken as Unix seconds.
    /// </summary>
    public static DateTimeOffset? ToTime(JsonElement e)
    {
        // Out-of-range seconds would throw ArgumentOutOfRangeException, escaping the typed-error net: read as no time.
        if (e.ValueKind == JsonValueKind.Number)
            return e.TryGetInt64(out var seconds) && seconds >= MinUnixSeconds && seconds <= MaxUnixSeconds
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        if (e.ValueKind != JsonValueKind.String)
            return null;
        return DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
    }

    internal static bool NamesMatch(string actual, string wanted)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < actual.Length && actual[i] == '_') i++;
            while (j < wanted.Length && wanted[j] == '_') j++;
            if (i == actual.Length || j == wanted.Length)
                return i == actual.Length && j == wanted.Length;
            if (char.ToLowerInvariant(actual[i]) != char.ToLowerInvariant(wanted[j]))
                return false;
            i++;
            j++;
        }
    }
}
