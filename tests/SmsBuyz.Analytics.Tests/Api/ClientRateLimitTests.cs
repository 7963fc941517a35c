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
    public async Task Buy_BehindAQueueOfReads_LeavesAtOnce()
    {
        _h.Server.Set("guest/products/russia/any", StubReply.Json(DocBodies.Products));
        _h.Server.Set("user/buy/activation/ru/any/microsoft", StubReply.Json(DocBodies.Buy));
        var clock = Stopwatch.StartNew();
        var reads = Task.WhenAll(Enumerable.Range(0, 30).Select(_ => _h.Client.GetProductsAsync("russia", "any", CancellationToken.None)));

        await _h.Client.BuyActivationAsync("ru", "any", "microsoft", CancellationToken.None);
        var buyDone = clock.Elapsed;
        await reads;

        // 30 reads at 5 per second take about 5 s; the buy has its own allowance and does not wait behind them.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4), $"reads took {clock.Elapsed}");
        // Behind the reads it would end with the last of them; a busy machine may slow it, but not by seconds.
        Assert.True(clock.Elapsed - buyDone >= TimeSpan.FromSeconds(2), $"the buy ended after {buyDone}, the reads after {clock.Elapsed}");
    }

    [Fact]
    public async Task Buys_ElevenConcurrentAtFivePerSecond_LimitedAmongThemselves()
    {
        _h.Server.Set("user/buy/activation/ru/any/microsoft", StubReply.Json(DocBodies.Buy));
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 11).Select(_ => _h.Client.BuyActivationAsync("ru", "any", "microsoft", CancellationToken.None)));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"took {clock.Elapsed}");
    }
}
