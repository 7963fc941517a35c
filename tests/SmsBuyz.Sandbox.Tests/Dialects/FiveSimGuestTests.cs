namespace SmsBuyz.Sandbox.Tests.Dialects;

/// <summary>guest/* in the FiveSim dialect: country names as keys, operators in lower case, 5sim's leaves and nesting.</summary>
public sealed class FiveSimGuestTests
{
    private static Task<TestSandbox> FiveSimAsync(Action<SandboxOptions>? configure = null) => TestSandbox.StartAsync(o =>
    {
        o.Dialect = SandboxDialect.FiveSim;
        configure?.Invoke(o);
    });

    [Fact]
    public async Task Prices_NoFilter_CountryNamesThenProductThenLowerCaseOperator()
    {
        await using var sandbox = await FiveSimAsync();
        var offers = sandbox.State.CurrentOffers();

        var body = await sandbox.GetJsonAsync("guest/prices");

        Assert.Equal(["russia", "usa", "england"], Json.Names(body));
        Assert.Contains(offers, o => o.Operator.StartsWith("virtual", StringComparison.Ordinal));
        Assert.All(offers, o => Assert.Equal(o.Operator.ToLowerInvariant(), o.Operator));
        foreach (var offer in offers)
        {
            var leaf = body.GetProperty(offer.CountryName).GetProperty(offer.Product).GetProperty(offer.Operator);
            Assert.Equal(offer.Price, Json.Price(leaf.GetProperty("cost")));
            Assert.Equal(offer.Qty, leaf.GetProperty("count").GetInt64());
        }
    }

    [Fact]
    public async Task Prices_Leaf_RateIsTheDeliveryShare_OmittedBelow20Percent()
    {
        await using var sandbox = await FiveSimAsync(o =>
        {
            o.Operators = ["virtual21", "beeline"];
            o.SmsNeverProbability = 0.25;
            o.SmsNeverProbabilityByOperator["Beeline"] = 0.9;
        });

        var russia = (await sandbox.GetJsonAsync("guest/prices?country=russia")).GetProperty("russia").GetProperty("telegram");

        Assert.Equal(["cost", "count", "rate"], Json.Names(russia.GetProperty("virtual21")));
        Assert.Equal(75m, russia.GetProperty("virtual21").GetProperty("rate").GetDecimal());
        Assert.Equal(["cost", "count"], Json.Names(russia.GetProperty("beeline")));
    }

    [Fact]
    public async Task Prices_ProductAndCountry_KeepsTheProductLevel()
    {
        await using var sandbox = await FiveSimAsync();
        var offers = sandbox.State.CurrentOffers().Where(o => o.CountryIso == "gb" && o.Product == "google").ToList();

        var byName = await sandbox.GetJsonAsync("guest/prices?product=google&country=england");
        var byCode = await sandbox.GetAsync("guest/prices?product=google&country=gb");

        Assert.Equal(["england"], Json.Names(byName));
        Assert.Equal(["google"], Json.Names(byName.GetProperty("england")));
        Assert.Equal(offers.Select(o => o.Operator), Json.Names(byName.GetProperty("england").GetProperty("google")));
        Assert.Equal((200, byName.GetRawText()), (byCode.Status, byCode.Body));
    }

    [Fact]
    public async Task Prices_ProductOnly_ProductThenCountryNames()
    {
        await using var sandbox = await FiveSimAsync();
        var offer = sandbox.State.CurrentOffers().First(o => o.CountryIso == "us" && o.Product == "amazon");

        var body = await sandbox.GetJsonAsync("guest/prices?product=amazon");

        Assert.Equal(["russia", "usa", "england"], Json.Names(body.GetProperty("amazon")));
        Assert.Equal(offer.Price, body.GetProperty("amazon").GetProperty("usa").GetProperty(offer.Operator).GetProperty("cost").GetDecimal());
    }

    [Theory]
    [InlineData("russia", "any")]
    [InlineData("ru", "any")]
    [InlineData("Russia", "ANY")]
    public async Task Products_CountryByNameOrCode_SameAnswer(string country, string op)
    {
        await using var sandbox = await FiveSimAsync();
        var reference = await sandbox.GetAsync("guest/products/russia/any");

        var (status, body) = await sandbox.GetAsync($"guest/products/{country}/{op}");

        Assert.Equal((200, reference.Body), (status, body));
    }

    [Fact]
    public async Task Products_Operator_AnyCaseInPath_LowerCaseInAnswers()
    {
        await using var sandbox = await FiveSimAsync(o => o.Operators = ["Virtual21", "mts"]);

        var (status, _) = await sandbox.GetAsync("guest/products/russia/VIRTUAL21");
        var prices = await sandbox.GetJsonAsync("guest/prices?country=russia&product=telegram");

        Assert.Equal(200, status);
        Assert.Equal(["virtual21", "mts"], Json.Names(prices.GetProperty("russia").GetProperty("telegram")));
    }

    [Theory]
    [InlineData("guest/prices?country=atlantis")]
    [InlineData("guest/products/russia/nosuchoperator")]
    public async Task Guest_Unknown_404InPlainText(string path)
    {
        await using var sandbox = await FiveSimAsync();

        var (status, body) = await sandbox.GetAsync(path);

        Assert.Equal(404, status);
        Assert.EndsWith("not found", body, StringComparison.Ordinal);
        Assert.DoesNotContain("{", body, StringComparison.Ordinal);
    }
}
