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
        var advanced = TimeSpan.Zero;
        while (!request.IsCompleted && advanced < TimeSpan.FromSeconds(30))
        {
            sandbox.Time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            await Task.WhenAny(request, Task.Delay(50));
        }

        Assert.False(waitedWithoutClock);
        Assert.Equal(200, (await request).Status);
        Assert.InRange(advanced, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6));
    }
}
