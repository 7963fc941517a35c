using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

/// <summary>
/// The app's <c>snapshot</c>, unchanged, against a sandbox speaking 5sim's dialect on loopback: country names as keys,
/// operators in lower case, orders wrapped with <c>"sms": null</c>, times with fractions and <c>Z</c>, ids of 11–12
/// digits. Everything it serves is stored under the same keys a SmsBuyz answer would get.
/// </summary>
public sealed class SnapshotAgainstFiveSimTests
{
    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Snapshot_FiveSimDialect_StoresEveryOfferUnderCanonicalKeysAndTheAccountsOrders(StorageProvider provider)
    {
        // Configured as a 5sim user writes it: countries by 5sim's names.
        await using var env = await SandboxEnvironment.StartAsync(
            new SandboxOptions { Dialect = SandboxDialect.FiveSim, Countries = 6, Products = 30, SmsNeverProbability = 1 },
            sandbox => Settings(sandbox), provider);
        var state = env.Sandbox.State;
        var client = env.Services.Get<SmsBuyzClient>();
        var inStock = state.CurrentOffers().Where(o => o.Qty > 0).ToList();
        env.Services.Time.Advance(TimeSpan.FromMilliseconds(1_250)); // times with a fraction: 12:00:01.25Z
        var coded = await client.BuyActivationAsync(inStock[0].CountryName, inStock[0].Operator, inStock[0].Product, CancellationToken.None);
        var waiting = await client.BuyActivationAsync(inStock[^1].CountryIso, "any", inStock[^1].Product, CancellationToken.None);
        state.DeliverSms(coded.Id, "012345");
        var market = state.CurrentOffers();

        var summary = await env.SweepAsync();

        Assert.True(summary.Succeeded, string.Join("\n", summary.Failures));
        var perOperator = market.Select(o => (o.CountryIso, OfferNames.OperatorKey(o.Operator), o.Product, o.Price, o.Qty)).Order().ToList();
        var aggregate = market.GroupBy(o => (o.CountryIso, o.Product))
            .Select(g => (g.Key.CountryIso, Operator: "any", g.Key.Product,
                Price: g.Any(o => o.Qty > 0) ? g.Where(o => o.Qty > 0).Min(o => o.Price) : g.Min(o => o.Price), Qty: g.Sum(o => o.Qty)));
        var stored = (await env.LatestAsync()).Select(s => (s.Country, OfferNames.OperatorKey(s.Operator), s.Product, s.Price, s.Qty)).ToList();
        Assert.Equal([.. perOperator.Concat(aggregate).Order()], stored);
        Assert.Equal(perOperator.Count + aggregate.Count(), await env.CountAsync("series"));

        await using var connection = await env.Services.OpenAsync();
        var orders = (await connection.QueryAsync<(long Id, string Phone, string Country, string Operator, string Product, long Price, string Status, long Created, long Expires)>(
            "SELECT id, phone, country, operator, product, price, status, created_at, expires_at FROM orders ORDER BY id")).ToList();
        Assert.Equal(
            [.. state.Orders.Select(o => (o.Id, "+" + o.Phone, o.CountryIso, o.Operator, o.Product, Money.ToUnits(o.Price),
                o.Status.ToString().ToUpperInvariant(), UnixMs.From(o.CreatedAt), UnixMs.From(o.Expires)))],
            orders);
        Assert.All(orders, o => Assert.True(o.Id > 10_000_000_000L, $"5sim-sized id, got {o.Id}"));
        Assert.Equal([(coded.Id, "012345")], await connection.QueryAsync<(long, string)>("SELECT order_id, code FROM order_sms"));
        Assert.Equal((OrderStatus.Received, OrderStatus.Pending), (orders[0].Status, orders[1].Status));
        Assert.Equal(waiting.Id, orders[1].Id);
        Assert.Equal((state.AccountId, state.Email, Money.ToUnits(state.Balance)),
            await connection.QuerySingleAsync<(long, string, long)>("SELECT user_id, email, balance FROM profile_history"));
        Assert.Equal(state.Payments.Select(p => (p.Id, Money.ToUnits(p.Amount))).Order(),
            await connection.QueryAsync<(long, long)>("SELECT id, amount FROM payments ORDER BY id"));
    }

    private static Dictionary<string, string?> Settings(SandboxServer sandbox)
    {
        var settings = new Dictionary<string, string?> { ["Monitor:Operators:0"] = "any", ["Monitor:Products:0"] = "*" };
        var countries = sandbox.State.CurrentOffers().Select(o => o.CountryName).Distinct().ToList();
        for (var i = 0; i < countries.Count; i++)
            settings[$"Monitor:Countries:{i}"] = countries[i];
        return settings;
    }
}
