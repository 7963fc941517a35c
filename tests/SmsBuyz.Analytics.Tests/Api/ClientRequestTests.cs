using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>What the client puts on the wire: headers, paths, query strings.</summary>
public sealed class ClientRequestTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task GetProfileAsync_WithKey_SendsBearerAndAcceptJson()
    {
        _h.Server.Set("user/profile", StubReply.Json(DocBodies.Profile));

        await _h.Client.GetProfileAsync(CancellationToken.None);

        var request = Assert.Single(_h.Server.Requests);
        Assert.Equal("Bearer " + ClientHarness.ApiKey, request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
    }

    [Fact]
    public async Task BuyActivationAsync_WithKey_SendsBearerAndAcceptJson()
    {
        _h.Server.Set("user/buy/activation/ru/Virtual1/microsoft", StubReply.Json(DocBodies.Buy));

        await _h.Client.BuyActivationAsync(" ru ", "Virtual1", "microsoft", CancellationToken.None);

        var request = Assert.Single(_h.Server.Requests);
        Assert.Equal("Bearer " + ClientHarness.ApiKey, request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
    }

    [Fact]
    public async Task GetProductsAsync_GuestEndpoint_SendsNoAuthorization()
    {
        _h.Server.Set("guest/products/russia/any", StubReply.Json(DocBodies.Products));

        await _h.Client.GetProductsAsync("russia", "any", CancellationToken.None);

        var request = Assert.Single(_h.Server.Requests);
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-1)]
    public async Task GetOrdersAsync_LimitOutOfBounds_ThrowsAndSendsNothing(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _h.Client.GetOrdersAsync(null, limit, 0, CancellationToken.None));

        Assert.Empty(_h.Server.Requests);
    }

    [Fact]
    public async Task GetOrdersAsync_NegativeOffset_ThrowsAndSendsNothing()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _h.Client.GetOrdersAsync(null, 10, -1, CancellationToken.None));

        Assert.Empty(_h.Server.Requests);
    }

    [Fact]
    public async Task GetOrdersAsync_MaxLimitAndCategory_SendsQueryString()
    {
        _h.Server.Set("user/orders", StubReply.Json("[]"));

        await _h.Client.GetOrdersAsync("activation", 100, 200, CancellationToken.None);

        var request = Assert.Single(_h.Server.Requests);
        Assert.Equal("user/orders", request.Path);
        Assert.Equal("?limit=100&offset=200&category=activation", request.Query);
    }

    [Fact]
    public async Task GetOrdersAsync_NoCategory_OmitsCategory()
    {
        _h.Server.Set("user/orders", StubReply.Json("[]"));

        await _h.Client.GetOrdersAsync(null, 10, 0, CancellationToken.None);

        Assert.Equal("?limit=10&offset=0", Assert.Single(_h.Server.Requests).Query);
    }

    [Fact]
    public async Task BuyActivationAsync_ServerError_SendsExactlyOnce()
    {
        _h.Server.Set("user/buy/activation/ru/any/microsoft", StubReply.Text("oops", 500));

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(
            () => _h.Client.BuyActivationAsync("ru", "any", "microsoft", CancellationToken.None));

        Assert.Equal(ApiErrorKind.ServerError, ex.Kind);
        Assert.True(ex.OutcomeUnknown);
        Assert.Single(_h.Server.Requests);
    }

    [Fact]
    public async Task BuyActivationAsync_ConnectionDroppedOnFreshConnection_SendsExactlyOnce()
    {
        _h.Server.Set("user/buy/activation/ru/any/microsoft", StubReply.Abort());

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(
            () => _h.Client.BuyActivationAsync("ru", "any", "microsoft", CancellationToken.None));

        Assert.Equal(ApiErrorKind.Network, ex.Kind);
        Assert.True(ex.OutcomeUnknown);
        Assert.Single(_h.Server.Requests);
    }

    [Fact]
    public async Task BuyActivationAsync_ConnectionDroppedOnReusedConnection_SendsExactlyOnce()
    {
        // A first buy leaves a pooled keep-alive connection; the second buy goes out on it and is dropped.
        _h.Server.Set("user/buy/activation/ru/any/microsoft", StubReply.Json(DocBodies.Buy));
        await _h.Client.BuyActivationAsync("ru", "any", "microsoft", CancellationToken.None);
        _h.Server.Set("user/buy/activation/ru/any/microsoft", StubReply.Abort());

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(
            () => _h.Client.BuyActivationAsync("ru", "any", "microsoft", CancellationToken.None));

        Assert.Equal(ApiErrorKind.Network, ex.Kind);
        var requests = _h.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].ConnectionId, requests[1].ConnectionId);
    }
}
