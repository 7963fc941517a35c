using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class LiveBuyTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static SandboxOptions Sandbox() => new() { Countries = 3, Products = 5, SmsNeverProbability = 1 };

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task DryRun_RuleFires_LogsWouldBeBuyAndNeverCallsBuy(StorageProvider storage)
    {
        await using var h = await StartAsync(Sandbox(), Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "DryRun" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"), ("Cooldown", "00:05:00"))), storage);
        await h.SweepAsync();

        await h.StepAsync(Second, 20);
        await h.StepAsync(TimeSpan.FromMinutes(5));
        await h.SweepAsync(); // rules are evaluated when a sweep stores prices
        await h.StepAsync(Second);

        Assert.Equal(0, h.Sandbox.State.BuyRequests);
        Assert.Empty(h.Sandbox.State.Orders);
        var dry = h.Services.Logs.GetSnapshot().Where(l => l.Message.Contains("dry-run: would buy rule tg: telegram ru/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, dry.Count); // once, then again only after the 5-minute cooldown
        Assert.All(await h.IntentsAsync(), i => Assert.Equal(IntentState.DryRun, i.State));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Live_PriceCrossesThreshold_BuysExactlyOnce_AndNotAgainWithinCooldown(StorageProvider storage)
    {
        await using var h = await StartAsync(Sandbox(), Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "0.05"), ("Cooldown", "01:00:00"))), storage);
        h.SetAll("ru", "telegram", 1.00m);
        await h.SweepAsync();
        await h.StepAsync(Second, 3);
        Assert.Equal(0, h.Sandbox.State.BuyRequests);

        var target = h.Cheapest("ru", "telegram");
        h.Sandbox.State.SetOffer("ru", target.Operator, "telegram", 0.04m, 50);
        await h.SweepAsync();
        await h.StepAsync(Second);
        h.Sandbox.State.SetOffer("ru", target.Operator, "telegram", 0.03m, 50);
        await h.SweepAsync();
        await h.StepAsync(Second, 30);

        var order = Assert.Single(h.Sandbox.State.Orders);
        Assert.Equal(1, h.Sandbox.State.BuyRequests);
        Assert.Equal((target.Operator, 0.04m), (order.Operator, order.Price));
        var intent = Assert.Single(await h.IntentsAsync());
        Assert.Equal((IntentState.Bought, (long?)order.Id, 0.04m), (intent.State, intent.OrderId, intent.Reserved));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Live_RuleWithCountryNameAndLowerCaseOperator_BuysThatOfferOnce(StorageProvider storage)
    {
        // Every reseller spelled in lower case (the sandbox picks one of Virtual1–Virtual60 for Russia); the rest stay dear.
        var resellers = Enumerable.Range(1, 60).Select(n => ($"Operators:{n - 1}", $"virtual{n}")).ToArray();
        await using var h = await StartAsync(Sandbox(), Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live", ["Monitor:Countries:0"] = "russia" },
            Rule(0, "tg", "Telegram", "Russia", [("MaxPrice", "0.05"), ("Cooldown", "01:00:00"), .. resellers])), storage);
        h.SetAll("ru", "telegram", 1.00m);
        var reseller = h.Sandbox.State.CurrentOffers().Single(o => o.CountryIso == "ru" && o.Product == "telegram" && o.Operator.StartsWith("Virtual", StringComparison.Ordinal));
        h.Sandbox.State.SetOffer("ru", reseller.Operator, "telegram", 0.04m, 50);

        await h.SweepAsync();
        await h.StepAsync(Second, 10);

        var order = Assert.Single(h.Sandbox.State.Orders);
        Assert.Equal(("ru", reseller.Operator, "telegram", 0.04m), (order.CountryIso, order.Operator, order.Product, order.Price));
        Assert.Equal(IntentState.Bought, Assert.Single(await h.IntentsAsync()).State);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Live_KillSwitchOn_NoNewBuysButOpenOrdersStillTracked(StorageProvider storage)
    {
        await using var h = await StartAsync(Sandbox(), Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"), ("Cooldown", "00:00:10"))), storage);
        await h.SweepAsync();
        await h.StepAsync(Second);
        var first = Assert.Single(h.Sandbox.State.Orders);

        h.SetKillSwitch(on: true);
        await h.SweepAsync();
        h.Sandbox.State.DeliverSms(first.Id, "000123");
        await h.StepAsync(Second, 60);

        Assert.Single(h.Sandbox.State.Orders);
        Assert.Equal(SandboxOrderStatus.Finished, h.Sandbox.State.Orders[0].Status);
        Assert.Contains(h.Services.Logs.GetSnapshot(), l => l.Level == LogLevel.Warning && l.Message.Contains("kill switch ON", StringComparison.Ordinal));
        h.SetKillSwitch(on: false);
        await h.SweepAsync();
        await h.StepAsync(Second, 2);
        Assert.Equal(2, h.Sandbox.State.Orders.Count);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Live_InsufficientBalance_PausesTheRuleInsteadOfHammering(StorageProvider storage)
    {
        await using var h = await StartAsync(Sandbox(), Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"))), storage);
        h.Sandbox.State.SetBalance(0m);
        await h.SweepAsync();

        await h.StepAsync(Second, 30);

        Assert.Equal(1, h.Sandbox.State.BuyRequests);
        var (rule, reason, _, _) = Assert.Single(await h.Services.Get<IntentStore>().PausesAsync(CancellationToken.None));
        Assert.Equal(("tg", "insufficient balance"), (rule, reason));
    }
}
