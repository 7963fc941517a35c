namespace SmsBuyz.Analytics.Tests.Api;

public sealed class ClientNoKeyTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync(o => o.ApiKey = "  ");

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task GuestEndpoints_NoKey_Work()
    {
        _h.Server.Set("guest/products/russia/any", StubReply.Json(DocBodies.Products));
        _h.Server.Set("guest/prices", StubReply.Json(DocBodies.PricesProductCountry));

        var products = await _h.Client.GetProductsAsync("russia", "any", CancellationToken.None);
        var prices = await _h.Client.GetPricesAsync("microsoft", "ru", CancellationToken.None);

        Assert.False(_h.Client.HasApiKey);
        Assert.Equal(2, products.Offers.Count);
        Assert.Single(prices.Offers);
        Assert.All(_h.Server.Requests, r => Assert.Null(r.Header("Authorization")));
    }

    public static TheoryData<string> UserCalls => ["profile", "orders", "all-orders", "payments", "buy", "check", "finish", "cancel", "ban"];

    [Theory]
    [MemberData(nameof(UserCalls))]
    public async Task UserEndpoint_NoKey_ThrowsNamingSettingAndSendsNothing(string call)
    {
        var c = _h.Client;
        var ct = CancellationToken.None;
        Func<Task> act = call switch
        {
            "profile" => () => c.GetProfileAsync(ct),
            "orders" => () => c.GetOrdersAsync(null, 10, 0, ct),
            "all-orders" => () => c.GetAllOrdersAsync(null, ct),
            "payments" => () => c.GetPaymentsAsync(ct),
            "buy" => () => c.BuyActivationAsync("ru", "any", "microsoft", ct),
            "check" => () => c.CheckAsync(1, ct),
            "finish" => () => c.FinishAsync(1, ct),
            "cancel" => () => c.CancelAsync(1, ct),
            _ => () => c.BanAsync(1, ct),
        };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(act);

        Assert.Contains("SmsBuyz:ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_h.Server.Requests);
    }
}
