using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market;

/// <summary>The market writer's WAL is copied into the database file beside it (CheckpointsBeside), not in its commits.</summary>
public sealed class CheckpointTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_ManyNewSeries_CheckpointedIntoTheFileBesideTheWriter()
    {
        await using var services = await new TestServices().MigrateAsync();
        var api = await services.ProviderAsync();
        var store = services.Get<MarketStore>();
        // The last connection to close checkpoints the WAL itself, and SqliteConnection.ClearAllPools (which other tests
        // call, for the whole process) closes the pool's: one held open here, outside the pool, is never the last.
        await using var held = new SqliteConnection($"Data Source={services.DatabasePath};Pooling=False");
        await held.OpenAsync();
        var before = new FileInfo(services.DatabasePath).Length;
        // Some 2 MB of pages: far below SQLite's own limit of 8,192 pages (32 MB), at which a commit would checkpoint.
        var points = Enumerable.Range(0, 20_000).Select(i => new MarketPoint("ru", "any", $"product{i}", 1.5m, 5)).ToList();

        var result = await store.WriteAsync(api, 1, T0, new MarketScope(["ru"], "any", null), points, CancellationToken.None);
        // Disposing waits for the checkpoint under way.
        store.Dispose();

        Assert.Equal(20_000, result.Changes);
        var grown = new FileInfo(services.DatabasePath).Length - before;
        Assert.True(grown > 1_000_000, $"the database file grew by {grown:N0} bytes after writing 20,000 series: their pages are still only in the WAL");
    }
}
