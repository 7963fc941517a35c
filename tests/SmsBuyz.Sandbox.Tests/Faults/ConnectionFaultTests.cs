using System.Diagnostics;
using static SmsBuyz.Sandbox.Tests.Faults.FaultSetup;

namespace SmsBuyz.Sandbox.Tests.Faults;

public sealed class ConnectionFaultTests
{
    [Fact]
    public async Task DropConnection_ClientFailsAndBuyNeverReachedEndpoint()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.DropConnection);

        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.Client.GetAsync(new Uri(BuyPath(sandbox), UriKind.Relative)));

        Assert.Equal(0, sandbox.State.BuyRequests);
        Assert.Empty(sandbox.State.Orders);
    }

    [Fact]
    public async Task DropAfterProcessing_ClientFailsButOrderExistsAndWasCharged()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.DropAfterProcessing, "/user/buy/");

        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.Client.GetAsync(new Uri(BuyPath(sandbox), UriKind.Relative)));

        var order = Assert.Single(sandbox.State.Orders);
        Assert.Equal(1, sandbox.State.BuyRequests);
        Assert.Equal(100m - order.Price, sandbox.State.Balance);
        Assert.Equal(1, (await sandbox.GetJsonAsync("user/orders")).GetArrayLength());
    }

    [Fact]
    public async Task DropAfterProcessing_ReusedConnection_HandlerDoesNotSilentlyBuyTwice()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.GetJsonAsync("user/profile"); // leaves a pooled keep-alive connection
        sandbox.Server.Options.Faults.Kinds = FaultKinds.DropAfterProcessing;
        sandbox.Server.Options.Faults.PathContains = "/user/buy/";
        sandbox.Server.Options.Faults.Probability = 1;

        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.Client.GetAsync(new Uri(BuyPath(sandbox), UriKind.Relative)));

        Assert.Equal(1, sandbox.State.BuyRequests);
        Assert.Single(sandbox.State.Orders);
    }

    [Fact]
    public async Task Latency_AnswerWaitsForTheClock()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.Latency);
        sandbox.Server.Options.Faults.Latency = TimeSpan.FromSeconds(5);

        var request = sandbox.GetAsync("user/profile");
        await Task.Delay(300);
        var waitedWithoutClock = request.IsCompleted;
        // Steps of one second until the answer comes: a busy machine may register the delay late or answer late, so
        // only the lower bound is exact (the answer never comes before 5 s of the server's clock have passed).
        var advanced = TimeSpan.Zero;
        var deadline = Stopwatch.StartNew();
        while (!request.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            sandbox.Time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            await Task.WhenAny(request, Task.Delay(100));
        }

        Assert.False(waitedWithoutClock);
        Assert.True(request.IsCompleted, $"no answer after {advanced} of the server's clock");
        Assert.Equal(200, (await request).Status);
        Assert.True(advanced >= TimeSpan.FromSeconds(5), $"answered after {advanced} of the server's clock, before the 5 s latency");
    }
}
