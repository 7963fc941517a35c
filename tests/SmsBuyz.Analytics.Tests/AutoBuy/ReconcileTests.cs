using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class ReconcileTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static SandboxOptions Sandbox() => new() { Countries = 3, Products = 5, SmsNeverProbability = 1 };
    private static Dictionary<string, string?> LiveRule() => Merge(
        new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live" },
        Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"), ("Cooldown", "01:00:00")));

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Restart_AfterIntentSentAndProcessDiscarded_ReconcilesToTheOrderWithoutASecondBuy(StorageProvider storage)
    {
        await using var h = await StartAsync(Sandbox(), LiveRule(), storage);
        var offer = h.Cheapest("ru", "telegram");
        var rule = new RuleOptions { Name = "tg", Product = "telegram", Countries = ["ru"], MaxPrice = 10m, Cooldown = TimeSpan.FromHours(1) };
        var intents = h.Services.Get<IntentStore>();
        var (intent, _) = await intents.ReserveAsync(await h.AccountAsync(), rule, new AutoBuyOptions { Mode = AutoBuyMode.Live },
            new Candidate("ru", offer.Operator, "telegram", offer.Price, offer.Qty), null, false, null, CancellationToken.None);
        Assert.True(await intents.MarkSentAsync(intent!.Id, null, CancellationToken.None));
        await h.Services.Get<SmsBuyzClient>().BuyActivationAsync("ru", offer.Operator, "telegram", CancellationToken.None);
        // The process dies here: the answer is never recorded. A new service provider on the same database restarts.
        var settings = LiveRule();
        foreach (var (key, value) in h.Services.StorageSettings)
            settings[key] = value;
        settings["SmsBuyz:BaseUrl"] = h.Sandbox.BaseUrl.ToString();
        settings["SmsBuyz:ApiKey"] = h.Sandbox.Options.ApiKey;
        settings["Monitor:Countries:0"] = "ru";
        settings["Monitor:Products:0"] = "telegram";
        settings["AutoBuy:KillSwitchFile"] = h.KillSwitchPath;
        await using var restarted = await new TestServices(storage, settings, h.Services.Time).MigrateAsync();
        await PricesSweep.RunAsync(restarted);

        for (var i = 0; i < 30; i++)
        {
            h.Services.Time.Advance(Second);
            await restarted.Get<AutoBuyEngine>().StepAsync(CancellationToken.None);
        }

        var order = Assert.Single(h.Sandbox.State.Orders);
        Assert.Equal(1, h.Sandbox.State.BuyRequests);
        var stored = Assert.Single(await h.IntentsAsync());
        Assert.Equal((IntentState.Bought, (long?)order.Id), (stored.State, stored.OrderId));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Buy_ProcessedThenConnectionDropped_IsUnknownThenMatchedToItsOrder(StorageProvider storage)
    {
        await using var h = await StartAsync(Sandbox(), LiveRule(), storage);
        h.Sandbox.Options.Faults.PathContains = "/buy/";
        h.Sandbox.Options.Faults.Kinds = FaultKinds.DropAfterProcessing;
        h.Sandbox.Options.Faults.Probability = 1;
        await h.SweepAsync();

        await h.StepAsync(Second, 5);

        var order = Assert.Single(h.Sandbox.State.Orders);
        var intent = Assert.Single(await h.IntentsAsync());
        Assert.Equal((IntentState.Bought, (long?)order.Id), (intent.State, intent.OrderId));
        Assert.Contains(h.Services.Logs.GetSnapshot(), l => l.Message.Contains("outcome unknown", StringComparison.Ordinal));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Buy_AnswerLostAndProviderClockThreeHoursBehind_StillMatchedToItsOrder(StorageProvider storage)
    {
        var appTime = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var providerTime = new FakeTimeProvider(appTime.GetUtcNow().AddHours(-3)); // e.g. a provider writing local time
        await using var sandbox = await SandboxServer.StartAsync(Sandbox(), port: 0, timeProvider: providerTime);
        var settings = LiveRule();
        settings["SmsBuyz:BaseUrl"] = sandbox.BaseUrl.ToString();
        settings["SmsBuyz:ApiKey"] = sandbox.Options.ApiKey;
        settings["SmsBuyz:TimeoutSeconds"] = "5";
        settings["Monitor:Countries:0"] = "ru";
        settings["Monitor:Products:0"] = "telegram";
        settings["AutoBuy:ClockSkew"] = "00:00:30";
        settings["AutoBuy:KillSwitchFile"] = Path.Combine(Path.GetTempPath(), "smsbuyz-no-such-stop-file");
        await using var app = await new TestServices(storage, settings, appTime).MigrateAsync();
        await PricesSweep.RunAsync(app);
        sandbox.Options.Faults.PathContains = "/buy/";
        sandbox.Options.Faults.Kinds = FaultKinds.DropAfterProcessing;
        sandbox.Options.Faults.Probability = 1;

        for (var i = 0; i < 60; i++)
        {
            appTime.Advance(Second);
            providerTime.Advance(Second);
            await app.Get<AutoBuyEngine>().StepAsync(CancellationToken.None);
        }

        var order = Assert.Single(sandbox.State.Orders);
        Assert.Equal(1, sandbox.State.BuyRequests);
        await using var connection = await app.OpenAsync();
        Assert.Equal(order.Id, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT order_id FROM buy_intent WHERE state = 'Bought'"));
    }
}
