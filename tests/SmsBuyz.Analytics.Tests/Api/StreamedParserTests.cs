using System.Text;
using System.Text.Json;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>
/// The market parsers read an answer token by token as it arrives: cut anywhere into chunks, a body gives the offers
/// and problems it gives whole, and the shapes the API family sends are read as a document would read them.
/// </summary>
public sealed class StreamedParserTests
{
    private const string Unreadable =
        """{"ru": {"telegram": {"mts": {"cost": "free", "count": 1}, "odd": "x", "deep": {"a": {"cost": 1}}, "neg": {"cost": 1, "count": -1}}}}""";

    private const string ObjectField =
        """{"telegram": {"Category": {"Price": 1, "Qty": 2}, "Price": 0.2, "Qty": 3}, "viber": {"Price": 0.1, "Qty": 1}}""";

    public static TheoryData<string> PriceBodies => new()
    {
        // 5sim's full list (country → product → operator), numbers as strings, unknown leaf fields.
        """{"russia": {"telegram": {"virtual21": {"cost": 0.31, "count": 4, "rate": 99.5}, "mts": {"cost": "0.35", "count": "5"}}}, "usa": {"google": {"any": {"cost": 1e1, "count": 2.0}}}}""",
        // A leaf with members before its cost, a nested one among them; names in other cases and with underscores.
        """{"ru": {"telegram": {"mts": {"extra": {"cost": 9, "count": 9}, "Count": 7, "_COST_": 0.5}}}}""",
        // Problems: a leaf without a readable cost, a level that is no object, nesting too deep, a negative count.
        Unreadable,
        """[{"cost": 1, "count": 2}]""",
        """{"ru": 5, "kz": {"telegram": {"beeline": {"cost": 0.1, "count": 3}}}}""",
        // A name escaped, a long string.
        "{\"r\\u0075\": {\"telegram\": {\"mts\": {\"cost\": 0.25, \"count\": 8, \"note\": \"" + new string('x', 70_000) + "\"}}}}",
    };

    [Theory]
    [MemberData(nameof(PriceBodies))]
    public async Task PricesParser_BodyInChunksOfAnySize_SameAsWhole(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var whole = PricesParser.Parse(bytes, null, null);

        foreach (var step in new[] { 1, 2, 3, 7, 64, 4096 })
        {
            var offers = new OfferList<PriceOffer>();
            var parser = new PricesParser(null, null, offers);
            await JsonChunks.ReadAsync(new TrickleStream(bytes, step), parser, _ => { }, CancellationToken.None);

            Assert.Equal(whole.Offers, offers.Offers);
            Assert.Equal(whole.Problems, parser.Problems);
        }
    }

    [Fact]
    public void PricesParser_LeafWithMembersBeforeItsCost_WhatWasReadOfThemTakenBack()
    {
        // Read as levels until its cost shows: "extra" looks like a leaf of its own, "count" like a level that is no object.
        var body = """{"ru": {"mts": {"extra": {"cost": 9, "count": 9}, "count": 7, "cost": 0.5}, "tele2": {"cost": 0.6, "count": 1}}}"""u8;

        var result = PricesParser.Parse(body, "telegram", null);

        Assert.Equal([new PriceOffer("ru", "mts", "telegram", 0.5m, 7), new PriceOffer("ru", "tele2", "telegram", 0.6m, 1)], result.Offers);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void PricesParser_UnreadableEntries_EachReportedGoodOnesKept()
    {
        var result = PricesParser.Parse(Encoding.UTF8.GetBytes(Unreadable), null, null);

        Assert.Empty(result.Offers);
        Assert.Equal(
            ["price entry 'ru/telegram/mts' could not be read", "unexpected String at 'ru/telegram/odd'",
             "nesting deeper than country/product/operator at 'ru/telegram/deep'", "price entry 'ru/telegram/neg' could not be read"],
            result.Problems);
    }

    [Fact]
    public void PricesParser_ProductOnlyQuery_ProductCountryOperator()
    {
        var result = PricesParser.Parse("""{"Telegram": {"ru": {"mts": {"cost": 0.3, "count": 1}}}}"""u8, "telegram", null);

        Assert.Equal([new PriceOffer("ru", "mts", "Telegram", 0.3m, 1)], result.Offers);
    }

    [Fact]
    public void PricesParser_BrokenJsonAnywhere_Throws()
    {
        var body = Encoding.UTF8.GetBytes("""{"ru": {"telegram": {"mts": {"cost": 0.3, "count": 1}}}} trailing""");

        Assert.ThrowsAny<JsonException>(() => PricesParser.Parse(body, null, null));
    }

    public static TheoryData<string> ProductBodies => new()
    {
        """{"microsoft": {"Category": "activation", "Qty": "45832", "Price": "0.4118"}, "broken": {"Qty": 3, "Price": "n/a"}, "weird": 42, "list": [1, {"a": 2}], "amazon": {"QTY": 12004, "price": 0.5147, "Unknown": {"Price": 9}}}""",
        // A field that is an object holds no value, and its members are not the entry's.
        ObjectField,
    };

    [Theory]
    [MemberData(nameof(ProductBodies))]
    public async Task ProductsParser_BodyInChunksOfAnySize_SameAsWhole(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var whole = ProductsParser.Parse(bytes);

        foreach (var step in new[] { 1, 2, 5, 4096 })
        {
            var offers = new OfferList<ProductOffer>();
            var parser = new ProductsParser(offers);
            await JsonChunks.ReadAsync(new TrickleStream(bytes, step), parser, _ => { }, CancellationToken.None);

            Assert.Equal(whole.Offers, offers.Offers);
            Assert.Equal(whole.Problems, parser.Problems);
        }
    }

    [Fact]
    public void ProductsParser_FieldThatIsAnObject_ItsMembersNotTakenForTheEntrysOrTheProducts()
    {
        var result = ProductsParser.Parse(Encoding.UTF8.GetBytes(ObjectField));

        Assert.Equal([new ProductOffer("telegram", null, 3, 0.2m), new ProductOffer("viber", null, 1, 0.1m)], result.Offers);
        Assert.Empty(result.Problems);
    }

    /// <summary>Hands out at most <c>step</c> bytes a read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int step) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(step, buffer.Length)], cancellationToken);
    }
}
