using System.Text.Json;

namespace SmsBuyz.Sandbox.Tests.Market;

public sealed class GuestProductsTests
{
    [Fact]
    public async Task Products_OneOperator_DocumentedShapeMatchesMarket()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var offers = sandbox.State.CurrentOffers().Where(o => o.CountryIso == "ru").ToList();
        var op = offers[0].Operator;

        var body = await sandbox.GetJsonAsync($"guest/products/ru/{op}");

        Assert.Equal(["telegram", "whatsapp", "google", "microsoft", "amazon"], Json.Names(body));
        foreach (var offer in offers.Where(o => o.Operator == op))
        {
            var row = body.GetProperty(offer.Product);
            Assert.Equal(["Category", "Qty", "Price"], Json.Names(row));
            Assert.Equal("activation", row.GetProperty("Category").GetString());
            Assert.Equal(offer.Qty, row.GetProperty("Qty").GetInt64());
            Assert.Equal(offer.Price, Json.Price(row.GetProperty("Price")));
        }
    }

    [Fact]
    public async Task Products_OperatorsOptionSet_EveryCountryHasExactlyThem()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Operators = ["Virtual1", "mts"]);

        var operators = sandbox.State.CurrentOffers().GroupBy(o => o.CountryIso).Select(g => g.Select(o => o.Operator).Distinct().ToList()).ToList();

        Assert.True(operators.Count > 1);
        Assert.All(operators, list => Assert.Equal(["Virtual1", "mts"], list));
        Assert.Equal(5, Json.Names(await sandbox.GetJsonAsync("guest/products/us/MTS")).Length);
    }

    [Fact]
    public async Task Products_Any_IsMinPriceWithStockAndSummedQty()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.MinOperatorsPerCountry = 3);
        var ops = sandbox.State.CurrentOffers().Where(o => o.CountryIso == "ru" && o.Product == "telegram").ToList();
        // The cheapest operator is out of stock, so "any" must skip its price but still sum stock.
        sandbox.State.SetOffer("ru", ops[0].Operator, "telegram", 0.05m, 0);
        sandbox.State.SetOffer("ru", ops[1].Operator, "telegram", 0.30m, 7);
        sandbox.State.SetOffer("ru", ops[2].Operator, "telegram", 0.20m, 5);
        var others = ops.Skip(3).ToList();

        var row = (await sandbox.GetJsonAsync("guest/products/russia/ANY")).GetProperty("telegram");

        var expectedPrice = others.Where(o => o.Qty > 0).Select(o => o.Price).Append(0.20m).Min();
        Assert.Equal(expectedPrice, row.GetProperty("Price").GetDecimal());
        Assert.Equal(12 + others.Sum(o => o.Qty), row.GetProperty("Qty").GetInt64());
    }

    [Fact]
    public async Task Products_AnyWithNoStockAnywhere_IsMinPriceOverallAndZeroQty()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var ops = sandbox.State.CurrentOffers().Where(o => o.CountryIso == "us" && o.Product == "google").ToList();
        foreach (var (offer, i) in ops.Select((o, i) => (o, i)))
        {
            sandbox.State.SetOffer("us", offer.Operator, "google", 1.10m + i, 0);
        }

        var row = (await sandbox.GetJsonAsync("guest/products/US/any")).GetProperty("google");

        Assert.Equal(1.10m, row.GetProperty("Price").GetDecimal());
        Assert.Equal(0, row.GetProperty("Qty").GetInt64());
    }

    [Theory]
    [InlineData("guest/products/atlantis/any")]
    [InlineData("guest/products/ru/nosuchoperator")]
    public async Task Products_UnknownCountryOrOperator_404WithJsonError(string path)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var (status, body) = await sandbox.GetAsync(path);

        Assert.Equal(404, status);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()));
    }
}
