using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class FailureAndOutsideOrderTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Buy_RefusedThreeTimesInARow_PausesTheRuleWithTheReason()
    {
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5 }, Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"))));
        h.Sandbox.Options.Faults.PathContains = "/buy/";
        h.Sandbox.Options.Faults.Kinds = FaultKinds.RateLimited; // a 429 is a refusal: nothing was processed
        h.Sandbox.Options.Faults.Probability = 1;

        for (var i = 0; i < 6; i++)
        {
            await h.SweepAsync();
            await h.StepAsync(Second);
        }

        var intents = await h.IntentsAsync();
        Assert.Equal(3, intents.Count);
        Assert.All(intents, i => Assert.Equal((IntentState.Failed, 0m), (i.State, i.Reserved)));
        var (_, reason, _, _) = Assert.Single(await h.Services.Get<IntentStore>().PausesAsync(CancellationToken.None));
        Assert.StartsWith("3 buys failed in a row (last: RateLimited", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Track_OrderBoughtOutsideTheTool_CodeStoredButNeitherFinishedNorCanceled()
    {
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1 },
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live" });
        var outside = await h.Services.Get<SmsBuyzClient>().BuyActivationAsync("ru", "any", "telegram", CancellationToken.None);
        await h.Services.Get<SweepRunner>().RunOneAsync("account", SweepParts.Account, CancellationToken.None);

        h.Sandbox.State.DeliverSms(outside.Id, "004200");
        await h.StepAsync(TimeSpan.FromSeconds(5), 12 * 12);

        var order = Assert.Single(h.Sandbox.State.Orders);
        Assert.Equal(SandboxOrderStatus.Received, order.Status); // not ours to finish
        Assert.Equal("RECEIVED", (await h.LocalStatusesAsync())[order.Id]);
        Assert.Contains(h.Services.Logs.GetSnapshot(), l => l.Message.Contains($"order {order.Id} (telegram ru, {order.Phone}) got code 004200", StringComparison.Ordinal));
    }
}
