using Dapper;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Account;

/// <summary>Orders, SMS, payments and profiles stored by the provider's id, on both storage providers.</summary>
public sealed class AccountStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 11, 0, 0, TimeSpan.Zero);

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task UpsertOrdersAsync_SameOrderAgainThenChanged_CountsOnlyNewOrChangedOrders(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var store = services.Get<AccountStore>();
        var account = await services.AccountAsync();
        var pending = new Order(123, "79001234567", "Virtual1", "Telegram", 0.4118m, "PENDING", "RU", T0, null, []);
        var received = pending with { Status = "RECEIVED", Expires = T0.AddMinutes(20), Sms = [new Sms(T0.AddSeconds(90), "012345", "code 012345", "Telegram")] };

        var counts = new[]
        {
            await store.UpsertOrdersAsync(account, [pending], CancellationToken.None),
            await store.UpsertOrdersAsync(account, [pending], CancellationToken.None),
            await store.UpsertOrdersAsync(account, [received], CancellationToken.None),
            await store.UpsertOrdersAsync(account, [received with { Expires = null }], CancellationToken.None),
        };

        Assert.Equal([1, 0, 1, 0], counts);
        await using var connection = await services.OpenAsync();
        Assert.Equal(("RECEIVED", "ru", 4118L, UnixMs.From(T0.AddMinutes(20))), await connection.QuerySingleAsync<(string, string, long, long)>(
            "SELECT status, country, price, expires_at FROM orders WHERE id = 123"));
        Assert.Equal(["012345"], await connection.QueryAsync<string>("SELECT code FROM order_sms WHERE order_id = 123"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task UpsertPaymentsAsync_SamePaymentTwice_StoresItOnceWithExactAmounts(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var store = services.Get<AccountStore>();
        var account = await services.AccountAsync();
        var payment = new Payment(7, "charge", "admin", -0.4118m, 10.0882m, T0);

        var added = await store.UpsertPaymentsAsync(account, [payment, payment with { Id = 8, Balance = null }], CancellationToken.None);
        var again = await store.UpsertPaymentsAsync(account, [payment], CancellationToken.None);

        Assert.Equal((2, 0), (added, again));
        await using var connection = await services.OpenAsync();
        Assert.Equal([(7L, -4118L, (long?)100882L), (8L, -4118L, null)], await connection.QueryAsync<(long, long, long?)>(
            "SELECT id, amount, balance FROM payments ORDER BY id"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task AddProfileAsync_TwoReads_KeepsBothWithTheirSweep(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var store = services.Get<AccountStore>();
        var account = await services.AccountAsync();

        await store.AddProfileAsync(account, 1, new Profile(42, "u@example.com", 10.50m, 4.5m, "any"), CancellationToken.None);
        await store.AddProfileAsync(account, 2, new Profile(42, "u@example.com", 9.75m, 4.5m, null), CancellationToken.None);

        await using var connection = await services.OpenAsync();
        Assert.Equal([(105000L, "4.5", (long?)1L), (97500L, "4.5", 2L)], await connection.QueryAsync<(long, string, long?)>(
            "SELECT balance, rating, sweep_id FROM profile_history ORDER BY id"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task UpsertOrdersAsync_SameIdsUnderTwoAccounts_TwoOrdersEachWithItsOwnSmsAndPayments(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var store = services.Get<AccountStore>();
        var (first, second) = (await services.AccountAsync(1001), await services.AccountAsync(1002));
        var whatsapp = new Order(1, "79000000001", "virtual1", "whatsapp", 0.30m, "FINISHED", "ru", T0, null, [new Sms(T0.AddSeconds(30), "111", "111", "WA")]);
        var telegram = new Order(1, "44000000001", "orange", "telegram", 0.05m, "RECEIVED", "gb", T0.AddDays(1), null, [new Sms(T0.AddDays(1), "0222", "0222", "TG")]);

        Assert.Equal(1, await store.UpsertOrdersAsync(first, [whatsapp], CancellationToken.None));
        Assert.Equal(1, await store.UpsertOrdersAsync(second, [telegram], CancellationToken.None));
        Assert.Equal(0, await store.UpsertOrdersAsync(first, [whatsapp], CancellationToken.None));
        await store.UpsertPaymentsAsync(first, [new Payment(1, "charge", "admin", -0.30m, 99.70m, T0)], CancellationToken.None);
        await store.UpsertPaymentsAsync(second, [new Payment(1, "charge", "admin", -0.05m, 99.95m, T0.AddDays(1))], CancellationToken.None);

        await using var connection = await services.OpenAsync();
        Assert.Equal([(first.Id, "whatsapp", "FINISHED", "111"), (second.Id, "telegram", "RECEIVED", "0222")],
            await connection.QueryAsync<(long, string, string, string)>("""
                SELECT o.account_id, o.product, o.status, s.code FROM orders o JOIN order_sms s ON s.account_id = o.account_id AND s.order_id = o.id
                ORDER BY o.account_id
                """));
        Assert.Equal([(first.Id, -3000L), (second.Id, -500L)], await connection.QueryAsync<(long, long)>("SELECT account_id, amount FROM payments ORDER BY account_id"));
        Assert.Empty(await connection.QueryAsync<long>("SELECT order_id FROM order_conflict"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task UpsertOrdersAsync_IdReusedUnderTheSameAccount_StoredOrderKeptConflictRecordedOnceWithAWarning(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var store = services.Get<AccountStore>();
        var account = await services.AccountAsync();
        var stored = new Order(5, "79000000005", "virtual1", "whatsapp", 0.30m, "PENDING", "ru", T0, null, []);
        var other = new Order(5, "44000000005", "orange", "telegram", 0.05m, "RECEIVED", "gb", T0.AddHours(3), null, [new Sms(T0.AddHours(3), "999", "999", "TG")]);
        await store.UpsertOrdersAsync(account, [stored], CancellationToken.None);

        var counts = new[]
        {
            await store.UpsertOrdersAsync(account, [other], CancellationToken.None),
            await store.UpsertOrdersAsync(account, [other], CancellationToken.None),
            // A later sight of the stored order itself still moves it on (status, SMS), as ever.
            await store.UpsertOrdersAsync(account, [stored with { Status = "RECEIVED", Sms = [new Sms(T0.AddMinutes(1), "555", "555", "WA")] }], CancellationToken.None),
        };

        Assert.Equal([0, 0, 1], counts);
        await using var connection = await services.OpenAsync();
        Assert.Equal(("whatsapp", "RECEIVED", "79000000005"), await connection.QuerySingleAsync<(string, string, string)>(
            "SELECT product, status, phone FROM orders WHERE id = 5"));
        Assert.Equal(["555"], await connection.QueryAsync<string>("SELECT code FROM order_sms WHERE order_id = 5"));
        Assert.Equal([("telegram", "gb", UnixMs.From(T0.AddHours(3)), account.Id)], await connection.QueryAsync<(string, string, long, long)>(
            "SELECT product, country, created_at, account_id FROM order_conflict WHERE order_id = 5"));
        var warning = Assert.Single(services.Logs.GetSnapshot(), l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("Order 5 of account 42", warning.Message, StringComparison.Ordinal);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task LearnAsync_KeyNowAnswersAnotherAccount_ThatOneUsedFromThenOnWithOneWarning(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var identities = services.Get<Identities>();

        var first = await services.AccountAsync(7);
        var again = await services.AccountAsync(7);
        var moved = await services.AccountAsync(8);
        var stays = await services.AccountAsync(8);

        Assert.Equal(first, again);
        Assert.Equal((moved, moved), (stays, identities.Account));
        Assert.NotEqual(first.Id, moved.Id);
        Assert.Equal(first.Provider, moved.Provider);
        var warning = Assert.Single(services.Logs.GetSnapshot(), l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.StartsWith("The API key now belongs to account 8 (was 7) at smsbuyz", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderKey_SpellingsOfOneBaseUrl_OneKey_AnotherHostOrPort_AnotherKey()
    {
        Assert.Equal("https://smsbuyz.com/v1", ProviderKey.Of("https://SMSBuyz.com:443/v1/"));
        Assert.Equal("https://smsbuyz.com/v1", ProviderKey.Of(new Uri("https://smsbuyz.com/v1?x=1")));
        Assert.Equal("http://127.0.0.1:5080/v1", ProviderKey.Of("http://127.0.0.1:5080/v1/"));
        Assert.NotEqual(ProviderKey.Of("http://127.0.0.1:5080/v1"), ProviderKey.Of("http://127.0.0.1:5081/v1"));
        Assert.NotEqual(ProviderKey.Of("https://smsbuyz.com/v1"), ProviderKey.Of("https://5sim.net/v1"));
    }
}
