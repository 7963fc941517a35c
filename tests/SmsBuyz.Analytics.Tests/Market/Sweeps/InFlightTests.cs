using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Tests.Api;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

public sealed class InFlightTests
{
    private static readonly string[] Countries =
        ["ru", "us", "gb", "ua", "kz", "ph", "id", "vn", "pl", "in", "de", "fr", "es", "it", "nl", "se", "br", "mx", "tr", "th"];

    [Fact]
    public async Task Sweep_SlowAnswers_EveryRequestInFlightAtOnceWhenTheRateLimitAllows()
    {
        // Answers that never come: how many requests reach the server shows how many are in flight. The old fixed
        // limit sent 8 and waited for one to finish.
        await using var stub = await StubApiServer.StartAsync();
        foreach (var country in Countries)
            stub.Set($"guest/products/{country}/any", new StubReply(StubAction.Stall));
        var settings = new Dictionary<string, string?>
        {
            ["SmsBuyz:BaseUrl"] = stub.BaseUrl, ["SmsBuyz:RequestsPerSecond"] = "1000", ["SmsBuyz:MaxReadRetries"] = "0",
            ["SmsBuyz:TimeoutSeconds"] = "60", ["Monitor:Operators:0"] = "any",
        };
        for (var i = 0; i < Countries.Length; i++)
            settings[$"Monitor:Countries:{i}"] = Countries[i];
        await using var services = await new TestServices(settings).MigrateAsync();
        using var stop = new CancellationTokenSource();

        var sweep = services.Get<SweepRunner>().RunOneAsync("products", SweepParts.Products, stop.Token);
        for (var waited = 0; stub.Requests.Count < Countries.Length && waited < 100; waited++)
            await Task.Delay(100);

        Assert.Equal(Countries.Length, stub.Requests.Count);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sweep);
    }
}
