using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Reads <c>{"microsoft": {"Category": "activation", "Qty": 45832, "Price": 0.4118}, ...}</c> token by token as it
/// arrives (<see cref="JsonChunks"/>), handing each product to a sink: the busiest answer of a sweep, read without a DOM
/// and without a string per unchanged product. Lenient like <see cref="TolerantJson"/>: any letter case, numbers as
/// strings, unknown fields skipped; an entry without a usable Price/Qty is reported in Problems. Invalid JSON throws
/// <see cref="JsonException"/>; a body that is not an object throws <see cref="FormatException"/>.
/// </summary>
internal sealed class ProductsParser(IOfferSink<ProductOffer> sink) : ITokenReader
{
    private readonly List<string> _problems = [];
    private int _level, _skip;
    private bool _started;
    private char _field;
    private string _product = "";
    private decimal? _price;
    private long? _qty;
    private string? _category;

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>A body already in memory (tests, the bench): the same result as streamed.</summary>
    public static MarketResult<ProductOffer> Parse(byte[] json)
    {
        var offers = new OfferList<ProductOffer>();
        var problems = JsonChunks.Read(json, new ProductsParser(offers)).Problems;
        return new(offers.Offers, problems);
    }

    public void Token(ref Utf8JsonReader reader)
    {
        if (_skip > 0)
        {
            _skip += reader.TokenType switch { JsonTokenType.StartObject or JsonTokenType.StartArray => 1, JsonTokenType.EndObject or JsonTokenType.EndArray => -1, _ => 0 };
            return;
        }
        if (!_started)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException($"expected an object of products, got {reader.TokenType}");
            (_started, _level) = (true, 1);
            return;
        }
        if (_level == 1)
            Product(ref reader);
        else
            Field(ref reader);
    }

    /// <summary>A member of the top object: a product's name, then its entry.</summary>
    private void Product(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                _product = NameCache.Get(ref reader);
                break;
            case JsonTokenType.StartObject:
                (_level, _price, _qty, _category) = (2, null, null, null);
                break;
            case JsonTokenType.EndObject:
                _level = 0;
                break;
            default:
                _skip = reader.TokenType == JsonTokenType.StartArray ? 1 : 0;
                _problems.Add($"product '{_product}' is not an object");
                break;
        }
    }

    /// <summary>A member of a product's entry; its end hands the product on, or reports it.</summary>
    private void Field(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                _field = FieldOf(ref reader);
                return;
            case JsonTokenType.EndObject:
                _level = 1;
                if (_price is not { } price || _qty is not { } qty || price < 0 || qty < 0)
                    _problems.Add($"product '{_product}' has no valid Price/Qty");
                else
                    sink.Add(new ProductOffer(_product, _category, qty, price));
                return;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                _skip = 1; // an unknown field's value, or a field that is no scalar: none
                break;
        }
        var scalar = _skip == 0;
        switch (_field)
        {
            case 'p': _price = scalar ? JsonValues.Decimal(ref reader) : null; break;
            case 'q': _qty = scalar ? JsonValues.Count(ref reader) : null; break;
            case 'c': _category = scalar ? Category(ref reader) : null; break;
        }
    }

    /// <summary>'p' Price, 'q' Qty, 'c' Category (any case), else '\0'.</summary>
    private static char FieldOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("Price"u8) || reader.ValueTextEquals("price"u8)) return 'p';
        if (reader.ValueTextEquals("Qty"u8) || reader.ValueTextEquals("qty"u8)) return 'q';
        if (reader.ValueTextEquals("Category"u8) || reader.ValueTextEquals("category"u8)) return 'c';
        return reader.GetString()!.ToUpperInvariant() switch { "PRICE" => 'p', "QTY" => 'q', "CATEGORY" => 'c', _ => '\0' };
    }

    /// <summary>The category every product of an activation market has costs no lookup.</summary>
    private static string? Category(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? null
        : reader.ValueTextEquals("activation"u8) ? "activation"
        : NameCache.Get(ref reader);
}
