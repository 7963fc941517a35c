using Dapper;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.AutoBuy.Rules;

public sealed class DeliveryReaderTests
{
    [Fact]
    public async Task ForRulesAsync_ProviderClockHoursAhead_OrdersStillCountByWhenWeFirstSawThem()
    {
        await using var services = await new TestServices().MigrateAsync();
        var now = services.Time.GetUtcNow().ToUnixTimeMilliseconds();
        const long hour = 3_600_000;
        var account = (await services.AccountAsync()).Id;
        await using (var connection = await services.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO orders (id, country, operator, product, price, status, created_at, first_seen_at, updated_at, account_id) VALUES
                    (1, 'ru', 'Virtual1', 'telegram', 100, 'FINISHED', @ahead, @now, @now, @account),
                    (2, 'ru', 'virtual1', 'Telegram', 100, 'TIMEOUT', @ahead + 1000, @now, @now, @account),
                    (3, 'ru', 'virtual1', 'telegram', 100, 'PENDING', @ahead + 2000, @now, @now, @account),
                    (4, 'ru', 'virtual1', 'telegram', 100, 'FINISHED', @old, @old, @old, @account);
                INSERT INTO order_sms (order_id, seq, created_at, code, account_id) VALUES
                    (1, 0, @ahead + 40000, '0042', @account), (4, 0, @old + 1000, '1', @account);
                """, new { now, ahead = now + (10 * hour), old = now - (91 * 24 * hour), account });

        var records = await services.Get<DeliveryReader>().ForRulesAsync(await services.ProviderAsync(), CancellationToken.None);

        // 10 hours "in the future" by the provider's clock (its times carry no zone), yet bought: counted. 91 days ago: not.
        var record = Assert.Single(records).Value;
        Assert.Equal(OfferKey.Of("ru", "VIRTUAL1", "telegram"), record.Key);
        Assert.Equal((3L, 2L, 1L, TimeSpan.FromSeconds(40)), (record.Orders, record.Decided, record.WithCode, record.MedianToCode));
    }
}
