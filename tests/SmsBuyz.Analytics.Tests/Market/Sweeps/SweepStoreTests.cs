using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

/// <summary>A sweep's row from start to finish, and what <c>status</c> reads of it, on both storage providers.</summary>
public sealed class SweepStoreTests
{
    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task StartProgressFinish_OneSweepPerKind_RecentShowsTheLatestOfEachWithItsCounts(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var sweeps = services.Get<SweepStore>();
        var start = services.Time.GetUtcNow();

        var first = await sweeps.StartAsync("prices", "guest/prices", provider: null, CancellationToken.None);
        await sweeps.FinishAsync(first, Counts(3, 10, 2, 0), CancellationToken.None);
        var second = await sweeps.StartAsync("prices", "guest/prices", provider: null, CancellationToken.None);
        await sweeps.RecordErrorAsync(second, "guest/prices", "Timeout", "no answer in 30 s", CancellationToken.None);
        await sweeps.SaveProgressAsync(second, Counts(0, 4, 1, 1), 2, CancellationToken.None);
        services.Time.Advance(TimeSpan.FromMinutes(1));
        var products = await sweeps.StartAsync("products", "guest/products/ru/any", provider: null, CancellationToken.None);

        var (latest, interrupted) = await sweeps.RecentAsync(start, CancellationToken.None);

        Assert.Empty(interrupted);
        Assert.Equal([("prices", second, 2L, 4L, 1L, 1L, "running"), ("products", products, 0L, 0L, 0L, 0L, "running")],
            latest.Select(s => (s.Kind, s.Id, s.Requests, s.Points, s.Changes, s.Errors, s.Outcome)));
        Assert.True(second > first);
    }

    private static SweepCounts Counts(int requests, int points, int changes, int errors)
    {
        var counts = new SweepCounts();
        counts.AddRequests(requests);
        counts.AddPoints(points);
        counts.AddChanges(changes);
        for (var i = 0; i < errors; i++)
            counts.AddError();
        return counts;
    }
}
