using System.Net.Http.Headers;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Account;

/// <summary>
/// One database, one configured base URL and key, and behind them first one account and then another (the key now
/// belongs to another account, as when a user points the app at a second account): both sandboxes number their
/// orders and payments from 1. Each account's history is stored whole under its account, checked against its server.
/// </summary>
public sealed class TwoAccountsTests
{
    private const string Key = "two-accounts-key";

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task AccountSweeps_SameOrderIdsAtTwoAccountsOfOneProvider_BothHistoriesStoredWholeUnderTheirAccounts(StorageProvider storage)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var first = await SandboxServer.StartAsync(Options(accountId: 1001, seed: 1), port: 0, time);
        var port = first.BaseUrl.Port;
        await using var services = await new TestServices(storage, new Dictionary<string, string?>
        {
            ["SmsBuyz:BaseUrl"] = first.BaseUrl.ToString(),
            ["SmsBuyz:ApiKey"] = Key,
            ["SmsBuyz:RequestsPerSecond"] = "1000",
            ["SmsBuyz:RetryDelaySeconds"] = "0.01",
        }, time).MigrateAsync();

        var firstState = await BuyAndSweepAsync(first, services, ["telegram", "whatsapp", "telegram"]);
        await first.DisposeAsync();
        await using var second = await SandboxServer.StartAsync(Options(accountId: 1002, seed: 2), port, time);
        var secondState = await BuyAndSweepAsync(second, services, ["whatsapp", "telegram"]);

        Assert.Equal([1L, 2L, 3L], firstState.Orders.Select(o => o.Id).Order());
        Assert.Equal([1L, 2L], secondState.Orders.Select(o => o.Id).Order()); // the same ids, other orders
        await using var connection = await services.OpenAsync();
        foreach (var (external, server) in new[] { ("1001", firstState), ("1002", secondState) })
        {
            var account = await connection.ExecuteScalarAsync<long>("SELECT id FROM account WHERE external_id = @external", new { external });
            Assert.Equal(Expected(server.Orders), await connection.QueryAsync<(long, string, string, long, string, long)>("""
                SELECT id, product, country, price, status, created_at FROM orders WHERE account_id = @account ORDER BY id
                """, new { account }));
            Assert.Equal(server.Orders.SelectMany(o => o.Sms.Select((s, seq) => (o.Id, (long)seq, s.Code))),
                await connection.QueryAsync<(long, long, string)>(
                    "SELECT order_id, seq, code FROM order_sms WHERE account_id = @account ORDER BY order_id, seq", new { account }));
            Assert.Equal(server.Payments.Select(p => (p.Id, Money.ToUnits(p.Amount), Money.ToUnits(p.Balance))).Order(),
                await connection.QueryAsync<(long, long, long)>(
                    "SELECT id, amount, balance FROM payments WHERE account_id = @account ORDER BY id", new { account }));
        }
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM provider"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM order_conflict"));
        var warning = Assert.Single(services.Logs.GetSnapshot(), l => l.Level == LogLevel.Warning && l.Message.Contains("now belongs", StringComparison.Ordinal));
        Assert.StartsWith("The API key now belongs to account 1002 (was 1001) at smsbuyz", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>Orders and payments numbered from 1 whatever the account; no SMS but the ones a test delivers.</summary>
    private static SandboxOptions Options(long accountId, int seed) =>
        new() { ApiKey = Key, AccountId = accountId, FirstId = 1, Seed = seed, Countries = 2, Products = 5, SmsNeverProbability = 1 };

    /// <summary>Buys the products at the sandbox (a code for the first order), then an account sweep; the server's state after it.</summary>
    private static async Task<(IReadOnlyList<SandboxOrder> Orders, IReadOnlyList<SandboxPayment> Payments)> BuyAndSweepAsync(SandboxServer sandbox,
        TestServices services, string[] products)
    {
        using var http = new HttpClient { BaseAddress = sandbox.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        foreach (var product in products)
        {
            var offer = sandbox.State.CurrentOffers().Where(o => o.Product == product && o.Qty > 0).OrderBy(o => o.Price).First();
            (await http.GetAsync(new Uri($"user/buy/activation/{offer.CountryIso}/{offer.Operator}/{product}", UriKind.Relative))).EnsureSuccessStatusCode();
            services.Time.Advance(TimeSpan.FromSeconds(10));
        }
        sandbox.State.DeliverSms(sandbox.State.Orders[0].Id, $"0{sandbox.State.AccountId}");
        var sweep = await services.Get<SweepRunner>().RunOneAsync(SweepKind.Account, SweepParts.Account, CancellationToken.None);
        Assert.Equal(0, sweep.Errors);
        return (sandbox.State.Orders, sandbox.State.Payments);
    }

    private static IEnumerable<(long, string, string, long, string, long)> Expected(IReadOnlyList<SandboxOrder> orders) =>
        orders.OrderBy(o => o.Id).Select(o => (o.Id, o.Product, OfferNames.CountryKey(o.CountryIso), Money.ToUnits(o.Price),
            o.Status.ToString().ToUpperInvariant(), o.CreatedAt.ToUnixTimeMilliseconds()));
}
