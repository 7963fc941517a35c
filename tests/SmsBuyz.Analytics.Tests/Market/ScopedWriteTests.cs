using Dapper;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market;

/// <summary>
/// One answer written under two scopes at once (<see cref="ScopedPoints"/>): a full price list that gives the prices of
/// the configured products and stands in for per-operator rows.
/// </summary>
public sealed class ScopedWriteTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly MarketScope Prices = new(["ru"], null, ["telegram"]);
    private static readonly MarketScope MtsRows = MarketScope.OperatorRows(["ru"], ["mts"]);

    private static MarketPoint Point(string product, decimal price, long qty, string op) => new("ru", op, product, price, qty);

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_AnswerUnderTwoScopes_EachSeriesWrittenOnceWithTheSourcesOfTheScopesHoldingIt(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();

        var result = await services.Get<MarketStore>().WriteAsync(api, 1, T0, FirstAnswer(), CancellationToken.None);

        Assert.Equal((3, 3), (result.Points, result.Changes));
        Assert.Equal([("beeline", "telegram", (long)SeriesSources.Prices, 8L), ("mts", "google", (long)SeriesSources.Products, 3L),
            ("mts", "telegram", (long)(SeriesSources.Products | SeriesSources.Prices), 5L)], await SeriesAsync(services));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_NextAnswerUnderTwoScopesOmitsSeries_EachScopeEmptiesWhatItHolds(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        await store.WriteAsync(api, 1, T0, FirstAnswer(), CancellationToken.None);

        var next = new ScopedPoints([Prices, MtsRows]);
        next.Add(Point("telegram", 0.40m, 5, "mts"), 0b11);
        var result = await store.WriteAsync(api, 2, T0.AddMinutes(1), next, CancellationToken.None);

        // google at mts is the rows scope's, telegram at beeline the prices scope's: each proves its own gone.
        Assert.Equal((1, 2), (result.Points, result.Changes));
        Assert.Equal([("beeline", "telegram", 0L), ("mts", "google", 0L), ("mts", "telegram", 5L)],
            (await SeriesAsync(services)).Select(s => (s.Operator, s.Product, s.Qty)));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_AnswerWithProblemsCoveringNothing_NoSeriesEmptied(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        await store.WriteAsync(api, 1, T0, FirstAnswer(), CancellationToken.None);

        var unreadable = new ScopedPoints([Prices, MtsRows]).CoveringNothing();
        var result = await store.WriteAsync(api, 2, T0.AddMinutes(1), unreadable, CancellationToken.None);

        Assert.Equal(0, result.Changes);
        Assert.Equal([3L, 5L, 8L], (await SeriesAsync(services)).Select(s => s.Qty).Order());
    }

    /// <summary>Telegram at mts in both scopes, google at mts in the rows scope only, telegram at beeline in the prices scope only.</summary>
    private static ScopedPoints FirstAnswer()
    {
        var answer = new ScopedPoints([Prices, MtsRows]);
        answer.Add(Point("telegram", 0.40m, 5, "mts"), 0b11);
        answer.Add(Point("google", 1.00m, 3, "mts"), 0b10);
        answer.Add(Point("telegram", 0.45m, 8, "beeline"), 0b01);
        return answer;
    }

    private static async Task<List<(string Operator, string Product, long Sources, long Qty)>> SeriesAsync(TestServices services)
    {
        await using var connection = await services.OpenAsync();
        return [.. await connection.QueryAsync<(string, string, long, long)>("""
            SELECT o.name, p.name, s.sources, l.qty FROM series s JOIN price_latest l ON l.series_id = s.id
            JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id ORDER BY o.name, p.name
            """)];
    }
}
