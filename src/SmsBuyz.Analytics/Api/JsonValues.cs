using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// The market parsers' readers of one scalar token, as lenient as <see cref="TolerantJson"/>: numbers may arrive as
/// strings, money is read as <see cref="decimal"/> straight from the UTF-8 text (never through <see cref="double"/>).
/// </summary>
internal static class JsonValues
{
    /// <summary>A number, or a string holding one; anything else (null, true, an unreadable string) is none.</summary>
    public static decimal? Decimal(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return !reader.HasValueSequence && PlainDecimal.TryParse(reader.ValueSpan, out var plain) ? plain
                : reader.TryGetDecimal(out var d) ? d : null;
        if (reader.TokenType != JsonTokenType.String)
            return null;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence
            && Utf8Parser.TryParse(reader.ValueSpan, out decimal fast, out var used) && used == reader.ValueSpan.Length)
            return fast;
        return decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var slow) ? slow : null;
    }

    /// <summary>A whole number within <see cref="long"/>'s range, as a number or a string (<c>45832</c>, <c>"45832"</c>, <c>1.0</c>).</summary>
    public static long? Count(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count))
            return count;
        return Whole(Decimal(ref reader));
    }

    public static long? Whole(decimal? value) =>
        value is { } d && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue ? (long)d : null;

    /// <summary>
    /// Whether the property name is <paramref name="lower"/> as <see cref="TolerantJson"/> matches names: any letter
    /// case, underscores ignored. ASCII byte by byte: no other character lower-cases to one of these letters.
    /// </summary>
    public static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> lower)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
            return TolerantJson.NamesMatch(reader.GetString()!, Encoding.UTF8.GetString(lower));
        var j = 0;
        foreach (var b in reader.ValueSpan)
        {
            if (b == (byte)'_')
                continue;
            if (j == lower.Length || (b | 0x20) != lower[j])
                return false;
            j++;
        }
        return j == lower.Length;
    }
}
