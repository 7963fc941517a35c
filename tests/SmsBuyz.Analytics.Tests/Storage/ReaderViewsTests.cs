using System.Globalization;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Tests.Market.Retention;

namespace SmsBuyz.Analytics.Tests.Storage;

/// <summary>
/// The views for direct readers (migration 8): currency units, readable UTC times, offers by name, on both providers; and
/// the same rows as the market's read model, which the app reads instead (exact units, and each tier where it holds).
/// </summary>
public sealed class ReaderViewsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Views_ShowMoneyInCurrencyUnitsTimesInUtcAndOffersByName(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var scope = new MarketScope(new HashSet<string> { "ru" }, "any", null);
        await services.Get<MarketStore>().WriteAsync(api, 1, T0, scope, [new MarketPoint("ru", "any", "telegram", 0.4118m, 100)], CancellationToken.None);
        await services.Get<MarketStore>().WriteAsync(api, 2, T0.AddMinutes(5), scope, [new MarketPoint("ru", "any", "telegram", 0.0005m, 99)], CancellationToken.None);
        var account = await services.AccountAsync(42);
        await using var connection = await services.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO orders (id, country, operator, product, price, status, created_at, first_seen_at, updated_at, account_id)
            VALUES (7, 'ru', 'Virtual1', 'telegram', 1073, 'FINISHED', @at, 0, 0, @account)
            """, new { at = UnixMs.From(T0.AddMinutes(1)), account = account.Id });
        foreach (var table in new[] { "price_hourly", "price_daily" })
        {
            await connection.ExecuteAsync($"""
                INSERT INTO {table} (series_id, bucket_start, price_min, price_max, price_avg, price_last, qty_min, qty_max, qty_avg, qty_last, changes)
                SELECT series_id, @at, 5, 4118, 2000, 5, 99, 100, 100, 99, 2 FROM price_latest
                """, new { at = UnixMs.From(T0) });
        }

        var changes = (await connection.QueryAsync<(object At, string Country, string Operator, string Product, object Price, long Qty)>(
            "SELECT observed_at, country, operator, product, price, qty FROM v_price_change ORDER BY observed_at")).ToList();
        var latest = await connection.QuerySingleAsync<(object At, string Country, string Operator, string Product, object Price, long Qty)>(
            "SELECT changed_at, country, operator, product, price, qty FROM v_price_latest");
        var order = await connection.QuerySingleAsync<(long Id, object At, string Operator, object Price, string Status)>(
            "SELECT id, created_at, operator, price, status FROM v_orders");
        var owners = await connection.QueryAsync<string>("""
            SELECT (SELECT DISTINCT provider FROM v_price_change) || ' ' || (SELECT provider FROM v_price_latest) || ' '
                || (SELECT DISTINCT provider FROM v_price_rollup) || ' ' || provider || ' ' || account FROM v_orders
            """);

        Assert.Equal(["2026-01-15T12:00:00.000Z 0.4118 100", "2026-01-15T12:05:00.000Z 0.0005 99"],
            changes.Select(c => $"{Time(c.At)} {Amount(c.Price)} {c.Qty}"));
        Assert.All(changes, c => Assert.Equal(("ru", "any", "telegram"), (c.Country, c.Operator, c.Product)));
        Assert.Equal("2026-01-15T12:05:00.000Z 0.0005 99", $"{Time(latest.At)} {Amount(latest.Price)} {latest.Qty}");
        var rollups = await connection.QueryAsync<(string Tier, object At, string Product, object Min, object Max, object Avg, long QtyLast)>(
            "SELECT tier, bucket_start, product, price_min, price_max, price_avg, qty_last FROM v_price_rollup ORDER BY tier");
        Assert.Equal(["daily 2026-01-15T12:00:00.000Z telegram 0.0005-0.4118 avg 0.2 99", "hourly 2026-01-15T12:00:00.000Z telegram 0.0005-0.4118 avg 0.2 99"],
            rollups.Select(r => $"{r.Tier} {Time(r.At)} {r.Product} {Amount(r.Min)}-{Amount(r.Max)} avg {Amount(r.Avg)} {r.QtyLast}"));
        Assert.Equal("7 2026-01-15T12:01:00.000Z Virtual1 0.1073 FINISHED", $"{order.Id} {Time(order.At)} {order.Operator} {Amount(order.Price)} {order.Status}");
        Assert.Equal(["smsbuyz smsbuyz smsbuyz smsbuyz 42"], owners); // whose each row is: the provider's name, the account's id there
        // SQLite shows ISO-8601 text and REAL; PostgreSQL timestamptz and numeric, which tools read as time and decimal.
        Assert.IsType(provider == StorageProvider.Sqlite ? typeof(string) : typeof(DateTime), latest.At);
        Assert.IsType(provider == StorageProvider.Sqlite ? typeof(double) : typeof(decimal), latest.Price);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Views_OfAHistoryInThreeTiers_ShowWhatTheMarketReadModelReads(StorageProvider provider)
    {
        await using var services = await new TestServices(provider, new Dictionary<string, string?>
        {
            ["Retention:RawDays"] = "3",
            ["Retention:HourlyDays"] = "10",
        }, new FakeTimeProvider(RollupTests.Now)).MigrateAsync();
        var now = UnixMs.From(RollupTests.Now);
        await HistoryData.WriteAsync(services, 6, now - (30 * HistoryData.Day), now);
        await services.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);
        var (market, ct) = (services.Get<MarketReadModel>(), CancellationToken.None);
        await using var connection = await services.OpenAsync();
        var bounds = await TierBounds.ReadAsync(connection, null, ct);
        Assert.True(bounds.HourlyFrom > long.MinValue && bounds.RawFrom > bounds.HourlyFrom, "maintenance left three tiers");

        var latest = await market.LatestAsync(MarketFilter.All, ct);
        var changes = new List<SeriesChange>();
        await foreach (var change in market.ChangePointsAsync(MarketFilter.All, null, null, ct))
            changes.Add(change);
        var history = new List<string>();
        foreach (var series in latest)
        {
            var points = await market.HistoryAsync(series.ProviderId, OfferKey.Of(series.Country, series.Operator, series.Product), DateTimeOffset.UnixEpoch,
                RollupTests.Now, ct);
            history.AddRange(points.Where(p => p.Tier != HistoryTier.Raw && p.Changes > 0).Select(p =>
                Line(p.Tier == HistoryTier.Daily ? "daily" : "hourly", Time(p.At), series.Product, Amount(p.PriceMin), Amount(p.PriceMax), Amount(p.PriceAvg),
                    Amount(p.PriceLast), p.QtyLast, p.Changes)));
        }

        var viewLatest = await connection.QueryAsync<(object At, string Country, string Operator, string Product, object Price, long Qty)>(
            "SELECT changed_at, country, operator, product, price, qty FROM v_price_latest");
        Assert.Equal(Sorted(latest.Select(l => Line(Time(UnixMs.To(l.ChangedAt)), l.Country, l.Operator, l.Product, Amount(Money.FromUnits(l.Price)), l.Qty))),
            Sorted(viewLatest.Select(v => Line(Time(v.At), v.Country, v.Operator, v.Product, Amount(v.Price), v.Qty))));
        var viewChanges = await connection.QueryAsync<(object At, string Country, string Operator, string Product, object Price, long Qty)>(
            "SELECT observed_at, country, operator, product, price, qty FROM v_price_change");
        Assert.Equal(Sorted(changes.Select(c => Line(Time(UnixMs.To(c.At)), c.Country, c.Operator, c.Product, Amount(Money.FromUnits(c.Price)), c.Qty))),
            Sorted(viewChanges.Select(v => Line(Time(v.At), v.Country, v.Operator, v.Product, Amount(v.Price), v.Qty))));
        // The rollup view shows every stored row; the read model reads daily before HourlyFrom and hourly up to RawFrom.
        var viewRollups = (await connection.QueryAsync<(string Tier, object At, string Product, object Min, object Max, object Avg, object Last, long QtyLast, long Changes)>(
            "SELECT tier, bucket_start, product, price_min, price_max, price_avg, price_last, qty_last, changes FROM v_price_rollup")).ToList();
        Assert.Equal(Sorted(history), Sorted(viewRollups.Where(v => Within(v.Tier, v.At, bounds)).Select(v =>
            Line(v.Tier, Time(v.At), v.Product, Amount(v.Min), Amount(v.Max), Amount(v.Avg), Amount(v.Last), v.QtyLast, v.Changes))));
        Assert.True(history.Count > 100 && changes.Count > 100, $"{history.Count} rollup rows and {changes.Count} change points: too thin to compare");
    }

    private static bool Within(string tier, object at, TierBounds bounds)
    {
        var ms = UnixMs.From(DateTimeOffset.Parse(Time(at), CultureInfo.InvariantCulture));
        return tier == "daily" ? ms < bounds.HourlyFrom : ms >= bounds.HourlyFrom && ms < bounds.RawFrom;
    }

    private static string Line(params object[] fields) => string.Join(" ", fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture)));

    private static List<string> Sorted(IEnumerable<string> lines) => [.. lines.Order(StringComparer.Ordinal)];

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Time(object at) => at as string
        ?? ((DateTime)at).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Amount(object price) => Convert.ToDecimal(price, CultureInfo.InvariantCulture).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Amount(decimal price) => price.ToString("0.####", CultureInfo.InvariantCulture);
}
