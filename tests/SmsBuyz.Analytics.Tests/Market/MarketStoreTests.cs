using Dapper;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market;

[StartEarly(35)]
public sealed class MarketStoreTests
{
    private static readonly MarketScope RuAny = new(new HashSet<string> { "ru" }, "any", null);
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static MarketPoint Point(string product, decimal price, long qty, string op = "any", string country = "ru") =>
        new(country, op, product, price, qty);

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_SamePointsTwice_SecondWriteAddsNoRows(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        MarketPoint[] points = [Point("telegram", 0.4118m, 100), Point("google", 1.25m, 7)];

        var first = await store.WriteAsync(api, 1, T0, RuAny, points, CancellationToken.None);
        var second = await store.WriteAsync(api, 2, T0.AddMinutes(5), RuAny, points, CancellationToken.None);

        Assert.Equal((2, 2), (first.Points, first.Changes));
        Assert.Equal((2, 0), (second.Points, second.Changes));
        Assert.Equal(2, await Count(services, "price_change"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_PriceOrStockMoves_WritesOneChangeAndUpdatesLatest(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        await store.WriteAsync(api, 1, T0, RuAny, [Point("telegram", 0.4118m, 100), Point("google", 1.25m, 7)], CancellationToken.None);

        var result = await store.WriteAsync(api, 2, T0.AddMinutes(5), RuAny,
            [Point("telegram", 0.3999m, 100), Point("google", 1.25m, 6)], CancellationToken.None);

        Assert.Equal(2, result.Changes);
        await using var connection = await services.OpenAsync();
        var latest = (await connection.QueryAsync<(string Product, long Price, long Qty, long ChangedAt)>("""
            SELECT p.name, l.price, l.qty, l.changed_at FROM price_latest l
            JOIN series s ON s.id = l.series_id JOIN product p ON p.id = s.product_id ORDER BY p.name
            """)).ToList();
        Assert.Equal([("google", 12500L, 6L, UnixMs.From(T0.AddMinutes(5))), ("telegram", 3999L, 100L, UnixMs.From(T0.AddMinutes(5)))], latest);
        Assert.Equal(4, await Count(services, "price_change"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_SeriesMissingFromFetch_RecordedOutOfStockWithPriceKept(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        await store.WriteAsync(api, 1, T0, RuAny, [Point("telegram", 0.4118m, 100), Point("google", 1.25m, 7)], CancellationToken.None);

        var result = await store.WriteAsync(api, 2, T0.AddMinutes(5), RuAny, [Point("telegram", 0.4118m, 100)], CancellationToken.None);

        Assert.Equal(1, result.Changes);
        await using var connection = await services.OpenAsync();
        var google = await connection.QuerySingleAsync<(long Price, long Qty)>("""
            SELECT l.price, l.qty FROM price_latest l JOIN series s ON s.id = l.series_id
            JOIN product p ON p.id = s.product_id WHERE p.name = 'google'
            """);
        Assert.Equal((12500L, 0L), google);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_SeriesOutsideScope_AreNotTouched(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        var pricesScope = new MarketScope(new HashSet<string> { "ru" }, null, new HashSet<string> { "telegram" });
        await store.WriteAsync(api, 1, T0, RuAny, [Point("telegram", 0.40m, 10)], CancellationToken.None);
        await store.WriteAsync(api, 2, T0, pricesScope, [Point("telegram", 0.41m, 5, op: "mts")], CancellationToken.None);

        // A prices answer for telegram lists no operators: the per-operator series empties,
        // but the "any" aggregate (from the products endpoint) and other products are left alone.
        var result = await store.WriteAsync(api, 3, T0.AddMinutes(1), pricesScope, [], CancellationToken.None);

        Assert.Equal(1, result.Changes);
        await using var connection = await services.OpenAsync();
        var qtys = (await connection.QueryAsync<(string Op, long Qty)>("""
            SELECT o.name, l.qty FROM price_latest l JOIN series s ON s.id = l.series_id
            JOIN operator o ON o.id = s.operator_id ORDER BY o.name
            """)).ToList();
        Assert.Equal([("any", 10L), ("mts", 0L)], qtys);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_ProductsAndPricesSpellTheOfferDifferently_OneSeriesShownAsThePricesAnswerSpellsIt(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        var products = new MarketScope(["russia"], "virtual1", null);
        var prices = new MarketScope(["ru"], null, ["telegram"]);

        await store.WriteAsync(api, 1, T0, products, [Point("telegram", 0.40m, 10, op: "virtual1", country: "russia")], CancellationToken.None);
        await store.WriteAsync(api, 2, T0.AddMinutes(1), prices, [Point("Telegram", 0.40m, 10, op: "Virtual1", country: "RU")], CancellationToken.None);
        await store.WriteAsync(api, 3, T0.AddMinutes(2), products, [Point("telegram", 0.40m, 10, op: "virtual1", country: "russia")], CancellationToken.None);

        await using var connection = await services.OpenAsync();
        var rows = (await connection.QueryAsync<(string Country, string Op, string Product, long Qty)>("""
            SELECT c.code, o.name, p.name, l.qty FROM price_latest l JOIN series s ON s.id = l.series_id
            JOIN country c ON c.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id
            """)).ToList();
        Assert.Equal([("ru", "Virtual1", "telegram", 10L)], rows); // the products answer spells the product; prices the operator
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM price_change"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_PricesAnswerOmitsASeriesOnlyTheProductsEndpointListed_ItKeepsItsStock(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        var prices = new MarketScope(["ru"], null, ["telegram"]);
        await store.WriteAsync(api, 1, T0, new MarketScope(["ru"], "beeline", null), [Point("telegram", 0.40m, 10, op: "beeline")], CancellationToken.None);
        await store.WriteAsync(api, 2, T0, prices, [Point("telegram", 0.50m, 5, op: "mts")], CancellationToken.None);

        // Neither operator in this prices answer: mts (which prices answers listed) is gone; beeline is not theirs to judge.
        await store.WriteAsync(api, 3, T0.AddMinutes(1), prices, [], CancellationToken.None);

        await using var connection = await services.OpenAsync();
        var qtys = (await connection.QueryAsync<(string Op, long Qty)>("""
            SELECT o.name, l.qty FROM price_latest l JOIN series s ON s.id = l.series_id JOIN operator o ON o.id = s.operator_id ORDER BY o.name
            """)).ToList();
        Assert.Equal([("beeline", 10L), ("mts", 0L)], qtys);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_PriceWithFiveDecimals_ReportedAndNotStored(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();

        var result = await services.Get<MarketStore>().WriteAsync(api, 1, T0, RuAny,
            [Point("telegram", 0.41185m, 100), Point("google", 1.25m, 7)], CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Contains("0.41185", problem, StringComparison.Ordinal);
        Assert.Equal(1, await Count(services, "price_change"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_AnotherProcessWroteMeanwhile_DiffsAgainstTheDatabaseNotAStaleCache(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var factory = services.Get<Database>();
        var retention = services.Get<IOptions<RetentionOptions>>();
        using var ours = new MarketStore(factory, retention);
        using var theirs = new MarketStore(factory, retention);
        await ours.WriteAsync(api, 1, T0, RuAny, [Point("telegram", 0.40m, 10)], CancellationToken.None);
        await theirs.WriteAsync(api, 2, T0.AddMinutes(1), RuAny, [Point("telegram", 0.50m, 10)], CancellationToken.None);

        // Back to 0.40: our cache still says 0.40, the database says 0.50, so this is a change.
        var result = await ours.WriteAsync(api, 3, T0.AddMinutes(2), RuAny, [Point("telegram", 0.40m, 10)], CancellationToken.None);

        Assert.Equal(1, result.Changes);
        Assert.Equal(3, await Count(services, "price_change"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_TwoAnswersInOneMillisecond_TheLaterReplacesTheChangePoint(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        await store.WriteAsync(api, 1, T0, RuAny, [Point("telegram", 0.40m, 10)], CancellationToken.None);

        var result = await store.WriteAsync(api, 2, T0, RuAny, [Point("telegram", 0.50m, 10)], CancellationToken.None);

        Assert.Equal(1, result.Changes);
        Assert.Equal([(UnixMs.From(T0), 5000L, 2L)], await ChangesAsync(services));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_ClockSteppedBackThenAnotherProcessWritesAtAStoredTime_ReplacesThatChangePoint(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var db = services.Get<Database>();
        var retention = services.Get<IOptions<RetentionOptions>>();
        using var ours = new MarketStore(db, retention);
        await ours.WriteAsync(api, 1, T0.AddMinutes(1), RuAny, [Point("telegram", 0.40m, 10)], CancellationToken.None);
        await ours.WriteAsync(api, 2, T0, RuAny, [Point("telegram", 0.50m, 10)], CancellationToken.None);
        using var theirs = new MarketStore(db, retention); // knows only the latest row, changed at T0

        // On PostgreSQL its COPY meets the row at T0 + 1 min, and the whole group is written again by key.
        var result = await theirs.WriteAsync(api, 3, T0.AddMinutes(1), RuAny, [Point("telegram", 0.60m, 10)], CancellationToken.None);

        Assert.Equal(1, result.Changes);
        Assert.Equal([(UnixMs.From(T0), 5000L, 2L), (UnixMs.From(T0.AddMinutes(1)), 6000L, 3L)], await ChangesAsync(services));
        Assert.Equal(6000, await LatestAsync(services, "price"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_TwoWritersAtOnce_TakeTurnsAndNeitherLosesTheOthersSeries(StorageProvider provider)
    {
        // Two workers' stores on one database: each new series takes the next id after the largest, which is only safe
        // while one writer at a time holds the market lock and reloads what the other wrote.
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var db = services.Get<Database>();
        var retention = services.Get<IOptions<RetentionOptions>>();
        using var first = new MarketStore(db, retention);
        using var second = new MarketStore(db, retention);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).WriteAsync(api, i, T0,
            new MarketScope(["ru"], $"op{i}", null), [Point("telegram", 0.40m, 10, op: $"op{i}"), Point($"p{i}", 0.50m, i, op: $"op{i}")],
            CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(2, r.Changes));
        Assert.Equal(80, await Count(services, "series"));
        Assert.Equal(80, await Count(services, "price_latest"));
        Assert.Equal(80, await Count(services, "price_change"));
        Assert.Equal(41, await Count(services, "product"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_StockMovesWithinDeadband_LatestExactButNoHistoryRowUntilTheDriftPassesIt(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync(); // default deadband: 10 %
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        await store.WriteAsync(api, 1, T0, RuAny, [Point("telegram", 0.40m, 100)], CancellationToken.None);

        var small = await store.WriteAsync(api, 2, T0.AddMinutes(5), RuAny, [Point("telegram", 0.40m, 95)], CancellationToken.None);
        var latestAfterSmall = await LatestQty(services);
        var drifted = await store.WriteAsync(api, 3, T0.AddMinutes(10), RuAny, [Point("telegram", 0.40m, 90)], CancellationToken.None);

        Assert.Equal(0, small.Changes);
        Assert.Equal(95, latestAfterSmall);
        Assert.Equal(1, drifted.Changes); // 10 % below the recorded 100, though only 5 % below the latest 95
        Assert.Equal(90, await LatestQty(services));
        Assert.Equal(2, await Count(services, "price_change"));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, 0.41, 99, 1)]  // a price move is always recorded, with the exact stock
    [InlineData(StorageProvider.Sqlite, 0.40, 0, 1)]   // reaching zero is always recorded
    [InlineData(StorageProvider.Sqlite, 0.40, 91, 0)]  // 9 % is inside the deadband
    [InlineData(StorageProvider.Sqlite, 0.40, 110, 1)] // 10 % up passes it
    [PostgresData(StorageProvider.PostgreSql, 0.41, 99, 1)]
    [PostgresData(StorageProvider.PostgreSql, 0.40, 0, 1)]
    [PostgresData(StorageProvider.PostgreSql, 0.40, 91, 0)]
    [PostgresData(StorageProvider.PostgreSql, 0.40, 110, 1)]
    public async Task WriteAsync_DeadbandRules(StorageProvider provider, double price, long qty, int expectedChanges)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        await store.WriteAsync(api, 1, T0, RuAny, [Point("telegram", 0.40m, 100)], CancellationToken.None);

        var result = await store.WriteAsync(api, 2, T0.AddMinutes(5), RuAny, [Point("telegram", (decimal)price, qty)], CancellationToken.None);

        Assert.Equal(expectedChanges, result.Changes);
        Assert.Equal(qty, await LatestQty(services));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_ZeroDeadband_RecordsEveryStockMove(StorageProvider provider)
    {
        await using var services = await new TestServices(provider, new Dictionary<string, string?> { ["Retention:StockDeadbandPercent"] = "0" }).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        await store.WriteAsync(api, 1, T0, RuAny, [Point("telegram", 0.40m, 100)], CancellationToken.None);

        var result = await store.WriteAsync(api, 2, T0.AddMinutes(5), RuAny, [Point("telegram", 0.40m, 99)], CancellationToken.None);

        Assert.Equal(1, result.Changes);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_StocksBeyondAnInt_ComparedAndStoredExactlyAlsoByAStoreThatLoadsThem(StorageProvider provider)
    {
        // The cache keeps a stock in an int and one beyond it beside the rows; no server is known to send one, but a
        // stock is whatever the answer says.
        await using var services = await new TestServices(provider).MigrateAsync(); // default deadband: 10 %
        var api = await services.ProviderAsync();
        var db = services.Get<Database>();
        var retention = services.Get<IOptions<RetentionOptions>>();
        using var ours = new MarketStore(db, retention);
        await ours.WriteAsync(api, 1, T0, RuAny, [Point("telegram", 0.40m, 5_000_000_000)], CancellationToken.None);

        var same = await ours.WriteAsync(api, 2, T0.AddMinutes(1), RuAny, [Point("telegram", 0.40m, 5_000_000_000)], CancellationToken.None);
        var withinDeadband = await ours.WriteAsync(api, 3, T0.AddMinutes(2), RuAny, [Point("telegram", 0.40m, 5_400_000_000)], CancellationToken.None);
        var latestWithin = await LatestQty(services);
        using var theirs = new MarketStore(db, retention); // loads the stocks from the database
        var pastIt = await theirs.WriteAsync(api, 4, T0.AddMinutes(3), RuAny, [Point("telegram", 0.40m, 5_500_000_000)], CancellationToken.None);
        var backIntoAnInt = await theirs.WriteAsync(api, 5, T0.AddMinutes(4), RuAny, [Point("telegram", 0.40m, 7)], CancellationToken.None);
        var gone = await theirs.WriteAsync(api, 6, T0.AddMinutes(5), RuAny, [], CancellationToken.None);

        Assert.Equal((0, 0, 5_400_000_000L), (same.Changes, withinDeadband.Changes, latestWithin));
        Assert.Equal((1, 1, 1), (pastIt.Changes, backIntoAnInt.Changes, gone.Changes));
        await using var connection = await services.OpenAsync();
        Assert.Equal([5_000_000_000L, 5_500_000_000L, 7L, 0L],
            await connection.QueryAsync<long>("SELECT qty FROM price_change ORDER BY observed_at"));
    }

    private static Task<long> LatestQty(TestServices services) => LatestAsync(services, "qty");

    private static async Task<long> LatestAsync(TestServices services, string column)
    {
        await using var connection = await services.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT {column} FROM price_latest");
    }

    private static async Task<List<(long At, long Price, long SweepId)>> ChangesAsync(TestServices services)
    {
        await using var connection = await services.OpenAsync();
        return [.. await connection.QueryAsync<(long, long, long)>("SELECT observed_at, price, sweep_id FROM price_change ORDER BY observed_at")];
    }

    private static async Task<long> Count(TestServices services, string table)
    {
        await using var connection = await services.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }
}
