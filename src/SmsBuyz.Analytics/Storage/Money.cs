namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// Money in SQLite: INTEGER units of 1e-4 (SQLite has no decimal type; a DECIMAL column silently
/// becomes REAL). A value with more than four decimal places is refused, never rounded.
/// </summary>
public static class Money
{
    private const decimal UnitsPerOne = 10_000m;
    private static readonly long[] Pow10 = [1, 10, 100, 1_000, 10_000];

    public static long ToUnits(decimal value) => TryToUnits(value, out var units)
        ? units
        : throw new ArgumentException($"{value} is out of range or has more than 4 decimal places and cannot be stored exactly", nameof(value));

    public static bool TryToUnits(decimal value, out long units)
    {
        // Every point of every sweep passes here: read the mantissa directly when it is small and has 4 decimals or fewer.
        if (value.Scale <= 4)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            var factor = Pow10[4 - value.Scale];
            if (bits[2] == 0 && mantissa <= (ulong)(long.MaxValue / factor))
            {
                units = (long)mantissa * factor * (value < 0 ? -1 : 1);
                return true;
            }
        }
        // Checked first: near decimal's own limit the multiplication below would throw OverflowException.
        if (Math.Abs(value) > long.MaxValue / UnitsPerOne)
        {
            units = 0;
            return false;
        }
        var scaled = value * UnitsPerOne;
        var exact = scaled == decimal.Truncate(scaled) && scaled is >= long.MinValue and <= long.MaxValue;
        units = exact ? (long)scaled : 0;
        return exact;
    }

    public static decimal FromUnits(long units) => units / UnitsPerOne;

    /// <summary>
    /// An amount as commands print it, one way everywhere: at least two decimals and up to four, the API's precision
    /// (<c>10.50</c>, <c>0.4118</c>, <c>3.00</c>), whatever the scale it was typed or parsed with (3.0, 10, 0.41000).
    /// </summary>
    public static string Format(decimal value) => value.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Times in SQLite: INTEGER Unix milliseconds, UTC.</summary>
public static class UnixMs
{
    public const long HourMs = 3_600_000;
    public const long DayMs = 24 * HourMs;

    public static long From(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
    public static long? From(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
    public static DateTimeOffset To(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
