using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

/// <summary>
/// An unknown buy is settled by evidence: an answer that arrived (any status) by the first orders read after it; a
/// lost answer by a read after the request's end plus AutoBuy:UnknownGrace. Buying resumes as soon as that read says
/// nothing was bought, and never sooner.
/// </summary>
public sealed class SettleTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static SandboxOptions Sandbox() => new() { Countries = 3, Products = 5, SmsNeverProbability = 1 };

    private static Dictionary<string, string?> OneBuy(params (string Key, string? Value)[] more)
    {
        var settings = Merge(new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"), ("MaxOrdersTotal", "1")));
        foreach (var (key, value) in more.Where(m => m.Value is not null))
            settings[key] = value;
        return settings;
    }

    private static void FailNextBuy(AutoBuyHarness h, FaultKinds kind)
    {
        h.Sandbox.Options.Faults.PathContains = "/user/buy/";
        h.Sandbox.Options.Faults.Kinds = kind;
        h.Sandbox.Options.Faults.Remaining = 1;
        h.Sandbox.Options.Faults.Probability = 1;
    }

    private static async Task<List<(string State, string? Kind, long? EndedAt, long? SentAt)>> RowsAsync(AutoBuyHarness h)
    {
        await using var connection = await h.Services.OpenAsync();
        return (await connection.QueryAsync<(string, string?, long?, long?)>("SELECT state, error_kind, ended_at, sent_at FROM buy_intent ORDER BY id")).ToList();
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Buy_Answered500NothingCreated_ProvedAbsentByTheNextOrdersRead_BuysAgainInTheSameStep(StorageProvider storage)
    {
        await using var h = await StartAsync(Sandbox(), OneBuy(), storage);
        FailNextBuy(h, FaultKinds.ServerError);
        await h.SweepAsync();

        await h.StepAsync(Second);

        var order = Assert.Single(h.Sandbox.State.Orders);
        var rows = await RowsAsync(h);
        Assert.Equal([("Failed", "ServerError"), ("Bought", null)], rows.Select(r => (r.State, r.Kind)));
        Assert.Equal(rows[0].EndedAt, rows[1].SentAt); // resumed at once: the answer's arrival plus one orders read
        Assert.Equal(order.Id, (await h.IntentsAsync())[1].OrderId);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Buy_Answered500AfterTheOrderWasMade_BoughtByTheReadAfterTheAnswer_NoSecondRequest(StorageProvider storage)
    {
        await using var h = await StartAsync(Sandbox(), OneBuy(("Rules:0:MaxOrdersTotal", "5"), ("Rules:0:Cooldown", "01:00:00")), storage);
        FailNextBuy(h, FaultKinds.ServerErrorAfterProcessing);
        await h.SweepAsync();

        await h.StepAsync(Second, 5);

        var order = Assert.Single(h.Sandbox.State.Orders);
        Assert.Equal(1, h.Sandbox.State.BuyRequests);
        var intent = Assert.Single(await h.IntentsAsync());
        Assert.Equal((IntentState.Bought, (long?)order.Id, order.Price), (intent.State, intent.OrderId, intent.Reserved));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, null, 10, FaultKinds.DropConnection, "Network")]       // the default grace
    [InlineData(StorageProvider.Sqlite, "00:00:03", 3, FaultKinds.DropConnection, "Network")]
    [PostgresData(StorageProvider.PostgreSql, "00:00:03", 3, FaultKinds.DropConnection, "Network")]
    // A gateway's 502 page is not the API's answer: the API behind it may still make the order, so it waits the grace too.
    [InlineData(StorageProvider.Sqlite, null, 10, FaultKinds.HtmlErrorPage, "GatewayError")]
    public async Task Buy_AnswerLostBeforeTheOrder_UnknownThroughTheGrace_ThenFailedAndBoughtOnce(StorageProvider storage, string? grace,
        int graceSeconds, FaultKinds fault, string kind)
    {
        await using var h = await StartAsync(Sandbox(), OneBuy(("AutoBuy:UnknownGrace", grace)), storage);
        FailNextBuy(h, fault);
        await h.SweepAsync();
        await h.StepAsync(Second);
        var lost = h.Services.Time.GetUtcNow();
        Assert.Equal(IntentState.Unknown, Assert.Single(await h.IntentsAsync()).State);

        while (h.Sandbox.State.BuyRequests == 0 && h.Services.Time.GetUtcNow() - lost < TimeSpan.FromSeconds(60))
        {
            await h.StepAsync(Second);
            if (h.Services.Time.GetUtcNow() - lost < TimeSpan.FromSeconds(graceSeconds))
                Assert.Equal(IntentState.Unknown, (await h.IntentsAsync())[0].State); // reads in the grace prove nothing
        }

        var waited = h.Services.Time.GetUtcNow() - lost;
        Assert.InRange(waited, TimeSpan.FromSeconds(graceSeconds), TimeSpan.FromSeconds(graceSeconds + 1));
        Assert.Equal([("Failed", kind), ("Bought", null)], (await RowsAsync(h)).Select(r => (r.State, r.Kind)));
        Assert.Single(h.Sandbox.State.Orders);
    }

    [Fact]
    public async Task Buy_ProvedAbsentByAnotherProcessWhileItsAnswerWasOnTheWay_CountsAsBoughtWhenTheOrderArrives()
    {
        await using var h = await StartAsync(Sandbox(), OneBuy(("Rules:0:MaxOrdersTotal", "5"), ("Rules:0:Cooldown", "01:00:00")));
        FailNextBuy(h, FaultKinds.Latency);
        h.Sandbox.Options.Faults.Latency = TimeSpan.FromSeconds(30); // on the shared fake clock: the answer waits for the test
        await h.SweepAsync();
        h.Services.Time.Advance(Second);
        var step = h.Engine.StepAsync(CancellationToken.None);
        await Worker.WorkerHost.WaitUntilAsync(async () => (await h.IntentsAsync()) is [{ State: IntentState.Sent }], "the buy sent");
        await Worker.WorkerHost.WaitUntilAsync(() => Task.FromResult(h.Sandbox.Options.Faults.Remaining == 0), "the buy at the sandbox");

        // Another process (a second worker, the buy command) settles it as not bought: no order exists yet.
        Assert.True(await h.Services.Get<IntentStore>().MarkFailedAsync((await h.IntentsAsync())[0].Id, null, "reconciled: no such order",
            CancellationToken.None) > 0);
        h.Services.Time.Advance(TimeSpan.FromSeconds(30));
        await step;

        var order = Assert.Single(h.Sandbox.State.Orders);
        var intent = Assert.Single(await h.IntentsAsync());
        Assert.Equal((IntentState.Bought, (long?)order.Id, order.Price), (intent.State, intent.OrderId, intent.Reserved));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Restart_IntentLeftSentByACrash_FailedOnlyAfterSendPlusTimeoutPlusGrace(StorageProvider storage)
    {
        await using var h = await StartAsync(Sandbox(), OneBuy(), storage);
        var offer = h.Cheapest("ru", "telegram");
        var intents = h.Services.Get<IntentStore>();
        var rule = new RuleOptions { Name = "tg", Product = "telegram", Countries = ["ru"], MaxPrice = 10m };
        var (intent, _) = await intents.ReserveAsync(await h.AccountAsync(), rule, new AutoBuyOptions { Mode = AutoBuyMode.Live },
            new Candidate("ru", offer.Operator, "telegram", offer.Price, offer.Qty), null, false, null, CancellationToken.None);
        Assert.True(await intents.MarkSentAsync(intent!.Id, null, CancellationToken.None)); // then the process died; nothing arrived
        var sent = h.Services.Time.GetUtcNow();
        await h.SweepAsync();

        // The harness's request timeout is 5 s and the grace 10 s: until 15 s after the send nothing can be concluded.
        while (h.Sandbox.State.BuyRequests == 0 && h.Services.Time.GetUtcNow() - sent < TimeSpan.FromSeconds(60))
            await h.StepAsync(Second);

        Assert.InRange(h.Services.Time.GetUtcNow() - sent, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(16));
        Assert.Equal([IntentState.Failed, IntentState.Bought], (await h.IntentsAsync()).Select(i => i.State));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Usage_WhileAnOutcomeIsUnknown_ItsPriceCountsAgainstEveryLimitAsABoughtOneDoes(StorageProvider storage)
    {
        await using var services = await new TestServices(storage).MigrateAsync();
        var intents = services.Get<IntentStore>();
        var live = new AutoBuyOptions { Mode = AutoBuyMode.Live, DailyBudget = 1.00m, MaxOpenOrders = 1 };
        var rule = new RuleOptions { Name = "r", Product = "telegram", Countries = ["ru"], MaxPrice = 1m, MaxOrdersPerDay = 1, MaxSpendPerDay = 0.50m };
        var owner = await services.AccountAsync();
        var (intent, _) = await intents.ReserveAsync(owner, rule, live, new Candidate("ru", "op", "telegram", 0.40m, 5), null, false, null, CancellationToken.None);
        await intents.MarkSentAsync(intent!.Id, null, CancellationToken.None);
        await intents.MarkUnknownAsync(intent.Id, ApiErrorKind.Timeout, "lost", CancellationToken.None);

        var usage = await intents.UsageAsync("r", AutoBuyMode.Live, owner, CancellationToken.None);
        var account = await intents.AccountAsync(AutoBuyMode.Live, false, null, owner, CancellationToken.None);
        var other = new RuleOptions { Name = "other", Product = "telegram", Countries = ["ru"], MaxPrice = 1m };

        Assert.Equal((1, 0.40m, 1), (usage.OrdersToday, usage.SpentToday, usage.OrdersTotal));
        Assert.Equal((0.40m, 1), (account.SpentToday, account.OpenOrders));
        Assert.Equal("MaxOrdersPerDay 1 reached", RuleEvaluator.Blocked(rule, live, usage, account, services.Time.GetUtcNow()));
        Assert.StartsWith("MaxSpendPerDay 0.50 would be exceeded", RuleEvaluator.PriceLimit(rule, live, usage, account, 0.20m), StringComparison.Ordinal);
        Assert.StartsWith("AutoBuy:DailyBudget 1.00 would be exceeded", RuleEvaluator.PriceLimit(other, live, RuleUsage.None, account, 0.70m), StringComparison.Ordinal);
        Assert.Equal("AutoBuy:MaxOpenOrders 1 open", RuleEvaluator.Blocked(other, live, RuleUsage.None, account, services.Time.GetUtcNow()));
        var roomy = new AutoBuyOptions { Mode = AutoBuyMode.Live, MaxOpenOrders = 5 };
        var (second, whyNot) = await intents.ReserveAsync(owner, other, roomy, new Candidate("ru", "op", "telegram", 0.10m, 5), null, false, null, CancellationToken.None);
        Assert.Null(second);
        Assert.Equal("another buy is in flight or its outcome is unknown", whyNot);

        // Settled as bought at the same price: the rule's and the day's figures do not move.
        await intents.MarkBoughtAsync(intent.Id, 1, 0.40m, CancellationToken.None);
        var bought = await intents.UsageAsync("r", AutoBuyMode.Live, owner, CancellationToken.None);
        Assert.Equal((usage.OrdersToday, usage.SpentToday, usage.OrdersTotal), (bought.OrdersToday, bought.SpentToday, bought.OrdersTotal));
        Assert.Equal(0.40m, (await intents.AccountAsync(AutoBuyMode.Live, false, null, owner, CancellationToken.None)).SpentToday);
    }
}
