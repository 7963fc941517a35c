using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>Reads retry transient failures; buy, finish, cancel and ban are sent exactly once.</summary>
public sealed class ClientRetryTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync(o =>
    {
        o.MaxReadRetries = 2;
        o.RetryDelaySeconds = 0.01;
        // Short, so a stalled attempt times out in the test's time, yet long enough that a loopback answer which should
        // succeed is not cut off when a loaded 2-core machine delays it (1 s was: a false failure).
        o.TimeoutSeconds = 3;
    });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>Answers with <paramref name="failure"/> until the <paramref name="failures"/>-th request, then succeeds.</summary>
    private void FailThenAnswer(string path, StubReply failure, int failures, string body)
    {
        var seen = 0;
        _h.Server.Set(path, _ => Interlocked.Increment(ref seen) <= failures ? failure : StubReply.Json(body));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task GetProfileAsync_TransientStatusThenSuccess_Retries(int status)
    {
        FailThenAnswer("user/profile", StubReply.Text("busy", status), failures: 2, DocBodies.Profile);

        var profile = await _h.Client.GetProfileAsync(CancellationToken.None);

        Assert.Equal(10.50m, profile.Balance);
        Assert.Equal(3, _h.Server.RequestsTo("user/profile").Count);
    }

    [Fact]
    public async Task GetProductsAsync_DroppedConnectionThenSuccess_Retries()
    {
        FailThenAnswer("guest/products/russia/any", StubReply.Abort(), failures: 1, DocBodies.Products);

        var products = await _h.Client.GetProductsAsync("russia", "any", CancellationToken.None);

        Assert.Equal(2, products.Offers.Count);
        Assert.Equal(2, _h.Server.RequestsTo("guest/products/russia/any").Count);
    }

    [Fact]
    public async Task GetProfileAsync_StallThenSuccess_RetriesAfterTheAttemptTimeout()
    {
        FailThenAnswer("user/profile", StubReply.Stall(), failures: 1, DocBodies.Profile);

        var profile = await _h.Client.GetProfileAsync(CancellationToken.None);

        Assert.Equal(1, profile.Id);
        Assert.Equal(2, _h.Server.RequestsTo("user/profile").Count);
    }

    [Fact]
    public async Task GetProfileAsync_AlwaysFailing_GivesUpAfterMaxRetriesWithTheLastError()
    {
        _h.Server.Set("user/profile", StubReply.Text("down", 502));

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => _h.Client.GetProfileAsync(CancellationToken.None));

        Assert.Equal(ApiErrorKind.GatewayError, ex.Kind);
        Assert.Equal(3, _h.Server.RequestsTo("user/profile").Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task GetProfileAsync_FinalStatus_NotRetried(int status)
    {
        _h.Server.Set("user/profile", StubReply.Json("""{"error":"no"}""", status));

        await Assert.ThrowsAsync<SmsBuyzApiException>(() => _h.Client.GetProfileAsync(CancellationToken.None));

        Assert.Single(_h.Server.RequestsTo("user/profile"));
    }

    [Theory]
    [InlineData("user/buy/activation/ru/any/telegram")]
    [InlineData("user/finish/123")]
    [InlineData("user/cancel/123")]
    [InlineData("user/ban/123")]
    public async Task StateChangingCalls_ServerError_SentExactlyOnce(string path)
    {
        _h.Server.Set(path, StubReply.Text("oops", 500));

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => path.Split('/')[1] switch
        {
            "buy" => _h.Client.BuyActivationAsync("ru", "any", "telegram", CancellationToken.None),
            "finish" => _h.Client.FinishAsync(123, CancellationToken.None),
            "cancel" => _h.Client.CancelAsync(123, CancellationToken.None),
            _ => _h.Client.BanAsync(123, CancellationToken.None),
        });

        Assert.True(ex.OutcomeUnknown);
        Assert.Single(_h.Server.RequestsTo(path));
    }
}
