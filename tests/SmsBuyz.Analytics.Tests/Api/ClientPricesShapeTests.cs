using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary><c>guest/prices</c> nests differently depending on the query; every shape yields the same leaves.</summary>
public sealed class ClientPricesShapeTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync(o => o.ApiKey = "");

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task GetPricesAsync_ProductOnly_ReadsProductCountryOperator()
    {
        _h.Server.Set("guest/prices", StubReply.Json("""
            {"microsoft": {"ru": {"Virtual1": {"cost": 0.4118, "count": 45832, "rate": 99.5}},
                           "kz": {"any": {"cost": "0.2", "count": "7"}}}}
            """));

        var result = await _h.Client.GetPricesAsync("microsoft", null, CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(
            [new PriceOffer("ru", "Virtual1", "microsoft", 0.4118m, 45832), new PriceOffer("kz", "any", "microsoft", 0.2m, 7)],
            result.Offers);
        Assert.Equal("?product=microsoft", Assert.Single(_h.Server.Requests).Query);
    }

    [Fact]
    public async Task GetPricesAsync_CountryOnly_ReadsCountryProductOperator()
    {
        _h.Server.Set("guest/prices", StubReply.Json("""
            {"ru": {"microsoft": {"Virtual1": {"cost": 0.4118, "count": 45832}},
                    "amazon": {"Virtual2": {"cost": 0.5147, "count": 12004}}}}
            """));

        var result = await _h.Client.GetPricesAsync(null, "ru", CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(
            [new PriceOffer("ru", "Virtual1", "microsoft", 0.4118m, 45832), new PriceOffer("ru", "Virtual2", "amazon", 0.5147m, 12004)],
            result.Offers);
        Assert.Equal("?country=ru", Assert.Single(_h.Server.Requests).Query);
    }

    [Fact]
    public async Task GetPricesAsync_NoFilter_ReadsCountryProductOperatorWithoutQuery()
    {
        _h.Server.Set("guest/prices", StubReply.Json("""
            {"ru": {"microsoft": {"Virtual1": {"cost": 0.4118, "count": 45832}}}}
            """));

        var result = await _h.Client.GetPricesAsync(null, null, CancellationToken.None);

        Assert.Equal([new PriceOffer("ru", "Virtual1", "microsoft", 0.4118m, 45832)], result.Offers);
        Assert.Equal("", Assert.Single(_h.Server.Requests).Query);
    }

    [Fact]
    public async Task GetPricesAsync_MalformedLeaf_ReportsProblemAndKeepsGoodOnes()
    {
        _h.Server.Set("guest/prices", StubReply.Json("""
            {"ru": {"Virtual1": {"cost": 0.4118, "count": 45832}, "Broken": {"cost": "free", "count": 1},
                    "Odd": "x"}}
            """));

        var result = await _h.Client.GetPricesAsync("microsoft", "ru", CancellationToken.None);

        Assert.Equal([new PriceOffer("ru", "Virtual1", "microsoft", 0.4118m, 45832)], result.Offers);
        Assert.Equal(2, result.Problems.Count);
    }
}
