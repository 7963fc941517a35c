using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Streams <c>{"microsoft": {"Category": "activation", "Qty": 45832, "Price": 0.4118}, ...}</c> with a
/// <see cref="Utf8JsonReader"/>: the busiest answer of a sweep, read without a DOM and without a string per
/// unchanged product. Lenient like <see cref="TolerantJson"/>: any letter case, numbers as strings, unknown
/// fields skipped; an entry without a usable Price/Qty is reported in Problems. Invalid JSON throws
/// <see cref="JsonException"/>; a body that is not an object throws <see cref="FormatException"/>.
/// </summary>
internal static class ProductsParser
{
    public static MarketResult<ProductOffer> Parse(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new FormatException($"expected an object of products, got {reader.TokenType}");

        var offers = new List<ProductOffer>(json.Length / 48); // about 60 bytes per product: rarely regrown
        var problems = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var product = NameCache.Get(ref reader);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                problems.Add($"product '{product}' is not an object");
                continue;
            }
            var (price, qty, category) = ReadEntry(ref reader);
            if (price is null || qty is null || price < 0 || qty < 0)
                problems.Add($"product '{product}' has no valid Price/Qty");
            else
                offers.Add(new ProductOffer(product, category, qty.Value, price.Value));
        }
        return new MarketResult<ProductOffer>(offers, problems);
    }

    private static (decimal? Price, long? Qty, string? Category) ReadEntry(ref Utf8JsonReader reader)
    {
        decimal? price = null;
        long? qty = null;
        string? category = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader);
            reader.Read();
            switch (field)
            {
                case 'p': price = ReadDecimal(ref reader); break;
                case 'q': qty = ReadCount(ref reader); break;
                case 'c': category = ReadCategory(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return (price, qty, category);
    }

    /// <summary>'p' Price, 'q' Qty, 'c' Category (any case), else '\0'.</summary>
    private static char Field(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("Price"u8) || reader.ValueTextEquals("price"u8)) return 'p';
        if (reader.ValueTextEquals("Qty"u8) || reader.ValueTextEquals("qty"u8)) return 'q';
        if (reader.ValueTextEquals("Category"u8) || reader.ValueTextEquals("category"u8)) return 'c';
        return reader.GetString()!.ToUpperInvariant() switch { "PRICE" => 'p', "QTY" => 'q', "CATEGORY" => 'c', _ => '\0' };
    }

    private static long? ReadCount(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count))
            return count;
        return ReadDecimal(ref reader) is { } d && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue ? (long)d : null;
    }

    /// <summary>The category every product of an activation market has costs no lookup.</summary>
    private static string? ReadCategory(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? null
        : reader.ValueTextEquals("activation"u8) ? "activation"
        : NameCache.Get(ref reader);

    private static decimal? ReadDecimal(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return PlainDecimal.TryParse(reader.ValueSpan, out var plain) ? plain : reader.TryGetDecimal(out var d) ? d : null;
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }
        if (!reader.ValueIsEscaped && !reader.HasValueSequence
            && Utf8Parser.TryParse(reader.ValueSpan, out decimal fast, out var used) && used == reader.ValueSpan.Length)
            return fast;
        return decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var slow) ? slow : null;
    }
}
