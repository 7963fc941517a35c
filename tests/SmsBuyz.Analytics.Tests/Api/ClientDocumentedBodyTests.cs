using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>Every documented response body, read over HTTP through the real client pipeline.</summary>
public sealed class ClientDocumentedBodyTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task GetProfileAsync_DocumentedBody_ReadsExactBalance()
    {
        _h.Server.Set("user/profile", StubReply.Json(DocBodies.Profile));

        var profile = await _h.Client.GetProfileAsync(CancellationToken.None);

        Assert.Equal(new Profile(1, "user@example.com", 10.50m, 0m, "any"), profile);
        Assert.Equal("10.50", profile.Balance.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task GetOrdersAsync_DocumentedPlainArray_ReadsOrderWithUtcTimesAndSms()
    {
        _h.Server.Set("user/orders", StubReply.Json(DocBodies.Orders));

        var page = await _h.Client.GetOrdersAsync("activation", 10, 0, CancellationToken.None);

        Assert.Null(page.Total);
        var order = Assert.Single(page.Orders);
        Assert.Equal((123L, "79001234567", "Virtual1", "microsoft", 0.4118m, OrderStatus.Finished, "ru"),
            (order.Id, order.Phone, order.Operator, order.Product, order.Price, order.Status, order.Country));
        Assert.Equal(DocBodies.Utc(12, 0), order.CreatedAt);
        Assert.Equal(TimeSpan.Zero, order.CreatedAt!.Value.Offset);
        Assert.Null(order.Expires);
        Assert.Equal(DocBodies.Utc(12, 20), order.Deadline);
        var sms = Assert.Single(order.Sms);
        Assert.Equal(new Sms(DocBodies.Utc(12, 1, 30), "123456", "Your code is 123456", null), sms);
    }

    [Fact]
    public async Task BuyActivationAsync_DocumentedBody_ReadsPendingOrderWithExpiry()
    {
        _h.Server.Set("user/buy/activation/ru/Virtual1/microsoft", StubReply.Json(DocBodies.Buy));

        var order = await _h.Client.BuyActivationAsync("ru", "Virtual1", "microsoft", CancellationToken.None);

        Assert.Equal((123L, OrderStatus.Pending, 0.4118m), (order.Id, order.Status, order.Price));
        Assert.Equal(DocBodies.Utc(12, 0), order.CreatedAt);
        Assert.Equal(DocBodies.Utc(12, 20), order.Expires);
        Assert.Equal(TimeSpan.Zero, order.Expires!.Value.Offset);
        Assert.Empty(order.Sms);
        Assert.False(order.HasCode);
        Assert.False(order.IsFinal);
    }

    [Fact]
    public async Task CheckAsync_SmsReceived_KeepsCodeAsStringWithLeadingZero()
    {
        _h.Server.Set("user/check/123", StubReply.Json(DocBodies.Check));

        var order = await _h.Client.CheckAsync(123, CancellationToken.None);

        Assert.Equal(OrderStatus.Received, order.Status);
        Assert.True(order.HasCode);
        Assert.Equal(new Sms(DocBodies.Utc(12, 1, 30), "012345", "Your code is 012345", "Microsoft"), Assert.Single(order.Sms));
        Assert.Null(order.CreatedAt);
        Assert.Null(order.Deadline);
    }

    [Theory]
    [InlineData("finish")]
    [InlineData("cancel")]
    [InlineData("ban")]
    public async Task OrderActions_OrderBody_HitActionPathAndReadOrder(string action)
    {
        _h.Server.Set($"user/{action}/123", StubReply.Json(DocBodies.Check));

        var order = action switch
        {
            "finish" => await _h.Client.FinishAsync(123, CancellationToken.None),
            "cancel" => await _h.Client.CancelAsync(123, CancellationToken.None),
            _ => await _h.Client.BanAsync(123, CancellationToken.None),
        };

        Assert.Equal(123, order.Id);
        Assert.Single(_h.Server.RequestsTo($"user/{action}/123"));
    }

    [Fact]
    public async Task GetProductsAsync_DocumentedBody_ReadsEveryProductExactly()
    {
        _h.Server.Set("guest/products/russia/any", StubReply.Json(DocBodies.Products));

        var result = await _h.Client.GetProductsAsync("russia", "any", CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(
            [new ProductOffer("microsoft", "activation", 45832, 0.4118m), new ProductOffer("amazon", "activation", 12004, 0.5147m)],
            result.Offers);
    }

    [Fact]
    public async Task GetPricesAsync_DocumentedProductAndCountry_ReadsOperatorLeaf()
    {
        _h.Server.Set("guest/prices", StubReply.Json(DocBodies.PricesProductCountry));

        var result = await _h.Client.GetPricesAsync("microsoft", "ru", CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal([new PriceOffer("ru", "Virtual1", "microsoft", 0.4118m, 45832)], result.Offers);
        Assert.Equal("?product=microsoft&country=ru", Assert.Single(_h.Server.Requests).Query);
    }
}
