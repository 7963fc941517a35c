using Dapper;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
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
        var pending = new Order(123, "79001234567", "Virtual1", "Telegram", 0.4118m, "PENDING", "RU", T0, null, []);
        var received = pending with { Status = "RECEIVED", Expires = T0.AddMinutes(20), Sms = [new Sms(T0.AddSeconds(90), "012345", "code 012345", "Telegram")] };

        var counts = new[]
        {
            await store.UpsertOrdersAsync([pending], CancellationToken.None),
            await store.UpsertOrdersAsync([pending], CancellationToken.None),
            await store.UpsertOrdersAsync([received], CancellationToken.None),
            await store.UpsertOrdersAsync([received with { Expires = null }], CancellationToken.None),
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
        var payment = new Payment(7, "charge", "admin", -0.4118m, 10.0882m, T0);

        var added = await store.UpsertPaymentsAsync([payment, payment with { Id = 8, Balance = null }], CancellationToken.None);
        var again = await store.UpsertPaymentsAsync([payment], CancellationToken.None);

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

        await store.AddProfileAsync(1, new Profile(42, "u@example.com", 10.50m, 4.5m, "any"), CancellationToken.None);
        await store.AddProfileAsync(2, new Profile(42, "u@example.com", 9.75m, 4.5m, null), CancellationToken.None);

        await using var connection = await services.OpenAsync();
        Assert.Equal([(105000L, "4.5", (long?)1L), (97500L, "4.5", 2L)], await connection.QueryAsync<(long, string, long?)>(
            "SELECT balance, rating, sweep_id FROM profile_history ORDER BY id"));
    }
}
