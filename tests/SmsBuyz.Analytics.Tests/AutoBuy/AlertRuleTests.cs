using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class AlertRuleTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task ModeOff_FlappingPriceAndAnOfferBackInStock_AlertsOncePerCrossingAndNeverBuys(StorageProvider storage)
    {
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5 }, Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Off" },
            Rule(0, "tg-under-1", "telegram", "russia", ("MaxPrice", "1.00"), ("Action", "Notify")),
            Rule(1, "tg-back", "telegram", "ru", ("InStock", "true"), ("Action", "Notify"), ("RearmAfter", "00:10:00"))), storage);
        var operators = h.Sandbox.State.CurrentOffers().Where(o => o.CountryIso == "ru" && o.Product == "telegram").Select(o => o.Operator).ToList();
        var (flapping, restocked) = (operators[0], operators[1]);

        // Every 5 minutes: the flapping offer at 0.99 / 1.01 for an hour, above for 70 minutes, then 0.98. The other
        // one out of stock from minute 30 to 40, back at 45.
        for (var minute = 0; minute <= 135; minute += 5)
        {
            h.SetAll("ru", "telegram", 2.00m);
            var price = minute < 60 ? (minute % 10 == 0 ? 0.99m : 1.01m) : minute < 130 ? 1.20m : 0.98m;
            h.Sandbox.State.SetOffer("ru", flapping, "telegram", price, 50);
            if (minute is >= 30 and <= 40)
                h.Sandbox.State.SetOffer("ru", restocked, "telegram", 2.00m, 0);
            await h.SweepAsync();
            await h.StepAsync(FiveMinutes);
        }

        var events = Drain(h.Services.Get<Notifier>());
        Assert.Equal(
            [(EventKinds.Alert, "tg-under-1", flapping, 0.99m), (EventKinds.InStock, "tg-back", restocked, 2.00m), (EventKinds.Alert, "tg-under-1", flapping, 0.98m)],
            events.Select(e => (e.Kind, e.Rule!, e.Operator!, e.Price!.Value)));
        Assert.Contains("meets its conditions: MaxPrice 1.00, in stock", events[0].Message, StringComparison.Ordinal);
        Assert.Contains("is back in stock", events[1].Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Sandbox.State.BuyRequests);
        Assert.Empty(await h.IntentsAsync());
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task CheckAsync_AfterARestartOnTheSameDatabase_DoesNotAlertTheSameCrossingAgain(StorageProvider storage)
    {
        // A database that outlives both service graphs: a file, or a database of the test cluster.
        await using var postgres = storage == StorageProvider.PostgreSql ? await (await PostgresServer.GetAsync()).CreateDatabaseAsync() : null;
        var folder = Directory.CreateTempSubdirectory("smsbuyz-alerts-").FullName;
        var settings = new Dictionary<string, string?> { [postgres is null ? "Storage:Database" : "Storage:ConnectionString"] = postgres?.ConnectionString ?? Path.Combine(folder, "alerts.db") };
        var rule = new RuleOptions { Name = "watch", Product = "telegram", Countries = ["ru"], MaxPrice = 1m, Action = RuleAction.Notify };
        Candidate[] offers = [new("ru", "Beeline", "telegram", 0.90m, 10)];
        try
        {
            await using (var first = await new TestServices(storage, settings).MigrateAsync())
                Assert.Single(await first.Get<AlertWatcher>().CheckAsync(rule, offers, CancellationToken.None));
            await using var second = await new TestServices(storage, settings).MigrateAsync();
            Assert.Empty(await second.Get<AlertWatcher>().CheckAsync(rule, [offers[0] with { Operator = "beeline" }], CancellationToken.None));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<AutoBuyEvent> Drain(Notifier notifier)
    {
        var events = new List<AutoBuyEvent>();
        while (notifier.Queue.TryRead(out var e))
            if (e.Kind is EventKinds.Alert or EventKinds.InStock)
                events.Add(e);
        return events;
    }
}
