namespace SmsBuyz.Sandbox.Tests.Market;

public sealed class GuestPricesTests
{
    [Fact]
    public async Task Prices_ProductAndCountry_DocumentedShape()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var offers = sandbox.State.CurrentOffers().Where(o => o.CountryIso == "ru" && o.Product == "microsoft").ToList();

        var body = await sandbox.GetJsonAsync("guest/prices?product=microsoft&country=ru");

        Assert.Equal(["ru"], Json.Names(body));
        Assert.Equal(offers.Select(o => o.Operator), Json.Names(body.GetProperty("ru")));
        foreach (var offer in offers)
        {
            var leaf = body.GetProperty("ru").GetProperty(offer.Operator);
            Assert.Equal(["cost", "count"], Json.Names(leaf));
            Assert.Equal(offer.Price, Json.Price(leaf.GetProperty("cost")));
            Assert.Equal(offer.Qty, leaf.GetProperty("count").GetInt64());
        }
    }

    [Fact]
    public async Task Prices_ProductOnly_ProductThenCountryThenOperator()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var offer = sandbox.State.CurrentOffers().First(o => o.CountryIso == "gb" && o.Product == "amazon");

        var body = await sandbox.GetJsonAsync("guest/prices?product=amazon");

        Assert.Equal(["amazon"], Json.Names(body));
        Assert.Equal(["ru", "us", "gb"], Json.Names(body.GetProperty("amazon")));
        Assert.Equal(offer.Price, body.GetProperty("amazon").GetProperty("gb").GetProperty(offer.Operator).GetProperty("cost").GetDecimal());
    }

    [Fact]
    public async Task Prices_ProductByPid_SameAsByName()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var byName = await sandbox.GetAsync("guest/prices?product=google&country=us");
        var byPid = await sandbox.GetAsync("guest/prices?product=3&country=us");

        Assert.Equal(200, byPid.Status);
        Assert.Equal(byName.Body, byPid.Body);
    }

    [Fact]
    public async Task Prices_CountryOnly_CountryThenProductThenOperator()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var offer = sandbox.State.CurrentOffers().First(o => o.CountryIso == "us" && o.Product == "whatsapp");

        var body = await sandbox.GetJsonAsync("guest/prices?country=usa");

        Assert.Equal(["us"], Json.Names(body));
        Assert.Equal(5, Json.Names(body.GetProperty("us")).Length);
        Assert.Equal(offer.Qty, body.GetProperty("us").GetProperty("whatsapp").GetProperty(offer.Operator).GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Prices_NoFilter_WholeMarketByCountry()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var offers = sandbox.State.CurrentOffers();

        var body = await sandbox.GetJsonAsync("guest/prices");

        Assert.Equal(["ru", "us", "gb"], Json.Names(body));
        var leaves = body.EnumerateObject().SelectMany(c => c.Value.EnumerateObject().SelectMany(p => p.Value.EnumerateObject())).Count();
        Assert.Equal(offers.Count, leaves);
    }

    [Theory]
    [InlineData("guest/prices?product=nosuchproduct")]
    [InlineData("guest/prices?country=atlantis")]
    [InlineData("guest/prices?product=telegram&country=zz")]
    public async Task Prices_UnknownProductOrCountry_404(string path)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var (status, _) = await sandbox.GetAsync(path);

        Assert.Equal(404, status);
    }
}
