using System.Diagnostics;

namespace SmsBuyz.Analytics.Tests.Api;

public sealed class ClientRateLimitTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync(o => o.RequestsPerSecond = 5);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task GuestRequests_ElevenConcurrentAtFivePerSecond_TakeAtLeastOneSecond()
    {
        _h.Server.Set("guest/products/russia/any", StubReply.Json(DocBodies.Products));
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 11)
            .Select(_ => _h.Client.GetProductsAsync("russia", "any", CancellationToken.None)));

        // A burst of 5, then 6 more at one per 200 ms: about 1.2 s. Only the lower bound is stable.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"took {clock.Elapsed}");
        Assert.Equal(11, _h.Server.Requests.Count);
    }

    [Fact]
    public async Task ReadAndBuy_ShareOneLimiter_BothQueue()
    {
        _h.Server.Set("guest/products/russia/any", StubReply.Json(DocBodies.Products));
        _h.Server.Set("user/buy/activation/ru/any/microsoft", StubReply.Json(DocBodies.Buy));
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 11).Select(i => i % 2 == 0
            ? (Task)_h.Client.GetProductsAsync("russia", "any", CancellationToken.None)
            : _h.Client.BuyActivationAsync("ru", "any", "microsoft", CancellationToken.None)));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"took {clock.Elapsed}");
    }
}
