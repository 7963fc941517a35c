using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Providers;

/// <summary>
/// One rule, two providers on loopback (the <c>SmsBuyz</c> section, and a <c>Providers</c> entry speaking 5sim's
/// dialect with its own key, prices and order ids): the worker buys where the offer is cheaper, and at the other
/// provider once the prices cross, each order sent with that provider's key and stored under that provider's account.
/// </summary>
public sealed class BuyAcrossProvidersTests
{
    private const string Country = "ru";
    private const string Product = "telegram";

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Rule_BuysAtTheCheaperProvider_AndAtTheOtherOncePricesCross(StorageProvider storage)
    {
        await using var world = await TwoProviders.StartAsync(storage, Rule());

        world.SetAll(world.SmsBuyz, 1.00m);
        world.SetAll(world.FiveSim, 2.00m);
        await world.SweepAndStepAsync();

        Assert.Equal((1, 0), (world.SmsBuyz.State.BuyRequests, world.FiveSim.State.BuyRequests));
        Assert.Equal([("smsbuyz", "Bought", 1.00m)], await world.IntentsAsync());

        world.SetAll(world.SmsBuyz, 3.00m);
        world.SetAll(world.FiveSim, 0.50m);
        await world.SweepAndStepAsync();

        Assert.Equal((1, 1), (world.SmsBuyz.State.BuyRequests, world.FiveSim.State.BuyRequests));
        Assert.Equal([("smsbuyz", "Bought", 1.00m), ("5sim", "Bought", 0.50m)], await world.IntentsAsync());
        // Each order under the account of the provider it was bought at, with that provider's own id.
        Assert.Equal(
            [("5sim", world.FiveSim.State.Orders.Single().Id), ("smsbuyz", world.SmsBuyz.State.Orders.Single().Id)],
            await world.OrdersAsync());
    }

    [Fact]
    public async Task Rule_LimitedToOneProvider_NeverBuysAtTheOtherEvenWhenCheaper()
    {
        await using var world = await TwoProviders.StartAsync(StorageProvider.Sqlite, Rule(("Providers:0", "5SIM")));

        world.SetAll(world.SmsBuyz, 0.20m);
        world.SetAll(world.FiveSim, 1.50m);
        await world.SweepAndStepAsync();

        Assert.Equal((0, 1), (world.SmsBuyz.State.BuyRequests, world.FiveSim.State.BuyRequests));
        Assert.Equal([("5sim", "Bought", 1.50m)], await world.IntentsAsync());
    }

    [Fact]
    public async Task Rule_CheaperProviderWithoutStock_BuysAtTheOther()
    {
        await using var world = await TwoProviders.StartAsync(StorageProvider.Sqlite, Rule());

        world.SetAll(world.SmsBuyz, 0.20m, qty: 0);
        world.SetAll(world.FiveSim, 1.50m);
        await world.SweepAndStepAsync();

        Assert.Equal((0, 1), (world.SmsBuyz.State.BuyRequests, world.FiveSim.State.BuyRequests));
    }

    [Fact]
    public async Task Worker_OneProviderOutOfReach_BuysAtTheOtherWithoutWaitingForIt()
    {
        // Refuses every connection: the SmsBuyz section's profile, orders and prices all fail at once.
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var deadPort = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var world = await TwoProviders.StartAsync(StorageProvider.Sqlite,
            RuleWith(("SmsBuyz:BaseUrl", $"http://127.0.0.1:{deadPort}/v1"), ("SmsBuyz:MaxReadRetries", "0")));

        world.SetAll(world.FiveSim, 1.50m);
        await world.SweepAndStepAsync(expectAllAnswered: false);

        Assert.Equal(1, world.FiveSim.State.BuyRequests);
        Assert.Equal([("5sim", "Bought", 1.50m)], await world.IntentsAsync());
    }

    /// <summary>The rule plus settings outside it.</summary>
    private static Dictionary<string, string?> RuleWith(params (string Key, string Value)[] settings)
    {
        var all = Rule();
        foreach (var (key, value) in settings)
            all[key] = value;
        return all;
    }

    private static Dictionary<string, string?> Rule(params (string Key, string Value)[] more)
    {
        var rule = new Dictionary<string, string?>
        {
            ["Rules:0:Name"] = "tg",
            ["Rules:0:Product"] = Product,
            ["Rules:0:Countries:0"] = Country,
            ["Rules:0:MaxPrice"] = "5",
            ["Rules:0:MaxOrdersTotal"] = "2",
        };
        foreach (var (key, value) in more)
            rule[$"Rules:0:{key}"] = value;
        return rule;
    }

    /// <summary>The two sandboxes, the app's services over them on one database (the settings given win), and a shared fake clock.</summary>
    private sealed class TwoProviders : IAsyncDisposable
    {
        private TwoProviders(SandboxServer smsbuyz, SandboxServer fiveSim, TestServices services) =>
            (SmsBuyz, FiveSim, Services) = (smsbuyz, fiveSim, services);

        public SandboxServer SmsBuyz { get; }
        public SandboxServer FiveSim { get; }
        public TestServices Services { get; }

        public static async Task<TwoProviders> StartAsync(StorageProvider storage, Dictionary<string, string?> rule)
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
            var smsbuyz = await SandboxServer.StartAsync(Options(SandboxDialect.SmsBuyz, seed: 1), port: 0, time);
            var fiveSim = await SandboxServer.StartAsync(Options(SandboxDialect.FiveSim, seed: 2), port: 0, time);
            var settings = new Dictionary<string, string?>
            {
                ["SmsBuyz:BaseUrl"] = smsbuyz.BaseUrl.ToString(),
                ["SmsBuyz:ApiKey"] = smsbuyz.Options.ApiKey,
                ["SmsBuyz:RequestsPerSecond"] = "1000",
                ["Providers:0:Name"] = "5sim",
                ["Providers:0:BaseUrl"] = fiveSim.BaseUrl.ToString(),
                ["Providers:0:ApiKey"] = fiveSim.Options.ApiKey,
                ["Providers:0:RequestsPerSecond"] = "1000",
                ["Monitor:Countries:0"] = Country,
                ["Monitor:Products:0"] = Product,
                ["AutoBuy:Mode"] = "Live",
                ["AutoBuy:MinBalance"] = "0",
                ["AutoBuy:KillSwitchFile"] = Path.Combine(Path.GetTempPath(), "smsbuyz-no-such-stop-file"),
            };
            foreach (var (key, value) in rule)
                settings[key] = value;
            return new TwoProviders(smsbuyz, fiveSim, await new TestServices(storage, settings, time).MigrateAsync());
        }

        private static SandboxOptions Options(SandboxDialect dialect, int seed) =>
            new() { Dialect = dialect, Seed = seed, Countries = 3, Products = 5, SmsNeverProbability = 1 };

        /// <summary>Every operator's offer of the product in the country at one price and stock.</summary>
        public void SetAll(SandboxServer sandbox, decimal price, long qty = 100)
        {
            foreach (var o in sandbox.State.CurrentOffers().Where(o => o.CountryIso == Country && o.Product == Product))
                sandbox.State.SetOffer(Country, o.Operator, Product, price, qty);
        }

        /// <summary>A prices sweep of both providers, then a minute on the clock and a worker step.</summary>
        public async Task SweepAndStepAsync(bool expectAllAnswered = true)
        {
            var swept = await Services.Get<SweepRunner>().RunAsync(SweepKind.Prices, SweepParts.Prices, CancellationToken.None);
            Assert.All(swept.Where(_ => expectAllAnswered), s => Assert.True(s.Succeeded, string.Join("\n", s.Failures)));
            Services.Time.Advance(TimeSpan.FromMinutes(1));
            await Services.Get<AutoBuyEngine>().StepAsync(CancellationToken.None);
        }

        /// <summary>Each intent's provider, state and price, in order.</summary>
        public async Task<List<(string, string, decimal)>> IntentsAsync()
        {
            await using var connection = await Services.OpenAsync();
            return [.. (await connection.QueryAsync<(string Provider, string State, long Reserved)>("""
                SELECT v.name, i.state, i.reserved FROM buy_intent i JOIN account a ON a.id = i.account_id JOIN provider v ON v.id = a.provider_id
                ORDER BY i.id
                """)).Select(r => (r.Provider, r.State, Money.FromUnits(r.Reserved)))];
        }

        /// <summary>Every stored order as (its account's provider, its id), by provider name.</summary>
        public async Task<List<(string, long)>> OrdersAsync()
        {
            await using var connection = await Services.OpenAsync();
            return [.. await connection.QueryAsync<(string, long)>("""
                SELECT v.name, o.id FROM orders o JOIN account a ON a.id = o.account_id JOIN provider v ON v.id = a.provider_id ORDER BY v.name
                """)];
        }

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await SmsBuyz.DisposeAsync();
            await FiveSim.DisposeAsync();
        }

    }
}
