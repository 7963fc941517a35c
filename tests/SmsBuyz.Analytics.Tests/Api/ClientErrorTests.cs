using System.Net;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>Every failure becomes a typed <see cref="SmsBuyzApiException"/> with the documented flags.</summary>
public sealed class ClientErrorTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync(o => o.TimeoutSeconds = 3); // short for the stall cases, long enough for the rest on a loaded machine

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<int, string, ApiErrorKind> StatusCases => new()
    {
        { 401, "Unauthorized", ApiErrorKind.Unauthorized },
        { 403, "invalid token", ApiErrorKind.Forbidden },
        { 400, "not enough user balance", ApiErrorKind.InsufficientBalance },
        { 400, """{"message": "Insufficient Balance"}""", ApiErrorKind.InsufficientBalance },
        { 400, "order not found or has invalid status", ApiErrorKind.BadRequest },
        { 404, "record not found", ApiErrorKind.NotFound },
        { 503, "no free phones", ApiErrorKind.NoNumbers },
        { 429, "slow down", ApiErrorKind.RateLimited },
        { 500, "<html><body>Internal Server Error</body></html>", ApiErrorKind.ServerError },
        { 502, "<html><body>Bad Gateway</body></html>", ApiErrorKind.GatewayError },
        { 504, "<html><body>Gateway Time-out</body></html>", ApiErrorKind.GatewayError },
        { 522, "Connection timed out", ApiErrorKind.GatewayError },
    };

    [Theory]
    [MemberData(nameof(StatusCases))]
    public async Task GetProfileAsync_ErrorStatus_ThrowsKindWithStatusAndExcerpt(int status, string body, ApiErrorKind kind)
    {
        _h.Server.Set("user/profile", StubReply.Text(body, status));

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => _h.Client.GetProfileAsync(CancellationToken.None));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal("user/profile", ex.Endpoint);
        Assert.Equal(body, ex.BodyExcerpt);
        Assert.Contains("user/profile", ex.Message, StringComparison.Ordinal);
        Assert.Contains(kind.ToString(), ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<StubReply, ApiErrorKind> BadBodyCases => new()
    {
        { StubReply.Html("<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>"), ApiErrorKind.InvalidResponse },
        { StubReply.Json("""{"id": 1, "email": "u@example.com", "bal"""), ApiErrorKind.InvalidResponse },
        { StubReply.Json(""), ApiErrorKind.InvalidResponse },
        { StubReply.Json("""{"email": "no id here"}"""), ApiErrorKind.InvalidResponse },
        { StubReply.Json("[1, 2]"), ApiErrorKind.InvalidResponse },
        { StubReply.Text("no free phones"), ApiErrorKind.NoNumbers },
        { StubReply.Text("not enough user balance"), ApiErrorKind.InsufficientBalance },
    };

    [Theory]
    [MemberData(nameof(BadBodyCases))]
    public async Task BuyActivationAsync_200WithUnusableBody_ThrowsKind(StubReply reply, ApiErrorKind kind)
    {
        _h.Server.Set("user/buy/activation/ru/any/microsoft", reply);

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(
            () => _h.Client.BuyActivationAsync("ru", "any", "microsoft", CancellationToken.None));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Fact]
    public async Task GetOrdersAsync_WrappedWithoutData_ThrowsInvalidResponse()
    {
        _h.Server.Set("user/orders", StubReply.Json("""{"orders": []}"""));

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => _h.Client.GetOrdersAsync(null, 10, 0, CancellationToken.None));

        Assert.Equal(ApiErrorKind.InvalidResponse, ex.Kind);
    }

    [Fact]
    public async Task CheckAsync_UnixTimeOutOfRange_ReadsNoTime()
    {
        _h.Server.Set("user/check/1", StubReply.Json("""{"id": 1, "status": "PENDING", "created_at": 99999999999999999}"""));

        var order = await _h.Client.CheckAsync(1, CancellationToken.None);

        Assert.Null(order.CreatedAt);
    }

    [Fact]
    public async Task GetProfileAsync_ConnectionAbortedBeforeAnswer_ThrowsNetwork()
    {
        _h.Server.Set("user/profile", StubReply.Abort());

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => _h.Client.GetProfileAsync(CancellationToken.None));

        Assert.Equal(ApiErrorKind.Network, ex.Kind);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task GetProfileAsync_ServerStallsPastTimeout_ThrowsTimeout()
    {
        _h.Server.Set("user/profile", StubReply.Stall());

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => _h.Client.GetProfileAsync(CancellationToken.None));

        Assert.Equal(ApiErrorKind.Timeout, ex.Kind);
    }

    [Fact]
    public async Task BuyActivationAsync_ServerStallsMidBody_ThrowsTimeoutWithOutcomeUnknown()
    {
        _h.Server.Set("user/buy/activation/ru/any/microsoft", StubReply.StallMidBody(DocBodies.Buy));

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(
            () => _h.Client.BuyActivationAsync("ru", "any", "microsoft", CancellationToken.None));

        Assert.Equal(ApiErrorKind.Timeout, ex.Kind);
        Assert.True(ex.OutcomeUnknown);
    }

    [Fact]
    public async Task GetProfileAsync_CallerCancels_ThrowsOperationCanceledNotTimeout()
    {
        _h.Server.Set("user/profile", StubReply.Stall());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.Client.GetProfileAsync(cts.Token));

        Assert.IsNotType<SmsBuyzApiException>(ex);
    }
}
