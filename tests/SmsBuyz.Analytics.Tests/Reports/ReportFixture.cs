using Dapper;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>
/// A small fixed history, the clock at 2026-01-15 12:00 UTC (= the report's end). telegram/ru/beeline: 1.00 (qty 10) from
/// day -10, 0.50 (out of stock) from day -5, 0.80 (qty 5) from day -2; telegram/us/tmobile: 0.60 (qty 3) from day -1;
/// telegram/ru/any: 0.90 (qty 7) from day -1. Orders: two on Jan 13 (us: TIMEOUT, FINISHED with a code), three on Jan 14
/// (ru: FINISHED with a code, CANCELED; whatsapp ru: FINISHED with a code); the codes came 30 s, 45 s and 90.5 s after the buy.
/// </summary>
public static class ReportFixture
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private const long Day = 86_400_000;

    /// <summary>The app on a fresh database of <paramref name="provider"/>, the history written with portable SQL.</summary>
    public static async Task<TestServices> CreateAsync(string reportsFolder, bool withHistory = true,
        StorageProvider provider = StorageProvider.Sqlite)
    {
        var services = await new TestServices(provider, new Dictionary<string, string?>
        {
            ["Reports:OutputDirectory"] = reportsFolder,
            ["Rules:0:Name"] = "cheap-telegram",
            ["Rules:0:Product"] = "telegram",
            ["Rules:0:Countries:0"] = "*",
            ["Rules:0:MaxPrice"] = "0.55",
        }).MigrateAsync();
        if (withHistory)
            await FillAsync(services);
        return services;
    }

    private static async Task FillAsync(TestServices services)
    {
        var now = Now.ToUnixTimeMilliseconds();
        var (api, account) = (await services.ProviderAsync(), (await services.AccountAsync()).Id);
        await using var connection = await services.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO product VALUES (1, 'telegram', 'telegram'), (2, 'whatsapp', 'whatsapp');
            INSERT INTO country VALUES (1, 'ru'), (2, 'us');
            INSERT INTO operator VALUES (1, 'beeline', 'beeline'), (2, 'tmobile', 'tmobile'), (3, 'any', 'any');
            INSERT INTO series (id, product_id, country_id, operator_id, provider_id) VALUES (1, 1, 1, 1, @api), (2, 1, 2, 2, @api), (3, 1, 1, 3, @api);
            INSERT INTO price_change VALUES (1, @now - 10 * @day, 10000, 10, 1), (1, @now - 5 * @day, 5000, 0, 2),
                (1, @now - 2 * @day, 8000, 5, 3), (2, @now - @day, 6000, 3, 4), (3, @now - @day, 9000, 7, 4);
            INSERT INTO price_latest VALUES (1, 8000, 5, @now - 2 * @day, 3, 5), (2, 6000, 3, @now - @day, 4, 3), (3, 9000, 7, @now - @day, 4, 7);
            INSERT INTO sweep (id, kind, plan, started_at, provider_id) VALUES (1, 'prices', 'test', @now - 10 * @day, @api);
            INSERT INTO sweep (id, kind, plan, started_at, finished_at, requests, points, changes, errors, provider_id) VALUES
                (2, 'products', 'test', @now - 9 * @day, @now - 9 * @day + 1000, 20, 400, 12, 0, @api),
                (3, 'prices', 'test', @now - 8 * @day, @now - 8 * @day + 1000, 5, 90, 3, 2, @api),
                (4, 'prices', 'test', @now - 7 * @day, @now - 7 * @day + 9000, 5, 40, 1, 1, @api);
            INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES
                (3, @now - 8 * @day, 'guest/prices', 'Network', 'x'), (3, @now - 8 * @day, 'guest/prices', 'Timeout', 'x'),
                (4, @now - 7 * @day + 9000, 'sweep', 'Interrupted', 'closed at the next start');
            INSERT INTO orders (id, country, operator, product, price, status, created_at, first_seen_at, updated_at, account_id) VALUES
                (1, 'us', 'tmobile', 'telegram', 6000, 'TIMEOUT', @jan13, @jan13, @jan13, @account),
                (2, 'us', 'tmobile', 'telegram', 6000, 'FINISHED', @jan13 + 1000, @jan13, @jan13, @account),
                (3, 'ru', 'beeline', 'telegram', 5000, 'FINISHED', @jan14, @jan14, @jan14, @account),
                (4, 'ru', 'beeline', 'telegram', 5000, 'CANCELED', @jan14 + 1000, @jan14, @jan14, @account),
                (5, 'ru', 'beeline', 'whatsapp', 12000, 'FINISHED', @jan14 + 2000, @jan14, @jan14, @account);
            INSERT INTO order_sms (order_id, seq, code, created_at, account_id) VALUES (2, 0, '0123', @jan13 + 31000, @account),
                (3, 0, '4567', @jan14 + 45000, @account), (5, 0, '8901', @jan14 + 2000 + 90500, @account);
            INSERT INTO buy_intent (rule, idem_key, mode, day, country, operator, product, max_price, reserved, state, order_id, created_at, account_id) VALUES
                ('cheap-tg', 'k1', 'Live', '2026-01-14', 'ru', 'beeline', 'telegram', 5000, 5000, 'Bought', 3, @jan14, @account),
                ('cheap-tg', 'k2', 'Live', '2026-01-14', 'ru', 'beeline', 'telegram', 5000, 0, 'Failed', NULL, @jan14 + 5000, @account),
                ('cheap-tg', 'k3', 'Live', '2026-01-13', 'us', 'tmobile', 'telegram', 6000, 6000, 'Bought', 2, @jan13, @account);
            """, new { now, day = Day, jan13 = now - (2 * Day) + 3_600_000, jan14 = now - Day, api, account });
    }

    public static ReportScope Scope(TestServices services, IReadOnlyList<string>? products = null) =>
        services.Get<ReportBuilder>().DefaultScope(null, Now, products ?? [], []);
}
