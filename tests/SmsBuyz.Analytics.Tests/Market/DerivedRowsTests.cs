using Dapper;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market;

/// <summary>A prices answer written as the per-operator products answers it stands in for (<see cref="MarketScope.OperatorRows"/>).</summary>
public sealed class DerivedRowsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static MarketPoint Point(string op, string product, decimal price, long qty) => new("ru", op, product, price, qty);

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_OperatorRows_EmptyWhatThatOperatorsProductsAnswerListedAndNothingElse(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        await store.WriteAsync(api, 1, T0, new MarketScope(["ru"], "mts", null), [Point("mts", "telegram", 0.40m, 10), Point("mts", "google", 0.50m, 5)], CancellationToken.None);
        await store.WriteAsync(api, 1, T0, new MarketScope(["ru"], "beeline", null), [Point("beeline", "google", 0.60m, 3)], CancellationToken.None);
        await store.WriteAsync(api, 1, T0, new MarketScope(["ru"], null, ["amazon"]), [Point("mts", "amazon", 0.70m, 4)], CancellationToken.None);

        // The full list now lists mts telegram only: mts google is gone (the products endpoint listed it), mts amazon is
        // for the prices endpoint to judge, beeline is not among the operators the list stands in for.
        var result = await store.WriteAsync(api, 2, T0.AddMinutes(5), MarketScope.OperatorRows(["ru"], ["MTS"]),
            [Point("mts", "telegram", 0.40m, 10)], CancellationToken.None);

        Assert.Equal(1, result.Changes);
        await using var connection = await services.OpenAsync();
        var stock = (await connection.QueryAsync<(string Op, string Product, long Qty)>("""
            SELECT o.key, p.key, l.qty FROM price_latest l JOIN series s ON s.id = l.series_id
            JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id ORDER BY o.key, p.key
            """)).ToList();
        Assert.Equal([("beeline", "google", 3L), ("mts", "amazon", 4L), ("mts", "google", 0L), ("mts", "telegram", 10L)], stock);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task WriteAsync_ManyAnswersAtOnce_EachStoredExactlyAsAlone(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        var operators = Enumerable.Range(0, 30).Select(i => $"op{i}").ToList();

        // Concurrent writers: the store groups whatever queued into shared commits; every answer still gets its own result.
        var results = await Task.WhenAll(operators.Select((op, i) => Task.Run(() => store.WriteAsync(api, 1, T0, new MarketScope(["ru"], op, null),
            [Point(op, "telegram", 0.40m + i, i), Point(op, "google", 0.50m, 100 + i)], CancellationToken.None))));

        Assert.All(results, r => Assert.Equal((2, 2), (r.Points, r.Changes)));
        await using var connection = await services.OpenAsync();
        var rows = (await connection.QueryAsync<(string Op, long Price, long Qty)>("""
            SELECT o.key, l.price, l.qty FROM price_latest l JOIN series s ON s.id = l.series_id
            JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id WHERE p.key = 'telegram'
            """)).ToDictionary(r => r.Op);
        Assert.Equal(30, rows.Count);
        Assert.All(operators.Select((op, i) => (op, i)), x => Assert.Equal((4_000L + (x.i * 10_000L), (long)x.i), (rows[x.op].Price, rows[x.op].Qty)));
        Assert.Equal(60, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM price_change"));
    }
}
