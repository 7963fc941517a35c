using SmsBuyz.Analytics.Tests.Worker;
using SmsBuyz.Analytics.Worker.Jobs;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class ReactionTests
{
    [Fact]
    public async Task Watch_PriceDropsAtTheSandbox_BuyRequestWithinWatchIntervalPlusOneSecond()
    {
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1 }, Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "0.05"), ("WatchInterval", "00:00:05"))));
        h.SetAll("ru", "telegram", 1.00m);
        await h.SweepAsync();
        await h.StepAsync(TimeSpan.FromSeconds(1), 7); // mid-way between two watch polls

        var dropped = h.Services.Time.GetUtcNow();
        h.Sandbox.State.SetOffer("ru", h.Cheapest("ru", "telegram").Operator, "telegram", 0.04m, 10);
        while (h.Sandbox.State.BuyRequests == 0 && h.Services.Time.GetUtcNow() - dropped < TimeSpan.FromSeconds(30))
            await h.StepAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(1, h.Sandbox.State.BuyRequests);
        Assert.True(h.Services.Time.GetUtcNow() - dropped <= TimeSpan.FromSeconds(6), $"took {h.Services.Time.GetUtcNow() - dropped}");
    }
}

/// <summary>The real worker host: the auto-buy loop runs as a hosted service and reacts to a sweep the Hangfire job stored.</summary>
[Collection(HangfireTests.Name)]
public sealed class WorkerAutoBuyTests : SandboxWorkerTest
{
    [Fact]
    public async Task Run_LiveRuleAndATriggeredPricesSweep_BuysOnceThroughTheHostedLoop()
    {
        await using var worker = await StartAsync(inMemory: true, settings: new Dictionary<string, string?>
        {
            ["AutoBuy:Mode"] = "Live",
            ["AutoBuy:KillSwitchFile"] = Path.Combine(Folder.Path, "STOP"),
            ["Rules:0:Name"] = "tg",
            ["Rules:0:Product"] = "telegram",
            ["Rules:0:Countries:0"] = "ru",
            ["Rules:0:MaxPrice"] = "10",
            ["Rules:0:MaxOrdersTotal"] = "1",
        });

        worker.Trigger(JobIds.Prices);
        await WorkerHost.WaitUntilAsync(async () => await worker.CountAsync("buy_intent WHERE state = 'Bought'") == 1, "a bought intent");

        Assert.Single(Sandbox.State.Orders);
        Assert.Equal(1, Sandbox.State.BuyRequests);
    }
}
